// The five capability sets side by side, and how a container's set differs from its runtime's
// default.
import { CAPABILITY_INFO, RUNTIME_DEFAULT_CAPS } from '../../../shared/rules/capabilityInfo.js';
import type { Capabilities, CapabilitySet, Container } from '../../../shared/snapshot/schema.js';

export const CAP_SETS = ['effective', 'permitted', 'bounding', 'inheritable', 'ambient'] as const;
export type CapSetName = (typeof CAP_SETS)[number];

export const CAP_SET_MEANING: Record<CapSetName, string> = {
  effective: 'What the kernel checks right now',
  permitted: 'What the process may make effective',
  bounding: 'The ceiling: nothing outside it can ever be gained, even through setuid or file caps',
  inheritable: 'What may pass to programs it executes (with matching file caps)',
  ambient: 'What passes to executed programs even without file caps',
};

/** Every capability the rules know, in kernel bit order (CAPABILITY_INFO is written in that order). */
export const KNOWN_CAPS: string[] = Object.keys(CAPABILITY_INFO);

export function capBit(name: string): number {
  return KNOWN_CAPS.indexOf(name);
}

/** Bits set that have no name, across all sets, ascending. */
export function unknownBits(caps: Capabilities): number[] {
  const bits = new Set<number>();
  for (const s of CAP_SETS) for (const b of caps[s]?.unknownBits ?? []) bits.add(b);
  return [...bits].sort((a, b) => a - b);
}

export interface DefaultDiff {
  runtime: string;
  /** The set compared: bounding (what --cap-add/--cap-drop change), effective when bounding is unreadable. */
  compared: 'bounding' | 'effective';
  added: string[];
  removed: string[];
}

/** null when no default set is recorded for the runtime or neither set is readable. */
export function diffFromRuntimeDefault(c: Container): DefaultDiff | null {
  const defaults = RUNTIME_DEFAULT_CAPS[c.runtime];
  if (!defaults) return null;
  const set: CapabilitySet | null = c.capabilities.bounding ?? c.capabilities.effective;
  if (!set) return null;
  const compared = c.capabilities.bounding ? 'bounding' : 'effective';
  const added = set.names.filter((n) => !defaults.includes(n)).sort((a, b) => capBit(a) - capBit(b));
  const removed = defaults.filter((n) => !set.names.includes(n)).sort((a, b) => capBit(a) - capBit(b));
  return { runtime: c.runtime, compared, added, removed };
}

/** "+CAP_SYS_ADMIN −CAP_NET_RAW", or "same as the default". */
export function describeDiff(d: DefaultDiff): string {
  const parts = [...d.added.map((n) => `+${n}`), ...d.removed.map((n) => `−${n}`)];
  return parts.length ? parts.join(' ') : 'same as the default';
}
