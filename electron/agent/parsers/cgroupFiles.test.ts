// Cgroup interface files, v1 (captured here) and v2 (public captures; see MANIFEST.md).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  parseBlkioDevices,
  parseBlkioServiceBytes,
  parseCgroupEvents,
  parseCount,
  parseCpuMax,
  parseFlag,
  parseFreezerState,
  parseIoMax,
  parseIoStat,
  parseIoStatDevices,
  parseKeyValues,
  parseLimit,
  parseMemoryEvents,
  parseOomControlFlags,
  parsePartitions,
  parsePressure,
} from './cgroupFiles.js';

const text = (f: string) => readFileSync(new URL(`../fixtures/text/${f}`, import.meta.url), 'utf8');

describe('v1', () => {
  it('reads limits and turns the near-2^63 "unlimited" into null', () => {
    expect(parseLimit(text('cgroup-v1/docker-container/memory.limit_in_bytes'))).toBe(268435456);
    expect(parseLimit(text('cgroup-v1/docker-container/memory.memsw.limit_in_bytes'))).toBe(536870912);
    expect(parseLimit(text('cgroup-v1/host-root/memory.limit_in_bytes'))).toBeNull();
    expect(parseLimit(text('cgroup-v1/docker-container/cpu.cfs_quota_us'))).toBe(50000);
    expect(parseLimit('-1\n')).toBeNull(); // cfs_quota_us without a quota
    expect(parseLimit(text('cgroup-v1/docker-container/pids.max'))).toBe(100);
    expect(parseLimit('max\n')).toBeNull();
    expect(parseLimit('lots')).toBeUndefined();
  });

  it('reads throttling, OOM kills and block IO', () => {
    expect(parseKeyValues(text('cgroup-v1/docker-container/cpu.stat'))).toMatchObject({
      nr_periods: 3,
      nr_throttled: 0,
      throttled_time: 0,
    });
    expect(parseKeyValues(text('cgroup-v1/docker-container/memory.oom_control')).oom_kill).toBe(0);
    expect(parseBlkioServiceBytes(text('cgroup-v1/docker-container/blkio.throttle.io_service_bytes'))).toEqual({
      readBytes: 0,
      writeBytes: 0,
    });
    expect(parseBlkioServiceBytes('8:0 Read 4096\n8:0 Write 8192\n8:0 Sync 0\n8:16 Read 1\nTotal 12289\n')).toEqual({
      readBytes: 4097,
      writeBytes: 8192,
    });
    expect(parseCount(text('cgroup-v1/docker-container/cpuacct.usage'))).toBeGreaterThan(0);
  });
});

describe('v2', () => {
  it('reads cpu.max and memory.max, "max" meaning unlimited', () => {
    expect(parseCpuMax(text('cgroup-v2/unlimited-empty-kernel6.7/cpu.max'))).toEqual({ quota: null, period: 100000 });
    expect(parseCpuMax(text('cgroup-v2/docker-compose-app/cpu.max'))).toMatchObject({ period: 100000 });
    expect(parseCpuMax(text('cgroup-v2/docker-compose-app/cpu.max'))!.quota).toBeGreaterThan(0);
    expect(parseLimit(text('cgroup-v2/unlimited-empty-kernel6.7/memory.max'))).toBeNull();
    expect(parseLimit(text('cgroup-v2/docker-compose-app/memory.max'))).toBeGreaterThan(0);
  });

  it('reads throttling from cpu.stat and OOM events', () => {
    expect(parseKeyValues(text('cgroup-v2/throttled-netdata12595.cpu.stat'))).toMatchObject({
      usage_usec: 73899,
      nr_periods: 7,
      nr_throttled: 3,
      throttled_usec: 139381,
    });
    expect(parseKeyValues(text('cgroup-v2/unlimited-empty-kernel6.7/memory.events'))).toMatchObject({ oom: 0, oom_kill: 0 });
  });

  it('reads PSI some/full lines', () => {
    expect(parsePressure(text('cgroup-v2/unlimited-empty-kernel6.7/cpu.pressure'))).toEqual({
      some: { avg10: 0, avg60: 0, avg300: 0, total: 0 },
      full: { avg10: 0, avg60: 0, avg300: 0, total: 0 },
    });
    expect(parsePressure('some avg10=1.50 avg60=0.25 avg300=0.05 total=123456\n')).toEqual({
      some: { avg10: 1.5, avg60: 0.25, avg300: 0.05, total: 123456 },
      full: null,
    });
    expect(parsePressure('')).toBeUndefined();
  });

  it('reads io.max per device and sums io.stat', () => {
    expect(parseIoMax(text('cgroup-v2/kernel-doc-example.io.max'))).toEqual([
      { device: '8:16', readBps: 2097152, writeBps: null, readIops: null, writeIops: 120 },
    ]);
    expect(parseIoStat(text('cgroup-v2/k8s-node-heavy-writer.io.stat'))).toEqual({
      readBytes: 598016,
      writeBytes: 227002702848000,
    });
  });
});

describe('newer v2 files and their v1 equivalents (real text)', () => {
  it('memory.events: every counter, oom_group_kill null where the kernel does not print it', () => {
    expect(parseMemoryEvents(text('cgroup-v2/lab1-oom-group/memory.events'))).toEqual({
      low: 0,
      high: 0,
      max: 37,
      oom: 1,
      oomKill: 2,
      oomGroupKill: 1,
    });
    expect(parseMemoryEvents(text('cgroup-v2/cgget-goofytimes/memory.events'))).toEqual({
      low: 0,
      high: 0,
      max: 1419,
      oom: 43,
      oomKill: 2,
      oomGroupKill: 0,
    });
    // A 5.15 kernel prints no oom_group_kill line (added in 5.17): null, not 0.
    expect(parseMemoryEvents(text('cgroup-v2/postgres-container-after-recovery/memory.events'))!.max).toBe(13693);
    expect(parseMemoryEvents('low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n')).toEqual({
      low: 0,
      high: 0,
      max: 3,
      oom: 1,
      oomKill: 1,
      oomGroupKill: null,
    });
    expect(parseMemoryEvents('')).toBeUndefined();
    expect(parseMemoryEvents('garbage\n')).toBeUndefined();
  });

  it('switch files: memory.oom.group, cpu.idle, cgroup.freeze', () => {
    expect(parseFlag(text('cgroup-v2/lab1-oom-group/memory.oom.group'))).toBe(true);
    expect(parseFlag(text('cgroup-v2/cgget-goofytimes/cpu.idle'))).toBe(false);
    expect(parseFlag(text('cgroup-v2/local-unified-frozen/cgroup.freeze'))).toBe(true);
    expect(parseFlag(text('cgroup-v2/unlimited-empty-kernel6.7/cgroup.freeze'))).toBe(false);
    expect(parseFlag('2\n')).toBeUndefined();
  });

  it('cgroup.events: populated and frozen', () => {
    expect(parseCgroupEvents(text('cgroup-v2/local-unified-frozen/cgroup.events'))).toEqual({ populated: true, frozen: true });
    expect(parseCgroupEvents(text('cgroup-v2/unlimited-empty-kernel6.7/cgroup.events'))).toEqual({
      populated: false,
      frozen: false,
    });
    expect(parseCgroupEvents('populated 1\n')).toEqual({ populated: true, frozen: null }); // before 5.2
    expect(parseCgroupEvents('')).toBeUndefined();
  });

  it('limits and peaks: memory.min, zswap, swap, burst, pids.peak', () => {
    expect(parseLimit(text('cgroup-v2/unlimited-empty-kernel6.7/memory.min'))).toBe(0);
    expect(parseLimit(text('cgroup-v2/unlimited-empty-kernel6.7/memory.zswap.max'))).toBeNull();
    expect(parseLimit(text('cgroup-v2/lab1-oom-group/memory.swap.max'))).toBe(0);
    expect(parseCount(text('cgroup-v2/cgget-goofytimes/cpu.max.burst'))).toBe(0);
    expect(parseCount(text('cgroup-v2/unlimited-empty-kernel6.7/pids.peak'))).toBe(0);
    expect(parseKeyValues(text('cgroup-v2/lab1-oom-group/pids.events')).max).toBe(255018);
    expect(parseKeyValues(text('cgroup-v2/cgget-goofytimes/cpu.stat'))).toMatchObject({
      nr_throttled: 26758,
      nr_bursts: 0,
      burst_usec: 0,
    });
    // Before 5.14 cpu.stat has no burst lines at all: absent, not 0.
    expect(parseKeyValues(text('cgroup-v2/throttled-netdata12595.cpu.stat')).nr_bursts).toBeUndefined();
  });

  it('io.stat per device, every key; a key the kernel did not print is null', () => {
    expect(parseIoStatDevices(text('cgroup-v2/k8s-node-heavy-writer.io.stat'))).toEqual([
      { device: '254:3', rbytes: 598016, wbytes: 227002702848000, rios: 146, wios: 124342581, dbytes: 0, dios: 0 },
    ]);
    expect(parseIoStatDevices('8:0 rbytes=1 wbytes=2 rios=3 wios=4\n')).toEqual([
      { device: '8:0', rbytes: 1, wbytes: 2, rios: 3, wios: 4, dbytes: null, dios: null },
    ]);
    expect(parseIoStatDevices('')).toEqual([]);
  });

  it('v1: blkio per device, memory.oom_control flags, freezer.state', () => {
    expect(parseBlkioDevices(text('cgroup-v1/docker-container/blkio.throttle.io_service_bytes'), null)).toEqual([]);
    expect(
      parseBlkioDevices(
        '254:0 Read 4096\n254:0 Write 8192\n254:0 Sync 0\n254:0 Async 12288\n254:0 Discard 0\n254:0 Total 12288\nTotal 12288\n',
        '254:0 Read 1\n254:0 Write 2\n254:0 Discard 0\nTotal 3\n',
      ),
    ).toEqual([{ device: '254:0', rbytes: 4096, wbytes: 8192, rios: 1, wios: 2, dbytes: 0, dios: 0 }]);
    expect(parseOomControlFlags(text('cgroup-v1/docker-container/memory.oom_control'))).toEqual({
      killDisabled: false,
      underOom: false,
    });
    expect(parseFreezerState('FROZEN\n')).toEqual({ frozen: true, freezeRequested: true });
    expect(parseFreezerState('THAWED\n')).toEqual({ frozen: false, freezeRequested: false });
    expect(parseFreezerState('cold\n')).toBeUndefined();
  });

  it('/proc/partitions names major:minor', () => {
    expect(parsePartitions(text('partitions/debian12-vm.partitions'))).toEqual(new Map([['254:0', 'vda']]));
    expect(parsePartitions('major minor  #blocks  name\n\n 8 0 100 sda\n 8 1 50 sd\u001b[31ma\n').get('8:1')).toBeUndefined();
  });
});
