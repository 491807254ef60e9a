// The per-tick counter read on real text: the newer counters (cpu.stat bursts, memory.events,
// memory.swap.current, memory.peak; v1's memory.oom_control oom_kill and max_usage_in_bytes)
// equal what the files say, and a file that is absent (older kernel, cgroup v1) gives null,
// never 0. v2: the fixture host trees (build-trees.ts); v1: a tree made of the cgroup v1 files
// captured from a docker container on the test machine (fixtures/text/cgroup-v1).
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Collector } from '../collect/collector.js';
import type { CgroupMount } from '../parsers/mountinfo.js';
import { placementFromPaths } from '../stream/poller.js';
import { dirOf } from './cgroupReader.js';
import { planCounters, readCounters } from './counterReader.js';
import { HostFs } from './hostFs.js';

const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;
const ROOTS = join(FIXTURES, 'roots');
const TREES = ['v2-selinux', 'v2-apparmor', 'k8s-v2'];

/** One "key value" line of a file's text, read here independently of the parsers. */
function line(text: string, key: string): number | null {
  const m = new RegExp(`^${key} (\\d+)$`, 'm').exec(text);
  return m ? Number(m[1]) : null;
}
const fileOrNull = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : null);

describe.each(TREES)('fixture tree %s (cgroup v2): newer counters', (tree) => {
  const root = join(ROOTS, tree);
  const collector = new Collector({ root, useEngineApis: false });
  const facts = collector.readHost();
  const v2 = facts.mounts.find((m) => m.version === 'v2')!;

  it('every container: bursts, memory.events, swap and peak equal the files; an absent file is null', async () => {
    const snap = await collector.snapshot();
    expect(snap.containers.length).toBeGreaterThan(1);
    let withPeak = 0;
    let withFiles = 0;
    for (const c of snap.containers) {
      if (c.cgroup.paths.unified === undefined) continue;
      const plan = planCounters(facts.mounts, placementFromPaths(c.cgroup.paths), c.initPid, false);
      const got = readCounters(collector.fs, plan);
      const dir = join(root, dirOf(v2, c.cgroup.paths.unified));
      // A container in a session scope (v2-apparmor's web1) has no controller files at all: all null.
      const cpuStat = fileOrNull(join(dir, 'cpu.stat')) ?? '';
      const events = fileOrNull(join(dir, 'memory.events')) ?? '';
      if (cpuStat) withFiles++;
      const peak = fileOrNull(join(dir, 'memory.peak'));
      const swap = fileOrNull(join(dir, 'memory.swap.current'));
      if (peak !== null) withPeak++;
      const burstUsec = line(cpuStat, 'burst_usec');
      expect(got, c.name ?? c.id).toMatchObject({
        nrBursts: line(cpuStat, 'nr_bursts'),
        burstNs: burstUsec === null ? null : burstUsec * 1000,
        oomEvents: line(events, 'oom'),
        oomKillEvents: line(events, 'oom_kill'),
        highEvents: line(events, 'high'),
        maxEvents: line(events, 'max'),
        memoryPeak: peak === null ? null : Number(peak.trim()),
        swapCurrent: swap === null ? null : Number(swap.trim()),
      });
      // Every value is a number from the file: none of them was left undefined.
      for (const k of [
        'nrBursts',
        'burstNs',
        'oomEvents',
        'oomKillEvents',
        'highEvents',
        'maxEvents',
        'memoryPeak',
        'swapCurrent',
      ] as const) {
        expect(got[k], `${c.name} ${k}`).not.toBeUndefined();
      }
      if (cpuStat) expect(got.nrBursts, c.name ?? c.id).not.toBeNull();
    }
    expect(withFiles).toBeGreaterThan(1);
    // memory.peak exists only on the 6.17 tree (5.19+): its containers have it, the 5.15 trees' are null.
    if (tree === 'v2-selinux') expect(withPeak).toBeGreaterThan(0);
    else expect(withPeak).toBe(0);
  });

  if (tree === 'v2-selinux') {
    it('the captured OOM-group kill and the cgget dump: their memory.events counts', async () => {
      const snap = await collector.snapshot();
      const byName = (n: string) => {
        const c = snap.containers.find((x) => x.name === n)!;
        return readCounters(collector.fs, planCounters(facts.mounts, placementFromPaths(c.cgroup.paths), c.initPid, false));
      };
      expect(byName('web')).toMatchObject({
        oomEvents: 1,
        oomKillEvents: 2,
        maxEvents: 37,
        highEvents: 0,
        memoryPeak: 30650368,
        swapCurrent: 0,
      });
      expect(byName('toolbox')).toMatchObject({ oomEvents: 43, oomKillEvents: 2, maxEvents: 1419, highEvents: 0 });
    });
  }
});

describe('cgroup v1 (files captured from a docker container)', () => {
  const work = mkdtempSync(join(tmpdir(), 'isoscope-counters-v1-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const TEXT = join(FIXTURES, 'text/cgroup-v1/docker-container');
  const controllers = ['memory', 'cpu,cpuacct', 'pids', 'blkio'];
  const mounts: CgroupMount[] = controllers.map((c) => ({
    mountPoint: `/sys/fs/cgroup/${c}`,
    controllers: c.split(','),
    version: 'v1',
    root: '/',
  }));
  const path = '/docker/0123abcd';
  /** A v1 tree of the captured files; `edit` changes one file's text (an older kernel's). */
  function tree(name: string, edit: Record<string, string> = {}) {
    const root = join(work, name);
    for (const c of controllers) {
      const dir = join(root, 'sys/fs/cgroup', c, path);
      mkdirSync(dir, { recursive: true });
      for (const f of readdirSync(TEXT))
        if (c.split(',').some((k) => f.startsWith(k + '.'))) copyFileSync(join(TEXT, f), join(dir, f));
      for (const [f, text] of Object.entries(edit)) if (existsSync(join(dir, f))) writeFileSync(join(dir, f), text);
    }
    const placement = { v1: new Map(['memory', 'cpu', 'cpuacct', 'pids', 'blkio'].map((c) => [c, path])), unified: null };
    return readCounters(new HostFs(root), planCounters(mounts, placement, 1, false));
  }

  it("bursts from the cpu controller's cpu.stat, oom_kill from memory.oom_control, peak from max_usage_in_bytes; no memory.events, no swap", () => {
    const got = tree('new');
    const cpuStat = readFileSync(join(TEXT, 'cpu.stat'), 'utf8');
    expect(got).toMatchObject({
      nrBursts: line(cpuStat, 'nr_bursts'),
      burstNs: line(cpuStat, 'burst_time'), // v1 prints nanoseconds
      oomKillEvents: line(readFileSync(join(TEXT, 'memory.oom_control'), 'utf8'), 'oom_kill'),
      memoryPeak: Number(readFileSync(join(TEXT, 'memory.max_usage_in_bytes'), 'utf8').trim()),
      // cgroup v1 has no memory.events: null, never 0
      oomEvents: null,
      highEvents: null,
      maxEvents: null,
      // memsw.usage − usage would be a guess (two fuzzy counters read apart)
      swapCurrent: null,
    });
    expect(got.nrBursts).not.toBeNull();
    expect(got.memoryPeak).toBeGreaterThan(0);
  });

  it('a kernel without the burst lines (< 5.14) or without oom_kill (< 4.13): null, not 0', () => {
    const got = tree('old', {
      'cpu.stat': 'nr_periods 3\nnr_throttled 0\nthrottled_time 0\n',
      'memory.oom_control': 'oom_kill_disable 0\nunder_oom 0\n',
    });
    expect(got).toMatchObject({ nrBursts: null, burstNs: null, oomKillEvents: null, nrThrottled: 0 });
  });

  it('text that is not a count (a negative, a fraction) gives null', () => {
    const got = tree('odd', {
      'cpu.stat': 'nr_periods 3\nnr_throttled 0\nthrottled_time 0\nnr_bursts -1\nburst_time 1.5\n',
      'memory.oom_control': 'oom_kill -4\n',
    });
    expect(got).toMatchObject({ nrBursts: null, burstNs: null, oomKillEvents: null });
  });
});
