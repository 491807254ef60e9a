// The point of the registry: an isolation area registered here, in a test, and in no other file,
// takes part in the diff (text, HTML, Markdown, the host comparison), the audit, the HTML and
// Markdown snapshot reports and the compare view's facts; removed again, everything is as before.
import { afterEach, describe, expect, it } from 'vitest';
import labRootJson from '../../electron/agent/fixtures/snapshots/lab-hybrid-root.json' with { type: 'json' };
import { containerSide, diffIsolation, hostSide } from '../diff/diff.js';
import { diffText } from '../diff/text.js';
import { fail, pass } from '../findings/facts.js';
import { auditContainer } from '../findings/audit.js';
import { diffHtml, diffMarkdown, snapshotHtml, snapshotMarkdown } from '../report/index.js';
import { html } from '../report/escape.js';
import { Snapshot, type Container } from '../snapshot/schema.js';
import { factRows } from './compareFacts.js';
import { AREAS, containerOnlySections, registerArea, sectionTitle } from './registry.js';
import type { IsolationArea } from './types.js';

const snap = Snapshot.parse(labRootJson);
const count = (c: Container) => c.processes.length;
// Two real containers of the lab with different numbers of processes.
const [x, y] = (() => {
  for (const p of snap.containers) for (const q of snap.containers) if (count(p) > count(q)) return [p, q];
  throw new Error('the lab snapshot has no two containers with different process counts');
})();
const a = containerSide(snap, x!, { source: 'test' });
const b = containerSide(snap, y!, { source: 'test' });

/** A made-up area: how many processes a container runs. */
const processCount: IsolationArea = {
  id: 'processCount',
  label: 'Process count (test)',
  section: 'processCount',
  fields: ['processes'],
  containerOnly: true,
  diff: {
    compare: (s, t) => {
      const [m, n] = [count(s.container!), count(t.container!)];
      return m === n
        ? []
        : [
            {
              area: 'processCount',
              field: 'count',
              a: String(m),
              b: String(n),
              lessIsolated: m > n ? 'a' : 'b',
              unknown: false,
              meaning: `A runs ${m} processes, B ${n}.`,
            },
          ];
    },
  },
  rules: [
    ({ container }) => {
      const base = {
        rule: 'test.processCount',
        title: 'More than one process',
        severity: 'low' as const,
        cis: null,
        pss: null,
        tab: 'processes' as const,
        fix: { docker: 'd', podman: 'p', kubernetes: 'k' },
      };
      const evidence = [{ fact: 'processes', value: String(count(container)), source: 'snapshot' }];
      return [
        count(container) > 1
          ? fail(base, 'It runs more than one process.', evidence)
          : pass(base, 'It runs one process.', evidence),
      ];
    },
  ],
  report: {
    html: (c) => html`<h3>Process count</h3><p>runs ${count(c)} processes</p>`,
    markdown: { title: 'Process counts (test)', lines: (name, c) => [`- ${name}: ${count(c)} processes`] },
  },
  compareFacts: [{ field: 'count', label: 'process count', get: (c) => (c ? String(count(c)) : '—') }],
};

let unregister: (() => void) | null = null;
afterEach(() => {
  unregister?.();
  unregister = null;
});

describe('an area registered in a test and nowhere else', () => {
  it('is a section of the diff: its difference, in the text, HTML and Markdown of the diff', () => {
    const before = diffIsolation(a, b);
    unregister = registerArea(processCount);
    expect(AREAS.at(-1)).toBe('processCount');
    expect(sectionTitle('processCount')).toBe('Process count (test)');
    const d = diffIsolation(a, b);
    const mine = d.differences.filter((x) => x.area === 'processCount');
    expect(mine).toEqual([
      expect.objectContaining({ field: 'count', a: String(count(x!)), b: String(count(y!)), lessIsolated: 'a' }),
    ]);
    expect(d.differences.length).toBe(before.differences.length + 1);
    expect(d.summary).toContain('processCount: count');
    expect(diffText(d)).toContain(`\nprocessCount\n  count: A ${count(x!)} | B ${count(y!)}  [A less isolated]\n`);
    expect(diffHtml(d)).toContain('<h2>processCount</h2>');
    expect(diffMarkdown(d)).toContain(`| processCount | \`count\` | \`${count(x!)}\` | \`${count(y!)}\` | **A** |`);
  });

  it('is container-only: against the host it is listed as not compared', () => {
    unregister = registerArea(processCount);
    const d = diffIsolation(a, hostSide(snap, { source: 'test' }));
    expect(d.differences.some((x) => x.area === 'processCount')).toBe(false);
    expect(d.skipped).toContain('processCount');
    expect(containerOnlySections()).toContain('processCount');
  });

  it('its rule runs in the audit, and its findings count in the posture', () => {
    const before = auditContainer(snap, x!);
    unregister = registerArea(processCount);
    const after = auditContainer(snap, x!);
    expect(after.checks.map((r) => r.rule)).toEqual([...before.checks.map((r) => r.rule), 'test.processCount']);
    expect(after.findings.map((f) => f.rule)).toContain('test.processCount');
    expect(after.posture.counts.low).toBe(before.posture.counts.low + 1);
  });

  it('its sections are in the HTML and Markdown snapshot reports, for every container', () => {
    unregister = registerArea(processCount);
    const page = snapshotHtml(snap);
    const md = snapshotMarkdown(snap);
    for (const c of snap.containers) expect(page).toContain(`<h3>Process count</h3><p>runs ${count(c)} processes</p>`);
    expect(md).toContain('### Process counts (test)');
    expect(md).toContain(`- ${x!.name}: ${count(x!)} processes`);
  });

  it('its compare row is in the facts, marked different with the side the diff names', () => {
    unregister = registerArea(processCount);
    const d = diffIsolation(a, b);
    const row = factRows(a, b, d.differences).find((r) => r.area === 'processCount');
    expect(row).toEqual({
      area: 'processCount',
      field: 'count',
      label: 'process count',
      a: String(count(x!)),
      b: String(count(y!)),
      differs: true,
      lessIsolated: 'a',
    });
  });

  it('removed again, the diff, the audit, the reports and the facts are exactly as before', () => {
    const d0 = diffIsolation(a, b);
    const outputs = () => [
      diffText(diffIsolation(a, b)),
      snapshotHtml(snap),
      snapshotMarkdown(snap),
      JSON.stringify(auditContainer(snap, x!)),
      JSON.stringify(factRows(a, b, d0.differences)),
      AREAS.join(),
    ];
    const before = outputs();
    registerArea(processCount)();
    expect(outputs()).toEqual(before);
    expect(() => registerArea({ ...processCount, id: 'namespaces' })).toThrow(/registered already/);
  });
});
