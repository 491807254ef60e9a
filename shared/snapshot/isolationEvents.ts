// Isolation changes as events: a container's process gained or lost capabilities, set
// NoNewPrivs, added a seccomp filter, changed uid/gid, entered or left a namespace, changed its
// LSM context — all possible without exec — or a process appeared in the container with weaker
// isolation than the container's init (a `docker exec --privileged`, an nsenter from the host).
// The agent computes them by comparing what it read on consecutive ticks; the app shows them as
// a per-container timeline. Pure.
import { z } from 'zod';
import { IdSet, NamespaceType, SeccompMode } from './schema.js';
import { keyedRecord } from '../ipc/keyed.js';

export const CAP_SET_NAMES = ['effective', 'permitted', 'bounding', 'inheritable', 'ambient'] as const;
export const CapSetName = z.enum(CAP_SET_NAMES);
export type CapSetName = z.infer<typeof CapSetName>;

/** One capability set before and after: the raw masks and the names that came and went. */
export const CapSetChange = z.object({
  set: CapSetName,
  fromHex: z.string().nullable(),
  toHex: z.string().nullable(),
  gained: z.array(z.string()),
  lost: z.array(z.string()),
});
export type CapSetChange = z.infer<typeof CapSetChange>;

export const SeccompState = z.object({
  mode: SeccompMode.nullable(),
  filters: z.number().int().nonnegative().nullable(),
});
export type SeccompState = z.infer<typeof SeccompState>;

/** A fact in which a newly seen process is less isolated than the container's init. */
export const WeakerFact = z.object({
  /** e.g. `capabilities.effective`, `seccomp`, `noNewPrivs`, `uid`, `namespaces.net`, `lsm`. */
  field: z.string(),
  /** The init's value and the process's, as text. */
  init: z.string(),
  process: z.string(),
});
export type WeakerFact = z.infer<typeof WeakerFact>;

export const IsolationChange = z.discriminatedUnion('kind', [
  /** One capset(2) (or setuid, or exec) can change several sets at once: one event. */
  z.object({ kind: z.literal('capabilities'), sets: z.array(CapSetChange).min(1) }),
  z.object({ kind: z.literal('noNewPrivs'), from: z.boolean(), to: z.boolean() }),
  z.object({ kind: z.literal('seccomp'), from: SeccompState, to: SeccompState }),
  z.object({ kind: z.literal('uid'), from: IdSet, to: IdSet }),
  z.object({ kind: z.literal('gid'), from: IdSet, to: IdSet }),
  /** Inodes of /proc/PID/ns/TYPE; fromHost/toHost: whether each is the host's namespace. */
  z.object({
    kind: z.literal('namespace'),
    type: NamespaceType,
    from: z.number().int(),
    to: z.number().int(),
    fromHost: z.boolean().nullable(),
    toHost: z.boolean().nullable(),
  }),
  /** The LSM context text (attr/current) before and after. */
  z.object({ kind: z.literal('lsm'), from: z.string(), to: z.string() }),
  /** A process that appeared in an already-running container, less isolated than its init. */
  z.object({ kind: z.literal('weakerEntry'), initPid: z.number().int().positive(), weaker: z.array(WeakerFact).min(1) }),
]);
export type IsolationChange = z.infer<typeof IsolationChange>;
export type IsolationChangeKind = IsolationChange['kind'];

export const IsolationEvent = z.object({
  containerId: z.string(),
  pid: z.number().int().positive(),
  /** With pid, identifies the process (field 22 of stat). */
  startTime: z.number().int().nonnegative(),
  comm: z.string(),
  /** When the agent read the new value (ms since the epoch). */
  t: z.number(),
  /** When the old value was last read (ms since the epoch): the change happened between `since` and `t`. Null for a new process. */
  since: z.number().nullable(),
  /** true: isolation became weaker; false: stronger; null: neither (e.g. from one private namespace into another). */
  weakens: z.boolean().nullable(),
  change: IsolationChange,
});
export type IsolationEvent = z.infer<typeof IsolationEvent>;

/** Per container id, its events oldest first (what the service keeps and snapshots carry). */
export const IsolationTimeline = keyedRecord(z.array(IsolationEvent));
export type IsolationTimeline = z.infer<typeof IsolationTimeline>;
