// What a process can change about itself without exec — credentials (setuid), capabilities
// (capset), NoNewPrivs and seccomp filters (prctl/seccomp), namespaces (unshare/setns), LSM
// context (writes to attr/current) — and its parent (reparenting). These are re-read on every
// tick for container members: /proc/PID/status, the ns links and the LSM attr file. What it
// cannot change (start time, exe, cmdline as of exec) stays cached until an exec or pid reuse.
import type { Unavailable } from '../../../shared/snapshot/schema.js';
import type { ProcessIsolation } from '../../../shared/snapshot/isolationChanges.js';
import { parseStatus } from '../parsers/status.js';
import type { HostFs } from '../readers/hostFs.js';
import {
  liveKey,
  liveKeys,
  namespacesFrom,
  readLsm,
  readNamespaces,
  readNsLinks,
  type LsmSource,
  type RawProcess,
} from '../readers/processReader.js';

export interface LiveFacts extends ProcessIsolation {
  ppid: number | null;
  /** `unavailable` entries for the fields above (status.*, namespaces.*, lsm). */
  unavailable: Unavailable[];
}

const VANISHED = new Set(['ENOENT', 'ESRCH']);
/** Unavailable fields that belong to live facts (replaced on every re-read). */
const isLiveField = (field: string) => field.startsWith('status.') || field.startsWith('namespaces.') || field === 'lsm';
const STATUS_KEYS = ['Seccomp', 'Seccomp_filters', 'NoNewPrivs', 'NSpid', 'CapAmb'];

/** Re-reads the live facts of a known process; null when it is gone. */
export function readLiveFacts(fs: HostFs, pid: number, lsmSource: LsmSource, zombie: boolean): LiveFacts | null {
  const text = fs.readText(`/proc/${pid}/status`);
  if (!text.ok) {
    if (VANISHED.has(text.reason)) return null;
    throw new Error(`/proc/${pid}/status: ${text.reason}`);
  }
  const status = parseStatus(text.value);
  const unavailable: Unavailable[] = [];
  for (const key of status.missing)
    if (STATUS_KEYS.includes(key)) unavailable.push({ field: `status.${key}`, reason: 'kernel-lacks' });
  const namespaces = readNamespaces(fs, pid, unavailable, zombie);
  const lsm = readLsm(fs, pid, lsmSource, unavailable);
  // Exited while being read: ENOENT/ESRCH on the links means it is gone, not unreadable.
  if (!zombie && unavailable.some((u) => VANISHED.has(u.reason)) && !fs.readText(`/proc/${pid}/stat`).ok) return null;
  return {
    ppid: status.ppid ?? null,
    uid: status.uid ?? null,
    gid: status.gid ?? null,
    capabilities: status.capabilities,
    seccomp: status.seccomp,
    namespaces,
    lsm,
    unavailable,
  };
}

const json = (v: unknown) => JSON.stringify(v);

/** True when the live facts read now are what the cached process already says. */
export function sameLive(p: RawProcess, f: LiveFacts): boolean {
  return (
    (f.ppid === null || f.ppid === p.ppid) &&
    json(p.uid) === json(f.uid) &&
    json(p.gid) === json(f.gid) &&
    json(p.capabilities) === json(f.capabilities) &&
    json(p.seccomp) === json(f.seccomp) &&
    json(p.namespaces) === json(f.namespaces) &&
    json(p.lsm) === json(f.lsm) &&
    json(p.unavailable.filter((u) => isLiveField(u.field))) === json(f.unavailable)
  );
}

/** A new RawProcess with the live facts replaced (a new object, so that consumers see a change). */
export function withLive(p: RawProcess, f: LiveFacts): RawProcess {
  return {
    ...p,
    ppid: f.ppid ?? p.ppid,
    uid: f.uid,
    gid: f.gid,
    capabilities: f.capabilities,
    seccomp: f.seccomp,
    namespaces: f.namespaces,
    lsm: f.lsm,
    // In the order a full read lists them: status.*, cgroup, namespaces.*, lsm, then cmdline.
    unavailable: [
      ...f.unavailable.filter((u) => u.field.startsWith('status.')),
      ...p.unavailable.filter((u) => u.field === 'cgroup'),
      ...f.unavailable.filter((u) => !u.field.startsWith('status.')),
      ...p.unavailable.filter((u) => !isLiveField(u.field) && u.field !== 'cgroup'),
    ],
  };
}

export { statusKey } from '../readers/processReader.js';

/**
 * Re-reads a cached process's live facts: the same object when the status lines, ns links and
 * LSM context read now are what they were, a new object when anything changed, null when it is
 * gone. The steady path reads the files and compares text; it parses only on change, from the
 * texts already read (each file and link is read once per check).
 */
export function refreshLive(fs: HostFs, p: RawProcess, lsmSource: LsmSource, zombie: boolean): RawProcess | null {
  const text = fs.readText(`/proc/${p.pid}/status`);
  if (!text.ok) {
    if (VANISHED.has(text.reason)) return null;
    throw new Error(`/proc/${p.pid}/status: ${text.reason}`);
  }
  const links = readNsLinks(fs, p.pid);
  const lsmUnavailable: Unavailable[] = [];
  const lsm = readLsm(fs, p.pid, lsmSource, lsmUnavailable);
  const key = liveKey(text.value, links, lsm, lsmUnavailable, zombie);
  if (liveKeys.get(p) === key) return p;

  // Something changed (or this process was never checked): parse and compare the facts.
  const status = parseStatus(text.value);
  const unavailable: Unavailable[] = [];
  for (const k of status.missing) if (STATUS_KEYS.includes(k)) unavailable.push({ field: `status.${k}`, reason: 'kernel-lacks' });
  const namespaces = namespacesFrom(links, unavailable, zombie);
  unavailable.push(...lsmUnavailable);
  if (!zombie && unavailable.some((u) => VANISHED.has(u.reason)) && !fs.readText(`/proc/${p.pid}/stat`).ok) return null;
  const f: LiveFacts = {
    ppid: status.ppid ?? null,
    uid: status.uid ?? null,
    gid: status.gid ?? null,
    capabilities: status.capabilities,
    seccomp: status.seccomp,
    namespaces,
    lsm,
    unavailable,
  };
  const current = sameLive(p, f) ? p : withLive(p, f);
  liveKeys.set(current, key);
  return current;
}
