// One strace process whose trace streams back line by line through a FIFO (`-o FIFO`): Node's
// stdio "pipes" are socketpairs, which strace cannot reopen as /dev/fd/N, and stdout/stderr stay
// free for the traced command. strace opens the FIFO close-on-exec, so tracees never inherit it.
// A second (write) end held here keeps the reader from seeing EOF before strace opened it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseStatIds } from './procStat.js';
import { LineSplitter } from './strace.js';

export interface StraceExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** strace's own messages (`strace: …`) and the runtime's (`runc: …`, `crun: …`), in order. */
  messages: string[];
}

export interface StraceHandlers {
  onLine(line: string): void;
  /** The traced command's stdout/stderr (strace's and the runtime's messages left out). */
  onOutput?(stream: 'stdout' | 'stderr', chunk: string): void;
}

const GRACE_MS = 2000;
const OWN_MESSAGE = /^(strace|nsenter|crun): /;
/** runc logs through logrus: `time="…" level=error msg="exec failed: …"`. */
const RUNC_LOG = /^time="[^"]*" level=(?:error|fatal) msg="((?:[^"\\]|\\.)*)"/;

/** A runtime or strace message as one `name: text` line, or null for the command's own output. */
export function ownMessage(line: string): string | null {
  if (OWN_MESSAGE.test(line)) return line;
  const m = RUNC_LOG.exec(line);
  if (!m) return null;
  let text = m[1]!;
  try {
    text = JSON.parse(`"${text}"`) as string;
  } catch {
    // keep it as logged
  }
  return `runc: ${text}`;
}

export class StraceProcess {
  readonly exited: Promise<StraceExit>;
  private readonly child: ChildProcess;
  private readonly dir: string;
  private killTimer: NodeJS.Timeout | null = null;

  /** Throws (ENOENT etc.) only for the FIFO; a missing strace shows as exit code null + message. */
  constructor(strace: string, args: string[], handlers: StraceHandlers) {
    this.dir = mkdtempSync(join(tmpdir(), 'isoscope-strace-'));
    const fifo = join(this.dir, 'trace');
    const mk = spawnSync('mkfifo', ['-m', '600', fifo], { encoding: 'utf8' });
    if (mk.status !== 0) {
      rmSync(this.dir, { recursive: true, force: true });
      throw new Error(`mkfifo failed: ${mk.error?.message ?? mk.stderr.trim()}`);
    }
    const readFd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    let keeper: number | null = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
    const closeKeeper = (): void => {
      if (keeper !== null) closeSync(keeper);
      keeper = null;
    };
    const reader = new Socket({ fd: readFd, readable: true, writable: false });
    reader.setEncoding('utf8');
    const split = new LineSplitter();
    reader.on('data', (chunk: string) => split.push(chunk).forEach((l) => handlers.onLine(l)));
    const drained = new Promise<void>((resolve) => {
      reader.on('close', () => resolve());
      reader.on('error', () => resolve());
    });

    const messages: string[] = [];
    // Its own process group: Ctrl-C in a terminal reaches only us, and whatever strace started
    // but never traced (a signal during its start-up) can still be found and killed.
    this.child = spawn(strace, ['-o', fifo, ...args], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    this.child.stdout!.setEncoding('utf8').on('data', (c: string) => handlers.onOutput?.('stdout', c));
    const errSplit = new LineSplitter();
    const onErr = (lines: string[]): void => {
      const other: string[] = [];
      for (const l of lines) {
        const own = ownMessage(l);
        if (own !== null) messages.push(own);
        else other.push(l);
      }
      if (other.length) handlers.onOutput?.('stderr', other.map((l) => l + '\n').join(''));
    };
    this.child.stderr!.setEncoding('utf8').on('data', (c: string) => onErr(errSplit.push(c)));
    const ended = (s: Readable): Promise<void> => new Promise((r) => (s.closed ? r() : s.once('close', () => r())));

    this.exited = new Promise<StraceExit>((resolve) => {
      const finish = async (code: number | null, signal: NodeJS.Signals | null, spawnError: string | null): Promise<void> => {
        if (this.killTimer) clearTimeout(this.killTimer);
        if (this.child.pid !== undefined) killGroup(this.child.pid);
        closeKeeper();
        // Output still in the pipes arrives first; a straggler holding them cannot hold us up.
        let timer: NodeJS.Timeout | undefined;
        const grace = new Promise<void>((r) => (timer = setTimeout(r, GRACE_MS)));
        await Promise.race([Promise.all([drained, ended(this.child.stdout!), ended(this.child.stderr!)]), grace]);
        clearTimeout(timer);
        reader.destroy();
        this.child.stdout!.destroy();
        this.child.stderr!.destroy();
        onErr(errSplit.end());
        split.end().forEach((l) => handlers.onLine(l));
        rmSync(this.dir, { recursive: true, force: true });
        resolve({ code, signal, messages: spawnError ? [spawnError, ...messages] : messages });
      };
      this.child.on('error', (e: NodeJS.ErrnoException) => {
        if (this.child.pid === undefined)
          void finish(null, null, e.code === 'ENOENT' ? 'strace is not installed' : `cannot run strace: ${e.message}`);
      });
      this.child.on('exit', (code, signal) => void finish(code, signal, null));
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Ends the trace: SIGTERM makes strace detach from every tracee; SIGKILL if it lingers. */
  stop(): void {
    if (this.child.exitCode !== null || this.child.signalCode !== null || this.killTimer) return;
    this.child.kill('SIGTERM');
    this.killTimer = setTimeout(() => this.child.kill('SIGKILL'), GRACE_MS);
  }

  /** SIGKILLs what strace runs: every process it traces and, not traced yet, the rest of its group. */
  killCommand(): number[] {
    const me = this.child.pid;
    if (me === undefined) return [];
    const killed: number[] = [];
    for (const pid of new Set([...tracedBy(me), ...processGroup(me)])) {
      if (pid === me) continue;
      try {
        process.kill(pid, 'SIGKILL');
        killed.push(pid);
      } catch {
        // already gone
      }
    }
    return killed;
  }
}

/** SIGKILLs what is left in strace's process group (strace is its leader and has exited). */
function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // nobody left
  }
}

/** Pids whose /proc/N/`file`, read by `value`, equals `want` (a scan of /proc). */
function scan(file: string, value: (text: string) => number | null, want: number): number[] {
  return readdirSync('/proc').flatMap((name) => {
    if (!/^\d+$/.test(name)) return [];
    try {
      return value(readFileSync(`/proc/${name}/${file}`, 'utf8')) === want ? [Number(name)] : [];
    } catch {
      return []; // exited while we looked
    }
  });
}

const tracerPid = (status: string): number | null => {
  const m = /^TracerPid:\s+(\d+)$/m.exec(status);
  return m ? Number(m[1]) : null;
};

/** Processes whose TracerPid is `tracer`. */
export const tracedBy = (tracer: number): number[] => scan('status', tracerPid, tracer);

/** Processes in process group `pgid` (field 5 of stat, counted from the LAST ')': comm is the process's to choose). */
export const processGroup = (pgid: number): number[] => scan('stat', (t) => parseStatIds(t)?.pgid ?? null, pgid);

/** Who traces `pid` (0: nobody), or null when it does not exist. */
export function tracerOf(pid: number): number | null {
  try {
    const m = /^TracerPid:\s+(\d+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return null;
  }
}
