// The posture of each demo container, judged by the one audit (shared/findings) from a fresh
// snapshot, which carries the runtime's declared configuration: the Pod Security level it meets and its
// findings per severity.
import { auditContainer } from '../../../shared/findings/audit.js';
import type { ContainerAudit } from '../../../shared/findings/types.js';
import type { Snapshot } from '../../../shared/snapshot/schema.js';
import { Collector } from '../collect/collector.js';
import type { CollectOptions } from '../collect/options.js';

/** Audits of the containers with these ids that the snapshot holds (by id: the runtime's own state named them). */
// The declared configuration comes with the snapshot (Container.declared, read from root-owned
// runtime state by the collector).
export function auditIds(snapshot: Snapshot, ids: readonly string[]): Map<string, ContainerAudit> {
  const out = new Map<string, ContainerAudit>();
  for (const c of snapshot.containers) if (ids.includes(c.id)) out.set(c.id, auditContainer(snapshot, c));
  return out;
}

/** A snapshot of the live host (the runc root holding the demo containers included) and the audits of `ids`. */
export async function demoAudits(
  ids: readonly string[],
  options: Partial<CollectOptions> = {},
): Promise<Map<string, ContainerAudit>> {
  if (ids.length === 0) return new Map();
  const snapshot = await new Collector(options).snapshot();
  return auditIds(snapshot, ids);
}

/** "Pod Security restricted · 0 high · 0 medium · 1 low", or why it could not be judged. */
export function postureLine(a: ContainerAudit | undefined): string {
  if (!a) return 'posture: not seen by the collector';
  const p = a.posture;
  const level = `Pod Security ${p.level}${p.level === 'unknown' && p.atLeast ? ` (at least ${p.atLeast})` : ''}`;
  return `${level} · ${p.counts.high} high · ${p.counts.medium} medium · ${p.counts.low} low${p.unknown ? ` · ${p.unknown} not checked` : ''}`;
}
