// The newer cgroup fields on this cgroup-v1 hybrid host, for real: an `unshare --pid` sandbox is
// put in cgroups of its own in every v1 hierarchy (and the v2 unified one) with a CPU burst,
// idle scheduling, a pids limit it runs into, the OOM killer disabled, and is then frozen. Every
// value the collector reports is compared with the file read directly, each names the v1 file it
// came from, and the v2-only fields are "not-present" with the reason — never 0.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Collector } from '../../electron/agent/collect/collector.js';
import type { Container } from '../../shared/snapshot/schema.js';

const NAME = `isoscope-t11-${process.pid}`;
const HIER = ['memory', 'cpu', 'pids', 'freezer', 'blkio', 'unified'] as const;
const dir = (h: (typeof HIER)[number]) => `/sys/fs/cgroup/${h}/${NAME}`;
const read = (h: (typeof HIER)[number], f: string) => readFileSync(`${dir(h)}/${f}`, 'utf8');
let unshare: ChildProcess;
let inner = 0;

async function childOf(pid: number): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    if (kids) {
      const child = Number(kids.split(' ')[0]);
      if (readFileSync(`/proc/${child}/comm`, 'utf8').trim() === 'sleep') return child;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('unshare did not start its child');
}

beforeAll(async () => {
  for (const h of HIER) mkdirSync(dir(h));
  unshare = spawn('unshare', ['--pid', '--fork', '--mount-proc', 'sleep', '600'], { stdio: 'ignore' });
  inner = await childOf(unshare.pid!);
  for (const h of HIER) for (const p of [unshare.pid!, inner]) writeFileSync(`${dir(h)}/cgroup.procs`, `${p}\n`);
  writeFileSync(`${dir('memory')}/memory.limit_in_bytes`, `${64 * 1024 * 1024}\n`);
  writeFileSync(`${dir('memory')}/memory.oom_control`, '1\n'); // oom_kill_disable
  writeFileSync(`${dir('cpu')}/cpu.cfs_quota_us`, '50000\n');
  writeFileSync(`${dir('cpu')}/cpu.cfs_burst_us`, '20000\n');
  writeFileSync(`${dir('cpu')}/cpu.idle`, '1\n');
  writeFileSync(`${dir('pids')}/pids.max`, '2\n');
  // A shell joins the cgroup (moving in is never refused) and forks: the fork hits pids.max.
  spawn('sh', ['-c', `echo $$ > ${dir('pids')}/cgroup.procs; /bin/true; exit 0`], { stdio: 'ignore' });
  for (let i = 0; i < 100 && read('pids', 'pids.events').trim() === 'max 0'; i++) await new Promise((r) => setTimeout(r, 50));
  writeFileSync(`${dir('freezer')}/freezer.state`, 'FROZEN\n');
  for (let i = 0; i < 100 && read('freezer', 'freezer.state').trim() !== 'FROZEN'; i++)
    await new Promise((r) => setTimeout(r, 50));
});

afterAll(async () => {
  try {
    writeFileSync(`${dir('freezer')}/freezer.state`, 'THAWED\n');
  } catch {
    /* not made */
  }
  unshare?.kill('SIGKILL');
  try {
    process.kill(inner, 'SIGKILL');
  } catch {
    /* gone */
  }
  // The cgroups empty once the killed processes are reaped: retry for a while.
  for (const h of HIER) {
    for (let i = 0; i < 50; i++) {
      try {
        rmdirSync(dir(h));
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') break;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }
});

describe('newer cgroup fields on cgroup v1 (hybrid host)', () => {
  let c: Container;

  it('finds the sandbox in its own cgroups', async () => {
    const snap = await new Collector({ root: '/', useEngineApis: false }).snapshot();
    c = snap.containers.find((x) => x.processes.some((p) => p.pid === inner))!;
    expect(c).toBeDefined();
    expect(c.cgroup.version).toMatch(/^(v1|hybrid)$/);
    expect(c.cgroup.paths.memory).toBe(`/${NAME}`);
  });

  it('CPU burst, its counters and idle from cpu.cfs_burst_us, cpu.stat and cpu.idle', () => {
    const stat = Object.fromEntries(
      read('cpu', 'cpu.stat')
        .trim()
        .split('\n')
        .map((l) => l.split(' '))
        .map(([k, v]) => [k, Number(v)]),
    );
    expect(c.cgroup.limits.cpuMaxBurst).toBe(Number(read('cpu', 'cpu.cfs_burst_us')));
    expect(c.cgroup.limits.cpuMaxBurst).toBe(20000);
    expect(c.cgroup.limits.cpuIdle).toBe(read('cpu', 'cpu.idle').trim() === '1');
    expect(c.cgroup.limits.cpuIdle).toBe(true);
    expect(c.cgroup.usage.nrBursts).toBe(stat.nr_bursts);
    expect(c.cgroup.usage.burstNs).toBe(stat.burst_time); // v1 counts nanoseconds
    expect(c.cgroup.sources['limits.cpuMaxBurst']).toBe(`${dir('cpu')}/cpu.cfs_burst_us`);
    expect(c.cgroup.sources['usage.burstNs']).toBe(`${dir('cpu')}/cpu.stat`);
  });

  it('the OOM killer disabled and memory+swap usage from memory.oom_control and memory.memsw.*', () => {
    expect(read('memory', 'memory.oom_control')).toContain('oom_kill_disable 1');
    expect(c.cgroup.usage.oomControl).toEqual({
      killDisabled: true,
      underOom: read('memory', 'memory.oom_control').includes('under_oom 1'),
    });
    expect(c.cgroup.sources['usage.oomControl']).toBe(`${dir('memory')}/memory.oom_control`);
    // Frozen: nothing allocates, so the counters read now are the ones the collector read.
    expect(c.cgroup.usage.memswCurrent).toBe(Number(read('memory', 'memory.memsw.usage_in_bytes')));
    expect(c.cgroup.usage.memswPeak).toBe(Number(read('memory', 'memory.memsw.max_usage_in_bytes')));
    expect(c.cgroup.usage.memoryPeak).toBe(Number(read('memory', 'memory.max_usage_in_bytes')));
  });

  it('pids peak and the refused fork from pids.peak and pids.events', () => {
    expect(Number(read('pids', 'pids.events').trim().split(' ')[1])).toBeGreaterThan(0);
    expect(c.cgroup.usage.pidsMaxEvents).toBe(Number(read('pids', 'pids.events').trim().split(' ')[1]));
    expect(c.cgroup.usage.pidsPeak).toBe(Number(read('pids', 'pids.peak')));
    expect(c.cgroup.sources['usage.pidsMaxEvents']).toBe(`${dir('pids')}/pids.events`);
  });

  it("frozen from freezer.state; populated from the unified hierarchy's cgroup.events", () => {
    expect(read('freezer', 'freezer.state').trim()).toBe('FROZEN');
    expect(c.cgroup.usage.frozen).toBe(true);
    expect(c.cgroup.usage.freezeRequested).toBe(true);
    expect(c.cgroup.sources['usage.frozen']).toBe(`${dir('freezer')}/freezer.state`);
    expect(c.cgroup.usage.populated).toBe(read('unified', 'cgroup.events').includes('populated 1'));
    expect(c.cgroup.usage.populated).toBe(true);
  });

  it('io per device from blkio.throttle.io_service_bytes and io_serviced', () => {
    const devices = read('blkio', 'blkio.throttle.io_service_bytes')
      .split('\n')
      .filter((l) => /^\d+:\d+ Read /.test(l))
      .map((l) => l.split(' ')[0]);
    expect(c.cgroup.usage.ioDevices?.map((d) => d.device).sort()).toEqual(devices.sort());
  });

  it('v2-only fields are null with "not-present" and why, never 0', () => {
    for (const f of [
      'limits.memoryMin',
      'limits.memoryOomGroup',
      'usage.memoryEvents',
      'usage.memoryEventsLocal',
      'usage.swapCurrent',
      'usage.zswapCurrent',
    ]) {
      const [kind, key] = f.split('.') as ['limits' | 'usage', string];
      expect((c.cgroup[kind] as Record<string, unknown>)[key], f).toBeNull();
      expect(
        c.unavailable.find((u) => u.field === `cgroup.${f}`),
        f,
      ).toMatchObject({ reason: 'not-present' });
    }
    // And the kernel's own view of them: these files do not exist on v1.
    expect(() => execFileSync('cat', [`${dir('memory')}/memory.events`], { stdio: 'pipe' })).toThrow();
  });
});
