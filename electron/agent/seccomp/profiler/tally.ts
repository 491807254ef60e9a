// Counting syscalls from strace events. Pure.
//
// attach mode (`strace -p PID…`): every call counts.
// nsenter mode (`strace -f nsenter -t PID -a -- cmd…`): what nsenter itself does (its own start-up,
// setns into each namespace, the fork into the pid namespace, failed execvp attempts along PATH)
// is not the workload's and is kept apart in `nsenter`. A process is nsenter's until it execs
// successfully, except the first process, whose first successful execve is nsenter's own; a
// process first seen before any workload exec is nsenter's child, one seen after is a workload
// child. The workload's successful execve itself counts for the workload (runc execs it too).
import { succeeded, type StraceEvent } from './strace.js';

export type TallyMode = 'attach' | 'nsenter';

type Role = 'launcher' | 'nsenter' | 'workload';

export class SyscallTally {
  /** Syscall name → times the workload called it. */
  readonly counts = new Map<string, number>();
  /** Syscall name → times nsenter called it before the workload's exec (not profiled). */
  readonly nsenter = new Map<string, number>();
  private readonly roles = new Map<number, Role>();
  private readonly pendingExec = new Set<number>();
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
      this.pendingExec.add(pid); // decided when it resumes
      return;
    }
    if (isExec && (e.kind === 'call' || this.pendingExec.delete(pid))) {
      if (!succeeded(e.result)) this.count(this.nsenter, e.name);
      else if (role === 'launcher') {
        this.roles.set(pid, 'nsenter');
        this.count(this.nsenter, e.name);
      } else {
        this.roles.set(pid, 'workload');
        this.workloadStarted = true;
        this.count(this.counts, e.name);
      }
      return;
    }
    if (e.kind === 'call') this.count(this.nsenter, e.name);
  }

  private roleOf(pid: number): Role {
    let role = this.roles.get(pid);
    if (role === undefined) {
      if (this.mode === 'attach' || this.workloadStarted) role = 'workload';
      else role = this.roles.size === 0 ? 'launcher' : 'nsenter';
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
