// The isolation diff: two containers (or a container and the host), area by area (the
// registry of shared/areas), each difference with the side it leaves less isolated and what
// that means. Pure.
import { compareFindings } from '../findings/compare.js';
import { AREAS, containerOnlySections, isolationAreas } from '../areas/registry.js';
import { has } from '../areas/types.js';
import { type Area, type Difference, type IsolationDiff, type Side, distinctOnOneBoot, sameSubject } from './types.js';

export * from './types.js';
export { mcsRelation } from './mac.js';
export { AREAS, sectionTitle } from '../areas/registry.js';

/** Every registered area (shared/areas) compares the two sides; the differences are sorted by section. */
export function diffIsolation(a: Side, b: Side): IsolationDiff {
  const ctx = { same: sameSubject(a, b), related: distinctOnOneBoot(a, b) };
  const bothContainers = a.container !== null && b.container !== null;
  const differences: Difference[] = [];
  const areas = isolationAreas().filter((area) => bothContainers || !area.containerOnly);
  for (const area of areas) if (has(area.diff) && area.diff.compare) differences.push(...area.diff.compare(a, b, ctx));
  const skipped: Area[] = bothContainers ? [] : containerOnlySections();
  differences.sort((p, q) => AREAS.indexOf(p.area) - AREAS.indexOf(q.area));
  // gVisor / Kata: the boundary is the first difference; sandboxed sides' values are their sandbox process's.
  for (const area of areas) if (has(area.diff) && area.diff.finish) area.diff.finish(a, b, differences);
  const describe = (s: Side) => ({ label: s.label, id: s.container?.id ?? null, runtime: s.container?.runtime ?? null });
  const findings = compareFindings(a, b);
  return {
    a: describe(a),
    b: describe(b),
    equal: differences.length === 0,
    summary: summarize(differences, skipped),
    differences,
    skipped,
    ...(findings ? { findings } : {}),
  };
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
  for (const [w, o] of [
    ['b', 'A'],
    ['a', 'B'],
  ] as const) {
    const less = diffs.filter((d) => d.lessIsolated === w);
    if (less.length)
      sentences.push(`${w.toUpperCase()} is less isolated than ${o} in ${plural(less.length, 'way', 'ways')}: ${ways(less)}.`);
  }
  const neutral = diffs.filter((d) => d.lessIsolated === null && !d.unknown);
  const unknown = diffs.filter((d) => d.unknown);
  if (neutral.length)
    sentences.push(
      `${sentences.length ? 'They also differ' : 'They differ'} in ${plural(neutral.length, 'way that leaves', 'ways that leave')} neither less isolated: ${ways(neutral)}.`,
    );
  if (unknown.length)
    sentences.push(`${plural(unknown.length, 'value', 'values')} could not be compared (unreadable): ${ways(unknown)}.`);
  return sentences.join(' ') + scope;
}
