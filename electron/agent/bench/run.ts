// `npm run bench`: the collector's cost against a minimal C reader of the same files, measured
// in the same run. Targets (issue #2): a warm full scan ≤ 1.5× the C scan floor; a steady poll
// ≤ 2× the C floor for the same cgroup files, growing linearly with the number of containers.
// Issue #15: the live tick (counters plus every member's status, ns links and LSM attr re-read,
// and every tenth tick every process's) ≤ 2× C replaying exactly the same reads, linear too.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Collector } from '../collect/collector.js';
import { listPids, readProcess } from '../readers/processReader.js';
import { planCounters, readCounters } from '../readers/counterReader.js';
import { Poller } from '../stream/poller.js';
import { spawn, type ChildProcess } from 'node:child_process';

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
/**
 * N sandboxes, each in its own cgroup: `unshare --mount --pid --fork` (the launcher and its
 * sleeping child, two processes with their own mount and pid namespaces).
 */
const sandboxes: ChildProcess[] = [];
async function startSandboxes(paths: string[]): Promise<void> {
  for (const path of paths) {
    const procs = v1.map((c) => `/sys/fs/cgroup/${c}${path}/cgroup.procs`).join(' ');
    const child = spawn('sh', ['-c', 'for f in $PROCS; do echo $$ > "$f" || exit 1; done; exec unshare --mount --pid --fork --kill-child sleep 3600'], {
      env: { ...process.env, PROCS: procs },
      stdio: 'ignore',
    });
    sandboxes.push(child);
  }
  // Until every launcher has its child (two processes per sandbox).
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const ready = sandboxes.every((c) => {
      try {
        return readFileSync(`/proc/${c.pid}/task/${c.pid}/children`, 'utf8').trim() !== '';
      } catch {
        return false;
      }
    });
    if (ready) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('sandboxes did not start');
}
async function stopSandboxes(): Promise<void> {
  for (const c of sandboxes) c.kill('SIGKILL');
  await Promise.all(sandboxes.map((c) => (c.exitCode !== null || c.signalCode !== null ? null : new Promise((r) => c.once('exit', r)))));
  sandboxes.length = 0;
  await new Promise((r) => setTimeout(r, 300)); // the --kill-child sleeps
}

/** The streaming agent's steady tick over blocks of ten ticks (one of them re-checks every process). */
async function liveTick(n: number): Promise<void> {
  const paths = makeCgroups(n);
  await startSandboxes(paths);
  const poller = new Poller(new Collector({ useEngineApis: false }));
  for (let i = 0; i < 12; i++) await poller.tick(); // build, then steady
  const members = poller.containers.filter((c) => c.runtime === 'sandbox' && c.processes.length === 2).length;
  const fs = (poller as unknown as { collector: Collector }).collector.fs;
  // Trace a steady block of ten ticks (none rebuilding containers).
  for (let attempt = 0; ; attempt++) {
    fs.trace = [];
    let rebuilt = false;
    for (let i = 0; i < 10; i++) if ((await poller.tick()).changes) rebuilt = true;
    if (!rebuilt || attempt >= 20) break;
  }
  const list = join(work, `live-${n}.txt`);
  writeFileSync(list, fs.trace.join('\n') + '\n');
  const reads = fs.trace.length / 10;
  fs.trace = null;
  // A block in which containers changed (other processes on the machine came or went) also
  // re-reads runtimes and rebuilds containers, which the traced steady block did not: such
  // blocks are measured again (the steady tick is what is compared).
  await compare(`live tick, ${n} sandboxes (${members} found, ${reads.toFixed(0)} reads)`, 2, async () => {
    for (let attempt = 0; ; attempt++) {
      const t = performance.now();
      let rebuilt = false;
      for (let i = 0; i < 10; i++) if ((await poller.tick()).changes) rebuilt = true;
      if (!rebuilt || attempt >= 20) return (performance.now() - t) / 10;
    }
  }, () => floor('trace', '5', list) / 10);
  await stopSandboxes();
}

try {
  if (v1.length === 0) throw new Error('the poll benchmark needs cgroup v1 controllers (this host layout)');
  for (const n of [25, 50, 100]) await liveTick(n);
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
  await stopSandboxes();
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
const lives = results.filter((r) => r.what.startsWith('live tick'));
if (lives.length === 3) {
  const per = lives.map((r) => r.ms / Number(/(\d+) sandboxes/.exec(r.what)![1]));
  console.log(`live tick cost per sandbox: ${per.map((x) => (x * 1000).toFixed(1) + ' µs').join(', ')} (25/50/100 sandboxes)`);
}
const polls = results.filter((r) => r.what.startsWith('poll'));
if (polls.length === 3) {
  const perContainer = polls.map((r) => r.ms / Number(/(\d+) containers/.exec(r.what)![1]));
  console.log(`poll cost per container: ${perContainer.map((x) => (x * 1000).toFixed(1) + ' µs').join(', ')} (50/100/200 containers)`);
}
process.exitCode = failed > 0 ? 1 : 0;
