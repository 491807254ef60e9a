// The isolation diff: two containers (or a container and the host), area by area, each
// difference with the side it leaves less isolated and what that means. Pure.
import { compareFindings } from '../findings/compare.js';
import { diffCgroups } from './cgroups.js';
import { diffDevices } from './devices.js';
import { diffMac } from './mac.js';
import { diffMounts } from './mounts.js';
import { diffNamespaces } from './namespaces.js';
import { withSandboxBoundary } from './sandbox.js';
import { diffCapabilities, diffRootfs, diffSeccomp, diffUser } from './privileges.js';
import { type Area, AREAS, type Difference, type IsolationDiff, type Side, distinctOnOneBoot, sameSubject } from './types.js';

export * from './types.js';
export { mcsRelation } from './mac.js';

const CONTAINER_ONLY: Area[] = ['capabilities', 'seccomp', 'mac', 'cgroups', 'rootfs', 'user'];

export function diffIsolation(a: Side, b: Side): IsolationDiff {
  const same = sameSubject(a, b);
  const differences: Difference[] = [...diffNamespaces(a, b)];
  let skipped: Area[] = [];
  if (a.container && b.container) {
    const [x, y] = [a.container, b.container];
    differences.push(
      ...diffCapabilities(x, y, same),
      ...diffSeccomp(x, y, same),
      ...diffMac(x, y, same, distinctOnOneBoot(a, b)),
      ...diffCgroups(x, y, same),
      ...diffDevices(x, y, same),
      ...diffRootfs(x, y, same),
      ...diffMounts(x, y, same),
      ...diffUser(x, y, same),
    );
  } else skipped = CONTAINER_ONLY;
  differences.sort((p, q) => AREAS.indexOf(p.area) - AREAS.indexOf(q.area));
  // gVisor / Kata: the boundary is the first difference; sandboxed sides' values are their sandbox process's.
  withSandboxBoundary(a, b, differences);
  const describe = (s: Side) => ({ label: s.label, id: s.container?.id ?? null, runtime: s.container?.runtime ?? null });
  const findings = compareFindings(a, b);
  return { a: describe(a), b: describe(b), equal: differences.length === 0, summary: summarize(differences, skipped), differences, skipped, ...(findings ? { findings } : {}) };
}

/** "namespaces: net, pid; capabilities: CAP_SYS_ADMIN, CAP_NET_ADMIN and 3 more, bounding" */
export function ways(diffs: Difference[]): string {
  const groups = new Map<Area, string[]>();
  for (const d of diffs) groups.set(d.area, [...(groups.get(d.area) ?? []), d.field.replace(/^effective\./, '')]);
  return [...groups]
    .map(([area, fields]) => {
      const uniq = [...new Set(fields)];
      const caps = uniq.filter((f) => f.startsWith('CAP_') || f.startsWith('bit '));
      const rest = uniq.filter((f) => !caps.includes(f));
      const capText = caps.length > 4 ? [`${caps.slice(0, 4).join(', ')} and ${caps.length - 4} more`] : caps;
      return `${area}: ${[...capText, ...rest].join(', ')}`;
    })
    .join('; ');
}

export function summarize(diffs: Difference[], skipped: Area[] = []): string {
  const scope = skipped.length ? ' Only namespaces were compared: the host has no container settings.' : '';
  if (diffs.length === 0) return `A and B are equally isolated: no differences.${scope}`;
  const sentences: string[] = [];
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  for (const [w, o] of [['b', 'A'], ['a', 'B']] as const) {
    const less = diffs.filter((d) => d.lessIsolated === w);
    if (less.length) sentences.push(`${w.toUpperCase()} is less isolated than ${o} in ${plural(less.length, 'way', 'ways')}: ${ways(less)}.`);
  }
  const neutral = diffs.filter((d) => d.lessIsolated === null && !d.unknown);
  const unknown = diffs.filter((d) => d.unknown);
  if (neutral.length) sentences.push(`${sentences.length ? 'They also differ' : 'They differ'} in ${plural(neutral.length, 'way that leaves', 'ways that leave')} neither less isolated: ${ways(neutral)}.`);
  if (unknown.length) sentences.push(`${plural(unknown.length, 'value', 'values')} could not be compared (unreadable): ${ways(unknown)}.`);
  return sentences.join(' ') + scope;
}
