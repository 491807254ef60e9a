// Podman (and CRI-O) keep containers in containers/storage: <graphroot>/overlay-containers/
// containers.json lists each with its names and a metadata string holding the image name;
// the OCI bundle (userdata/config.json) carries Kubernetes annotations for CRI-O.
import type { HostFs } from '../readers/hostFs.js';
import { parseOciConfig, recordFromAnnotations } from './ociBundle.js';
import { asRecord, asString, HOSTILE, listRuntimeDir, type RuntimeIssue, type RuntimeRecord } from './record.js';

export function parseStorageContainers(json: unknown, source: string, owner = 0): RuntimeRecord[] {
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
      owner,
    });
  }
  return out;
}

/** A storage location and, for one in a user's directory, that user and the directory they control. */
export interface StorageRoot {
  path: string;
  /** The user's home or runtime dir: nothing below it is followed if it is a symlink, files must be theirs. */
  within?: { dir: string; owner: number };
}

const asRoots = (paths: (string | StorageRoot)[]): StorageRoot[] => paths.map((p) => (typeof p === 'string' ? { path: p } : p));

export function readContainersStorage(
  fs: HostFs,
  graphRoots: (string | StorageRoot)[],
  runRoots: (string | StorageRoot)[],
  issues: RuntimeIssue[] = [],
): RuntimeRecord[] {
  const out: RuntimeRecord[] = [];
  const report = (path: string, r: { reason: string; detail?: string }, quiet: boolean) => {
    // A user's own storage that is merely missing or unreadable is theirs; a planted file is reported.
    if (r.reason === 'ENOENT' || r.reason === 'ENOTDIR') return;
    if (quiet && !HOSTILE.has(r.reason)) return;
    issues.push({ path: HOSTILE.has(r.reason) ? `${path} (${r.detail ?? r.reason})` : path, reason: r.reason });
  };
  for (const root of asRoots(graphRoots)) {
    for (const driver of ['overlay', 'vfs', 'btrfs', 'zfs']) {
      const path = `${root.path}/${driver}-containers/containers.json`;
      const file = fs.readJsonFile(path, root.within ? { within: root.within } : {});
      if (file.ok) out.push(...parseStorageContainers(file.value.value, path, root.within?.owner ?? file.value.uid));
      else report(path, file, root.within !== undefined);
    }
  }
  // CRI-O bundles (and podman's) under the run root carry Kubernetes annotations.
  for (const root of asRoots(runRoots)) {
    const dir = `${root.path}/overlay-containers`;
    const ids = root.within ? fs.listDir(dir) : { ok: true as const, value: listRuntimeDir(fs, dir, issues) ?? [] };
    if (!ids.ok) continue;
    for (const id of ids.value) {
      const path = `${dir}/${id}/userdata/config.json`;
      const file = fs.readJsonFile(path, root.within ? { within: root.within } : {});
      if (!file.ok) {
        report(path, file, true);
        continue;
      }
      const config = parseOciConfig(file.value.value);
      const rec = config ? recordFromAnnotations(id, config.annotations, path, null, root.within?.owner ?? file.value.uid) : null;
      if (rec) out.push(rec);
    }
  }
  return out;
}

/**
 * Rootless Podman keeps each user's containers in their home and runtime dir. Each root comes
 * with the user who controls it (the owner of the home or /run/user/UID, which must not itself
 * be a symlink): what is read there describes only that user's containers.
 */
export function rootlessStorageRoots(fs: HostFs): { graphRoots: StorageRoot[]; runRoots: StorageRoot[] } {
  const graphRoots: StorageRoot[] = [];
  const runRoots: StorageRoot[] = [];
  const ownerOf = (dir: string): number | null => {
    const st = fs.lstat(dir);
    return st.ok && st.value.isDirectory() ? st.value.uid : null;
  };
  const rootHome = ownerOf('/root');
  if (rootHome !== null)
    graphRoots.push({ path: '/root/.local/share/containers/storage', within: { dir: '/root', owner: rootHome } });
  const homes = fs.listDir('/home');
  if (homes.ok) {
    for (const user of homes.value) {
      const owner = ownerOf(`/home/${user}`);
      if (owner !== null)
        graphRoots.push({ path: `/home/${user}/.local/share/containers/storage`, within: { dir: `/home/${user}`, owner } });
    }
  }
  const users = fs.listDir('/run/user');
  if (users.ok) {
    for (const uid of users.value) {
      if (!/^\d+$/.test(uid)) continue;
      const owner = ownerOf(`/run/user/${uid}`);
      if (owner !== null) runRoots.push({ path: `/run/user/${uid}/containers`, within: { dir: `/run/user/${uid}`, owner } });
    }
  }
  return { graphRoots, runRoots };
}

/** Reads every user's rootless storage; only planted files (links, FIFOs, huge or foreign files) are reported. */
export function readRootlessStorage(
  fs: HostFs,
  roots: { graphRoots: StorageRoot[]; runRoots: StorageRoot[] },
  issues: RuntimeIssue[] = [],
): RuntimeRecord[] {
  return readContainersStorage(fs, roots.graphRoots, roots.runRoots, issues);
}
