// The snapshot schema: the one description of what the collector reports. Every type used by
// the agent, the main process and the renderer is derived from these schemas, and every
// snapshot crossing a boundary (NDJSON, IPC, a file) is validated against them.
//
// Conventions that other tools rely on:
// - A value that could not be read is `null` AND has an entry in the nearest `unavailable`
//   list naming the field and the reason (EACCES, ENOENT, kernel-lacks, ...).
// - For cgroup limits, `null` without an `unavailable` entry means "unlimited".
import { z } from 'zod';
import { keyedRecord } from '../ipc/keyed.js';
import { RUNTIME_IDS } from '../runtimes/registry.js';
import { DeclaredConfig } from './declared.js';
import { Mounts } from './mounts.js';
import { cgroupLimitsExtra, cgroupUsageExtra, LsmModuleContext, TimeNamespace } from './kernelFeatures.js';
import { BpfLsm, Devices, Landlock } from './devices.js';
import { Sandbox } from './sandbox.js';

export const SCHEMA_VERSION = 1 as const;

export const NAMESPACE_TYPES = [
  'cgroup',
  'ipc',
  'mnt',
  'net',
  'pid',
  'pid_for_children',
  'time',
  'time_for_children',
  'user',
  'uts',
] as const;
export const NamespaceType = z.enum(NAMESPACE_TYPES);

/** Every runtime id, from the runtime registry (shared/runtimes/registry.ts). */
export const RUNTIMES = RUNTIME_IDS;
export const Runtime = z.enum(RUNTIMES);

/** Why a value is missing. Known codes are listed; errno names pass through as they come. */
export const Unavailable = z.object({
  field: z.string(),
  reason: z.string(), // EACCES | EPERM | ENOENT | ESRCH | not-present | kernel-lacks | unparsable | ...
  detail: z.string().optional(),
});

export const IdMapEntry = z.object({
  inside: z.number().int().nonnegative(),
  outside: z.number().int().nonnegative(),
  count: z.number().int().nonnegative(),
});

export const CapabilitySet = z.object({
  /** CAP_* names of the bits the kernel reports set. */
  names: z.array(z.string()),
  /** Bits set that this collector has no name for (newer kernels). */
  unknownBits: z.array(z.number().int().nonnegative()),
  /** The raw hex as /proc/PID/status prints it. */
  hex: z.string(),
});

export const Capabilities = z.object({
  effective: CapabilitySet.nullable(),
  permitted: CapabilitySet.nullable(),
  bounding: CapabilitySet.nullable(),
  inheritable: CapabilitySet.nullable(),
  ambient: CapabilitySet.nullable(),
});

export const SeccompMode = z.enum(['disabled', 'strict', 'filter']);
export const Seccomp = z.object({
  mode: SeccompMode.nullable(),
  filters: z.number().int().nonnegative().nullable(),
  noNewPrivs: z.boolean().nullable(),
});

export const AppArmorContext = z.object({
  profile: z.string(),
  /** enforce | complain | kill | unconfined | ... as the kernel prints it; null for `unconfined`. */
  mode: z.string().nullable(),
});
export const SelinuxContext = z.object({
  user: z.string(),
  role: z.string(),
  type: z.string(),
  /** Full level/range text, e.g. `s0:c123,c456` or `s0-s0:c0.c1023`. */
  level: z.string().nullable(),
  sensitivity: z.string().nullable(),
  /** MCS categories expanded to numbers (c0.c3 → 0,1,2,3). */
  categories: z.array(z.number().int().nonnegative()),
});
export const LsmContext = z.object({
  apparmor: AppArmorContext.nullable().optional(),
  selinux: SelinuxContext.nullable().optional(),
  /** The context text exactly as read (trailing NUL/newline removed). */
  raw: z.string().nullable(),
  /** Per-module contexts (/proc/PID/attr/<lsm>/current) for the host's active LSMs: kernelFeatures.ts. */
  modules: z.array(LsmModuleContext).optional(),
});

export const NamespaceIds = z.record(NamespaceType, z.number().int().nullable());

export const IdSet = z.object({
  real: z.number().int(),
  effective: z.number().int(),
  saved: z.number().int(),
  filesystem: z.number().int(),
});

export const Process = z.object({
  pid: z.number().int().positive(),
  ppid: z.number().int().nonnegative(),
  comm: z.string(),
  cmdline: z.array(z.string()),
  state: z.string(),
  /** Start time in clock ticks after boot (field 22 of stat): with pid it identifies a process. */
  startTime: z.number().int().nonnegative(),
  /** When it started (ms since the epoch), from startTime, boot time and the tick rate; null when those are unknown. */
  startedAt: z.number().nullable(),
  uid: IdSet.nullable(),
  gid: IdSet.nullable(),
  /** Host pid first, then the pid in each nested pid namespace; last = pid inside the container. */
  nspid: z.array(z.number().int()),
  /** Present only when they differ from the container's init process. */
  namespaces: NamespaceIds.optional(),
  capabilities: Capabilities.optional(),
  seccomp: Seccomp.optional(),
  lsm: LsmContext.optional(),
  /** Present only when it differs from the container's init process (kernelFeatures.ts). */
  timeNamespace: TimeNamespace.nullable().optional(),
});

export const NamespaceInfo = z.object({
  inode: z.number().int().nullable(),
  sharedWithHost: z.boolean().nullable(),
  /**
   * Ids of the other containers in this namespace when it is not the host's; for the host's
   * namespaces (sharedWithHost true) it is empty, and the peers are every container with the same
   * inode (counted by whoever needs them, among the containers it has). Snapshots taken before
   * listed those too, which grew with N² (a host's shared user and time namespaces); they still load.
   */
  sharedWith: z.array(z.string()),
});

export const Pod = z.object({
  uid: z.string().nullable(),
  name: z.string().nullable(),
  namespace: z.string().nullable(),
  /** Id of the sandbox (pause/infra) container, when known. */
  sandboxId: z.string().nullable(),
});

const bytes = z.number().nonnegative().nullable();

export const IoLimit = z.object({
  device: z.string(), // major:minor
  readBps: bytes,
  writeBps: bytes,
  readIops: bytes,
  writeIops: bytes,
});

export const CgroupLimits = z.object({
  memoryMax: bytes,
  memoryHigh: bytes,
  /** Swap alone: v2 memory.swap.max; on v1, memory.memsw.limit_in_bytes minus the memory limit. */
  memorySwapMax: bytes,
  memoryReservation: bytes,
  /** CPU bandwidth: quota and period in microseconds; quota null = unlimited. */
  cpuQuota: z.number().nullable(),
  cpuPeriod: z.number().nullable(),
  /** v1 cpu.shares (default 1024). */
  cpuShares: z.number().nullable(),
  /** v2 cpu.weight (default 100). */
  cpuWeight: z.number().nullable(),
  cpusetCpus: z.string().nullable(),
  cpusetMems: z.string().nullable(),
  pidsMax: z.number().nullable(),
  io: z.array(IoLimit),
  ...cgroupLimitsExtra,
});

export const PsiLine = z.object({
  avg10: z.number(),
  avg60: z.number(),
  avg300: z.number(),
  total: z.number(),
});
export const Psi = z.object({ some: PsiLine.nullable(), full: PsiLine.nullable() });

export const CgroupUsage = z.object({
  memoryCurrent: bytes,
  memoryPeak: bytes,
  memoryStat: z.record(z.string(), z.number()).nullable(),
  /** Total CPU time in nanoseconds. */
  cpuUsageNs: z.number().nullable(),
  cpuUserNs: z.number().nullable(),
  cpuSystemNs: z.number().nullable(),
  nrPeriods: z.number().nullable(),
  nrThrottled: z.number().nullable(),
  throttledNs: z.number().nullable(),
  pidsCurrent: z.number().nullable(),
  ioReadBytes: bytes,
  ioWriteBytes: bytes,
  oomEvents: z.number().nullable(),
  oomKillEvents: z.number().nullable(),
  psi: z.object({ cpu: Psi.nullable(), memory: Psi.nullable(), io: Psi.nullable() }).nullable(),
  ...cgroupUsageExtra,
});

export const CgroupVersion = z.enum(['v1', 'v2', 'hybrid']);
export const Cgroup = z.object({
  version: CgroupVersion.nullable(),
  /**
   * false when processes outside the container share its cgroup (a sandbox left in its
   * parent's cgroup): limits still bind it, but usage then counts the others too.
   */
  exclusive: z.boolean().nullable(),
  /** Controller (or "unified" for the v2 hierarchy) → path inside the hierarchy. */
  paths: z.record(z.string(), z.string()),
  limits: CgroupLimits,
  usage: CgroupUsage,
  /** Field (e.g. `limits.memoryMax`) → the file the number was read from. */
  sources: z.record(z.string(), z.string()),
});

export const Container = z.object({
  /** The runtime's own id (64-hex for docker/podman/containerd/cri-o), the name for lxc/nspawn. */
  id: z.string(),
  name: z.string().nullable(),
  runtime: Runtime,
  image: z.string().nullable(),
  /** Keyed without a prototype: a label named __proto__ or constructor is kept like any other. */
  labels: keyedRecord(z.string()),
  pod: Pod.nullable(),
  /** `sandbox` for pause/infra containers of a pod, else `container`. */
  role: z.enum(['container', 'pod-sandbox']),
  initPid: z.number().int().positive(),
  /** Where identity came from: cgroup path, runtime state files, engine API. */
  sources: z.array(z.string()),
  processes: z.array(Process),
  namespaces: z.record(NamespaceType, NamespaceInfo),
  userNamespace: z.object({
    uidMap: z.array(IdMapEntry).nullable(),
    gidMap: z.array(IdMapEntry).nullable(),
  }),
  capabilities: Capabilities,
  seccomp: Seccomp,
  lsm: LsmContext,
  cgroup: Cgroup,
  rootfsReadOnly: z.boolean().nullable(),
  /** The init process's time-namespace offsets (/proc/PID/timens_offsets): kernelFeatures.ts. */
  timeNamespace: TimeNamespace.nullable().optional(),
  unavailable: z.array(Unavailable),
  /**
   * More than one group claims this runtime id (e.g. a user's delegated cgroup or launcher
   * naming root's container). All are listed; the one the host's runtime vouches for keeps
   * `id`, the others are "<claimedId>~<initPid>".
   */
  idConflict: z.object({ claimedId: z.string(), initPids: z.array(z.number().int()), detail: z.string() }).optional(),
  /**
   * What the runtime declared (its OCI bundle's config.json, root-owned runtime state only):
   * null when it could not be read (an `unavailable` entry "declared" says why), absent when not
   * collected (older snapshots, runtimes without a bundle).
   */
  declared: DeclaredConfig.nullable().optional(),
  /** Every mount of its init's mount namespace with host source and flags (shared/snapshot/mounts.ts); null when unreadable (`unavailable` "mounts"), absent in snapshots taken before it was collected. */
  mounts: Mounts.nullable().optional(),
  /** Device whitelist (cgroup v1), device programs (cgroup v2) and /dev nodes: devices.ts. */
  devices: Devices.optional(),
  /** gVisor / Kata boundary seen from the host (sandbox.ts): null = ordinary kernel namespaces; absent = not collected. */
  sandbox: Sandbox.nullable().optional(),
});

export const Host = z.object({
  hostname: z.string().nullable(),
  kernel: z.string().nullable(),
  cgroupVersion: CgroupVersion.nullable(),
  /** Active LSMs from /sys/kernel/security/lsm; null when securityfs is not mounted. */
  lsms: z.array(z.string()).nullable(),
  /** Boot time (ms since the epoch, from btime in /proc/stat). */
  bootTime: z.number().nullable(),
  /** Clock ticks per second that stat start times count in (AT_CLKTCK). */
  clockTicks: z.number().int().positive().nullable(),
  namespaces: NamespaceIds,
  /** Which process stands for "the host": pid 1 when readable, else the collector itself. */
  namespaceReference: z.object({ pid: z.number().int(), why: z.string() }),
  /**
   * The capability bounding set of the host reference process (CapBnd of its /proc/PID/status):
   * what "every capability" means on this kernel. null when it could not be read (with an
   * `unavailable` entry); absent in snapshots taken before it was collected.
   */
  capabilityBounding: z.object({ set: CapabilitySet, source: z.string() }).nullable().optional(),
  /** Landlock support and ABI version; BPF LSM programs loaded (devices.ts). Absent: not collected. */
  landlock: Landlock.optional(),
  bpfLsm: BpfLsm.optional(),
  /** The collector's own credentials: what a non-root run cannot see. */
  collector: z.object({
    euid: z.number().int(),
    privileged: z.boolean(),
    version: z.string(),
    root: z.string(),
  }),
  unavailable: z.array(Unavailable),
});

export const Snapshot = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  takenAt: z.string(),
  host: Host,
  containers: z.array(Container),
  /** Where it was taken: 'local', or ssh://[user@]host[:port] for a remote host (absent in snapshots taken before hosts). */
  source: z.object({ host: z.string().max(600) }).optional(),
});

export type NamespaceType = z.infer<typeof NamespaceType>;
export type Runtime = z.infer<typeof Runtime>;
export type Unavailable = z.infer<typeof Unavailable>;
export type IdMapEntry = z.infer<typeof IdMapEntry>;
export type CapabilitySet = z.infer<typeof CapabilitySet>;
export type Capabilities = z.infer<typeof Capabilities>;
export type SeccompMode = z.infer<typeof SeccompMode>;
export type Seccomp = z.infer<typeof Seccomp>;
export type AppArmorContext = z.infer<typeof AppArmorContext>;
export type SelinuxContext = z.infer<typeof SelinuxContext>;
export type LsmContext = z.infer<typeof LsmContext>;
export type NamespaceIds = z.infer<typeof NamespaceIds>;
export type IdSet = z.infer<typeof IdSet>;
export type Process = z.infer<typeof Process>;
export type NamespaceInfo = z.infer<typeof NamespaceInfo>;
export type Pod = z.infer<typeof Pod>;
export type IoLimit = z.infer<typeof IoLimit>;
export type CgroupLimits = z.infer<typeof CgroupLimits>;
export type PsiLine = z.infer<typeof PsiLine>;
export type Psi = z.infer<typeof Psi>;
export type CgroupUsage = z.infer<typeof CgroupUsage>;
export type CgroupVersion = z.infer<typeof CgroupVersion>;
export type Cgroup = z.infer<typeof Cgroup>;
export type Container = z.infer<typeof Container>;
export type Host = z.infer<typeof Host>;
export type Snapshot = z.infer<typeof Snapshot>;
