// The cgroup directories a lab's containers leave behind: found in every mounted hierarchy (v1 and
// v2) and removed, deepest first, only when their path carries the lab's prefix.
import { existsSync, readFileSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { waitUntil } from './run.js';

export interface MountEntry {
  mountPoint: string;
  fsType: string;
}

const unescapeMount = (s: string): string =>
  s.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));

export function readMounts(): MountEntry[] {
  const out: MountEntry[] = [];
  for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
    if (!line) continue;
    const fields = line.split(' ');
    const sep = fields.indexOf('-');
    const mp = fields[4];
    const fsType = fields[sep + 1];
    if (mp === undefined || fsType === undefined) continue;
    out.push({ mountPoint: unescapeMount(mp), fsType });
  }
  return out;
}

/** Mount points of every cgroup v1 and v2 hierarchy, e.g. /sys/fs/cgroup/memory. */
export function cgroupHierarchies(): string[] {
  return readMounts()
    .filter((m) => m.fsType === 'cgroup' || m.fsType === 'cgroup2')
    .map((m) => m.mountPoint);
}

function rmdirTree(dir: string): string[] {
  const failures: string[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return failures;
  }
  for (const e of entries) {
    const p = join(dir, e);
    try {
      if (statSync(p).isDirectory()) failures.push(...rmdirTree(p));
    } catch {
      /* vanished */
    }
  }
  try {
    rmdirSync(dir);
  } catch (e) {
    if (existsSync(dir)) failures.push(`${dir}: ${(e as Error).message}`);
  }
  return failures;
}

/** Where relPath exists, in each hierarchy. */
export function cgroupDirsOf(relPath: string): string[] {
  return cgroupHierarchies()
    .map((root) => join(root, relPath))
    .filter((d) => existsSync(d));
}

/**
 * Removes a cgroup directory (and its sub-cgroups) from every mounted hierarchy, retrying while
 * exiting tasks still hold it. Refuses paths that do not contain the prefix, so nothing else is touched.
 */
export async function removeCgroupPath(relPath: string, prefix: string, timeoutMs = 10_000): Promise<string[]> {
  if (!relPath.includes(prefix) || relPath.split('/').includes('..'))
    throw new Error(`refusing to remove cgroup ${relPath} (no ${prefix})`);
  let failures: string[] = [];
  await waitUntil(() => (failures = cgroupDirsOf(relPath).flatMap(rmdirTree)).length === 0, timeoutMs);
  return failures;
}
