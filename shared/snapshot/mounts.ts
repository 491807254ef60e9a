// The container's mounts as the kernel lists them (/proc/PID/mountinfo of its init), each with
// where it comes from on the host (resolved through the host reference process's mountinfo),
// and what in them gives a way out or in. Part of the snapshot schema (Container.mounts).
import { z } from 'zod';

export const MOUNT_FLAG_KINDS = [
  'runtime-socket',
  'host-socket',
  'host-directory',
  'proc-sys-writable',
  'sys-writable',
  'host-device',
  'shared-propagation',
  'hostpath',
] as const;
export const MountFlagKind = z.enum(MOUNT_FLAG_KINDS);

export const MountFlag = z.object({
  kind: MountFlagKind,
  severity: z.enum(['high', 'medium', 'low']),
  /** One sentence: why this mount matters. */
  reason: z.string(),
});

/** The node at the host path (lstat on the host, not following a final link). */
export const HostNodeType = z.enum([
  'socket',
  'directory',
  'file',
  'char-device',
  'block-device',
  'symlink',
  'fifo',
  'missing',
  'unknown',
]);

export const MountHostSource = z.object({
  /**
   * host: one host path found; ambiguous: several host mounts of the same filesystem reach it
   * (all listed, none picked); own: no host mount has this filesystem (proc, tmpfs, overlay of
   * its own: created for the container); unresolved: the host's mountinfo could not be read.
   */
  kind: z.enum(['host', 'ambiguous', 'own', 'unresolved']),
  /** The host path when kind is host, else null. */
  path: z.string().nullable(),
  /** Every host path found (one for host, several for ambiguous). */
  candidates: z.array(z.string()),
  /** How it was resolved, e.g. "host mount 26 (254:0, root /) at / + /srv/data". */
  how: z.string(),
  /** What the host path is (lstat on the host), when a single host path was found. */
  node: HostNodeType.nullable(),
  /** major:minor of a device node at the host path. */
  rdev: z.string().nullable().optional(),
});

export const MountRecord = z.object({
  id: z.number().int(),
  parentId: z.number().int(),
  majorMinor: z.string(),
  /** The path of the mount's root within its filesystem (field 4). */
  root: z.string(),
  /** Where it is mounted in the container (field 5). */
  target: z.string(),
  fsType: z.string(),
  source: z.string(),
  options: z.array(z.string()),
  superOptions: z.array(z.string()),
  /** Read-only as the container sees it: the mount's own flag or the superblock's. */
  readOnly: z.boolean(),
  mountReadOnly: z.boolean(),
  superReadOnly: z.boolean(),
  /** "private", "shared:5", "master:3", "shared:5 master:3", "unbindable". */
  propagation: z.string(),
  sharedGroup: z.number().int().nullable(),
  masterGroup: z.number().int().nullable(),
  /** The mount carries an idmapping (MOUNT_ATTR_IDMAP: `idmapped` among the mount options). */
  idmapped: z.boolean(),
  host: MountHostSource,
  flags: z.array(MountFlag),
});

/** A path the runtime's default masks or makes read-only, and what is in force for it. */
export const PathProtection = z.object({
  path: z.string(),
  /** What the runtime's default does to it. */
  expected: z.enum(['masked', 'readonly']),
  /**
   * masked: /dev/null bound over it, or a read-only tmpfs over a directory; readonly: a
   * read-only bind over itself; absent: the kernel has no such file (nothing to protect);
   * exposed: it exists and nothing covers it; unknown: existence could not be checked.
   */
  state: z.enum(['masked', 'readonly', 'absent', 'exposed', 'unknown']),
  /** The evidence: the mount that does it, or why it is exposed/unknown. */
  how: z.string(),
  /** Every runtime's default covers it (runc, Docker, containerd), not only newer releases'. */
  everywhere: z.boolean().optional(),
});

export const Mounts = z.object({
  /** The file the mounts were read from, e.g. /proc/1234/mountinfo. */
  source: z.string(),
  /** The host's mountinfo used to resolve host sources, and why that process stands for the host. */
  hostReference: z.string(),
  mounts: z.array(MountRecord),
  /** Lines beyond the cap were left out (a namespace with more mounts than the collector keeps). */
  truncated: z.boolean(),
  protections: z.object({
    /** The default the paths are compared with, and where that list comes from. */
    defaultName: z.string(),
    defaultSource: z.string(),
    paths: z.array(PathProtection),
  }),
});

export type MountFlagKind = z.infer<typeof MountFlagKind>;
export type MountFlag = z.infer<typeof MountFlag>;
export type HostNodeType = z.infer<typeof HostNodeType>;
export type MountHostSource = z.infer<typeof MountHostSource>;
export type MountRecord = z.infer<typeof MountRecord>;
export type PathProtection = z.infer<typeof PathProtection>;
export type Mounts = z.infer<typeof Mounts>;
