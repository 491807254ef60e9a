// Where a whole snapshot's time goes, phase by phase, each beside the whole snapshot measured in
// the same run: host facts, the process scan, runtime metadata, grouping and building the
// containers, and the schema validation (zod) of the result. And the streaming agent's tick on
// the same host, which validates nothing (the GUI's service validates what it receives, once,
// at its boundary).
import { SCHEMA_VERSION, Snapshot } from '../../../shared/snapshot/schema.js';
import { Collector } from '../collect/collector.js';
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
    [`grouping + building (${containers.length} containers)`, best(() => collector.containersFrom(facts, processes, records), 10)],
    ['schema validation (Snapshot.parse)', best(() => Snapshot.parse(unvalidated), 10)],
  ];
  for (const [what, ms] of phases) add({ section: S, what, ours: ms, reference: whole, refName: 'whole snapshot', unit: 'ms', target: null, ok: null });
  const poller = new Poller(new Collector({ useEngineApis: false }));
  for (let i = 0; i < 12; i++) await poller.tick();
  const tick = await bestAsync(() => poller.tick(), 10);
  add({ section: S, what: `live tick, same host (${poller.containers.length} containers, no validation)`, ours: tick, reference: whole, refName: 'whole snapshot', unit: 'ms', target: null, ok: null });
}
