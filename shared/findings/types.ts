// What an audit says about a container: one result per rule (fail, pass, or could-not-check),
// each with the kernel facts it rests on, their source files, what it means and how to fix it.
import type { DeclaredConfig } from '../snapshot/declared.js';
import type { CapabilitySet, Container, Snapshot } from '../snapshot/schema.js';

export const SEVERITIES = ['high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** fail = a finding; unknown = a fact it needs could not be read; not-applicable = the feature is absent on this host. */
export type Outcome = 'fail' | 'pass' | 'unknown' | 'not-applicable';

/** The container view (tab) that shows a rule's evidence. */
export type EvidenceTab = 'overview' | 'processes' | 'namespaces' | 'cgroups' | 'capabilities' | 'security' | 'mounts';

export interface Evidence {
  /** What was looked at, e.g. "CapBnd of the init process". */
  fact: string;
  /** What the kernel (or the runtime's config) said. */
  value: string;
  /** The file it came from, e.g. /proc/1234/status. */
  source: string;
}

export interface Fix {
  docker: string;
  podman: string;
  kubernetes: string;
}

export interface CisRef {
  /** Recommendation number in CIS Docker Benchmark v1.6.0, e.g. "5.5". */
  id: string;
  title: string;
}

export type PssLevel = 'baseline' | 'restricted';
export interface PssRef {
  level: PssLevel;
  /** The control's name on the Pod Security Standards page, e.g. "Host Namespaces". */
  control: string;
}

export interface CheckResult {
  rule: string;
  title: string;
  outcome: Outcome;
  /** The severity of a failure (for passes and unknowns: what a failure would weigh). */
  severity: Severity;
  /** One sentence: what this result means for this container. */
  meaning: string;
  evidence: Evidence[];
  /** Why the rule could not be checked or does not apply. */
  reason?: string;
  cis: CisRef | null;
  pss: PssRef | null;
  fix: Fix;
  tab: EvidenceTab;
}

export type PssPosture = 'privileged' | 'baseline' | 'restricted' | 'unknown';

export interface Posture {
  /** The most restrictive Pod Security Standards level the kernel facts meet. */
  level: PssPosture;
  /** Why not higher (failed controls), or why unknown (controls that could not be checked). */
  why: string[];
  /** When level is unknown but baseline is known to be met. */
  atLeast?: 'baseline';
  counts: Record<Severity, number>;
  unknown: number;
}

export interface ContainerAudit {
  id: string;
  name: string | null;
  runtime: Container['runtime'];
  role: Container['role'];
  checks: CheckResult[];
  /** Failed checks, most severe first. */
  findings: CheckResult[];
  posture: Posture;
}

/** The configuration the runtime declared for a container (its OCI bundle's config.json); the
 * snapshot carries it as Container.declared (shared/snapshot/declared.ts). */
export type { DeclaredConfig } from '../snapshot/declared.js';

/** Facts about the host the snapshot does not carry, supplied by whoever runs the audit. */
export interface AuditContext {
  /**
   * The bounding set of the host reference process (its /proc/PID/status CapBnd). When absent,
   * the snapshot's own `host.capabilityBounding` is used (snapshots that carry it).
   */
  hostCapabilities?: { set: CapabilitySet; source: string } | null;
  /** Declared configuration by container id (a Map: ids come from containers). */
  declared?: ReadonlyMap<string, DeclaredConfig>;
}

export interface RuleInput {
  snapshot: Snapshot;
  container: Container;
  context: AuditContext;
}

export type Rule = (input: RuleInput) => CheckResult[];
