// `npm run bench`: the collector's cost against a minimal C reader of the same files, measured
// in the same run. Targets (issue #2): a warm full scan ≤ 1.5× the C scan floor; a steady poll
// ≤ 2× the C floor for the same cgroup files, growing linearly with the number of containers.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Collector } from '../collect/collector.js';
import { listPids, readProcess } from '../readers/processReader.js';
import { planCounters, readCounters } from '../readers/counterReader.js';

const here = new URL('.', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'isoscope-bench-'));
const floorBin = join(work, 'floor');
execFileSync('cc', ['-O2', '-o', floorBin, join(here, 'floor.c')]);

const floor = (...args: string[]) => Number(execFileSync(floorBin, args, { encoding: 'utf8' }).trim());

function timeMs(fn: () => void, n: number): number {
  for (let i = 0; i < Math.min(5, n); i++) fn(); // warm-up
  const start = performance.now();
  for (let i = 0; i < n; i++) fn();
  return (performance.now() - start) / n;
}

const results: { what: string; ms: number; floorMs: number; ratio: number; target: number }[] = [];
/** target Infinity: measured and shown, no target set by the issue. */
const record = (what: string, ms: number, floorMs: number, target: number) =>
  results.push({ what, ms, floorMs, ratio: ms / floorMs, target });

/**
 * Both sides measured in alternating rounds and the best round of each kept, so that other
 * load on the machine (2 cores) hits both alike instead of skewing one.
 */
async function compare(what: string, target: number, ours: () => number | Promise<number>, theirs: () => number): Promise<void> {
  let best = Infinity;
  let bestFloor = Infinity;
  for (let round = 0; round < 7; round++) {
    bestFloor = Math.min(bestFloor, theirs());
    best = Math.min(best, await ours());
  }
  record(what, best, bestFloor, target);
}

// 1. The process scan: the same files for every process.
const collector = new Collector({ useEngineApis: false });
const facts = collector.readHost();
const procs = listPids(collector.fs).length;
//    Warm: the collector's own scan with its per-(pid, start time, comm) cache, as the agent runs
//    it between execs; uncached: every file of every process read and parsed again.
collector.scanProcesses(facts);
await compare(`full process scan, warm (${procs} processes)`, 1.5, () => timeMs(() => collector.scanProcesses(facts), 20), () => floor('scan', '20'));
await compare(`full process scan, uncached (${procs} processes)`, 1.5, () => timeMs(() => {
  for (const pid of listPids(collector.fs)) readProcess(collector.fs, pid, facts.lsmSource);
}, 20), () => floor('scan', '20'));

// 2. A whole snapshot, warm (scan + runtimes + grouping + every container's cgroup files +
//    schema validation), against C replaying exactly the reads that snapshot made. No target:
//    it shows what Node's per-file cost is against C's.
await collector.snapshot();
collector.fs.trace = [];
await collector.snapshot();
const trace = join(work, 'trace.txt');
writeFileSync(trace, collector.fs.trace.join('\n') + '\n');
const traced = collector.fs.trace.length;
collector.fs.trace = null;
await compare(`whole snapshot (${procs} proc, ${traced} reads)`, Infinity, async () => {
  const t = performance.now();
  for (let i = 0; i < 10; i++) await collector.snapshot();
  return (performance.now() - t) / 10;
}, () => floor('trace', '10', trace));

// 3. The steady poll: counters of N containers, against the same files read from C.
const v1 = ['memory', 'cpu', 'cpuacct', 'pids', 'blkio'].filter((c) => facts.mounts.some((m) => m.controllers.includes(c)));
const created: string[] = [];
function makeCgroups(n: number): string[] {
  const paths: string[] = [];
  for (let i = 0; i < n; i++) {
    const path = `/isoscope-bench-${process.pid}-${i}`;
    for (const c of v1) {
      const dir = `/sys/fs/cgroup/${c}${path}`;
      mkdirSync(dir, { recursive: true });
      created.push(dir);
    }
    paths.push(path);
  }
  return paths;
}
try {
  if (v1.length === 0) throw new Error('the poll benchmark needs cgroup v1 controllers (this host layout)');
  for (const n of [50, 100, 200]) {
    const paths = makeCgroups(n).slice(0, n);
    const plans = paths.map((p) =>
      planCounters(facts.mounts, { v1: new Map(v1.map((c) => [c, p])), unified: null }, process.pid, false),
    );
    const list = join(work, `files-${n}.txt`);
    writeFileSync(list, plans.flatMap((p) => p.files.map((f) => f.path)).join('\n') + '\n');
    const files = plans.reduce((a, p) => a + p.files.length, 0);
    await compare(`poll tick, ${n} containers (${files} files)`, 2, () => timeMs(() => plans.forEach((p) => readCounters(collector.fs, p)), 30), () => floor('files', '30', list));
  }
} finally {
  for (const dir of created.reverse()) {
    try {
      rmdirSync(dir);
    } catch {
      // already gone
    }
  }
}

let failed = 0;
console.log('\nwhat'.padEnd(48) + 'isoscope ms'.padStart(12) + 'C floor ms'.padStart(12) + 'ratio'.padStart(8) + 'target'.padStart(8));
for (const r of results) {
  const ok = r.ratio <= r.target;
  if (!ok) failed++;
  const target = Number.isFinite(r.target) ? `≤${r.target}` : '—';
  console.log(r.what.padEnd(47) + r.ms.toFixed(2).padStart(12) + r.floorMs.toFixed(2).padStart(12) + r.ratio.toFixed(2).padStart(8) + target.padStart(8) + (!Number.isFinite(r.target) ? '' : ok ? '  ok' : '  MISSED'));
}
const polls = results.filter((r) => r.what.startsWith('poll'));
if (polls.length === 3) {
  const perContainer = polls.map((r) => r.ms / Number(/(\d+) containers/.exec(r.what)![1]));
  console.log(`poll cost per container: ${perContainer.map((x) => (x * 1000).toFixed(1) + ' µs').join(', ')} (50/100/200 containers)`);
}
process.exitCode = failed > 0 ? 1 : 0;
