// /proc/PID/mountinfo (proc(5)): "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue"
export interface MountEntry {
  id: number;
  parentId: number;
  /** Field 3, "major:minor" of the filesystem's device (st_dev), as the kernel prints it. */
  majorMinor: string;
  root: string;
  mountPoint: string;
  /** Per-mount options (field 6): rw/ro, nosuid, nodev, noexec, atime flags, `idmapped`. */
  options: string[];
  /** Optional fields (shared:N, master:N, propagate_from:N, unbindable), raw. */
  optional: string[];
  fsType: string;
  source: string;
  /** Superblock options (the last field). */
  superOptions: string[];
}

/** Mount propagation from the optional fields (proc(5), sharedsubtree.txt). */
export interface Propagation {
  /** Peer group this mount shares events with (shared:N), or null. */
  shared: number | null;
  /** Peer group it receives events from (master:N), or null. */
  master: number | null;
  /** propagate_from:N: the closest dominant peer group visible in this namespace. */
  propagateFrom: number | null;
  unbindable: boolean;
}

export function propagationOf(entry: Pick<MountEntry, 'optional'>): Propagation {
  const out: Propagation = { shared: null, master: null, propagateFrom: null, unbindable: false };
  for (const f of entry.optional) {
    const m = /^(shared|master|propagate_from):(\d{1,10})$/.exec(f);
    if (m) {
      const n = Number(m[2]);
      if (m[1] === 'shared') out.shared = n;
      else if (m[1] === 'master') out.master = n;
      else out.propagateFrom = n;
    } else if (f === 'unbindable') out.unbindable = true;
  }
  return out;
}

/** "shared:5 master:2", "private" or "unbindable": the propagation as findmnt(8) names it. */
export function propagationText(p: Propagation): string {
  const parts: string[] = [];
  if (p.shared !== null) parts.push(`shared:${p.shared}`);
  if (p.master !== null) parts.push(`master:${p.master}`);
  if (p.propagateFrom !== null) parts.push(`propagate_from:${p.propagateFrom}`);
  if (p.unbindable) parts.push('unbindable');
  return parts.length ? parts.join(' ') : 'private';
}

/** Mounted with an idmapping (mount_setattr MOUNT_ATTR_IDMAP): the kernel adds `idmapped` to the per-mount options. */
export const isIdmapped = (entry: Pick<MountEntry, 'options'>): boolean => entry.options.includes('idmapped');

/** Undo the octal escapes the kernel uses for space, tab, newline and backslash. */
export function unescapeMountPath(path: string): string {
  return path.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/** Most mounts parsed from one mountinfo (a namespace can hold far more; the rest is reported as cut). */
export const MAX_MOUNTS = 20000;

export function parseMountinfo(text: string, max = MAX_MOUNTS): MountEntry[] {
  return parseMountinfoCapped(text, max).entries;
}

/** The entries (at most `max`) and whether lines were left out because of the cap. */
export function parseMountinfoCapped(text: string, max = MAX_MOUNTS): { entries: MountEntry[]; truncated: boolean } {
  const out: MountEntry[] = [];
  let truncated = false;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    if (out.length >= max) {
      truncated = true;
      break;
    }
    const sep = line.indexOf(' - ');
    if (sep < 0) continue;
    const left = line.slice(0, sep).split(' ');
    const right = line.slice(sep + 3).split(' ');
    if (left.length < 6 || right.length < 2) continue;
    out.push({
      id: Number(left[0]),
      parentId: Number(left[1]),
      majorMinor: left[2]!,
      root: unescapeMountPath(left[3]!),
      mountPoint: unescapeMountPath(left[4]!),
      options: left[5]!.split(','),
      optional: left.slice(6).filter(Boolean),
      fsType: right[0]!,
      source: unescapeMountPath(right[1]!),
      superOptions: (right[2] ?? '').split(',').filter(Boolean),
    });
  }
  return { entries: out, truncated };
}

/** The mount that is "/" in this mount namespace (the last one mounted there wins). */
export function rootMount(entries: MountEntry[]): MountEntry | null {
  let found: MountEntry | null = null;
  for (const e of entries) if (e.mountPoint === '/') found = e;
  return found;
}

/** Read-only as the process sees it: the mount's own flags or the superblock's. */
export function isReadOnly(entry: MountEntry): boolean {
  return entry.options.includes('ro') || entry.superOptions.includes('ro');
}

export interface CgroupMount {
  mountPoint: string;
  /** v1: the controllers (and name=...) it carries; v2: []. */
  controllers: string[];
  version: 'v1' | 'v2';
  root: string;
}

const V1_CONTROLLERS = new Set([
  'blkio',
  'cpu',
  'cpuacct',
  'cpuset',
  'devices',
  'freezer',
  'hugetlb',
  'memory',
  'misc',
  'net_cls',
  'net_prio',
  'perf_event',
  'pids',
  'rdma',
  'debug',
]);

/** The cgroup hierarchies mounted in this mount namespace. */
export function cgroupMounts(entries: MountEntry[]): CgroupMount[] {
  const out: CgroupMount[] = [];
  for (const e of entries) {
    if (e.fsType === 'cgroup2') {
      out.push({ mountPoint: e.mountPoint, controllers: [], version: 'v2', root: e.root });
    } else if (e.fsType === 'cgroup') {
      const controllers = e.superOptions.filter((o) => o.startsWith('name=') || V1_CONTROLLERS.has(o));
      out.push({ mountPoint: e.mountPoint, controllers, version: 'v1', root: e.root });
    }
  }
  return out;
}
