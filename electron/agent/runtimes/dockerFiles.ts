// Docker's own files: <data-root>/containers/<id>/config.v2.json holds the name, image and
// labels of every container (readable by root only on a normal host).
import type { HostFs } from '../readers/hostFs.js';
import { asRecord, asString, listRuntimeDir, stringMap, type RuntimeIssue, type RuntimeRecord } from './record.js';

export function parseDockerConfigV2(id: string, json: unknown, source: string): RuntimeRecord | null {
  const obj = asRecord(json);
  if (!obj) return null;
  const config = asRecord(obj.Config);
  const state = asRecord(obj.State);
  const name = asString(obj.Name);
  const rec: RuntimeRecord = {
    runtime: 'docker',
    id: asString(obj.ID) ?? id,
    name: name ? name.replace(/^\//, '') : null,
    image: asString(config?.Image),
    labels: stringMap(config?.Labels),
    source,
  };
  const pid = state?.Pid;
  if (typeof pid === 'number' && pid > 0 && state?.Running === true) rec.initPid = pid;
  return rec;
}

export function readDockerDataRoots(fs: HostFs, roots: string[], issues: RuntimeIssue[] = []): RuntimeRecord[] {
  const out: RuntimeRecord[] = [];
  for (const root of roots) {
    const ids = listRuntimeDir(fs, `${root}/containers`, issues);
    if (!ids) continue;
    for (const id of ids) {
      if (!/^[0-9a-f]{64}$/.test(id)) continue;
      const path = `${root}/containers/${id}/config.v2.json`;
      const json = fs.readJson(path);
      const rec = json.ok ? parseDockerConfigV2(id, json.value, path) : null;
      if (rec) out.push(rec);
    }
  }
  return out;
}
