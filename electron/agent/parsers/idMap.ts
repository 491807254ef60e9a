// /proc/PID/uid_map and gid_map: "inside outside count" per line.
import type { IdMapEntry } from '../../../shared/snapshot/schema.js';

export function parseIdMap(text: string): IdMapEntry[] | null {
  const entries: IdMapEntry[] = [];
  for (const line of text.split('\n')) {
    const parts = line.trim().split(/\s+/);
    if (parts.length === 1 && parts[0] === '') continue;
    if (parts.length !== 3) return null;
    if (!parts.every((p) => /^\d{1,10}$/.test(p))) return null;
    const [inside, outside, count] = parts.map(Number);
    entries.push({ inside: inside!, outside: outside!, count: count! });
  }
  return entries;
}

/** True for the initial user namespace's map "0 0 4294967295". */
export function isIdentityMap(map: IdMapEntry[]): boolean {
  return map.length === 1 && map[0]!.inside === 0 && map[0]!.outside === 0 && map[0]!.count === 4294967295;
}

/** The host id that `inside` maps to, or null when it is not mapped. */
export function mapToHost(map: IdMapEntry[], inside: number): number | null {
  for (const e of map) {
    if (inside >= e.inside && inside < e.inside + e.count) return e.outside + (inside - e.inside);
  }
  return null;
}
