// Cross-checks each lab container's declared config against what /proc and the
// cgroup filesystem show. Used by `cli.ts verify`; independent of the collector.
import { readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { capsFromMask } from './caps.js';
import { cgroupHierarchies } from './host.js';
import { childPids } from './proc.js';
import type { LabContainer, LabState, NsType } from './types.js';

const NS_TYPES: NsType[] = ['cgroup', 'ipc', 'mnt', 'net', 'pid', 'time', 'user', 'uts'];

export interface Check {
  what: string;
  ok: boolean;
  detail: string;
}

function statusField(pid: number, field: string): string {
  const m = new RegExp(`^${field}:\\s*(.*)$`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m?.[1]?.trim() ?? '';
}

function sharedNamespaces(pid: number): string[] {
  return NS_TYPES.filter((ns) => {
    try {
      return readlinkSync(`/proc/${pid}/ns/${ns}`) === readlinkSync(`/proc/self/ns/${ns}`);
    } catch {
      return false;
    }
  });
}

function countProcesses(pid: number): number {
  let n = 0;
  const stack = [pid];
  for (let p = stack.pop(); p !== undefined; p = stack.pop()) {
    n++;
    stack.push(...childPids(p));
  }
  return n;
}

/** Reads a v1 controller file for the cgroup `pid` is in; null when unlimited or absent. */
function cgroupValue(pid: number, controller: string, file: string): number | null {
  const line = readFileSync(`/proc/${pid}/cgroup`, 'utf8')
    .split('\n')
    .find((l) => l.split(':')[1]?.split(',').includes(controller));
  const rel = line?.split(':')[2];
  const root = cgroupHierarchies().find((h) => h.endsWith(`/${controller}`) || h.split(',').includes(controller));
  if (rel === undefined || root === undefined) return null;
  let raw: string;
  try {
    raw = readFileSync(join(root, rel, file), 'utf8').trim();
  } catch {
    return null;
  }
  if (raw === 'max' || raw === '-1') return null;
  const n = Number(raw);
  return n >= 2 ** 62 ? null : n; // memory.limit_in_bytes "unlimited" is ~2^63
}

function rootIsReadonly(pid: number): boolean {
  const rootLine = readFileSync(`/proc/${pid}/mountinfo`, 'utf8')
    .split('\n')
    .filter((l) => l.split(' ')[4] === '/')
    .pop();
  return rootLine?.split(' ')[5]?.split(',').includes('ro') ?? false;
}

function eq(what: string, want: unknown, got: unknown): Check {
  const w = JSON.stringify(want);
  const g = JSON.stringify(got);
  return { what, ok: w === g, detail: w === g ? g : `declared ${w}, actual ${g}` };
}

export function verifyContainer(c: LabContainer): Check[] {
  const pid = c.initPid;
  const d = c.declared;
  const checks: Check[] = [];
  const procs = countProcesses(pid);
  checks.push({ what: 'processes', ok: procs >= 2, detail: `${procs} process(es) from init ${pid}` });
  const sorted = (xs: string[]): string[] => [...xs].sort();
  if (d.capabilities) checks.push(eq('CapEff', sorted(d.capabilities), sorted(capsFromMask(statusField(pid, 'CapEff')))));
  if (d.seccomp) checks.push(eq('seccomp', d.seccomp, statusField(pid, 'Seccomp') === '2' ? 'filter' : 'none'));
  if (d.noNewPrivs !== undefined) checks.push(eq('NoNewPrivs', d.noNewPrivs, statusField(pid, 'NoNewPrivs') === '1'));
  if (d.hostNamespaces) checks.push(eq('host namespaces', sorted(d.hostNamespaces), sharedNamespaces(pid)));
  if (d.uidMap) {
    const rows = readFileSync(`/proc/${pid}/uid_map`, 'utf8').trim().split('\n');
    const got = rows
      .map((r) => r.trim().split(/\s+/).map(Number))
      .map(([inside, outside, count]) => ({ inside, outside, count }));
    checks.push(eq('uid_map', d.uidMap, got));
  }
  if (d.readonlyRootfs !== undefined) checks.push(eq('readonly rootfs', d.readonlyRootfs, rootIsReadonly(pid)));
  if (d.memoryMaxBytes !== undefined)
    checks.push(eq('memory limit', d.memoryMaxBytes, cgroupValue(pid, 'memory', 'memory.limit_in_bytes')));
  if (d.pidsMax !== undefined) checks.push(eq('pids.max', d.pidsMax, cgroupValue(pid, 'pids', 'pids.max')));
  if (d.cpuQuotaUs !== undefined) checks.push(eq('cpu quota', d.cpuQuotaUs, cgroupValue(pid, 'cpu', 'cpu.cfs_quota_us')));
  if (d.cpuPeriodUs != null) checks.push(eq('cpu period', d.cpuPeriodUs, cgroupValue(pid, 'cpu', 'cpu.cfs_period_us')));
  if (d.cgroupsPath) {
    const mem = /:memory:(.*)$/m.exec(readFileSync(`/proc/${pid}/cgroup`, 'utf8'))?.[1] ?? '';
    checks.push({ what: 'cgroup path', ok: mem === d.cgroupsPath, detail: `memory cgroup ${mem}` });
  }
  return checks;
}

/** Prints a table of checks; returns the number of failed checks. */
export function verifyLab(state: LabState): number {
  let failed = 0;
  for (const c of state.containers) {
    let checks: Check[];
    try {
      checks = verifyContainer(c);
    } catch (e) {
      checks = [{ what: 'readable', ok: false, detail: (e as Error).message }];
    }
    for (const ch of checks) {
      if (!ch.ok) failed++;
      console.log(`${ch.ok ? 'ok  ' : 'FAIL'} ${c.key.padEnd(14)} ${ch.what.padEnd(16)} ${ch.detail}`);
    }
  }
  return failed;
}
