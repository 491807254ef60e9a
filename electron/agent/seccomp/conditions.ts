// Argument conditions met on one path through a filter: comparisons of (a masked 32-bit word of)
// seccomp_data with constants. Decides when a set of them cannot hold together, and prints them.
import { fieldName } from './bpf.js';

export type CondOp = 'eq' | 'gt' | 'ge' | 'set';

/**
 * `(word[offset] & mask) <op> k` is `holds`. opaque: the left side is a value computed in ways not
 * tracked (its text); against: the right side is not a constant either (its text, k unused).
 */
export interface Cond {
  offset: number;
  mask: number;
  op: CondOp;
  k: number;
  holds: boolean;
  opaque?: string;
  against?: string;
}

export const FULL = 0xffffffff;

export function condHolds(c: Cond, word: number): boolean {
  const v = (word & c.mask) >>> 0;
  const r = c.op === 'eq' ? v === c.k : c.op === 'gt' ? v > c.k : c.op === 'ge' ? v >= c.k : (v & c.k) !== 0;
  return r === c.holds;
}

/** Values worth trying for a word: the constants, their neighbours and the edges. */
function candidates(conds: Cond[]): number[] {
  const out = new Set<number>([0, FULL]);
  for (const c of conds) {
    for (const d of [-1, 0, 1]) {
      const v = (c.k + d) >>> 0;
      out.add(v);
      out.add((v | ~c.mask) >>> 0);
    }
    out.add((c.k & c.mask) >>> 0);
  }
  const eqs = conds.filter((c) => c.op === 'eq' && c.holds);
  if (eqs.length > 1) out.add(eqs.reduce((v, c) => (v | c.k) >>> 0, 0));
  return [...out];
}

/** Whether some value of one 32-bit word satisfies all conditions on it; false only when proven. */
function wordFeasible(conds: Cond[]): boolean {
  if (conds.some((c) => c.opaque !== undefined)) return true;
  if (candidates(conds).some((v) => conds.every((c) => condHolds(c, v)))) return true;
  // Proof by range: conditions on the full word (or one shared mask) bound the value.
  const mask = conds[0]!.mask;
  if (conds.some((c) => c.mask !== mask)) return true;
  let lo = 0;
  let hi = mask >>> 0;
  for (const c of conds) {
    if (c.op === 'eq' && c.holds) [lo, hi] = [Math.max(lo, c.k), Math.min(hi, c.k)];
    else if (c.op === 'gt') [lo, hi] = c.holds ? [Math.max(lo, c.k + 1), hi] : [lo, Math.min(hi, c.k)];
    else if (c.op === 'ge') [lo, hi] = c.holds ? [Math.max(lo, c.k), hi] : [lo, Math.min(hi, c.k - 1)];
  }
  if (lo > hi) return false;
  if (hi - lo > 1 << 16) return true; // too wide to prove by enumeration: assume it can be met
  for (let v = lo; v <= hi; v++) if ((v & ~mask) === 0 && conds.every((c) => condHolds(c, v))) return true;
  return false;
}

/** False only when the conditions provably cannot all hold. */
export function feasible(conds: readonly Cond[]): boolean {
  const byWord = new Map<number, Cond[]>();
  for (const c of conds) byWord.set(c.offset, [...(byWord.get(c.offset) ?? []), c]);
  return [...byWord.values()].every(wordFeasible);
}

/** Whether the conditions already decide `c` (true, false) or not (null). */
export function implied(conds: readonly Cond[], c: Cond): boolean | null {
  const yes = feasible([...conds, c]);
  const no = feasible([...conds, { ...c, holds: !c.holds }]);
  if (yes && !no) return true;
  if (no && !yes) return false;
  return null;
}

const num = (n: number): string => (n < 4096 ? String(n) : `0x${n.toString(16)}`);

function condText(c: Cond, name = fieldName(c.offset)): string {
  const lhs = c.opaque ?? (c.mask === FULL ? name : `(${name} & ${num(c.mask)})`);
  if (c.against !== undefined) return `${c.holds ? '' : '!'}(${lhs} ${c.op} ${c.against})`;
  switch (c.op) {
    case 'eq':
      return `${lhs} ${c.holds ? '==' : '!='} ${num(c.k)}`;
    case 'gt':
      return `${lhs} ${c.holds ? '>' : '<='} ${num(c.k)}`;
    case 'ge':
      return `${lhs} ${c.holds ? '>=' : '<'} ${num(c.k)}`;
    case 'set':
      return `(${lhs} & ${num(c.k)}) ${c.holds ? '!=' : '=='} 0`;
  }
}

/**
 * One path's conditions as text, e.g. "arg0 == 39 && arg2 != 9". When the high word of a
 * 64-bit field is pinned to 0, conditions on its low word are printed on the whole field.
 */
export function describeConds(conds: readonly Cond[]): string {
  if (conds.length === 0) return 'always';
  const parts: string[] = [];
  // An equality that holds makes the other conditions on that same value redundant.
  const pinned = conds.filter((c) => c.op === 'eq' && c.holds && !c.opaque);
  const redundant = (c: Cond) => !pinned.includes(c) && pinned.some((p) => p.offset === c.offset && p.mask === c.mask);
  const sorted = conds.filter((c) => !redundant(c)).sort((a, b) => a.offset - b.offset);
  const hiZero = (lo: number) =>
    sorted.some((c) => c.offset === lo + 4 && c.mask === FULL && c.op === 'eq' && c.holds && c.k === 0 && !c.opaque);
  for (const c of sorted) {
    const isLow = c.offset >= 8 && c.offset % 8 === 0;
    const isHigh = c.offset >= 8 && c.offset % 8 === 4;
    if (
      isHigh &&
      c.mask === FULL &&
      c.op === 'eq' &&
      c.holds &&
      c.k === 0 &&
      !c.opaque &&
      sorted.some((x) => x.offset === c.offset - 4)
    )
      continue;
    if (isLow && hiZero(c.offset)) parts.push(condText(c, fieldName(c.offset).replace('.lo', '')));
    else parts.push(condText(c));
  }
  return parts.join(' && ');
}
