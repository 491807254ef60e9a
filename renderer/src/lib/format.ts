// Numbers as humans read them.
import { formatBytes as bytesText } from '../../../shared/format/bytes.js';

export { shortId } from '../../../shared/format/ids.js';

/** Bytes in binary units (shared/format/bytes.ts); "—" for a value that is not there. */
export function formatBytes(n: number | null | undefined, digits = 1): string {
  return n === null || n === undefined || !Number.isFinite(n) ? '—' : bytesText(n, digits);
}

export const formatRate = (n: number | null | undefined) => (n === null || n === undefined ? '—' : `${formatBytes(n)}/s`);

export function formatPercent(n: number | null | undefined, digits = 1): string {
  return n === null || n === undefined || !Number.isFinite(n) ? '—' : `${n.toFixed(digits)} %`;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.floor(seconds % 60);
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${s}s`;
  return `${s}s`;
}

// One formatter for every chart tick: toLocaleTimeString builds a new Intl.DateTimeFormat per
// call (the largest single cost in the renderer profile). Same output.
const TIME = new Intl.DateTimeFormat([], { hour12: false, hour: 'numeric', minute: 'numeric', second: 'numeric' });

export function formatTime(t: number): string {
  return TIME.format(t);
}

/** CPU bandwidth as a number of CPUs: quota 50000 / period 100000 → "0.5 CPU". */
export function formatCpus(quotaUs: number, periodUs: number): string {
  if (!(periodUs > 0)) return '—';
  const cpus = quotaUs / periodUs;
  const text = String(parseFloat(cpus.toFixed(cpus < 0.1 ? 3 : 2)));
  return `${text} CPU${cpus <= 1 ? '' : 's'}`;
}

/** Nanoseconds as a human duration with sub-second precision for small values. */
export function formatNs(ns: number | null | undefined): string {
  if (ns === null || ns === undefined || !Number.isFinite(ns)) return '—';
  if (ns < 1e6) return `${(ns / 1e3).toFixed(0)} µs`;
  if (ns < 1e9) return `${(ns / 1e6).toFixed(1)} ms`;
  if (ns < 60e9) return `${(ns / 1e9).toFixed(2)} s`;
  return formatDuration(ns / 1e9);
}

/** One formatter for every count (toLocaleString builds one per call, and charts call it per tick). */
const COUNT = new Intl.NumberFormat('en-US');

/** Integers with thousands separators. */
export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined || !Number.isFinite(n) ? '—' : COUNT.format(n);
}
