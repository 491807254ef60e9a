// Podman (and CRI-O) keep containers in containers/storage: <graphroot>/overlay-containers/
// containers.json lists each with its names and a metadata string holding the image name;
// the OCI bundle (userdata/config.json) carries Kubernetes annotations for CRI-O.
import type { HostFs } from '../readers/hostFs.js';
import { parseOciConfig, recordFromAnnotations } from './ociBundle.js';
import { asRecord, asString, listRuntimeDir, type RuntimeIssue, type RuntimeRecord } from './record.js';

export function parseStorageContainers(json: unknown, source: string): RuntimeRecord[] {
  if (!Array.isArray(json)) return [];
  const out: RuntimeRecord[] = [];
  for (const entry of json) {
    const obj = asRecord(entry);
    const id = asString(obj?.id);
    if (!obj || !id) continue;
    const names = Array.isArray(obj.names) ? obj.names.filter((n): n is string => typeof n === 'string') : [];
    let meta: Record<string, unknown> | null = null;
    try {
      meta = asRecord(JSON.parse(asString(obj.metadata) ?? 'null'));
    } catch {
      meta = null;
    }
    out.push({
      runtime: null, // podman and CRI-O share this format; the cgroup path decides
      id,
      name: asString(meta?.name) ?? names[0] ?? null,
      image: asString(meta?.['image-name']) ?? asString(obj.image),
      source,
    });
  }
  return out;
}

export function readContainersStorage(fs: HostFs, graphRoots: string[], runRoots: string[], issues: RuntimeIssue[] = []): RuntimeRecord[] {
  const out: RuntimeRecord[] = [];
  for (const root of graphRoots) {
    for (const driver of ['overlay', 'vfs', 'btrfs', 'zfs']) {
      const path = `${root}/${driver}-containers/containers.json`;
      const json = fs.readJson(path);
      if (json.ok) out.push(...parseStorageContainers(json.value, path));
      else if (json.reason !== 'ENOENT' && json.reason !== 'ENOTDIR') issues.push({ path, reason: json.reason });
    }
  }
  // CRI-O bundles (and podman's) under the run root carry Kubernetes annotations.
  for (const root of runRoots) {
    const dir = `${root}/overlay-containers`;
    const ids = listRuntimeDir(fs, dir, issues);
    if (!ids) continue;
    for (const id of ids) {
      const path = `${dir}/${id}/userdata/config.json`;
      const json = fs.readJson(path);
      const config = json.ok ? parseOciConfig(json.value) : null;
      const rec = config ? recordFromAnnotations(id, config.annotations, path, null) : null;
      if (rec) out.push(rec);
    }
  }
  return out;
}

/** Rootless Podman keeps each user's containers in their home and runtime dir. */
export function rootlessStorageRoots(fs: HostFs): { graphRoots: string[]; runRoots: string[] } {
  const graphRoots: string[] = ['/root/.local/share/containers/storage'];
  const homes = fs.listDir('/home');
  if (homes.ok) for (const user of homes.value) graphRoots.push(`/home/${user}/.local/share/containers/storage`);
  const runRoots: string[] = [];
  const users = fs.listDir('/run/user');
  if (users.ok) for (const uid of users.value) if (/^\d+$/.test(uid)) runRoots.push(`/run/user/${uid}/containers`);
  return { graphRoots, runRoots };
}
