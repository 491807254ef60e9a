// Text for `isoscope profile`: durations as people write them, the one-line progress counter and
// the closing summary. Pure.
import type { ProfileProgress } from '../../../../shared/seccomp/report.js';
import { terminalSafe } from '../../commandLine/terminalSafe.js';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** "30s", "2m", "500ms", "1.5s", "1h"; a bare number is seconds. null when unreadable. */
export function parseDuration(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) return null;
  const ms = Number(m[1]) * UNITS[m[2] ?? 's']!;
  return Number.isFinite(ms) ? Math.round(ms) : null;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)}s`;
  return `${Math.floor(ms / 60_000)}m${Math.round((ms % 60_000) / 1000)}s`;
}

const total = (p: ProfileProgress): number => Object.values(p.syscalls).reduce((a, b) => a + b, 0);

/** "profiling web: 12.5s / 30s, 4121 calls, 37 distinct syscalls (+2 in the last 5s)". */
export function progressLine(what: string, p: ProfileProgress): string {
  const time =
    p.durationMs > 0 ? `${formatDuration(p.elapsedMs)} / ${formatDuration(p.durationMs)}` : formatDuration(p.elapsedMs);
  const since = p.coverage.filter(([t]) => t <= p.elapsedMs - 5000).at(-1)?.[1];
  const recent =
    since === undefined ? '' : p.distinct > since ? ` (+${p.distinct - since} in the last 5s)` : ' (none new in the last 5s)';
  // `what` is a container's name and syscall counts come from a traced process: escaped for the terminal.
  return terminalSafe(`profiling ${what}: ${time}, ${total(p)} calls, ${p.distinct} distinct syscalls${recent}`);
}

/** The closing line: what was seen, what the profile holds, where it went. */
export function summaryLine(p: ProfileProgress, out: string | null): string {
  const allowed = Object.keys(p.generated?.explanations ?? {}).length;
  const added = allowed - Object.keys(p.generated?.explanations ?? {}).filter((n) => n in p.syscalls).length;
  const half = p.coverage.filter(([t]) => t <= p.elapsedMs * 0.5).at(-1)?.[1];
  const trend =
    p.elapsedMs < 2000 || half === undefined
      ? ''
      : half === p.distinct
        ? ' (none new in the second half)'
        : ` (${p.distinct - half} new in the second half: trace longer?)`;
  return terminalSafe(
    `${p.distinct} distinct syscalls in ${total(p)} calls over ${formatDuration(p.elapsedMs)}${trend}; ` +
      `profile allows ${allowed} (${added} added for start-up)${out ? ` → ${out}` : ''}`,
  );
}
