// The diff of the newer kernel features on snapshots of the fixture trees taken now (real
// captured text), and against a snapshot saved before these fields were collected.
import { describe, expect, it } from 'vitest';
import selinuxOld from '../../electron/agent/fixtures/snapshots/v2-selinux.json' with { type: 'json' };
import { Collector } from '../../electron/agent/collect/collector.js';
import { Snapshot, type Container } from '../snapshot/schema.js';
import { diffIsolation } from './diff.js';
import { containerSide } from './types.js';

const ROOT = new URL('../../electron/agent/fixtures/roots/v2-selinux', import.meta.url).pathname;

describe('newer kernel features in the diff', () => {
  it('web (OOM group) against toolbox: the OOM-group setting differs, the time offsets do not', async () => {
    const snap = await new Collector({ root: ROOT, useEngineApis: false }).snapshot();
    const web = snap.containers.find((c) => c.name === 'web')!;
    const toolbox = snap.containers.find((c) => c.name === 'toolbox')!;
    const d = diffIsolation(containerSide(snap, web), containerSide(snap, toolbox));
    expect(d.differences.find((x) => x.field === 'memoryOomGroup')).toMatchObject({
      area: 'cgroups',
      a: 'whole group',
      b: 'single processes',
      lessIsolated: null,
    });
    expect(d.differences.find((x) => x.field === 'time offsets')).toBeUndefined();
    // Shifted clocks on one side are a difference of their own.
    const shifted: Container = {
      ...toolbox,
      timeNamespace: {
        offsets: { monotonic: { seconds: 3600, nanoseconds: 0 }, boottime: { seconds: 86400, nanoseconds: 0 } },
        source: '/proc/5304/timens_offsets',
      },
    };
    const t = diffIsolation(containerSide(snap, web), containerSide(snap, shifted)).differences.find(
      (x) => x.field === 'time offsets',
    );
    expect(t).toMatchObject({
      area: 'namespaces',
      a: 'boottime +0 s, monotonic +0 s',
      b: 'boottime +86400 s, monotonic +3600 s',
    });
  });

  it('a snapshot saved before the fields existed: nothing compared, nothing guessed', async () => {
    const old = Snapshot.parse(selinuxOld);
    const now = await new Collector({ root: ROOT, useEngineApis: false }).snapshot();
    const a = old.containers.find((c) => c.name === 'web')!;
    const b = now.containers.find((c) => c.name === 'web')!;
    expect(a.cgroup.limits.memoryOomGroup).toBeUndefined();
    const d = diffIsolation(containerSide(old, a, { source: 'old' }), containerSide(now, b, { source: 'now' }));
    const newer = ['memoryOomGroup', 'memoryMin', 'cpuMaxBurst', 'cpuIdle', 'memoryZswapMax', 'time offsets'];
    expect(d.differences.filter((x) => newer.includes(x.field))).toEqual([]);
  });
});
