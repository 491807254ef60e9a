// Docker's own files: <data-root>/containers/<id>/config.v2.json holds the name, image and
// labels of every container (readable by root only on a normal host).
import type { HostFs } from '../readers/hostFs.js';
import { asRecord, asString, HOSTILE, listRuntimeDir, stringMap, type RuntimeIssue, type RuntimeRecord } from './record.js';

export function parseDockerConfigV2(id: string, json: unknown, source: string, owner = 0): RuntimeRecord | null {
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
    owner,
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
      const file = fs.readJsonFile(path);
      if (!file.ok && HOSTILE.has(file.reason))
        issues.push({ path: `${path} (${file.detail ?? file.reason})`, reason: file.reason });
      const rec = file.ok ? parseDockerConfigV2(id, file.value.value, path, file.value.uid) : null;
      if (rec) out.push(rec);
    }
  }
  return out;
}
