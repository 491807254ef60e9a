// Host-side cleanup helpers: cgroup directories and mounts created by the lab.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cgroupHierarchies, readMounts, removeCgroupPath } from '../../electron/agent/lab/cgroups.js';
import { tryRun, waitUntil } from './proc.js';

// Mounts, hierarchies and removing a prefixed cgroup path are the shipped demo lab's (electron/agent/lab/cgroups.ts).
export { cgroupHierarchies, readMounts, removeCgroupPath } from '../../electron/agent/lab/cgroups.js';

/**
 * Creates relPath in every cgroup hierarchy (v1 cpuset gets its parent's cpus/mems so
 * tasks can join) and returns the cgroup.procs files a process must write itself to.
 */
export function createCgroupEverywhere(relPath: string, prefix: string): string[] {
  if (!relPath.includes(prefix)) throw new Error(`refusing to create cgroup ${relPath} (no ${prefix})`);
  const procsFiles: string[] = [];
  for (const root of cgroupHierarchies()) {
    const dir = join(root, relPath);
    mkdirSync(dir, { recursive: true });
    for (const f of ['cpuset.cpus', 'cpuset.mems']) {
      const parent = join(root, f);
      if (existsSync(parent) && readFileSync(join(dir, f), 'utf8').trim() === '') {
        writeFileSync(join(dir, f), readFileSync(parent, 'utf8'));
      }
    }
    procsFiles.push(join(dir, 'cgroup.procs'));
  }
  return procsFiles;
}

/** Unmounts everything mounted at or below dir, deepest first. */
export async function unmountUnder(dir: string): Promise<string[]> {
  const base = dir.replace(/\/+$/, '');
  const targets = readMounts()
    .map((m) => m.mountPoint)
    .filter((mp) => mp === base || mp.startsWith(base + '/'))
    .sort((a, b) => b.length - a.length);
  const failures: string[] = [];
  for (const mp of [...new Set(targets)]) {
    const ok = (await tryRun('umount', [mp])) ?? (await tryRun('umount', ['-l', mp]));
    if (!ok) failures.push(mp);
  }
  return failures;
}

/** Relative cgroup path of pid in the hierarchy that has `controller`. */
export function cgroupOf(pid: number, controller: string): string | null {
  try {
    for (const line of readFileSync(`/proc/${pid}/cgroup`, 'utf8').split('\n')) {
      const [, ctrls, path] = line.split(':');
      if (ctrls !== undefined && path !== undefined && ctrls.split(',').includes(controller)) return path;
    }
  } catch {
    /* gone */
  }
  return null;
}

function ancestorsOfSelf(): Set<number> {
  const out = new Set<number>();
  for (let pid = process.pid; pid > 1 && !out.has(pid);) {
    out.add(pid);
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      pid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    } catch {
      break;
    }
  }
  return out;
}

function procsInCgroup(relPath: string): number[] {
  const pids: number[] = [];
  for (const root of cgroupHierarchies()) {
    const walk = (dir: string): void => {
      try {
        pids.push(...readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean).map(Number));
        for (const e of readdirSync(dir, { withFileTypes: true })) if (e.isDirectory()) walk(join(dir, e.name));
      } catch {
        /* gone */
      }
    };
    walk(join(root, relPath));
  }
  return pids;
}

/**
 * Last-resort sweep after a teardown: SIGKILLs processes that still sit in one of the
 * lab's cgroups or whose command line contains one of `markers` (lab-private paths), e.g.
 * shims and conmon left behind when a daemon died first. Returns the pids killed.
 */
export async function sweepLabProcesses(markers: string[], cgroupPaths: string[], prefix: string): Promise<number[]> {
  const bad = markers.find((m) => !m.includes(prefix));
  if (bad !== undefined) throw new Error(`refusing to sweep by ${bad} (no ${prefix})`);
  const spare = ancestorsOfSelf();
  const victims = new Set<number>();
  for (const cg of cgroupPaths.filter((p) => p.includes(prefix))) for (const pid of procsInCgroup(cg)) victims.add(pid);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (markers.some((m) => cmdline.includes(m))) victims.add(Number(entry));
    } catch {
      /* gone */
    }
  }
  const killed: number[] = [];
  for (const pid of victims) {
    if (spare.has(pid)) continue;
    try {
      process.kill(pid, 'SIGKILL');
      killed.push(pid);
    } catch {
      /* already gone */
    }
  }
  await waitUntil(() => killed.every((pid) => !existsSync(`/proc/${pid}/cgroup`) || zombie(pid)), 5_000);
  return killed;
}

function zombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

/** Sweeps one runtime's leftovers, then removes its cgroup path; returns problems. */
export async function sweepAndRemoveCgroup(markers: string[], cgroupPath: string, prefix: string): Promise<string[]> {
  const killed = await sweepLabProcesses(markers, [cgroupPath], prefix);
  const problems =
    killed.length > 0 ? [`killed ${killed.length} leftover process(es) of ${cgroupPath}: ${killed.join(' ')}`] : [];
  return [...problems, ...(await removeCgroupPath(cgroupPath, prefix))];
}
