// The boundary of each side (kernel namespaces on the shared host kernel, gVisor's user-space
// kernel, a virtual machine) is the first difference between two containers; where a side is
// sandboxed, its other values are its sandbox process's on the host, and each difference says
// so. Pure.
import { factsOwner, HYPERVISOR_LABEL, RUNTIME_LABEL, type Sandbox } from '../snapshot/sandbox.js';
import type { Difference, Side } from './types.js';

/** The boundary as text, or null when it is not known (snapshots that did not collect it). */
export function boundaryOf(s: Sandbox | null | undefined): string | null {
  if (s === undefined) return null;
  if (s === null) return 'kernel namespaces on the host kernel';
  if (s.kind === 'user-space-kernel') return `${RUNTIME_LABEL[s.runtime]} user-space kernel`;
  return `virtual machine (${RUNTIME_LABEL[s.runtime]}${s.hypervisor ? `, ${HYPERVISOR_LABEL[s.hypervisor]}` : ''})`;
}

/** The boundary difference of two containers, if any (never against the host side). */
export function diffBoundary(a: Side, b: Side): Difference | null {
  if (!a.container || !b.container) return null;
  const [sa, sb] = [a.container.sandbox, b.container.sandbox];
  const [ta, tb] = [boundaryOf(sa), boundaryOf(sb)];
  if (ta !== null && ta === tb) return null;
  if (ta === null || tb === null) {
    if (ta === null && tb === null) return null;
    return {
      area: 'namespaces',
      field: 'boundary',
      a: ta ?? 'not collected in this snapshot',
      b: tb ?? 'not collected in this snapshot',
      lessIsolated: null,
      unknown: true,
      meaning: `The isolation boundary of ${ta === null ? 'A' : 'B'} was not collected in its snapshot: whether it is sandboxed is unknown.`,
    };
  }
  // A sandbox (its own kernel, user-space or guest) is a stronger boundary than namespaces alone;
  // gVisor against a VM is a different boundary, not an ordered one.
  const lessIsolated = !sa && sb ? 'a' : sa && !sb ? 'b' : null;
  const meaning =
    lessIsolated === null
      ? `A runs behind ${ta} and B behind ${tb}: different boundaries, neither simply weaker.`
      : `${lessIsolated === 'a' ? 'A' : 'B'} shares the host kernel (namespaces only); ${lessIsolated === 'a' ? 'B' : 'A'} runs behind ${lessIsolated === 'a' ? tb : ta}, so a kernel exploit from its workload first has to get through that.`;
  return { area: 'namespaces', field: 'boundary', a: ta, b: tb, lessIsolated, unknown: false, meaning };
}

/**
 * Puts the boundary first and, where a side is sandboxed, says in every other difference whose
 * values they are. Mutates `differences` (already sorted by area).
 */
export function withSandboxBoundary(a: Side, b: Side, differences: Difference[]): void {
  const notes = (
    [
      ['A', a],
      ['B', b],
    ] as const
  )
    .filter(([, s]) => s.container?.sandbox)
    .map(([n, s]) => `${n}'s values are those of ${factsOwner(s.container!.sandbox!)} on the host, not its workload's`);
  if (notes.length) for (const d of differences) d.meaning = `${d.meaning} (${notes.join('; ')}.)`;
  const boundary = diffBoundary(a, b);
  if (boundary) differences.unshift(boundary);
}
