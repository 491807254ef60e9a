// Profiling a container's syscalls with strace, several at a time: attach to all its processes for
// a while (`strace -f -p PID -p PID …`, children they start are followed), or run a command inside
// it as the container would (`strace -f runc --root R exec ID cmd…`, see execTarget.ts; the
// runtime's own calls left out). Pushes progress about every 500 ms, then once 'done' (with the
// generated profile), 'cancelled' or 'failed'.
//
// Pids are pinned: each is checked against its start time (the container record's, or the one read
// when the request arrives) before strace starts and again once strace has attached, so a process
// that exited and whose pid went to another is never traced (or is let go at once).
import type { ProfileProgress } from '../../../../shared/seccomp/report.js';
import { findExecTarget, runtimeRoots } from './execTarget.js';
import { generateProfile } from './generate.js';
import { checkTargets, findProgram, traceError } from './preflight.js';
import { pinProblem, readStatIds, type PinnedPid } from './procStat.js';
import { problemText, rootOwned } from './rootOwned.js';
import { parseStraceLine } from './strace.js';
import { StraceProcess, tracerOf, type StraceExit } from './straceProcess.js';
import { record, SyscallTally } from './tally.js';

export interface ProfileRequest {
  profileId: string;
  containerId: string;
  pid: number;
  pids: number[];
  /** How long to trace (≤ 0: until cancelled or the processes end); with a command, the most it may run (≤ 0: until it exits). */
  durationMs: number;
  command?: string[];
  /** Start times from the container record: a pid whose process started at another time is refused. */
  pinned?: PinnedPid[];
}

export interface RunnerOptions {
  strace?: string;
  /** Where runc and crun keep containers, besides their defaults (a command runs through them). */
  runcRoots?: string[];
  crunRoots?: string[];
  /** LXC's lxcpaths besides /var/lib/lxc (a command then runs through lxc-attach). */
  lxcPaths?: string[];
  /** How long to wait for strace to attach before the pins are checked again (default 5 s). */
  attachWaitMs?: number;
  /** Coverage sampling period (default 250 ms) and progress period (default 500 ms). */
  sampleMs?: number;
  progressMs?: number;
  /** The traced command's output (default: dropped). */
  onCommandOutput?: (stream: 'stdout' | 'stderr', chunk: string) => void;
  /** After the last progress: the command's exit code and the runtime's own calls (not profiled). */
  onFinished?: (profileId: string, info: FinishInfo) => void;
}

export interface FinishInfo {
  exitCode: number | null;
  /** What the runtime (runc exec) called to put the command in the container: not profiled. */
  runtimeCalls: Record<string, number>;
  /** @deprecated the same record under its old name (commands no longer run through nsenter). */
  nsenterCalls: Record<string, number>;
  calls: number;
}

interface Session {
  req: ProfileRequest;
  tally: SyscallTally;
  started: number;
  coverage: [number, number][];
  trace: StraceProcess | null;
  timers: NodeJS.Timeout[];
  ending: 'cancelled' | { error: string } | null;
  finished: boolean;
}

export class ProfileRunner {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly onProgress: (p: ProfileProgress) => void,
    private readonly opts: RunnerOptions = {},
  ) {}

  /** Starts tracing; every outcome, failures included, arrives through onProgress. */
  start(req: ProfileRequest): void {
    if (this.sessions.has(req.profileId)) throw new Error(`profile ${req.profileId} is already running`);
    const command = req.command && req.command.length > 0 ? req.command : undefined;
    const s: Session = {
      req,
      tally: new SyscallTally(command ? 'runtime' : 'attach'),
      started: Date.now(),
      coverage: [[0, 0]],
      trace: null,
      timers: [],
      ending: null,
      finished: false,
    };
    this.sessions.set(req.profileId, s);
    const fail = (error: string): void => void setImmediate(() => this.finish(s, 'failed', error));
    const found = findProgram(this.opts.strace ?? 'strace');
    if (!found) return fail('strace is not installed');
    const strace = rootOwned(found);
    if (!strace.ok) return fail(`strace (${found}) is not root's alone: ${problemText(strace)}`);
    const targets = checkTargets(command ? [req.pid] : [req.pid, ...req.pids]);
    if (targets.error) return fail(targets.error);
    const recorded = new Map((req.pinned ?? []).map((p) => [p.pid, p.startTime]));
    let args = ['-f', '-qq', '-e', 'trace=all'];
    const pins: PinnedPid[] = [];
    if (command) {
      const exec = findExecTarget(
        req.containerId,
        req.pid,
        runtimeRoots(this.opts.runcRoots, this.opts.crunRoots, this.opts.lxcPaths),
        recorded.get(req.pid),
      );
      if (!exec.ok)
        return fail(
          `cannot run the command as the container would: ${exec.error}. It is never run as root beside the container; profile the container's processes instead (no command)`,
        );
      args = [...args, ...exec.target.argv(command)];
    } else {
      for (const pid of targets.live) {
        const now = readStatIds(pid);
        // Exited and not reaped yet (a command killed in the container, say): it makes no more
        // system calls, and ptrace refuses it (EPERM) — nothing to trace there.
        if (now?.state === 'Z' || now?.state === 'X') continue;
        const startTime = recorded.get(pid) ?? now?.startTime;
        if (startTime === undefined) continue; // gone since: nothing to trace there
        const pin = { pid, startTime };
        const why = pinProblem(pin);
        if (why && recorded.has(pid)) return fail(why);
        if (!why) pins.push(pin);
      }
      if (pins.length === 0) return fail(`ESRCH: no such process ${targets.live.join(', ')}`);
      args = [...args, ...pins.flatMap((p) => ['-p', String(p.pid)])];
    }
    try {
      s.trace = new StraceProcess(strace.real, args, {
        onLine: (line) => s.tally.add(parseStraceLine(line)),
        onOutput: (stream, chunk) => this.opts.onCommandOutput?.(stream, chunk),
      });
    } catch (e) {
      return fail((e as Error).message);
    }
    const sampleMs = this.opts.sampleMs ?? 250;
    s.timers.push(setInterval(() => s.coverage.push([Date.now() - s.started, s.tally.distinct]), sampleMs));
    s.timers.push(setInterval(() => this.onProgress(this.progress(s, 'running')), this.opts.progressMs ?? 500));
    if (req.durationMs > 0) s.timers.push(setTimeout(() => this.end(s), req.durationMs));
    void s.trace.exited.then((exit) => this.traceEnded(s, exit));
    if (pins.length > 0) this.recheckPins(s, pins);
  }

  /**
   * Once strace has attached to each pinned pid (it is its tracer), the pid must still be the
   * process it was: a pid reused between the first check and the attach ends the profile at once
   * (strace detaches). Polls TracerPid every 20 ms, up to attachWaitMs.
   */
  private recheckPins(s: Session, pins: PinnedPid[]): void {
    const deadline = Date.now() + (this.opts.attachWaitMs ?? 5000);
    let left = pins;
    const tick = (): void => {
      const tracer = s.trace?.pid;
      if (s.finished || s.ending || tracer === undefined) return;
      const still: PinnedPid[] = [];
      for (const pin of left) {
        const by = tracerOf(pin.pid);
        if (by === null) continue; // exited: strace saw its end
        if (by !== tracer) {
          still.push(pin);
          continue;
        }
        const why = pinProblem(pin);
        if (why) {
          s.ending = { error: why };
          this.end(s);
          return;
        }
      }
      left = still;
      if (left.length > 0 && Date.now() < deadline) s.timers.push(setTimeout(tick, 20));
    };
    tick();
  }

  /** Stops a running profile without a result; false when there is none by that id. */
  cancel(profileId: string): boolean {
    const s = this.sessions.get(profileId);
    if (!s || s.finished) return false;
    s.ending = 'cancelled';
    this.end(s);
    return true;
  }

  /** Cancels everything: every strace this runner started is stopped (and the commands it ran killed). */
  stopAll(): void {
    for (const id of [...this.sessions.keys()]) this.cancel(id);
  }

  /** Profiles still running. */
  get running(): string[] {
    return [...this.sessions.values()].filter((s) => !s.finished).map((s) => s.req.profileId);
  }

  private end(s: Session): void {
    if (!s.trace) return;
    if (s.req.command) s.trace.killCommand(); // strace would only detach from it
    s.trace.stop();
  }

  private traceEnded(s: Session, exit: StraceExit): void {
    if (s.ending === 'cancelled') return this.finish(s, 'cancelled');
    if (s.ending) return this.finish(s, 'failed', s.ending.error, exit);
    const error = traceError(exit.messages);
    if (s.req.command) {
      // The command's exit code is strace's; only a command that never ran is a failure.
      if (s.tally.calls === 0) return this.finish(s, 'failed', error ?? `the command did not run (exit code ${exit.code})`, exit);
      return this.finish(s, 'done', undefined, exit);
    }
    if (exit.code === null && exit.signal === null) return this.finish(s, 'failed', error ?? 'strace did not run', exit);
    if (s.tally.calls === 0 && error) return this.finish(s, 'failed', error, exit);
    this.finish(s, 'done', undefined, exit);
  }

  private finish(s: Session, state: 'done' | 'cancelled' | 'failed', error?: string, exit?: StraceExit): void {
    if (s.finished) return;
    s.finished = true;
    for (const t of s.timers) clearTimeout(t);
    s.coverage.push([Date.now() - s.started, s.tally.distinct]);
    const p = this.progress(s, state);
    if (error !== undefined) p.error = error;
    if (state === 'done') {
      const g = generateProfile(p.syscalls, { programStartup: !s.req.command });
      p.generated = { profile: g.profile, explanations: g.explanations };
    }
    this.sessions.delete(s.req.profileId);
    this.onProgress(p);
    this.opts.onFinished?.(s.req.profileId, {
      exitCode: exit?.code ?? null,
      runtimeCalls: record(s.tally.launcher),
      nsenterCalls: record(s.tally.launcher),
      calls: s.tally.calls,
    });
  }

  private progress(s: Session, state: ProfileProgress['state']): ProfileProgress {
    return {
      profileId: s.req.profileId,
      containerId: s.req.containerId,
      state,
      elapsedMs: Date.now() - s.started,
      durationMs: Math.max(0, s.req.durationMs),
      distinct: s.tally.distinct,
      coverage: s.coverage.map(([t, n]) => [t, n] as [number, number]),
      syscalls: record(s.tally.counts),
    };
  }
}
