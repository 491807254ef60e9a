// /proc/PID/stat → comm, state, ppid and start time. comm sits in parentheses and may itself
// contain spaces and parentheses, so the fields after it are split from the LAST ')'.
export interface ProcStat {
  pid: number;
  comm: string;
  state: string;
  ppid: number;
  /** Field 22: start time in clock ticks after boot. */
  startTime: number;
}

export function parseStat(text: string): ProcStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const rest = text
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  // rest[0] is field 3 (state); field N is rest[N - 3]. Decimal digits only, exact.
  const num = (s: string | undefined): number | null => (s !== undefined && /^\d{1,15}$/.test(s) ? Number(s) : null);
  const pid = num(text.slice(0, open).trim());
  const state = rest[0];
  const ppid = num(rest[1]);
  const startTime = num(rest[19]);
  if (pid === null || pid === 0 || !state || ppid === null || startTime === null) {
    return null;
  }
  return { pid, comm: text.slice(open + 1, close), state, ppid, startTime };
}

/** /proc/PID/cmdline: NUL-separated arguments, usually NUL-terminated. */
export function parseCmdline(text: string): string[] {
  const parts = text.split('\0');
  if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}
