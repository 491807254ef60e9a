// The registry of isolation areas is complete: every area has each part (diff, audit rules,
// report section, compare rows) or says why it has none; every field of the Container schema
// belongs to an area (or is identity); and what the areas give is what the diff, the audit, the
// report and the compare facts show — on real snapshots of the lab and the fixture hosts.
import { describe, expect, it } from 'vitest';
import labRootJson from '../../electron/agent/fixtures/snapshots/lab-hybrid-root.json' with { type: 'json' };
import labNobodyJson from '../../electron/agent/fixtures/snapshots/lab-hybrid-nobody.json' with { type: 'json' };
import k8sJson from '../../electron/agent/fixtures/snapshots/k8s-v2.json' with { type: 'json' };
import { containerSide, diffIsolation, hostSide } from '../diff/diff.js';
import { auditContainer } from '../findings/audit.js';
import { snapshotHtml } from '../report/snapshotReport.js';
import { Container, Snapshot } from '../snapshot/schema.js';
import { factRows } from './compareFacts.js';
import { AREAS, auditAreas, isolationAreas } from './registry.js';
import { has, type None } from './types.js';

const snapshots = [labRootJson, labNobodyJson, k8sJson].map((j) => Snapshot.parse(j));
const lab = snapshots[0]!;

/** Container fields that say which container it is, not how isolated it is. */
const IDENTITY = ['id', 'name', 'runtime', 'image', 'labels', 'pod', 'role', 'initPid', 'sources', 'unavailable', 'idConflict'];

const PARTS = ['diff', 'rules', 'report', 'compareFacts'] as const;

interface SchemaNode {
  shape?: Record<string, SchemaNode>;
  unwrap?: () => SchemaNode;
}

/** A dotted path (`cgroup.limits.cpuMaxBurst`) names a field of the Container schema (through nullable/optional). */
function inSchema(path: string): boolean {
  let node: SchemaNode | undefined = Container as unknown as SchemaNode;
  for (const key of path.split('.')) {
    while (node && !node.shape && typeof node.unwrap === 'function') node = node.unwrap();
    if (!node?.shape || !Object.hasOwn(node.shape, key)) return false;
    node = node.shape[key];
  }
  return true;
}

describe('the registry of isolation areas', () => {
  it.each(isolationAreas().map((a) => [a.id, a] as const))('%s has every part, or says why it has none', (_id, area) => {
    expect(area.label.length).toBeGreaterThan(2);
    for (const part of PARTS) {
      const value = area[part];
      if (!has(value)) {
        expect((value as None).none.length, `${area.id}.${part}: a reason`).toBeGreaterThan(20);
        continue;
      }
      if (part === 'diff') expect(has(area.diff) && (area.diff.compare ?? area.diff.finish)).toBeTypeOf('function');
      if (part === 'rules') expect(has(area.rules) && area.rules.length).toBeGreaterThan(0);
      if (part === 'report') expect(has(area.report) && (area.report.html ?? area.report.markdown)).toBeTruthy();
      if (part === 'compareFacts') {
        expect(has(area.compareFacts) && area.compareFacts.length).toBeGreaterThan(0);
        expect(area.section, `${area.id}: compare rows need a section`).not.toBeNull();
      }
    }
  });

  it('ids are unique; a section is an area that is its own section; AREAS lists them in order', () => {
    const areas = isolationAreas();
    const ids = areas.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(AREAS).toEqual(areas.filter((a) => a.section === a.id).map((a) => a.id));
    for (const a of areas) if (a.section !== null) expect(AREAS, `${a.id}'s section`).toContain(a.section);
    // Mounts and the sandbox boundary are areas of their own, listed beside the root filesystem and the namespaces.
    expect(areas.find((a) => a.id === 'mounts')?.section).toBe('rootfs');
    expect(areas.find((a) => a.id === 'boundary')?.section).toBe('namespaces');
  });

  it('every field of the Container schema belongs to an area, or says which container it is', () => {
    const claimed = new Set(isolationAreas().flatMap((a) => a.fields.map((f) => f.split('.')[0]!)));
    const unowned = Object.keys(Container.shape).filter((k) => !claimed.has(k) && !IDENTITY.includes(k));
    expect(unowned, 'a new snapshot field needs an isolation area (shared/areas) that reads it').toEqual([]);
  });

  it('every schema part an area names exists in the Container schema', () => {
    for (const a of isolationAreas()) for (const f of a.fields) expect(inSchema(f), `${a.id}: ${f}`).toBe(true);
    expect(inSchema('cgroup.limits.noSuchLimit')).toBe(false);
  });

  it('the audit runs exactly the areas’ rules, area by area', () => {
    for (const s of snapshots) {
      for (const c of s.containers) {
        const input = {
          snapshot: s,
          container: c,
          context: s.host.capabilityBounding === undefined ? {} : { hostCapabilities: s.host.capabilityBounding },
        };
        const expected = auditAreas()
          .flatMap((a) => (has(a.rules) ? a.rules.flatMap((r) => r(input)) : []))
          .map((r) => r.rule);
        expect(auditContainer(s, c).checks.map((r) => r.rule)).toEqual(expected);
      }
    }
  });

  it('each area’s HTML section is in the snapshot report, in registry order', () => {
    const page = snapshotHtml(lab);
    for (const c of lab.containers) {
      const sections = isolationAreas().flatMap((a) =>
        has(a.report) && a.report.html ? [String(a.report.html(c, { host: lab.host }))] : [],
      );
      expect(sections.length).toBeGreaterThan(3);
      // One container's sections, one after another, exactly as the areas render them.
      expect(page).toContain(sections.join(''));
    }
  });

  it('every difference is in a section, and each compare row comes from an area, against a container and the host', () => {
    const rows = isolationAreas().flatMap((a) => (has(a.compareFacts) ? a.compareFacts : []));
    for (const s of snapshots) {
      const sides = [hostSide(s, { source: 't' }), ...s.containers.map((c) => containerSide(s, c, { source: 't' }))];
      for (const p of sides) {
        for (const q of sides) {
          const d = diffIsolation(p, q);
          for (const x of d.differences) expect(AREAS).toContain(x.area);
          const facts = factRows(p, q, d.differences);
          expect(facts.map((f) => f.label)).toEqual(rows.map((r) => r.label));
          for (const f of facts) expect(AREAS).toContain(f.area);
        }
      }
    }
  });
});
