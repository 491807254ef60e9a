// The collector against a minimal C reader (floor.c) making the same reads, measured in the same
// run. Targets (issues #2, #14): a warm full scan ≤ 1.5× the C floor; a steady poll ≤ 2×,
// linear in the number of containers; the live tick (issue #15) ≤ 2× C replaying its reads.
//
// Same reads, not more: the C scans follow the collector's own path (stat first, kernel threads
// skipped after it, the LSM context file only where the host has an LSM that provides one, the
// warm scan re-reading only the live facts), and each row prints the operations per pass of
// both sides (the collector's own read trace against the C count) so that a mismatch shows.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Collector } from '../collect/collector.js';
import { listPids, readProcess } from '../readers/processReader.js';
import { planCounters, readCounters } from '../readers/counterReader.js';
import { Poller } from '../stream/poller.js';
import { addRatio } from './table.js';

const here = new URL('.', import.meta.url).pathname;
/** Alternating rounds per row (`--rounds N`; fewer on a machine too loaded to finish). */
const ROUNDS = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 7;

export function timeMs(fn: () => void, n: number): number {
  for (let i = 0; i < Math.min(5, n); i++) fn(); // warm-up
  const start = performance.now();
  for (let i = 0; i < n; i++) fn();
  return (performance.now() - start) / n;
}

/**
 * Both sides measured in alternating rounds and the best round of each kept, so that other
 * load on the machine (2 cores) hits both alike instead of skewing one.
 */
export async function bestOf(
  ours: () => number | Promise<number>,
  theirs: () => number,
  rounds = ROUNDS,
): Promise<{ ours: number; theirs: number }> {
  let best = Infinity;
  let bestFloor = Infinity;
  for (let round = 0; round < rounds; round++) {
    bestFloor = Math.min(bestFloor, theirs());
    best = Math.min(best, await ours());
  }
  return { ours: best, theirs: bestFloor };
}

export function compileFloor(work: string): (...args: string[]) => { ms: number; ops: number } {
  const bin = join(work, 'floor');
  execFileSync('cc', ['-O2', '-o', bin, join(here, 'floor.c')]);
  return (...args) => {
    const [ms, ops] = execFileSync(bin, args, { encoding: 'utf8' }).trim().split(/\s+/).map(Number);
    return { ms: ms!, ops: ops! };
  };
}

/** The collector's operations (reads, links, listings) for one call of `fn`. */
function opsOf(collector: Collector, fn: () => void): number {
  collector.fs.trace = [];
  fn();
  const n = collector.fs.trace.length;
  collector.fs.trace = null;
  return n;
}

export async function floorsBench(work: string): Promise<void> {
  const floor = compileFloor(work);
  const S = 'floors: the collector against C making the same reads';

  // 1. The process scan.
  const collector = new Collector({ useEngineApis: false });
  const facts = collector.readHost();
  const lsm = facts.lsmSource;
  const procs = listPids(collector.fs).length;
  //    Warm: the collector's own scan with its per-(pid, start time, comm) cache, as the agent
  //    runs it between execs (stat, then the live facts); uncached: every process read again.
  collector.scanProcesses(facts);
  const warmOps = opsOf(collector, () => collector.scanProcesses(facts));
  const warm = await bestOf(
    () => timeMs(() => collector.scanProcesses(facts), 20),
    () => floor('warm', '20', lsm).ms,
  );
  addRatio(
    S,
    `full process scan, warm (${procs} processes)`,
    warm.ours,
    warm.theirs,
    'C, same reads',
    1.5,
    `operations per pass: isoscope ${warmOps}, C ${floor('warm', '1', lsm).ops} (LSM context: ${lsm})`,
  );
  const uncachedScan = () => {
    for (const pid of listPids(collector.fs)) {
      const stat = collector.fs.readText(`/proc/${pid}/stat`);
      // The collector's own rule (Collector.scanProcesses): kernel threads are skipped after stat.
      const ppid = stat.ok ? Number(stat.value.slice(stat.value.lastIndexOf(')') + 4).split(' ')[0]) : -1;
      if (!stat.ok || pid === 2 || ppid === 2) continue;
      readProcess(collector.fs, pid, lsm);
    }
  };
  const coldOps = opsOf(collector, uncachedScan);
  const cold = await bestOf(
    () => timeMs(uncachedScan, 20),
    () => floor('scan', '20', lsm).ms,
  );
  addRatio(
    S,
    `full process scan, uncached (${procs} processes)`,
    cold.ours,
    cold.theirs,
    'C, same reads',
    1.5,
    `operations per pass: isoscope ${coldOps}, C ${floor('scan', '1', lsm).ops} (isoscope reads stat twice: once to skip kernel threads, once in readProcess)`,
  );

  // 2. A whole snapshot, warm, against C replaying exactly the reads that snapshot made.
  await collector.snapshot();
  collector.fs.trace = [];
  await collector.snapshot();
  const trace = join(work, 'trace.txt');
  writeFileSync(trace, collector.fs.trace.join('\n') + '\n');
  const traced = collector.fs.trace.length;
  collector.fs.trace = null;
  const whole = await bestOf(
    async () => {
      const t = performance.now();
      for (let i = 0; i < 10; i++) await collector.snapshot();
      return (performance.now() - t) / 10;
    },
    () => floor('trace', '10', trace).ms,
  );
  addRatio(
    S,
    `whole snapshot (${procs} proc, ${traced} reads)`,
    whole.ours,
    whole.theirs,
    'C replay of its reads',
    Infinity,
    'no target: the JS work (grouping, building, validation) on top of the reads; see the profile section',
  );

  // 3. The steady poll and the live tick on N sandboxes in cgroups of their own.
  const v1 = ['memory', 'cpu', 'cpuacct', 'pids', 'blkio'].filter((c) => facts.mounts.some((m) => m.controllers.includes(c)));
  const created: string[] = [];
  const makeCgroups = (n: number): string[] => {
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
  };
  const sandboxes: ChildProcess[] = [];
  const startSandboxes = async (paths: string[]) => {
    for (const path of paths) {
      const procsFiles = v1.map((c) => `/sys/fs/cgroup/${c}${path}/cgroup.procs`).join(' ');
      sandboxes.push(
        spawn(
          'sh',
          ['-c', 'for f in $PROCS; do echo $$ > "$f" || exit 1; done; exec unshare --mount --pid --fork --kill-child sleep 3600'],
          { env: { ...process.env, PROCS: procsFiles }, stdio: 'ignore' },
        ),
      );
    }
    const deadline = Date.now() + 60_000;
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
  };
  const stopSandboxes = async () => {
    for (const c of sandboxes) c.kill('SIGKILL');
    await Promise.all(
      sandboxes.map((c) => (c.exitCode !== null || c.signalCode !== null ? null : new Promise((r) => c.once('exit', r)))),
    );
    sandboxes.length = 0;
    await new Promise((r) => setTimeout(r, 300));
  };
  const liveTick = async (n: number) => {
    await startSandboxes(makeCgroups(n));
    const poller = new Poller(new Collector({ useEngineApis: false }));
    for (let i = 0; i < 12; i++) await poller.tick();
    const members = poller.containers.filter((c) => c.runtime === 'sandbox' && c.processes.length === 2).length;
    const fs = (poller as unknown as { collector: Collector }).collector.fs;
    for (let attempt = 0; ; attempt++) {
      fs.trace = [];
      let rebuilt = false;
      for (let i = 0; i < 10; i++) if ((await poller.tick()).changes) rebuilt = true;
      if (!rebuilt || attempt >= 20) break;
    }
    const list = join(work, `live-${n}.txt`);
    writeFileSync(list, fs.trace!.join('\n') + '\n');
    const reads = fs.trace!.length / 10;
    fs.trace = null;
    const r = await bestOf(
      async () => {
        for (let attempt = 0; ; attempt++) {
          const t = performance.now();
          let rebuilt = false;
          for (let i = 0; i < 10; i++) if ((await poller.tick()).changes) rebuilt = true;
          if (!rebuilt || attempt >= 20) return (performance.now() - t) / 10;
        }
      },
      () => floor('trace', '5', list).ms / 10,
    );
    addRatio(
      S,
      `live tick, ${n} sandboxes (${members} found, ${reads.toFixed(0)} reads)`,
      r.ours,
      r.theirs,
      'C replay of its reads',
      2,
    );
    await stopSandboxes();
  };
  try {
    if (v1.length === 0) throw new Error('the poll benchmark needs cgroup v1 controllers (this host layout)');
    for (const n of [25, 50, 100]) await liveTick(n);
    for (const n of [50, 100, 200]) {
      const paths = makeCgroups(n);
      const plans = paths.map((p) =>
        planCounters(facts.mounts, { v1: new Map(v1.map((c) => [c, p])), unified: null }, process.pid, false),
      );
      const list = join(work, `files-${n}.txt`);
      writeFileSync(list, plans.flatMap((p) => p.files.map((f) => f.path)).join('\n') + '\n');
      const files = plans.reduce((a, p) => a + p.files.length, 0);
      const r = await bestOf(
        () => timeMs(() => plans.forEach((p) => readCounters(collector.fs, p)), 30),
        () => floor('files', '30', list).ms,
      );
      addRatio(S, `poll tick, ${n} containers (${files} files)`, r.ours, r.theirs, 'C, same files', 2);
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
}
