// Counting syscalls from strace events. Pure.
//
// attach mode (`strace -p PID…`): every call counts.
// command modes: what the launcher does to put the command in the container is not the
// workload's and is kept apart in `launcher`. A process is the launcher's until it execs the
// workload successfully; the first process's first successful execve is the launcher's own
// binary; a process first seen before the workload started is the launcher's, one seen after is a
// workload child. The workload's successful execve itself counts for the workload (runc execs it
// too).
//  - 'runtime' (`strace -f runc --root R exec ID cmd…`): runc re-executes itself to enter the
//    container (`execve("/proc/self/exe", ["runc", "init"])`, then the cloned binary by file
//    descriptor: `execveat(fd, "", …, AT_EMPTY_PATH)`); such re-executions stay the launcher's.
//    Its setns, clone, capset, prctl and seccomp calls before the workload's exec are its own.
//  - 'nsenter' (`strace -f nsenter -t PID -a -- cmd…`, kept for the captured fixtures): any other
//    process's successful exec starts the workload; failed execvp attempts along PATH are
//    nsenter's.
import { succeeded, type StraceEvent } from './strace.js';

export type TallyMode = 'attach' | 'runtime' | 'nsenter';

type Role = 'first' | 'launcher' | 'workload';

type ExecInfo = { path: string; emptyPath: boolean } | undefined;

/** A runtime executing itself again (its binary by /proc/self/exe or a descriptor), not a workload. */
export function isSelfExec(exec: ExecInfo, launcherPath: string | null): boolean {
  if (!exec) return false;
  if (exec.emptyPath) return true;
  return /^\/proc\/(?:self|\d+)\/(?:exe|fd\/\d+)$/.test(exec.path) || (launcherPath !== null && exec.path === launcherPath);
}

export class SyscallTally {
  /** Syscall name → times the workload called it. */
  readonly counts = new Map<string, number>();
  /** Syscall name → times the launcher (runc exec, nsenter) called it before the workload's exec (not profiled). */
  readonly launcher = new Map<string, number>();
  private readonly roles = new Map<number, Role>();
  private readonly pendingExec = new Map<number, ExecInfo>();
  private launcherPath: string | null = null;
  private workloadStarted = false;
  private total = 0;

  constructor(private readonly mode: TallyMode) {}

  get distinct(): number {
    return this.counts.size;
  }

  get calls(): number {
    return this.total;
  }

  /** Processes (host pids) seen in the trace. */
  get pids(): number[] {
    return [...this.roles.keys()];
  }

  add(e: StraceEvent | null): void {
    if (!e || (e.kind !== 'call' && e.kind !== 'resumed')) return;
    const pid = e.pid ?? 0;
    const role = this.roleOf(pid);
    if (this.mode === 'attach' || role === 'workload') {
      if (e.kind === 'call') this.count(this.counts, e.name);
      return;
    }
    const isExec = e.name === 'execve' || e.name === 'execveat';
    if (isExec && e.kind === 'call' && e.unfinished) {
      this.pendingExec.set(pid, e.exec); // decided when it resumes
      return;
    }
    if (isExec && (e.kind === 'call' || this.pendingExec.has(pid))) {
      const exec = e.kind === 'call' ? e.exec : this.pendingExec.get(pid);
      this.pendingExec.delete(pid);
      if (!succeeded(e.result)) this.count(this.launcher, e.name);
      else if (role === 'first' && this.launcherPath === null) {
        this.launcherPath = exec?.path ?? '';
        this.count(this.launcher, e.name);
      } else if (this.mode === 'runtime' && isSelfExec(exec, this.launcherPath)) {
        this.count(this.launcher, e.name);
      } else {
        this.roles.set(pid, 'workload');
        this.workloadStarted = true;
        this.count(this.counts, e.name);
      }
      return;
    }
    if (e.kind === 'call') this.count(this.launcher, e.name);
  }

  private roleOf(pid: number): Role {
    let role = this.roles.get(pid);
    if (role === undefined) {
      if (this.mode === 'attach' || this.workloadStarted) role = 'workload';
      else role = this.roles.size === 0 ? 'first' : 'launcher';
      this.roles.set(pid, role);
    }
    return role;
  }

  private count(m: Map<string, number>, name: string): void {
    m.set(name, (m.get(name) ?? 0) + 1);
    if (m === this.counts) this.total++;
  }
}

/** Map → plain record, names sorted. */
export const record = (m: Map<string, number>): Record<string, number> =>
  Object.fromEntries([...m.entries()].sort(([a], [b]) => a.localeCompare(b)));
