// Findings one side of a comparison has and the other does not: "B fails CIS 5.10 where A
// passes". Only a fail against a pass counts; a rule that could not be checked on either side
// is left out rather than guessed. Pure.
import type { Side } from '../diff/types.js';
import type { Snapshot } from '../snapshot/schema.js';
import { auditContainer, bySeverity } from './audit.js';
import type { CheckResult } from './types.js';

export interface FindingDelta {
  rule: string;
  title: string;
  severity: CheckResult['severity'];
  cis: CheckResult['cis'];
  pss: CheckResult['pss'];
  /** What the failing side's result says. */
  meaning: string;
}

/** One side's declared vs effective: the runtime's configuration against the kernel. */
export interface DeclaredSide {
  outcome: CheckResult['outcome'];
  /** What the check says (pass/fail), or why it could not be made. */
  text: string;
  /** The points where they disagree (fail only). */
  evidence: CheckResult['evidence'];
}

export interface FindingsComparison {
  /** Fail on A, pass on B. */
  onlyA: FindingDelta[];
  /** Fail on B, pass on A. */
  onlyB: FindingDelta[];
  /** Declared vs effective on each side (the declared.differs check), shown whatever the other side says. */
  declared?: { a: DeclaredSide | null; b: DeclaredSide | null };
}

function checksOf(side: Side): CheckResult[] | null {
  if (!side.container) return null;
  // The side carries its container and host only: rules that look across containers (shared
  // SELinux categories) see just this one here.
  const snapshot: Snapshot = { schemaVersion: 1, takenAt: '', host: side.host, containers: [side.container] };
  return auditContainer(snapshot, side.container).checks;
}

const delta = (r: CheckResult): FindingDelta => ({
  rule: r.rule,
  title: r.title,
  severity: r.severity,
  cis: r.cis,
  pss: r.pss,
  meaning: r.meaning,
});

export function compareFindings(a: Side, b: Side): FindingsComparison | null {
  const ca = checksOf(a);
  const cb = checksOf(b);
  if (!ca || !cb) return null;
  const outcome = (list: CheckResult[], rule: string) => list.find((r) => r.rule === rule)?.outcome;
  const only = (mine: CheckResult[], other: CheckResult[]) =>
    mine
      .filter((r) => r.outcome === 'fail' && outcome(other, r.rule) === 'pass')
      .sort(bySeverity)
      .map(delta);
  const declared = (list: CheckResult[]): DeclaredSide | null => {
    const r = list.find((x) => x.rule === 'declared.differs');
    return r
      ? {
          outcome: r.outcome,
          text: r.outcome === 'unknown' || r.outcome === 'not-applicable' ? (r.reason ?? r.meaning) : r.meaning,
          evidence: r.outcome === 'fail' ? r.evidence : [],
        }
      : null;
  };
  return { onlyA: only(ca, cb), onlyB: only(cb, ca), declared: { a: declared(ca), b: declared(cb) } };
}

/** "B fails CIS 5.10, PSS baseline (namespace.host-net) where A passes" */
export function deltaHeadline(d: FindingDelta, fails: 'A' | 'B'): string {
  const ref = [d.cis ? `CIS ${d.cis.id}` : null, d.pss ? `PSS ${d.pss.level}` : null].filter(Boolean).join(', ');
  return `${fails} fails ${ref ? `${ref} (${d.rule})` : d.rule} where ${fails === 'A' ? 'B' : 'A'} passes`;
}

/** "B fails CIS 5.10, PSS baseline (namespace.host-net) where A passes [high]: <meaning>" */
export function deltaText(d: FindingDelta, fails: 'A' | 'B'): string {
  return `${deltaHeadline(d, fails)} [${d.severity}]: ${d.meaning}`;
}
