// Reading snapshot files: real snapshots and exports are accepted; malformed, foreign,
// truncated, hostile and future files are refused with one clear line; v0 is migrated.
import { describe, expect, it } from 'vitest';

import selinuxJson from '../../electron/agent/fixtures/snapshots/v2-selinux.json' with { type: 'json' };
import type { HistoryPoint } from '../ipc/contract.js';
import { LIMITS, MIGRATIONS, parseSnapshotFile, snapshotFile } from './migrate.js';
import { Snapshot } from './schema.js';

const real = Snapshot.parse(selinuxJson);
const realText = JSON.stringify(real, null, 2);
const point = (t: number): HistoryPoint => ({
  t,
  cpuPercent: 1.5,
  memoryBytes: 4e6,
  pids: 2,
  ioReadBps: 0,
  ioWriteBps: 0,
  netRxBps: null,
  netTxBps: null,
  throttledPerSec: 0,
  psiCpu: 0.1,
  psiMemory: 0,
  psiIo: 0,
});

/** The previous format, as this test defines it: v1 without boot time, clock ticks, start dates and cgroup exclusivity. */
function asV0(s: Snapshot): unknown {
  const v0 = structuredClone(s) as unknown as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  v0.schemaVersion = 0;
  delete v0.host.bootTime;
  delete v0.host.clockTicks;
  v0.host.unavailable = v0.host.unavailable.filter((u: { field: string }) => u.field !== 'bootTime' && u.field !== 'clockTicks');
  for (const c of v0.containers) {
    delete c.cgroup.exclusive;
    for (const p of c.processes) delete p.startedAt;
  }
  return v0;
}

describe('accepted files', () => {
  it('a bare snapshot as `isoscope snapshot` prints it', () => {
    const r = parseSnapshotFile(realText);
    expect(r).toEqual({ ok: true, snapshot: real });
  });

  it('an export with history round-trips, byte-order mark and all', () => {
    const history = { [real.containers[0]!.id]: [point(1), point(2)] };
    const file = snapshotFile(real, 'isoscope 0.1.0', history, '2026-01-02T03:04:05.000Z');
    const r = parseSnapshotFile('\ufeff' + JSON.stringify(file));
    expect(r).toEqual({
      ok: true,
      snapshot: real,
      history,
      exportedAt: '2026-01-02T03:04:05.000Z',
      exportedBy: 'isoscope 0.1.0',
    });
  });

  it('a v0 file is migrated: the missing facts become null with an unavailable entry', () => {
    const r = parseSnapshotFile(JSON.stringify(asV0(real)));
    if (!r.ok) throw new Error(r.error);
    expect(r.migratedFrom).toBe(0);
    expect(r.snapshot.schemaVersion).toBe(1);
    expect(r.snapshot.host.bootTime).toBeNull();
    expect(r.snapshot.host.clockTicks).toBeNull();
    expect(r.snapshot.host.unavailable).toContainEqual({
      field: 'bootTime',
      reason: 'not-recorded',
      detail: 'snapshot format v0',
    });
    for (const c of r.snapshot.containers) {
      expect(c.cgroup.exclusive).toBeNull();
      expect(c.unavailable).toContainEqual({ field: 'cgroup.exclusive', reason: 'not-recorded', detail: 'snapshot format v0' });
      expect(c.processes.every((p) => p.startedAt === null)).toBe(true);
    }
    // Everything else is exactly what was saved.
    expect(r.snapshot.containers.map((c) => [c.id, c.capabilities, c.namespaces, c.cgroup.limits])).toEqual(
      real.containers.map((c) => [c.id, c.capabilities, c.namespaces, c.cgroup.limits]),
    );
  });

  it('a v0 export (wrapped) is migrated too', () => {
    const r = parseSnapshotFile(JSON.stringify({ snapshot: asV0(real), exportedAt: 'x', exportedBy: 'y' }));
    expect(r).toMatchObject({ ok: true, migratedFrom: 0, exportedBy: 'y' });
    expect(Object.keys(MIGRATIONS)).toEqual(['0']);
  });
});

const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
const withContainerKey = (key: string) => realText.replace('"initPid":', `"${key}": {"polluted": true}, "initPid":`);

describe('refused files, each with one line', () => {
  const cases: [string, string, string | RegExp][] = [
    ['empty', '   \n', 'empty file'],
    ['malformed JSON', '{"schemaVersion": 1, "host": }', /^not valid JSON: Unexpected token/],
    ['trailing garbage', realText + ' x', /^not valid JSON: /],
    ['truncated', realText.slice(0, Math.floor(realText.length / 2)), /^truncated: the file ends inside the JSON/],
    ['truncated in a string', '{"schemaVersion": 1, "takenAt": "2026-', 'truncated: the file ends inside the JSON (in a string)'],
    [
      'a package.json',
      '{"name": "x", "version": "1.0.0"}',
      'not an Isoscope snapshot: a JSON object without schemaVersion, host and containers',
    ],
    ['an array', '[1, 2]', 'not an Isoscope snapshot: a JSON array'],
    ['a number', '42', 'not an Isoscope snapshot: a JSON number'],
    [
      'a future version',
      realText.replace('"schemaVersion": 1', '"schemaVersion": 7'),
      'snapshot format v7 is newer than this Isoscope reads (v1): update Isoscope',
    ],
    [
      'an unknown old version',
      realText.replace('"schemaVersion": 1', '"schemaVersion": -3'),
      'unknown snapshot format v-3 (this Isoscope reads v0 to v1)',
    ],
    [
      'a string version',
      realText.replace('"schemaVersion": 1', '"schemaVersion": "1"'),
      'not an Isoscope snapshot: schemaVersion is not a whole number',
    ],
    [
      'a wrong type',
      realText.replace('"initPid": 6104', '"initPid": "6104"'),
      /^not a valid snapshot: containers\[0\]\.initPid: Invalid input: expected number, received string$/,
    ],
    ['a missing field', realText.replace(/"takenAt": "[^"]*",/, ''), /^not a valid snapshot: takenAt: /],
    [
      'an export without exportedBy',
      JSON.stringify({ snapshot: real, exportedAt: 'x' }),
      /^not a valid snapshot file: exportedBy: /,
    ],
    ['nesting deeper than 64', deep(65), 'nested deeper than 64 levels'],
    ['deep nesting (stack exhaustion)', deep(200_000), 'nested deeper than 64 levels'],
    [
      'a string over 1 MiB',
      JSON.stringify({ schemaVersion: 1, host: 'x'.repeat(LIMITS.maxString + 1) }),
      'refused: a string longer than 1 MiB',
    ],
    ['a key over 1 MiB', `{"${'k'.repeat(LIMITS.maxString + 1)}": 1}`, 'refused: a string longer than 1 MiB'],
    ['too many items', `[${'0,'.repeat(LIMITS.maxItems)}0]`, 'more than 200000 items in one array or object'],
    ['__proto__ in a container', withContainerKey('__proto__'), 'refused: the key "__proto__" is not allowed in a snapshot file'],
    [
      '__proto__ spelled with an escape',
      withContainerKey('__pro\\u0074o__'),
      'refused: the key "__proto__" is not allowed in a snapshot file',
    ],
    [
      'constructor at the top',
      '{"constructor": {"prototype": {"x": 1}}, "schemaVersion": 1}',
      /^refused: the key "(prototype|constructor)" is not allowed/,
    ],
    [
      'prototype in the host',
      realText.replace('"hostname":', '"prototype": 1, "hostname":'),
      'refused: the key "prototype" is not allowed in a snapshot file',
    ],
  ];

  it.each(cases)('%s', (_name, text, message) => {
    const r = parseSnapshotFile(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.includes('\n')).toBe(false);
    if (typeof message === 'string') expect(r.error).toBe(message);
    else expect(r.error).toMatch(message);
  });

  it('too many values in all', () => {
    const rows = Math.ceil(LIMITS.maxValues / 100_000) + 1;
    const text = `[${Array.from({ length: rows }, () => `[${'0,'.repeat(99_999)}0]`).join(',')}]`;
    expect(parseSnapshotFile(text)).toEqual({ ok: false, error: `more than ${LIMITS.maxValues} values` });
  });

  it('container ids and label names that are prototype names are data in the id-keyed maps: kept, never obeyed', () => {
    // What `isoscope export --duration` writes on a host with a runc container named __proto__.
    const c = { ...real.containers[0]!, id: '__proto__', labels: { constructor: 'x', __proto__: 'y' } };
    const point = {
      t: 1,
      cpuPercent: 1,
      memoryBytes: 2,
      pids: 3,
      ioReadBps: null,
      ioWriteBps: null,
      netRxBps: null,
      netTxBps: null,
      throttledPerSec: null,
      psiCpu: null,
      psiMemory: null,
      psiIo: null,
    };
    const labels = '{"constructor": "x", "__proto__": "y"}';
    const text = JSON.stringify({
      snapshot: { ...real, containers: [{ ...c, labels: {} }] },
      exportedAt: 'now',
      exportedBy: 'test',
    })
      .replace('"labels":{}', `"labels":${labels}`)
      .replace(/}$/, `, "history": {"__proto__": [${JSON.stringify(point)}], "constructor": [${JSON.stringify(point)}]}}`);
    const r = parseSnapshotFile(text);
    expect(r.ok, r.ok ? '' : r.error).toBe(true);
    if (!r.ok) return;
    expect(Object.hasOwn(r.history!, '__proto__') && Object.hasOwn(r.history!, 'constructor')).toBe(true);
    expect(r.history!['__proto__']).toEqual([point]);
    expect(r.snapshot.containers[0]!.labels).toEqual(
      Object.assign(Object.create(null), { constructor: 'x', ['__proto__']: 'y' }),
    );
    expect(Object.getPrototypeOf(r.history)).toBeNull();
    expect(({} as Record<string, unknown>).t).toBeUndefined();
  });

  it('nothing reaches Object.prototype', () => {
    parseSnapshotFile('{"__proto__": {"isoscopePolluted": true}, "schemaVersion": 1}');
    parseSnapshotFile(withContainerKey('__proto__'));
    expect(({} as Record<string, unknown>).isoscopePolluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
