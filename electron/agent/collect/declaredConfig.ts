// The runtime's declared configuration of a container (Container.declared): its OCI bundle's
// config.json, named by root-owned runtime state only — the bundle of a runc/crun state file
// (label oci.bundle, which discovery takes from root's records alone) or the containerd / CRI-O
// config.json the container was identified from. The file must be root's, regular and not
// writable by others (read without following a final symlink, size-capped: HostFs). Read once
// per container lifetime: cached by host root, container id, init pid and init start time.
import { parseOciDeclared } from '../../../shared/findings/declaredConfig.js';
import type { DeclaredConfig } from '../../../shared/snapshot/declared.js';
import type { Unavailable } from '../../../shared/snapshot/schema.js';
import type { HostFs } from '../readers/hostFs.js';

/** A bundle config.json is a few KiB; Kubernetes annotations make it larger, never megabytes. */
const MAX_CONFIG_BYTES = 4 * 1024 * 1024;
/** How long a failed read is remembered before it is tried again (a bundle being written). */
const RETRY_MS = 30_000;
const MAX_ENTRIES = 4096;

export interface DeclaredTarget {
  id: string;
  labels: Record<string, string>;
  sources: string[];
  initPid: number;
  /** The init process's start time (clock ticks after boot): with the pid, its identity. */
  startTime: number;
}

/** value undefined: nothing to read (no bundle known); null: a bundle is known but could not be read (see unavailable). */
export interface DeclaredResult {
  value: DeclaredConfig | null | undefined;
  unavailable?: Unavailable;
}

/** The config.json a container's root-owned runtime state names, or undefined. */
export function bundleConfigPath(t: Pick<DeclaredTarget, 'labels' | 'sources'>): string | undefined {
  const bundle = Object.hasOwn(t.labels, 'oci.bundle') ? t.labels['oci.bundle'] : undefined;
  if (typeof bundle === 'string' && bundle.startsWith('/')) return `${bundle.replace(/\/+$/, '')}/config.json`;
  return t.sources.find((p) => p.startsWith('/') && p.endsWith('/config.json'));
}

const unavailable = (reason: string, detail: string): DeclaredResult => ({
  value: null,
  unavailable: { field: 'declared', reason, detail },
});

/** Reads and checks one bundle config (no cache). */
export function readDeclared(fs: HostFs, t: Pick<DeclaredTarget, 'labels' | 'sources'>): DeclaredResult {
  const path = bundleConfigPath(t);
  if (path === undefined) return { value: undefined };
  const st = fs.lstat(path);
  if (!st.ok) return unavailable(st.reason, path);
  if (!st.value.isFile()) return unavailable('not-regular', `${path} is not a regular file`);
  const file = fs.readJsonFile(path, { maxBytes: MAX_CONFIG_BYTES });
  if (!file.ok) return unavailable(file.reason, file.detail ? `${path}: ${file.detail}` : path);
  // Runtime state is root's: a config.json another user owns or may write says nothing trustworthy.
  if (file.value.uid !== 0) return unavailable('not-root-owned', `${path} is owned by uid ${file.value.uid}`);
  if ((st.value.mode & 0o022) !== 0)
    return unavailable('writable-by-others', `${path} has mode ${(st.value.mode & 0o7777).toString(8)}`);
  const parsed = parseOciDeclared(file.value.value, path);
  return parsed ? { value: parsed } : unavailable('unparsable', `${path} is not an OCI runtime configuration`);
}

interface Entry {
  result: DeclaredResult;
  /** Failed reads are retried after this time (ms); successes and "no bundle" are kept. */
  retryAt: number | null;
}

/** Per-container-lifetime cache (module-wide: the collector builds containers anew every tick). */
const cache = new Map<string, Entry>();

/** The declared config of a container, read at most once per container lifetime (failures: once per RETRY_MS). */
export function declaredOf(fs: HostFs, t: DeclaredTarget, now = Date.now()): DeclaredResult {
  const key = `${fs.root}\0${t.id}\0${t.initPid}\0${t.startTime}\0${bundleConfigPath(t) ?? ''}`;
  const hit = cache.get(key);
  if (hit && (hit.retryAt === null || now < hit.retryAt)) return hit.result;
  const result = readDeclared(fs, t);
  cache.delete(key);
  cache.set(key, { result, retryAt: result.value === null ? now + RETRY_MS : null });
  // Oldest first in a Map: containers that stopped long ago leave first.
  while (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  return result;
}

/** For tests: forget every cached read. */
export function clearDeclaredCache(): void {
  cache.clear();
}
