// The audit: every rule over every container of a snapshot, the failures sorted by severity,
// and a posture per container (the Pod Security Standards level its kernel facts meet and how
// many findings of each severity). One set of rules for the app, the command line and reports:
// the rules of the isolation areas (shared/areas/registry.ts).
import type { Container, Snapshot } from '../snapshot/schema.js';
import { auditAreas } from '../areas/registry.js';
import { has } from '../areas/types.js';
import { scopeToSandbox } from './sandboxScope.js';
import {
  SEVERITIES,
  type AuditContext,
  type CheckResult,
  type ContainerAudit,
  type Posture,
  type Rule,
  type Severity,
} from './types.js';

/** Every rule of every isolation area (shared/areas), in the audit's order. */
export const rules = (): Rule[] => auditAreas().flatMap((area) => (has(area.rules) ? area.rules : []));

export const severityRank = (s: Severity) => SEVERITIES.indexOf(s);

export function bySeverity(a: CheckResult, b: CheckResult): number {
  return severityRank(a.severity) - severityRank(b.severity) || a.rule.localeCompare(b.rule);
}

const control = (r: CheckResult) => `${r.pss!.control} (${r.rule})`;

export function posture(checks: CheckResult[]): Posture {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const r of checks) if (r.outcome === 'fail') counts[r.severity]++;
  const unknownCount = checks.filter((r) => r.outcome === 'unknown').length;
  const pss = (level: 'baseline' | 'restricted', outcome: CheckResult['outcome']) =>
    checks.filter((r) => r.pss?.level === level && r.outcome === outcome);
  const baseFail = pss('baseline', 'fail');
  if (baseFail.length)
    return { level: 'privileged', why: baseFail.map((r) => `baseline fails: ${control(r)}`), counts, unknown: unknownCount };
  const baseUnknown = pss('baseline', 'unknown');
  if (baseUnknown.length)
    return {
      level: 'unknown',
      why: baseUnknown.map((r) => `could not check ${control(r)}: ${r.reason}`),
      counts,
      unknown: unknownCount,
    };
  const restrFail = pss('restricted', 'fail');
  if (restrFail.length)
    return { level: 'baseline', why: restrFail.map((r) => `restricted fails: ${control(r)}`), counts, unknown: unknownCount };
  const restrUnknown = pss('restricted', 'unknown');
  if (restrUnknown.length)
    return {
      level: 'unknown',
      atLeast: 'baseline',
      why: restrUnknown.map((r) => `could not check ${control(r)}: ${r.reason}`),
      counts,
      unknown: unknownCount,
    };
  return { level: 'restricted', why: [], counts, unknown: unknownCount };
}

/** The context with the snapshot's own facts filled in where the caller gave none (the host's bounding set). */
export function withSnapshotFacts(snapshot: Snapshot, context: AuditContext): AuditContext {
  if (context.hostCapabilities !== undefined || snapshot.host.capabilityBounding === undefined) return context;
  return { ...context, hostCapabilities: snapshot.host.capabilityBounding };
}

export function auditContainer(snapshot: Snapshot, container: Container, given: AuditContext = {}): ContainerAudit {
  const context = withSnapshotFacts(snapshot, given);
  // gVisor / Kata: process facts are the sandbox's host process's, not the workload's (sandboxScope.ts).
  const checks = scopeToSandbox(
    container,
    rules().flatMap((rule) => rule({ snapshot, container, context })),
  );
  return {
    id: container.id,
    name: container.name,
    runtime: container.runtime,
    role: container.role,
    checks,
    findings: checks.filter((r) => r.outcome === 'fail').sort(bySeverity),
    posture: posture(checks),
  };
}

export function auditSnapshot(
  snapshot: Snapshot,
  context: AuditContext = {},
  containers: Container[] = snapshot.containers,
): ContainerAudit[] {
  return containers.map((c) => auditContainer(snapshot, c, context));
}

/** True when a finding at or above the threshold exists (for --fail-on). */
export function failsAt(audits: ContainerAudit[], threshold: Severity): boolean {
  return audits.some((a) => a.findings.some((f) => severityRank(f.severity) <= severityRank(threshold)));
}

/** "privileged (baseline fails: …)", "restricted", "unknown (at least baseline) because …": one line. */
export function postureText(p: Posture): string {
  if (p.level === 'unknown')
    return `unknown${p.atLeast ? ` (at least ${p.atLeast})` : ''} because ${p.why[0] ?? 'facts are missing'}${p.why.length > 1 ? ` (+${p.why.length - 1} more)` : ''}`;
  return p.level;
}
