// The newer live counters on this cgroup-v1 hybrid host, for real: a runc lab container's live
// sample (the poller's tick) carries the cpu.stat burst counters, memory.oom_control's oom_kill
// and memory.max_usage_in_bytes exactly as the files say, and the v2-only ones (memory.events,
// memory.swap.current) are null, never 0. A process OOM-killed in a cgroup of its own shows up as
// one oom_kill in the interval. Also prints what the added reads cost per tick (no timed assertion).
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveRates } from '../../shared/agent/rates.js';
import { Collector } from '../../electron/agent/collect/collector.js';
import { planCounters, readCounters, type CounterPlan } from '../../electron/agent/readers/counterReader.js';
import { placementFromPaths, Poller } from '../../electron/agent/stream/poller.js';
import { startLab, type Lab } from '../lab/lab.js';
import { labOptions } from './labCollector.js';

let lab: Lab;
let collector: Collector;
const OOM = `/sys/fs/cgroup/memory/isoscope-t11oom-${process.pid}`;

beforeAll(async () => {
  lab = await startLab({ only: ['runc-hardened', 'runc-loose'] });
  collector = new Collector({ root: '/', useEngineApis: false, ...labOptions(lab) });
}, 120_000);

afterAll(async () => {
  await lab?.stop();
  for (let i = 0; i < 50; i++) {
    try {
      rmdirSync(OOM);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') break;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
});

/** "key value" lines of a file, read here apart from the collector's parsers. */
function kv(path: string): Record<string, number> {
  return Object.fromEntries(
    readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(' '))
      .map(([k, v]) => [k, Number(v)]),
  );
}
const num = (path: string) => Number(readFileSync(path, 'utf8').trim());

describe('newer live counters on cgroup v1 (hybrid host)', () => {
  it("a runc container's live sample: bursts, oom_kill and peak equal its files; memory.events and swap are null", async () => {
    const poller = new Poller(collector);
    const lc = lab.containers.find((c) => c.key === 'runc-hardened')!;
    await poller.tick(Date.now() - 1000);
    const c = poller.containers.find((x) => x.id === lc.id)!;
    expect(c.cgroup.paths.memory).toBeDefined();
    const mem = `/sys/fs/cgroup/memory${c.cgroup.paths.memory}`;
    const cpu = `/sys/fs/cgroup/cpu${c.cgroup.paths.cpu}`;
    // Monotonic counters: read before and after the tick, the sample lies between (equal when idle).
    const before = {
      stat: kv(`${cpu}/cpu.stat`),
      oom: kv(`${mem}/memory.oom_control`),
      peak: num(`${mem}/memory.max_usage_in_bytes`),
    };
    const { sample } = await poller.tick();
    const after = {
      stat: kv(`${cpu}/cpu.stat`),
      oom: kv(`${mem}/memory.oom_control`),
      peak: num(`${mem}/memory.max_usage_in_bytes`),
    };
    const got = sample.containers[lc.id]!;
    const between = (v: number | null | undefined, a: number, b: number) => {
      expect(v).not.toBeNull();
      expect(v!).toBeGreaterThanOrEqual(a);
      expect(v!).toBeLessThanOrEqual(b);
    };
    expect(before.stat.nr_bursts).toBeTypeOf('number'); // this kernel (6.18) prints the burst lines in v1's cpu.stat
    between(got.counters.nrBursts, before.stat.nr_bursts!, after.stat.nr_bursts!);
    between(got.counters.burstNs, before.stat.burst_time!, after.stat.burst_time!);
    between(got.counters.oomKillEvents, before.oom.oom_kill!, after.oom.oom_kill!);
    between(got.counters.memoryPeak, before.peak, after.peak);
    expect(got.counters.memoryPeak!).toBeGreaterThanOrEqual(got.counters.memoryCurrent!);
    // cgroup v1: no memory.events, no exact swap counter.
    expect(got.counters).toMatchObject({ oomEvents: null, highEvents: null, maxEvents: null, swapCurrent: null });
    // The second tick has a previous sample: the interval's counts are numbers, not null.
    expect(got.rates.burstsPerSec).toBeTypeOf('number');
    expect(got.rates.oomKillEvents).toBe(after.oom.oom_kill! - before.oom.oom_kill!);
  }, 60_000);

  it('a process OOM-killed in its memory cgroup: one oom_kill in the interval, the peak at the limit', async () => {
    mkdirSync(OOM);
    writeFileSync(`${OOM}/memory.limit_in_bytes`, `${16 * 1024 * 1024}\n`);
    const plan = planCounters(
      collector.readHost().mounts,
      placementFromPaths({ memory: OOM.slice('/sys/fs/cgroup/memory'.length) }),
      1,
      false,
    );
    const first = readCounters(collector.fs, plan);
    expect(first.oomKillEvents).toBe(0);
    // `tail` of an endless line keeps it all in memory until the OOM killer ends it.
    const hog = spawn('sh', ['-c', `echo $$ > ${OOM}/cgroup.procs && exec tail /dev/zero`], { stdio: 'ignore' });
    const code = await new Promise((r) => hog.on('exit', (_c, sig) => r(sig)));
    expect(code).toBe('SIGKILL');
    const second = readCounters(collector.fs, plan);
    expect(second.oomKillEvents).toBe(kv(`${OOM}/memory.oom_control`).oom_kill);
    expect(second.oomKillEvents).toBe(1);
    expect(second.memoryPeak).toBe(num(`${OOM}/memory.max_usage_in_bytes`));
    expect(second.memoryPeak).toBeGreaterThan(15 * 1024 * 1024);
    expect(deriveRates(first, second, 1000).oomKillEvents).toBe(1);
  }, 60_000);

  it('prints the per-tick cost of the added reads over the lab containers (before/after)', async () => {
    const poller = new Poller(collector);
    await poller.tick();
    // Only the lab's containers (the host may hold many more of other runs).
    const ids = new Set(lab.containers.map((c) => c.id));
    const plans = poller.containers
      .filter((c) => ids.has(c.id))
      .map((c) =>
        planCounters(
          collector.readHost().mounts,
          placementFromPaths(c.cgroup.paths),
          c.initPid,
          c.namespaces.net.sharedWithHost === false,
        ),
      );
    const NEW = /\/memory\.(max_usage_in_bytes|oom_control|peak|swap\.current|events)$/;
    const older: CounterPlan[] = plans.map((p) => ({ files: p.files.filter((f) => !NEW.test(f.path)) }));
    const added = plans.reduce((a, p) => a + p.files.length, 0) - older.reduce((a, p) => a + p.files.length, 0);
    expect(plans.length).toBe(lab.containers.length);
    expect(added).toBe(2 * lab.containers.length); // oom_control and max_usage_in_bytes each
    const time = (ps: CounterPlan[]) => {
      for (let i = 0; i < 20; i++) ps.forEach((p) => readCounters(collector.fs, p));
      const t0 = performance.now();
      const N = 200;
      for (let i = 0; i < N; i++) ps.forEach((p) => readCounters(collector.fs, p));
      return (performance.now() - t0) / N;
    };
    const rounds: { before: number; after: number }[] = [];
    for (let r = 0; r < 5; r++) rounds.push({ before: time(older), after: time(plans) });
    const best = (k: 'before' | 'after') => Math.min(...rounds.map((x) => x[k]));
    console.log(
      `[newer counters] ${plans.length} containers, counter read per tick: before ${best('before').toFixed(3)} ms ` +
        `(${older.reduce((a, p) => a + p.files.length, 0)} files), after ${best('after').toFixed(3)} ms ` +
        `(${plans.reduce((a, p) => a + p.files.length, 0)} files, +${added}); best of 5 rounds of 200`,
    );
  }, 120_000);
});
