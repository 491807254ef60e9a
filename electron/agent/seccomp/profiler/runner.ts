// Profiling a container's syscalls with strace, several at a time: attach to all its processes for
// a while (`strace -f -p PID -p PID …`, children they start are followed), or run a command inside
// it (`strace -f nsenter -t PID -a -- cmd…`, nsenter's own calls left out). Pushes progress about
// every 500 ms, then once 'done' (with the generated profile), 'cancelled' or 'failed'.
import type { ProfileProgress } from '../../../../shared/seccomp/report.js';
import { generateProfile } from './generate.js';
import { checkTargets, findProgram, traceError } from './preflight.js';
import { parseStraceLine } from './strace.js';
import { StraceProcess, type StraceExit } from './straceProcess.js';
import { record, SyscallTally } from './tally.js';

export interface ProfileRequest {
  profileId: string;
  containerId: string;
  pid: number;
  pids: number[];
  /** How long to trace (≤ 0: until cancelled or the processes end); with a command, the most it may run (≤ 0: until it exits). */
  durationMs: number;
  command?: string[];
}

export interface RunnerOptions {
  strace?: string;
  nsenter?: string;
  /** Coverage sampling period (default 250 ms) and progress period (default 500 ms). */
  sampleMs?: number;
  progressMs?: number;
  /** The traced command's output (default: dropped). */
  onCommandOutput?: (stream: 'stdout' | 'stderr', chunk: string) => void;
  /** After the last progress: the command's exit code and nsenter's own calls (not profiled). */
  onFinished?: (profileId: string, info: FinishInfo) => void;
}

export interface FinishInfo {
  exitCode: number | null;
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
  ending: 'cancelled' | null;
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
    const s: Session = { req, tally: new SyscallTally(command ? 'nsenter' : 'attach'), started: Date.now(), coverage: [[0, 0]], trace: null, timers: [], ending: null, finished: false };
    this.sessions.set(req.profileId, s);
    const fail = (error: string): void => void setImmediate(() => this.finish(s, 'failed', error));
    const strace = this.opts.strace ?? 'strace';
    if (!findProgram(strace)) return fail('strace is not installed');
    const targets = checkTargets(command ? [req.pid] : [req.pid, ...req.pids]);
    if (targets.error) return fail(targets.error);
    let args = ['-f', '-qq', '-e', 'trace=all'];
    if (command) {
      const nsenter = findProgram(this.opts.nsenter ?? 'nsenter');
      if (!nsenter) return fail('nsenter is not installed (util-linux)');
      args = [...args, nsenter, '-t', String(req.pid), '-a', '--', ...command];
    } else args = [...args, ...targets.live.flatMap((p) => ['-p', String(p)])];
    try {
      s.trace = new StraceProcess(strace, args, {
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
    this.opts.onFinished?.(s.req.profileId, { exitCode: exit?.code ?? null, nsenterCalls: record(s.tally.nsenter), calls: s.tally.calls });
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
