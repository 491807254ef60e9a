// What a runtime's own metadata says about one container. Records from several sources
// (state files, config files, engine APIs) are merged by id.
import type { Runtime } from '../../../shared/snapshot/schema.js';
import type { HostFs } from '../readers/hostFs.js';

export interface RuntimeRecord {
  /** The runtime that owns the container, when the source knows it (runc state may not). */
  runtime: Runtime | null;
  id: string;
  name?: string | null;
  image?: string | null;
  labels?: Record<string, string>;
  pod?: { uid?: string | null; name?: string | null; namespace?: string | null; sandboxId?: string | null };
  role?: 'container' | 'pod-sandbox';
  initPid?: number;
  /** cgroup paths relative to their hierarchy (as /proc/PID/cgroup prints them). */
  cgroupPaths?: string[];
  /** Where this came from, e.g. "/run/runc/abc/state.json" or "docker API unix:///var/run/docker.sock". */
  source: string;
  /**
   * Who wrote it: the owner of the state file or of the API socket. 0 is the host's runtime;
   * any other uid's records describe only that user's own containers (group.ts).
   */
  owner: number;
  /** The OCI bundle directory, from a runtime's own state (runc state.json, crun status) only. */
  bundle?: string;
}

/** Label keys the collector itself sets; taken from no record's labels (an image may carry any label). */
export const RESERVED_LABELS = ['oci.bundle'] as const;

export function asRecord(v: unknown): Record<string, unknown> | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

export function asString(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

/** String values of a JSON object; keys are the container's (labels), so the result has no prototype. */
export function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  const obj = asRecord(v);
  if (!obj) return out;
  for (const [k, val] of Object.entries(obj)) if (typeof val === 'string') out[k] = val;
  return out;
}

/** Refusals that mean someone planted the file (a link, a FIFO, a huge file, someone else's): always reported. */
export const HOSTILE = new Set(['ELOOP', 'not-regular', 'E2BIG', 'EPERM', 'EXDEV']);

/** A runtime location that exists but could not be read (EACCES when not root). */
export interface RuntimeIssue {
  path: string;
  reason: string;
}

/** Lists a runtime directory; a missing one is normal, any other failure is an issue. */
export function listRuntimeDir(fs: HostFs, path: string, issues: RuntimeIssue[]): string[] | null {
  const r = fs.listDir(path);
  if (r.ok) return r.value;
  if (r.reason !== 'ENOENT' && r.reason !== 'ENOTDIR') issues.push({ path, reason: r.reason });
  return null;
}
