// Findings on a gVisor or Kata container: its process facts are the sandbox's own host process
// (gVisor's sandbox, Kata's VMM), not the workload's, which runs on gVisor's user-space kernel
// or in a guest and cannot be read from the host. Pure.
//
// So every process-level rule is answered twice: for the workload it "could not be checked"
// (with the reason, so the posture says unknown rather than guessing), and for the sandbox
// process it is kept under its own rule id (`sandbox-host.<rule>`), worded as that process's
// and outside the Pod Security Standards, which judge the workload. Rules that compare with the
// workload's own view (declared configuration, root filesystem) mean nothing here and are not
// applicable. Cgroup limits bind the whole sandbox and are kept as they are.
import { factsOwner, type Sandbox } from '../snapshot/sandbox.js';
import type { Container } from '../snapshot/schema.js';
import type { CheckResult } from './types.js';

/**
 * Rules about the sandbox as a whole (its cgroup limits bind everything in it): kept as they are.
 * Every other rule reads a process's facts (capabilities, seccomp, LSM, namespaces, mounts,
 * devices…) — the sandbox's on the host, unknown for the workload — including rules added later.
 */
const WHOLE_SANDBOX_RULES = /^limits\./;
/** Rules that compare with the workload's own view: meaningless for a sandbox. */
const WORKLOAD_VIEW_RULES = /^(declared\.|rootfs\.)/;

export const SANDBOX_HOST_PREFIX = 'sandbox-host.';

function where(s: Sandbox): string {
  return s.kind === 'user-space-kernel' ? "on gVisor's user-space kernel" : 'inside the virtual machine';
}

/** The checks of a container, scoped to what its facts are when it is a sandbox (unchanged otherwise). */
export function scopeToSandbox(container: Container, checks: CheckResult[]): CheckResult[] {
  const s = container.sandbox;
  if (!s) return checks;
  const owner = factsOwner(s);
  const out: CheckResult[] = [];
  for (const r of checks) {
    if (WORKLOAD_VIEW_RULES.test(r.rule)) {
      out.push({
        ...r,
        outcome: 'not-applicable',
        reason: `the workload runs ${where(s)}; ${r.title.toLowerCase()} is judged on the host process of ${owner}, which is not the workload's`,
      });
      continue;
    }
    if (WHOLE_SANDBOX_RULES.test(r.rule)) {
      out.push(r);
      continue;
    }
    out.push({
      ...r,
      outcome: 'unknown',
      reason: `the workload runs ${where(s)}: its own ${r.title.toLowerCase()} cannot be read from the host (the container's facts are those of ${owner})`,
      meaning: `Not visible from the host: the workload runs ${where(s)}.`,
      evidence: [],
    });
    out.push({
      ...r,
      rule: SANDBOX_HOST_PREFIX + r.rule,
      title: `${owner} on the host: ${r.title}`,
      meaning: `${owner} (pid ${s.factsOf.pid}, on the host): ${r.meaning}`,
      pss: null,
      cis: null,
    });
  }
  return out;
}
