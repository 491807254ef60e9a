// Small text helpers for the compare view's fact rows of the areas. Pure.
import { formatBytes } from '../format/bytes.js';
import type { Container } from '../snapshot/schema.js';

export const unknownOr = (v: string | null | undefined): string => v ?? 'unknown';

/** Bytes in binary units, "—" for a value that is not a finite number. */
export const bytesText = (n: number): string => (Number.isFinite(n) ? formatBytes(n) : '—');

/** A cgroup limit: its value, "unknown" where it could not be read, else "unlimited". */
export function limitText(c: Container, key: 'memoryMax' | 'pidsMax' | 'cpuQuota', fmt: (n: number) => string): string {
  const v = c.cgroup.limits[key];
  if (v !== null) return fmt(v);
  return c.unavailable.some((u) => u.field === `cgroup.limits.${key}`) ? 'unknown' : 'unlimited';
}

/** A getter for a container-only fact: "—" on the host side. */
export const onContainer =
  (get: (c: Container) => string) =>
  (c: Container | null): string =>
    c ? get(c) : '—';
