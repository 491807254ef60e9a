// User-namespace id maps (uid_map/gid_map): which id a host id is inside the container.
import type { Container, IdMapEntry } from '../../../shared/snapshot/schema.js';

/** The id inside for a host id, or null when the map does not cover it. */
export function insideId(map: IdMapEntry[], outside: number): number | null {
  for (const e of map) if (outside >= e.outside && outside < e.outside + e.count) return e.inside + (outside - e.outside);
  return null;
}

export type InsideUid =
  | { kind: 'same' } // no user namespace of its own: host ids are the ids inside
  | { kind: 'mapped'; uid: number }
  | { kind: 'unmapped' } // not in the map: shows as the overflow uid (nobody) inside
  | { kind: 'unknown' }; // the namespace or its map could not be read

/** What a host uid is inside the container's user namespace. */
export function insideUid(c: Container, hostUid: number): InsideUid {
  const shared = c.namespaces.user.sharedWithHost;
  if (shared === true) return { kind: 'same' };
  const map = c.userNamespace.uidMap;
  if (shared === null || map === null) return { kind: 'unknown' };
  const id = insideId(map, hostUid);
  return id === null ? { kind: 'unmapped' } : { kind: 'mapped', uid: id };
}

/** "0–65535 → 100000–165535" */
export function describeRange(e: IdMapEntry): string {
  const end = (start: number) => start + e.count - 1;
  if (e.count === 1) return `${e.inside} → ${e.outside}`;
  return `${e.inside}–${end(e.inside)} → ${e.outside}–${end(e.outside)}`;
}

/** The identity map a process outside any user namespace shows (0 0 4294967295). */
export function isIdentityMap(map: IdMapEntry[]): boolean {
  return map.length === 1 && map[0]!.inside === 0 && map[0]!.outside === 0 && map[0]!.count >= 4294967295;
}
