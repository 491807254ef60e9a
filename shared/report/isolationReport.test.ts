// Isolation changes in snapshot files and reports: a file with a container's timeline reads back
// the same, the HTML report lists each change escaped, the Markdown one as code spans, and a
// container id like `__proto__` indexes nothing it should not.
import labJson from '../../electron/agent/fixtures/snapshots/lab-hybrid-root.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { IsolationEvent, type IsolationTimeline } from '../snapshot/isolationEvents.js';
import { parseSnapshotFile, snapshotFile } from '../snapshot/migrate.js';
import { Snapshot } from '../snapshot/schema.js';
import { eventsOf } from './isolationReport.js';
import { snapshotHtml } from './snapshotReport.js';
import { snapshotMarkdown } from './markdown.js';

const snap = Snapshot.parse(labJson);
const c = snap.containers[0]!;
const events: IsolationEvent[] = [
  IsolationEvent.parse({
    containerId: c.id,
    pid: c.initPid,
    startTime: 5,
    comm: '<img src=x>',
    t: 1_800_000_000_000,
    since: 1_799_999_999_000,
    weakens: false,
    change: { kind: 'noNewPrivs', from: false, to: true },
  }),
  IsolationEvent.parse({
    containerId: c.id,
    pid: 4242,
    startTime: 9,
    comm: 'sleep',
    t: 1_800_000_001_000,
    since: null,
    weakens: true,
    change: {
      kind: 'weakerEntry',
      initPid: c.initPid,
      weaker: [{ field: 'capabilities.effective', init: 'none', process: '+1: CAP_SYS_ADMIN' }],
    },
  }),
];
const timeline: IsolationTimeline = { [c.id]: events };

describe('isolation changes in snapshot files and reports', () => {
  it('a snapshot file keeps each container’s timeline', () => {
    const text = JSON.stringify(snapshotFile(snap, 'test', undefined, '2026-01-01T00:00:00.000Z', timeline));
    const back = parseSnapshotFile(text);
    if (!back.ok) throw new Error(back.error);
    expect(back.isolation).toEqual(timeline);
    expect(JSON.parse(JSON.stringify(snapshotFile(snap, 'test')))).not.toHaveProperty('isolation');
  });

  it('the HTML report lists the changes newest first, escaped', () => {
    const page = snapshotHtml(snap, {}, 'test', timeline);
    expect(page).toContain('Isolation changes (2)');
    expect(page).toContain('&lt;img src=x&gt;');
    expect(page).not.toContain('<img src=x>');
    expect(page.indexOf('Weaker process entered')).toBeLessThan(page.indexOf('NoNewPrivs not set → set'));
  });

  it('the Markdown report names them as code spans', () => {
    const text = snapshotMarkdown(snap, timeline);
    expect(text).toContain('### Isolation changes seen live');
    expect(text).toContain('**NoNewPrivs** (stronger)');
    expect(text).toContain('**Weaker process entered** (weaker)');
    expect(snapshotMarkdown(snap)).not.toContain('Isolation changes');
  });

  it('looks up only own properties', () => {
    expect(eventsOf({}, '__proto__')).toEqual([]);
    expect(eventsOf({}, 'constructor')).toEqual([]);
  });
});
