// Reading the profile the profiler generated (OCI / Docker seccomp JSON) just enough to say what
// it allows, and what it would refuse that the filter running now lets through.
import type { SeccompReport } from '../../../../shared/seccomp/report.js';
import { reachOf } from '../../../../shared/rules/danger.js';

export interface GeneratedSummary {
  defaultAction: string | null;
  /** Names some rule allows (possibly under argument conditions). */
  allowed: Set<string>;
  /** Names a rule gives another action. */
  refused: Set<string>;
  allowsByDefault: boolean;
}

const PERMISSIVE = ['SCMP_ACT_ALLOW', 'SCMP_ACT_LOG'];

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** null when the JSON is not shaped like a seccomp profile. */
export function summarizeGenerated(profile: unknown): GeneratedSummary | null {
  if (!isRecord(profile) || typeof profile.defaultAction !== 'string') return null;
  const allowed = new Set<string>();
  const refused = new Set<string>();
  const rules = Array.isArray(profile.syscalls) ? profile.syscalls : [];
  for (const rule of rules) {
    if (!isRecord(rule)) continue;
    const names = Array.isArray(rule.names) ? rule.names : typeof rule.name === 'string' ? [rule.name] : [];
    const permissive = typeof rule.action === 'string' && PERMISSIVE.includes(rule.action);
    for (const n of names) if (typeof n === 'string') (permissive ? allowed : refused).add(n);
  }
  return { defaultAction: profile.defaultAction, allowed, refused, allowsByDefault: PERMISSIVE.includes(profile.defaultAction) };
}

export function generatedAllows(g: GeneratedSummary, name: string): boolean {
  if (g.allowed.has(name)) return true;
  if (g.refused.has(name)) return false;
  return g.allowsByDefault;
}

/** Syscalls of the native ABI the current filter lets through (always or by argument) that the generated profile refuses. */
export function newlyDenied(g: GeneratedSummary, report: SeccompReport): string[] {
  const native = report.arches[0];
  if (!native) return [];
  return native.syscalls.filter((d) => reachOf(d) !== 'denied' && !generatedAllows(g, d.name)).map((d) => d.name);
}
