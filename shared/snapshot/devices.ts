// What a container may do with devices, as the kernel enforces it: the cgroup v1 device
// whitelist (devices.list), the cgroup v2 BPF device program(s) attached to its cgroup (decoded
// when they have runc's shape), and the device nodes present in its /dev. Plus the host-wide
// kernel features beside them (Landlock ABI, BPF LSM programs). Pure zod; imported by schema.ts.
import { z } from 'zod';

/** Why a value is missing (the same shape as schema.ts's Unavailable; not imported: schema.ts imports this file). */
const Missing = z.object({ field: z.string(), reason: z.string(), detail: z.string().optional() });

/** One device rule: `c 1:3 rwm` allowed, or a deny rule of a v2 program. major/minor null = `*`. */
export const DeviceRule = z.object({
  allow: z.boolean(),
  /** a = all (char and block), c = char, b = block. */
  type: z.enum(['a', 'c', 'b']),
  major: z.number().int().nonnegative().nullable(),
  minor: z.number().int().nonnegative().nullable(),
  /** A subset of "rwm" in that order (read, write, mknod). */
  access: z.string(),
});
export type DeviceRule = z.infer<typeof DeviceRule>;

/** A BPF_PROG_TYPE_CGROUP_DEVICE program in force on the container's cgroup v2 directory. */
export const DeviceProgram = z.object({
  id: z.number().int().nonnegative(),
  /** The kernel's 8-byte tag, hex. */
  tag: z.string(),
  name: z.string(),
  /** Instructions of the translated program (what the kernel runs). */
  instructions: z.number().int().nonnegative(),
  /** Attached to this cgroup itself (false: inherited from an ancestor, still in force). */
  direct: z.boolean(),
  /** Decoded rules, first match wins; null when the program does not have runc's shape. */
  rules: z.array(DeviceRule).nullable(),
  /** What happens when no rule matches (runc's programs deny); null when not decoded. */
  defaultAllow: z.boolean().nullable(),
  /** Why the rules are not decoded (shape not recognised, xlated dump not readable). */
  note: z.string().nullable(),
});
export type DeviceProgram = z.infer<typeof DeviceProgram>;

export const DeviceNodeKind = z.enum(['char', 'block', 'symlink', 'fifo', 'socket']);

/** An entry of the container's /dev that is a device node (or a link/FIFO/socket beside them). */
export const DeviceNode = z.object({
  /** Path inside the container, e.g. /dev/null, /dev/pts/0. */
  path: z.string(),
  kind: DeviceNodeKind,
  /** For char and block nodes; null otherwise. */
  major: z.number().int().nonnegative().nullable(),
  minor: z.number().int().nonnegative().nullable(),
  /** Permission bits (mode & 07777), owner and group as the container's filesystem has them. */
  mode: z.number().int().nonnegative(),
  uid: z.number().int().nonnegative(),
  gid: z.number().int().nonnegative(),
  /** Symlinks only: the link's text, never followed. */
  target: z.string().nullable(),
});
export type DeviceNode = z.infer<typeof DeviceNode>;

export const Devices = z.object({
  /** cgroup v1 devices controller: the whitelist the kernel enforces. null: no v1 devices hierarchy or unreadable (see unavailable). */
  v1: z.object({ rules: z.array(DeviceRule), source: z.string() }).nullable(),
  /** cgroup v2: device programs in force on the container's unified cgroup. null: no v2 cgroup or unreadable. */
  v2: z.object({ cgroup: z.string(), source: z.string(), programs: z.array(DeviceProgram) }).nullable(),
  /** Device nodes in the container's /dev (lstat only, never followed or opened). */
  nodes: z
    .object({
      entries: z.array(DeviceNode),
      source: z.string(),
      /** Entries looked at (directories, files and nodes alike). */
      scanned: z.number().int().nonnegative(),
      /** The scan stopped at `limit` entries or depth: what is listed is not all there is. */
      truncated: z.boolean(),
      limit: z.number().int().positive(),
    })
    .nullable(),
  /** When the facts were read (ISO time): once per container lifetime, or on demand. */
  readAt: z.string(),
  unavailable: z.array(Missing),
});
export type Devices = z.infer<typeof Devices>;

/** Host-wide: Landlock support and ABI version (landlock_create_ruleset … LANDLOCK_CREATE_RULESET_VERSION). */
export const Landlock = z.object({
  /** The ABI version; null when not available (reason says why). */
  abi: z.number().int().positive().nullable(),
  /** ENOSYS: the kernel lacks Landlock; EOPNOTSUPP: built in but not enabled at boot (lsm=). */
  reason: z.string().nullable(),
  detail: z.string().nullable(),
  source: z.string(),
});
export type Landlock = z.infer<typeof Landlock>;

export const BpfLsmProgram = z.object({
  id: z.number().int().nonnegative(),
  name: z.string(),
  tag: z.string(),
  /** The LSM hook it is attached to (BTF name, e.g. "file_open"), when the kernel says. */
  attach: z.string().nullable(),
});
export type BpfLsmProgram = z.infer<typeof BpfLsmProgram>;

/** BPF_PROG_TYPE_LSM programs loaded on the host; null programs: could not be listed (reason). */
export const BpfLsm = z.object({
  programs: z.array(BpfLsmProgram).nullable(),
  reason: z.string().nullable(),
  detail: z.string().nullable(),
  source: z.string(),
});
export type BpfLsm = z.infer<typeof BpfLsm>;

export const KERNEL_PER_PROCESS_LANDLOCK =
  'The kernel does not expose whether a process is confined by Landlock, or by which rules: no /proc file or syscall reports it.';
