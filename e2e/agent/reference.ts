// Independent references for the lab tests: the tools an engineer would use by hand (lsns,
// capsh, the runtimes' own inspect/state commands, cat on cgroup files). Nothing here uses the
// collector's parsers.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export function sh(cmd: string, args: string[], env?: NodeJS.ProcessEnv): string {
  return execFileSync(cmd, args, {
    encoding: 'utf8',
    env: env ? { ...process.env, ...env } : process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** `lsns -J -p PID`: namespace type → inode for that process. */
export function lsnsOf(pid: number): Record<string, number> {
  const json = JSON.parse(sh('lsns', ['-J', '-p', String(pid), '-o', 'NS,TYPE'])) as {
    namespaces: { ns: number | string; type: string }[];
  };
  const out: Record<string, number> = {};
  for (const n of json.namespaces) out[n.type] = Number(n.ns);
  return out;
}

/** lsns type names → /proc/PID/ns names. */
export const LSNS_TO_PROC: Record<string, string> = {
  mnt: 'mnt',
  net: 'net',
  pid: 'pid',
  ipc: 'ipc',
  uts: 'uts',
  user: 'user',
  cgroup: 'cgroup',
  time: 'time',
};

export function statusField(pid: number, field: string): string {
  const m = new RegExp(`^${field}:\\s*(.*)$`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no ${field} in /proc/${pid}/status`);
  return m[1]!.trim();
}

/** `capsh --decode=HEX` → upper-case CAP_ names. */
export function capshDecode(hex: string): string[] {
  const out = sh('capsh', [`--decode=${hex}`]).trim();
  const list = out.slice(out.indexOf('=') + 1);
  return list ? list.split(',').map((s) => s.toUpperCase()) : [];
}

export function catFile(path: string): string {
  return readFileSync(path, 'utf8').trim();
}

/** pids listed in a v1 hierarchy's cgroup.procs for a cgroup path. */
export function cgroupProcs(controller: string, path: string): number[] {
  return catFile(`/sys/fs/cgroup/${controller}${path}/cgroup.procs`)
    .split('\n')
    .filter(Boolean)
    .map(Number)
    .sort((a, b) => a - b);
}

/** The /proc/PID/cgroup path of one v1 controller. */
export function cgroupPathOf(pid: number, controller: string): string {
  for (const line of readFileSync(`/proc/${pid}/cgroup`, 'utf8').split('\n')) {
    const [, ctrls, path] = line.split(':');
    if (ctrls?.split(',').includes(controller)) return path!;
  }
  throw new Error(`pid ${pid} has no ${controller} cgroup`);
}

/** Host pids of every process in pid namespace `inode`, or whose children are (ps, plus pid_for_children links). */
export function pidsInPidNs(inode: number): number[] {
  const pids = new Set<number>();
  for (const line of sh('ps', ['-e', '-o', 'pid=', '-o', 'pidns=']).split('\n')) {
    const [pid, ns] = line.trim().split(/\s+/);
    if (pid && Number(ns) === inode) pids.add(Number(pid));
  }
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readlinkSync(`/proc/${name}/ns/pid_for_children`) === `pid:[${inode}]`) pids.add(Number(name));
    } catch {
      // gone, or a kernel thread
    }
  }
  return [...pids].sort((a, b) => a - b);
}
