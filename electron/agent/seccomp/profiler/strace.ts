// strace's text output (`strace -f -qq`, written to a file or pipe), one line at a time: which
// process made which syscall. Pure. Formats handled (strace 6.1), with `PID  ` or `[pid PID] `:
//   1745  close(4)                          = 0
//   1745  futex(0xc5c728, FUTEX_WAIT_PRIVATE, 0, NULL <unfinished ...>
//   1745  <... futex resumed>)              = 0
//   808   restart_syscall(<... resuming interrupted read ...> <unfinished ...>
//   803   rt_sigsuspend([], 8 <detached ...>
//   1432  --- SIGCHLD {si_signo=SIGCHLD, ...} ---
//   1432  +++ exited with 0 +++
// A syscall is counted once, on the line that starts it (`resumed` lines only carry its result).

export type StraceEvent =
  /**
   * A syscall starts (and, unless unfinished, ends with `result`: "0", "-1 ENOENT (...)", "?").
   * execve/execveat also carry the program's path as strace printed it (escapes kept) and, for
   * execveat, whether it ran a file descriptor (AT_EMPTY_PATH).
   */
  | {
      kind: 'call';
      pid: number | null;
      name: string;
      unfinished: boolean;
      result: string | null;
      exec?: { path: string; emptyPath: boolean };
    }
  /** The end of an `<unfinished ...>` call. */
  | { kind: 'resumed'; pid: number | null; name: string; result: string | null }
  | { kind: 'signal'; pid: number | null; signal: string }
  /** `+++ exited with 0 +++`, `+++ killed by SIGKILL +++`, `+++ superseded by execve in pid N +++`. */
  | { kind: 'exit'; pid: number | null; text: string }
  /** Anything else: personality changes, strace's own messages. */
  | { kind: 'other'; pid: number | null; text: string };

const PREFIX = /^(?:\[pid\s+(\d+)\]|(\d+))\s+(.*)$/;
const RESUMED = /^<\.\.\. ([A-Za-z_][A-Za-z0-9_]*) resumed>(.*)$/;
const CALL = /^([A-Za-z_][A-Za-z0-9_]*)\((.*)$/;
const SIGNAL = /^--- (\w+)/;
const EXIT = /^\+\+\+ (.*) \+\+\+$/;
/** Greedy: the LAST `) = ` (arguments may hold the same text inside strings). */
const RESULT = /^.*\)\s+= (.*)$/;
const PENDING = / <(?:unfinished|detached) \.\.\.>$/;

const EXECVE_PATH = /^execve\("((?:[^"\\]|\\.)*)"/;
const EXECVEAT_PATH = /^execveat\([^,]*, "((?:[^"\\]|\\.)*)"/;

const resultOf = (rest: string): string | null => RESULT.exec(rest)?.[1] ?? null;

function execOf(name: string, body: string): { path: string; emptyPath: boolean } | undefined {
  if (name === 'execve') return { path: EXECVE_PATH.exec(body)?.[1] ?? '', emptyPath: false };
  if (name === 'execveat') return { path: EXECVEAT_PATH.exec(body)?.[1] ?? '', emptyPath: /\bAT_EMPTY_PATH\b/.test(body) };
  return undefined;
}

export function parseStraceLine(raw: string): StraceEvent | null {
  const line = raw.trimEnd();
  if (line === '') return null;
  const m = PREFIX.exec(line);
  const pid = m ? Number(m[1] ?? m[2]) : null;
  const body = m ? m[3]! : line;
  let r = RESUMED.exec(body);
  if (r) return { kind: 'resumed', pid, name: r[1]!, result: resultOf(body) };
  if ((r = SIGNAL.exec(body))) return { kind: 'signal', pid, signal: r[1]! };
  if ((r = EXIT.exec(body))) return { kind: 'exit', pid, text: r[1]! };
  if ((r = CALL.exec(body))) {
    const unfinished = PENDING.test(body);
    const exec = execOf(r[1]!, body);
    const call: StraceEvent = { kind: 'call', pid, name: r[1]!, unfinished, result: unfinished ? null : resultOf(body) };
    return exec ? { ...call, exec } : call;
  }
  return { kind: 'other', pid, text: body };
}

/** True when a call or resumed line reports success of execve (result 0). */
export const succeeded = (result: string | null): boolean => result !== null && /^0(?:\s|$)/.test(result);

/** Splits a byte stream into lines as chunks arrive; keeps the unfinished tail for the next chunk. */
export class LineSplitter {
  private tail = '';

  push(chunk: string): string[] {
    const text = this.tail + chunk;
    const lines = text.split('\n');
    this.tail = lines.pop() ?? '';
    return lines;
  }

  /** The last line when the stream ended without a newline. */
  end(): string[] {
    const rest = this.tail;
    this.tail = '';
    return rest === '' ? [] : [rest];
  }
}
