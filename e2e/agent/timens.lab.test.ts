// Time namespaces for real: `unshare --time --pid --fork --mount-proc --boottime 86400
// --monotonic 3600 sleep` makes a sandbox whose clocks are shifted. The collector must report
// the offsets the kernel has (compared with /proc/PID/timens_offsets read directly), the uptime
// they imply must be what /proc/uptime says inside (read through nsenter --time), and the
// unshare process itself — a member of the sandbox still in the host's time namespace — must
// carry its own, unshifted offsets (not those of its timens_offsets file, which the kernel fills
// from the process's time_for_children namespace).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Collector } from '../../electron/agent/collect/collector.js';
import { parseTimensOffsets } from '../../electron/agent/parsers/timens.js';
import type { Container } from '../../shared/snapshot/schema.js';

const BOOT = 86400;
const MONO = 3600;
let unshare: ChildProcess;
let inner = 0;

/** The pid of unshare's forked child (pid 1 of the new pid namespace). */
async function childOf(pid: number): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    if (kids) {
      const child = Number(kids.split(' ')[0]);
      // Wait for the exec of sleep, so the collector sees the sandbox's real command.
      if (readFileSync(`/proc/${child}/comm`, 'utf8').trim() === 'sleep') return child;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('unshare did not start its child');
}

beforeAll(async () => {
  unshare = spawn(
    'unshare',
    ['--time', '--pid', '--fork', '--mount-proc', `--boottime=${BOOT}`, `--monotonic=${MONO}`, 'sleep', '600'],
    { stdio: 'ignore' },
  );
  inner = await childOf(unshare.pid!);
});

afterAll(() => {
  unshare?.kill('SIGKILL');
  if (inner) {
    try {
      process.kill(inner, 'SIGKILL');
    } catch {
      /* already gone with its namespace */
    }
  }
});

describe('time namespace offsets', () => {
  let sandbox: Container;

  it('the collector finds the sandbox and reports the offsets the kernel has', async () => {
    const snap = await new Collector({ root: '/', useEngineApis: false }).snapshot();
    sandbox = snap.containers.find((c) => c.processes.some((p) => p.pid === inner))!;
    expect(sandbox, 'the unshare sandbox').toBeDefined();
    expect(sandbox.runtime).toBe('sandbox');
    expect(sandbox.initPid).toBe(inner);
    const direct = parseTimensOffsets(readFileSync(`/proc/${inner}/timens_offsets`, 'utf8'));
    expect(direct).toEqual({ monotonic: { seconds: MONO, nanoseconds: 0 }, boottime: { seconds: BOOT, nanoseconds: 0 } });
    expect(sandbox.timeNamespace).toEqual({ offsets: direct, source: `/proc/${inner}/timens_offsets` });
    expect(sandbox.namespaces.time.sharedWithHost).toBe(false);
  });

  it('the uptime it implies is what /proc/uptime says inside the namespace (nsenter --time)', () => {
    const inside = Number(
      execFileSync('nsenter', ['--target', String(inner), '--time', 'cat', '/proc/uptime'], { encoding: 'utf8' }).split(' ')[0],
    );
    const host = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
    const offset = sandbox.timeNamespace!.offsets.boottime.seconds;
    expect(Math.abs(inside - (host + offset))).toBeLessThan(5);
    expect(inside - host).toBeGreaterThan(BOOT - 5);
  });

  it('a member still in the host time namespace (the unshare process) carries its own, unshifted offsets', () => {
    const outer = sandbox.processes.find((p) => p.pid === unshare.pid);
    expect(outer, 'unshare itself is a member: it is in the sandbox’s mount and child pid namespaces').toBeDefined();
    expect(outer!.namespaces?.time).not.toBe(sandbox.namespaces.time.inode);
    // Its own timens_offsets shows the namespace its children get (time_for_children: the shifted
    // one); its own clocks are the host's, whose offsets pid 1 shows.
    expect(parseTimensOffsets(readFileSync(`/proc/${unshare.pid}/timens_offsets`, 'utf8'))!.boottime.seconds).toBe(BOOT);
    const hostOffsets = parseTimensOffsets(readFileSync('/proc/1/timens_offsets', 'utf8'));
    expect(outer!.timeNamespace?.offsets).toEqual(hostOffsets);
    expect(outer!.timeNamespace!.offsets.boottime.seconds).toBe(0);
    expect(outer!.timeNamespace!.source).not.toBe(`/proc/${unshare.pid}/timens_offsets`);
    // The init has none of its own listed: it is the container's.
    expect(sandbox.processes.find((p) => p.pid === inner)!.timeNamespace).toBeUndefined();
  });
});
