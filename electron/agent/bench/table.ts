// The bench's table: every figure beside its reference measured in the same run, the target and
// a verdict. Rows with no target (shown for information) have verdict "—".
import { loadavg } from 'node:os';

export interface Row {
  section: string;
  what: string;
  ours: number;
  reference: number;
  /** What the reference is (C floor, blank page, lsns + pscap…). */
  refName: string;
  unit: string;
  /** "ratio ≤ 1.5", "≤ 16 ms"… null: no target. */
  target: string | null;
  ok: boolean | null;
  /** Load average (1 min) when the row was measured. */
  load: number;
  note?: string;
}

export const rows: Row[] = [];

export function add(row: Omit<Row, 'load'>): void {
  rows.push({ ...row, load: loadavg()[0]! });
}

/** A ratio row: ours / reference against a maximum ratio (Infinity: no target). */
export function addRatio(
  section: string,
  what: string,
  ours: number,
  reference: number,
  refName: string,
  maxRatio: number,
  note?: string,
): void {
  const finite = Number.isFinite(maxRatio);
  add({
    section,
    what,
    ours,
    reference,
    refName,
    unit: 'ms',
    target: finite ? `ratio ≤ ${maxRatio}` : null,
    ok: finite ? ours / reference <= maxRatio : null,
    ...(note ? { note } : {}),
  });
}

/** A speed-up row: the reference (a peer) must take at least `minTimes` ours. */
export function addSpeedup(
  section: string,
  what: string,
  ours: number,
  reference: number,
  refName: string,
  minTimes: number,
  note?: string,
): void {
  add({
    section,
    what,
    ours,
    reference,
    refName,
    unit: 'ms',
    target: `peer ≥ ${minTimes}× ours`,
    ok: reference / ours >= minTimes,
    ...(note ? { note } : {}),
  });
}

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2));

export function printTable(out: (s: string) => void = console.log): number {
  let missed = 0;
  let section = '';
  out('');
  out(
    'what'.padEnd(58) +
      'isoscope'.padStart(11) +
      'reference'.padStart(11) +
      '  ' +
      'ref is'.padEnd(22) +
      'ratio'.padStart(7) +
      '  ' +
      'target'.padEnd(20) +
      'verdict'.padEnd(8) +
      'load',
  );
  for (const r of rows) {
    if (r.section !== section) {
      section = r.section;
      out(`— ${section}`);
    }
    const verdict = r.ok === null ? '—' : r.ok ? 'ok' : 'MISSED';
    if (r.ok === false) missed++;
    const ratio = r.reference > 0 ? (r.ours / r.reference).toFixed(2) : '—';
    out(
      `  ${r.what}`.padEnd(58) +
        `${fmt(r.ours)} ${r.unit}`.padStart(11) +
        `${fmt(r.reference)} ${r.unit}`.padStart(11) +
        '  ' +
        r.refName.padEnd(22) +
        ratio.padStart(7) +
        '  ' +
        (r.target ?? '—').padEnd(20) +
        verdict.padEnd(8) +
        r.load.toFixed(1),
    );
    if (r.note) out(`      ${r.note}`);
  }
  return missed;
}
