// A process's identity for ptrace: pid, parent, process group and start time, from /proc/PID/stat
// split at the LAST ')' (the comm between the parentheses is the process's to choose: `a) S 1 1`
// must not move it into group 1). A pid names the same process only as long as its start time
// (field 22) stays the same: a pid that died and was handed to another process has another.
import { readFileSync } from 'node:fs';
import { parseStat } from '../../parsers/stat.js';

export interface StatIds {
  pid: number;
  ppid: number;
  pgid: number;
  /** Clock ticks after boot. */
  startTime: number;
  /** The state letter (field 3): Z is a zombie, exited and not yet reaped. */
  state: string;
}

export function parseStatIds(text: string): StatIds | null {
  const base = parseStat(text);
  if (!base) return null;
  const fields = text
    .slice(text.lastIndexOf(')') + 2)
    .trim()
    .split(/\s+/);
  const pgid = Number(fields[2]); // field 5; fields[0] is field 3 (state)
  if (!Number.isInteger(pgid)) return null;
  return { pid: base.pid, ppid: base.ppid, pgid, startTime: base.startTime, state: fields[0] ?? '' };
}

/** The live process's ids, or null when it does not exist (or its stat cannot be read). */
export function readStatIds(pid: number): StatIds | null {
  try {
    return parseStatIds(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

/** A pid with the start time it had when it was recorded. */
export interface PinnedPid {
  pid: number;
  startTime: number;
}

/** Why `pin` no longer names the process it did (null while it does). */
export function pinProblem(pin: PinnedPid): string | null {
  const now = readStatIds(pin.pid);
  if (!now) return `ESRCH: no such process ${pin.pid}`;
  if (now.startTime !== pin.startTime) {
    return `ESRCH: pid ${pin.pid} is not the process it was (start time ${now.startTime}, the record says ${pin.startTime}): it exited and the pid was reused`;
  }
  return null;
}
