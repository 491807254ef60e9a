// /proc/PID/cgroup: "hierarchy-id:controller-list:path" per line. v1 lines name their
// controllers ("4:memory:/docker/abc", "1:name=systemd:/..."); the v2 line is "0::/path".
export interface CgroupMembership {
  /** Controller name (memory, cpu, cpuacct, name=systemd, ...) → path, for v1 hierarchies. */
  v1: Map<string, string>;
  /** Path in the unified (v2) hierarchy, when the process has a "0::" line. */
  unified: string | null;
}

export function parseCgroupMembership(text: string): CgroupMembership | null {
  const v1 = new Map<string, string>();
  let unified: string | null = null;
  let lines = 0;
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    if (!line) continue;
    const first = line.indexOf(':');
    const second = line.indexOf(':', first + 1);
    if (first < 0 || second < 0) return null;
    const id = line.slice(0, first);
    const controllers = line.slice(first + 1, second);
    const path = line.slice(second + 1);
    if (!/^\d+$/.test(id) || !path.startsWith('/')) return null;
    lines++;
    if (id === '0' && controllers === '') unified = path;
    else for (const c of controllers.split(',')) if (c) v1.set(c, path);
  }
  return lines > 0 ? { v1, unified } : null;
}

/**
 * The paths worth classifying, most specific first: the unified path, then the v1 paths of
 * the controllers every runtime puts a container into (pids, memory, name=systemd, cpu).
 */
export function candidatePaths(m: CgroupMembership): string[] {
  const out: string[] = [];
  const push = (p: string | undefined | null) => {
    if (p && p !== '/' && !out.includes(p)) out.push(p);
  };
  for (const c of ['pids', 'memory', 'name=systemd', 'cpu', 'devices', 'freezer', 'blkio']) {
    push(m.v1.get(c));
  }
  push(m.unified);
  for (const p of m.v1.values()) push(p);
  return out;
}
