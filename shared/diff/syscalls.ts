// Syscall-level difference of two decoded seccomp policies (the native ABI): which calls one side
// may make that the other may not, and which are answered differently. Pure.
import { actionText, reachOf } from '../seccomp/actions.js';
import type { SeccompAction, SeccompReport, SyscallDecision } from '../seccomp/report.js';

export interface SyscallDifference {
  name: string;
  nr: number;
  a: string;
  b: string;
  /** The side that may make the call where the other may not; null when both deny differently. */
  morePermissive: 'a' | 'b' | null;
}

export function actionLabel(a: SeccompAction | null, d?: SyscallDecision): string {
  if (!a) return d?.outcomes ? `depends on arguments (${d.outcomes.map((o) => actionLabel(o.action)).join(' / ')})` : 'unknown';
  return actionText(a);
}

/** The call may get through: always, or for some arguments (or if a tracer or supervisor lets it). */
const permits = (d: SyscallDecision | undefined): boolean | null => (d ? reachOf(d) !== 'denied' : null);

/** Compares the native-ABI policies; an unfiltered side ("disabled") allows every call. */
export function diffSyscalls(a: SeccompReport, b: SeccompReport): SyscallDifference[] {
  const archA = a.arches[0];
  const archB = b.arches[0];
  const table = (archA ?? archB)?.syscalls ?? [];
  const byName = (r: SeccompReport, arch: typeof archA) => {
    if (r.mode === 'disabled') return null; // everything allowed
    return new Map((arch?.syscalls ?? []).map((s) => [s.name, s]));
  };
  const mapA = byName(a, archA);
  const mapB = byName(b, archB);
  const out: SyscallDifference[] = [];
  for (const s of table) {
    const da = mapA ? mapA.get(s.name) : undefined;
    const db = mapB ? mapB.get(s.name) : undefined;
    const la = mapA ? actionLabel(da?.action ?? null, da) : 'ALLOW (no filter)';
    const lb = mapB ? actionLabel(db?.action ?? null, db) : 'ALLOW (no filter)';
    if (la === lb || la.replace(' (no filter)', '') === lb.replace(' (no filter)', '')) continue;
    const pa = mapA ? permits(da) : true;
    const pb = mapB ? permits(db) : true;
    out.push({ name: s.name, nr: s.nr, a: la, b: lb, morePermissive: pa && !pb ? 'a' : pb && !pa ? 'b' : null });
  }
  return out;
}
