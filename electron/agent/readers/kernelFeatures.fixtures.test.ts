// `isoscope snapshot --root <tree>` on the fixture host trees (real captured text): the newer
// cgroup v2 fields, per-module LSM contexts and time-namespace offsets of every container must
// equal the tree's EXPECTED.json, field by field; a file the tree's kernel lacks must be
// "kernel-lacks", never 0.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../shared/snapshot/schema.js';
import { Collector } from '../collect/collector.js';

const ROOTS = new URL('../fixtures/roots/', import.meta.url).pathname;
// The trees build-trees.ts writes the newer files into (other trees — sandboxed runtimes — have their own tests).
const TREES = readdirSync(ROOTS, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .filter((t) => readFileSync(join(ROOTS, t, 'EXPECTED.json'), 'utf8').includes('"cgroupNewer"'));

interface Newer {
  limits: Record<string, number | boolean | null>;
  usage: Record<string, unknown>;
  kernelLacks: string[];
}
interface Expected {
  containers: {
    id: string;
    name: string;
    initPid: number;
    cgroupNewer?: Newer;
    lsmModules?: { lsm: string; raw: string | null; source: string | null }[];
    timeNamespace?: { monotonic: { seconds: number; nanoseconds: number }; boottime: { seconds: number; nanoseconds: number } };
  }[];
}

describe.each(TREES)('fixture tree %s: newer kernel features', (tree) => {
  const expected = JSON.parse(readFileSync(join(ROOTS, tree, 'EXPECTED.json'), 'utf8')) as Expected;
  let snap: Snapshot;
  const get = async () => (snap ??= await new Collector({ root: join(ROOTS, tree), useEngineApis: false }).snapshot());
  const withNewer = expected.containers.filter((c) => c.cgroupNewer);

  it.each(withNewer.map((c) => [c.name, c] as const))(
    'container %s: cgroup limits, events, burst, idle, io per device, pids, freezer',
    async (_n, e) => {
      const c = (await get()).containers.find((x) => x.id === e.id)!;
      const want = e.cgroupNewer!;
      const { limits, usage } = c.cgroup;
      for (const [k, v] of Object.entries(want.limits))
        expect(limits[k as keyof typeof limits], `limits.${k}`).toEqual(v ?? null);
      for (const [k, v] of Object.entries(want.usage)) expect(usage[k as keyof typeof usage], `usage.${k}`).toEqual(v);
      for (const field of want.kernelLacks) {
        expect(
          c.unavailable.find((u) => u.field === `cgroup.${field}`),
          field,
        ).toMatchObject({ reason: 'kernel-lacks' });
      }
      // Every value read names its file, inside the container's own cgroup directory.
      for (const k of ['memoryMin', 'memoryOomGroup', 'cpuMaxBurst', 'cpuIdle'])
        expect(c.cgroup.sources[`limits.${k}`], k).toMatch(new RegExp(`^/sys/fs/cgroup${c.cgroup.paths.unified}/`));
      for (const k of ['memoryEvents', 'memoryEventsLocal', 'frozen', 'pidsMaxEvents', 'nrBursts'])
        expect(c.cgroup.sources[`usage.${k}`], k).toMatch(/^\/sys\/fs\/cgroup\//);
      // Nothing the kernel has was reported missing.
      const missing = c.unavailable.filter(
        (u) =>
          u.field.startsWith('cgroup.') &&
          !want.kernelLacks.includes(u.field.slice(7)) &&
          /Min|OomGroup|Events|Burst|burst|Idle|ioDevices|pidsPeak|pidsMax|frozen|freeze|populated|swapCurrent/.test(u.field),
      );
      expect(missing).toEqual([]);
    },
  );

  it.each(expected.containers.filter((c) => c.lsmModules).map((c) => [c.name, c] as const))(
    "container %s: each active LSM module's context, in the host's order",
    async (_n, e) => {
      const c = (await get()).containers.find((x) => x.id === e.id)!;
      expect(c.lsm.modules?.map(({ lsm, raw, source }) => ({ lsm, raw, source }))).toEqual(e.lsmModules);
    },
  );

  it.each(expected.containers.filter((c) => c.timeNamespace).map((c) => [c.name, c] as const))(
    'container %s: time-namespace offsets from timens_offsets',
    async (_n, e) => {
      const c = (await get()).containers.find((x) => x.id === e.id)!;
      expect(c.timeNamespace).toEqual({ offsets: e.timeNamespace, source: `/proc/${e.initPid}/timens_offsets` });
    },
  );
});
