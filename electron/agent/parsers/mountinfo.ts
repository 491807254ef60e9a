// /proc/PID/mountinfo (proc(5)): "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue"
export interface MountEntry {
  id: number;
  parentId: number;
  root: string;
  mountPoint: string;
  options: string[];
  fsType: string;
  source: string;
  superOptions: string[];
}

/** Undo the octal escapes the kernel uses for space, tab, newline and backslash. */
export function unescapeMountPath(path: string): string {
  return path.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

export function parseMountinfo(text: string): MountEntry[] {
  const out: MountEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const sep = line.indexOf(' - ');
    if (sep < 0) continue;
    const left = line.slice(0, sep).split(' ');
    const right = line.slice(sep + 3).split(' ');
    if (left.length < 6 || right.length < 2) continue;
    out.push({
      id: Number(left[0]),
      parentId: Number(left[1]),
      root: unescapeMountPath(left[3]!),
      mountPoint: unescapeMountPath(left[4]!),
      options: left[5]!.split(','),
      fsType: right[0]!,
      source: unescapeMountPath(right[1]!),
      superOptions: (right[2] ?? '').split(',').filter(Boolean),
    });
  }
  return out;
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
  'blkio', 'cpu', 'cpuacct', 'cpuset', 'devices', 'freezer', 'hugetlb', 'memory', 'misc',
  'net_cls', 'net_prio', 'perf_event', 'pids', 'rdma', 'debug',
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
