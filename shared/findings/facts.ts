// Small helpers the rules share: where a fact was read from, how to print it, and the
// "could not check" reason for a field the collector marked unavailable.
import type { CapabilitySet, Container, IdMapEntry } from '../snapshot/schema.js';
import type { CheckResult, Evidence } from './types.js';

export const statusFile = (c: Container) => `/proc/${c.initPid}/status`;
export const nsLink = (c: Container, type: string) => `/proc/${c.initPid}/ns/${type}`;

/** The unavailable entry for a field (or one of its parents/children), as a sentence. */
export function unavailableReason(c: Container, field: string): string | null {
  const u = c.unavailable.find((x) => x.field === field || field.startsWith(x.field + '.') || x.field.startsWith(field + '.'));
  if (!u) return null;
  return `${u.field}: ${u.reason}${u.detail ? ` (${u.detail})` : ''}`;
}

export function capsText(set: CapabilitySet | null | undefined): string {
  if (!set) return 'unreadable';
  const names = set.names.map((n) => n.replace(/^CAP_/, ''));
  const all = [...names, ...set.unknownBits.map((b) => `bit ${b}`)];
  return `${set.hex}${all.length ? ` = ${all.join(', ')}` : ' (none)'}`;
}

export const short = (caps: string[]) => caps.map((n) => n.replace(/^CAP_/, '')).join(', ');

/** The uid inside the user namespace for a host uid, through the uid map; null if unmapped. */
export function insideUid(hostUid: number, map: IdMapEntry[]): number | null {
  for (const e of map) if (hostUid >= e.outside && hostUid < e.outside + e.count) return e.inside + (hostUid - e.outside);
  return null;
}

/** The collector's reference for "the host" as evidence source text. */
export function hostReference(snapshot: { host: { namespaceReference: { pid: number; why: string } } }): string {
  return `/proc/${snapshot.host.namespaceReference.pid}/ns (${snapshot.host.namespaceReference.why})`;
}

type Base = Omit<CheckResult, 'outcome' | 'meaning' | 'evidence' | 'reason'>;

export function fail(base: Base, meaning: string, evidence: Evidence[], severity = base.severity): CheckResult {
  return { ...base, severity, outcome: 'fail', meaning, evidence };
}
export function pass(base: Base, meaning: string, evidence: Evidence[]): CheckResult {
  return { ...base, outcome: 'pass', meaning, evidence };
}
export function unknown(base: Base, reason: string, evidence: Evidence[] = []): CheckResult {
  return { ...base, outcome: 'unknown', meaning: `Could not check: ${reason}.`, reason, evidence };
}
export function notApplicable(base: Base, reason: string, evidence: Evidence[] = []): CheckResult {
  return { ...base, outcome: 'not-applicable', meaning: `Does not apply: ${reason}.`, reason, evidence };
}
