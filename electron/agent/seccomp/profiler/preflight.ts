// What can be checked before strace starts, and strace's/nsenter's messages turned into the one-line
// errors a profile fails with ("strace is not installed", "EPERM: ptrace not permitted …").
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { tracerOf } from './straceProcess.js';

/** The program's path along PATH (or itself when it holds a slash), null when absent. */
export function findProgram(name: string, path: string = process.env['PATH'] ?? '/usr/sbin:/usr/bin:/sbin:/bin'): string | null {
  const candidates = name.includes('/')
    ? [name]
    : path
        .split(delimiter)
        .filter(Boolean)
        .map((d) => join(d, name));
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      // next
    }
  }
  return null;
}

export interface Targets {
  /** Pids to attach to (those that exist). */
  live: number[];
  error: string | null;
}

/** Which of the pids exist and can be traced; an error when none can. */
export function checkTargets(pids: readonly number[]): Targets {
  const unique = [...new Set(pids)].filter((p) => Number.isInteger(p) && p > 0);
  if (unique.length === 0) return { live: [], error: 'no process to trace: give a positive pid' };
  const live = unique.filter((p) => existsSync(`/proc/${p}`));
  if (live.length === 0) return { live, error: `ESRCH: no such process ${unique.join(', ')}` };
  const free = live.filter((p) => tracerOf(p) === 0);
  if (free.length === 0) {
    const tracer = tracerOf(live[0]!);
    return { live, error: `EPERM: ptrace not permitted: pid ${live[0]} is already traced by pid ${tracer}` };
  }
  return { live: free, error: null };
}

const ATTACH = /attach: ptrace\(PTRACE_SEIZE, (\d+)\): (.*)$/;

/** One line for the first thing strace or nsenter complained about. */
export function traceError(messages: readonly string[]): string | null {
  for (const m of messages) {
    if (m === 'strace is not installed' || m.startsWith('cannot run strace')) return m;
    const a = ATTACH.exec(m);
    if (a) {
      if (/Operation not permitted/.test(a[2]!))
        return `EPERM: ptrace not permitted on pid ${a[1]} (needs root with CAP_SYS_PTRACE; is it traced already?)`;
      if (/No such process/.test(a[2]!)) return `ESRCH: no such process ${a[1]}`;
      return `cannot attach to pid ${a[1]}: ${a[2]}`;
    }
  }
  const first = messages.find((m) => !/^strace: Process \d+ (attached|detached)/.test(m));
  return first ?? null;
}

/** The attach failures among strace's messages (pids strace could not trace while others worked). */
export function attachFailures(messages: readonly string[]): number[] {
  return messages.flatMap((m) => {
    const a = ATTACH.exec(m);
    return a ? [Number(a[1])] : [];
  });
}
