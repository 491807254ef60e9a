// Where a whole snapshot's time goes, phase by phase, each beside the whole snapshot measured in
// the same run: host facts, the process scan, runtime metadata, grouping and building the
// containers, and the schema validation (zod) of the result. And the streaming agent's tick on
// the same host, which validates nothing (the GUI's service validates what it receives, once,
// at its boundary).
import { mkdtempSync, rmSync } from 'node:fs';
import { AgentPush } from '../../../shared/agent/protocol.js';
import { SCHEMA_VERSION, Snapshot } from '../../../shared/snapshot/schema.js';
import { Collector } from '../collect/collector.js';
import { buildScaleTree } from './fixtures/scaleTree.js';
import { Poller } from '../stream/poller.js';
import { add } from './table.js';

const S = 'profile: one warm snapshot, phase by phase (share of the whole)';

function best(fn: () => void, n: number): number {
  let b = Infinity;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    fn();
    b = Math.min(b, performance.now() - t);
  }
  return b;
}

async function bestAsync(fn: () => Promise<unknown>, n: number): Promise<number> {
  let b = Infinity;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    b = Math.min(b, performance.now() - t);
  }
  return b;
}

export async function snapshotProfile(): Promise<void> {
  const collector = new Collector({ useEngineApis: false });
  await collector.snapshot();
  const whole = await bestAsync(() => collector.snapshot(), 10);
  const facts = collector.readHost();
  const processes = collector.scanProcesses(facts);
  const { records } = await collector.runtimeRecords(facts);
  const containers = collector.containersFrom(facts, processes, records);
  const unvalidated = { schemaVersion: SCHEMA_VERSION, takenAt: new Date().toISOString(), host: facts.host, containers };
  const phases: [string, number][] = [
    ['host facts (readHost)', best(() => collector.readHost(), 10)],
    [`process scan, warm (${processes.length} processes)`, best(() => collector.scanProcesses(facts), 10)],
    [`runtime metadata (${records.length} records)`, await bestAsync(() => collector.runtimeRecords(facts), 10)],
    [
      `grouping + building (${containers.length} containers)`,
      best(() => collector.containersFrom(facts, processes, records), 10),
    ],
    ['schema validation (Snapshot.parse)', best(() => Snapshot.parse(unvalidated), 10)],
  ];
  for (const [what, ms] of phases)
    add({ section: S, what, ours: ms, reference: whole, refName: 'whole snapshot', unit: 'ms', target: null, ok: null });
  const poller = new Poller(new Collector({ useEngineApis: false }));
  for (let i = 0; i < 12; i++) await poller.tick();
  const tick = await bestAsync(() => poller.tick(), 10);
  add({
    section: S,
    what: `live tick, same host (${poller.containers.length} containers, no validation)`,
    ours: tick,
    reference: whole,
    refName: 'whole snapshot',
    unit: 'ms',
    target: null,
    ok: null,
  });

  await scaleProfile(100);
}

/**
 * The same phases on 100 containers (fixtures/scaleTree.ts, read with --root), and where zod
 * validates on the way to the window: the snapshot once in the agent (Snapshot.parse) and again
 * where the service receives the answer (the agent protocol's result schema); every push once, at
 * the service's boundary (AgentPush) — a sample every tick, a containers push when containers
 * change (and at the start: all of them). The renderer validates nothing in production builds.
 */
async function scaleProfile(n: number): Promise<void> {
  const dir = mkdtempSync('/dev/shm/isoscope-profile-');
  try {
    const tree = buildScaleTree(dir, n);
    const collector = new Collector({ root: tree.root, useEngineApis: false });
    await collector.snapshot();
    const whole = await bestAsync(() => collector.snapshot(), 5);
    const facts = collector.readHost();
    const processes = collector.scanProcesses(facts);
    const { records } = await collector.runtimeRecords(facts);
    const containers = collector.containersFrom(facts, processes, records);
    const unvalidated = { schemaVersion: SCHEMA_VERSION, takenAt: new Date().toISOString(), host: facts.host, containers };
    const T = `profile: one warm snapshot of ${containers.length} containers (scale tree), and validation per push`;
    const row = (what: string, ms: number) =>
      add({ section: T, what, ours: ms, reference: whole, refName: 'whole snapshot', unit: 'ms', target: null, ok: null });
    row(
      `process scan, warm (${processes.length} processes)`,
      best(() => collector.scanProcesses(facts), 5),
    );
    row(`runtime metadata (${records.length} records)`, await bestAsync(() => collector.runtimeRecords(facts), 5));
    row(
      `grouping + building (${containers.length} containers)`,
      best(() => collector.containersFrom(facts, processes, records), 5),
    );
    row(
      'schema validation (Snapshot.parse), in the agent',
      best(() => Snapshot.parse(unvalidated), 5),
    );
    const poller = new Poller(new Collector({ root: tree.root, useEngineApis: false }));
    for (let i = 0; i < 3; i++) await poller.tick();
    const { sample } = await poller.tick();
    const wire = <T>(v: T): unknown => JSON.parse(JSON.stringify(v));
    const samplePush = wire({ event: 'sample', data: sample });
    const containersPush = wire({ event: 'containers', data: { added: poller.containers, removed: [], changed: [] } });
    row(
      `service boundary: a sample push (${Object.keys(sample.containers).length} containers), every tick`,
      best(() => AgentPush.safeParse(samplePush), 10),
    );
    row(
      `service boundary: a containers push of all ${poller.containers.length} (start; changes are fewer)`,
      best(() => AgentPush.safeParse(containersPush), 5),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
