// Small helpers shared by the diff areas: building differences, reading "why unknown", and
// formatting values. Pure.
import type { Container, Unavailable } from '../snapshot/schema.js';
import type { Area, Difference } from './types.js';

export type Which = 'a' | 'b';
export const LETTER: Record<Which, 'A' | 'B'> = { a: 'A', b: 'B' };
export const other = (w: Which): Which => (w === 'a' ? 'b' : 'a');

/** A value that could be read, or why it could not. */
export type Known<T> = { known: true; value: T } | { known: false; reason: string };
export const known = <T>(value: T): Known<T> => ({ known: true, value });
export const unknownBecause = <T>(reason: string): Known<T> => ({ known: false, reason });

/**
 * The unavailable entry covering `field`: the field itself, or a parent of it (`cgroup` covers
 * `cgroup.limits.memoryMax`).
 */
export function unavailableFor(list: Unavailable[], field: string): Unavailable | null {
  return list.find((u) => u.field === field || field.startsWith(u.field + '.')) ?? null;
}

export function reasonFor(c: Container, ...fields: string[]): string {
  for (const f of fields) {
    const u = unavailableFor(c.unavailable, f);
    if (u) return u.reason;
  }
  return 'unreadable';
}

export function diff(area: Area, field: string, a: string, b: string, lessIsolated: Which | null, meaning: string): Difference {
  return { area, field, a, b, lessIsolated, unknown: false, meaning };
}

/**
 * The difference to report when either side is unknown (or null when both are known). The
 * very same subject compared with itself is never "unknown": it equals itself.
 */
export function unknownDiff<T>(
  area: Area,
  field: string,
  what: string,
  a: Known<T>,
  b: Known<T>,
  show: (v: T) => string,
  same: boolean,
): Difference | null {
  if (a.known && b.known) return null;
  if (same) return null;
  const text = (k: Known<T>) => (k.known ? show(k.value) : `unknown (${k.reason})`);
  const sides = !a.known && !b.known ? 'on either side' : !a.known ? 'for A' : 'for B';
  const reasons = [a, b].filter((k): k is { known: false; reason: string } => !k.known).map((k) => k.reason);
  return {
    area,
    field,
    a: text(a),
    b: text(b),
    lessIsolated: null,
    unknown: true,
    meaning: `${what} could not be read ${sides} (${[...new Set(reasons)].join(', ')}): they cannot be compared.`,
  };
}

export { formatBytes } from '../format/bytes.js';

export const list = (names: string[], max = 6): string =>
  names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;

export const lowerFirst = (s: string): string => (s ? s[0]!.toLowerCase() + s.slice(1) : s);
