// Capability names by bit number (linux/capability.h) and helpers around them.
import { readFileSync } from 'node:fs';
import { CAPABILITY_NAMES } from '../../electron/agent/parsers/capabilities.js';

/** The collector's table (electron/agent/parsers/capabilities.ts, checked against `capsh --decode`). */
export const CAP_NAMES: readonly string[] = CAPABILITY_NAMES;

/** Decodes a /proc/<pid>/status capability mask (hex) into names. */
export function capsFromMask(hex: string): string[] {
  const mask = BigInt(`0x${hex}`);
  return CAP_NAMES.filter((_, bit) => (mask >> BigInt(bit)) & 1n);
}

/** The bounding set of this (host-side) process: the most any child can get. */
export function hostBoundingCaps(): string[] {
  const m = /^CapBnd:\s*([0-9a-f]+)$/m.exec(readFileSync('/proc/self/status', 'utf8'));
  return m?.[1] ? capsFromMask(m[1]) : [...CAP_NAMES];
}

/** Keeps the order of `caps` but drops those the host bounding set does not have. */
export function withinHostBounding(caps: readonly string[]): string[] {
  const bnd = new Set(hostBoundingCaps());
  return caps.filter((c) => bnd.has(c));
}
