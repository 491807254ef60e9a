// Cgroup interface files, v1 (captured here) and v2 (public captures; see MANIFEST.md).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  parseBlkioServiceBytes, parseCount, parseCpuMax, parseIoMax, parseIoStat, parseKeyValues, parseLimit, parsePressure,
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
    expect(parseKeyValues(text('cgroup-v1/docker-container/cpu.stat'))).toMatchObject({ nr_periods: 3, nr_throttled: 0, throttled_time: 0 });
    expect(parseKeyValues(text('cgroup-v1/docker-container/memory.oom_control')).oom_kill).toBe(0);
    expect(parseBlkioServiceBytes(text('cgroup-v1/docker-container/blkio.throttle.io_service_bytes'))).toEqual({ readBytes: 0, writeBytes: 0 });
    expect(parseBlkioServiceBytes('8:0 Read 4096\n8:0 Write 8192\n8:0 Sync 0\n8:16 Read 1\nTotal 12289\n')).toEqual({ readBytes: 4097, writeBytes: 8192 });
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
    expect(parseKeyValues(text('cgroup-v2/throttled-netdata12595.cpu.stat'))).toMatchObject({ usage_usec: 73899, nr_periods: 7, nr_throttled: 3, throttled_usec: 139381 });
    expect(parseKeyValues(text('cgroup-v2/unlimited-empty-kernel6.7/memory.events'))).toMatchObject({ oom: 0, oom_kill: 0 });
  });

  it('reads PSI some/full lines', () => {
    expect(parsePressure(text('cgroup-v2/unlimited-empty-kernel6.7/cpu.pressure'))).toEqual({
      some: { avg10: 0, avg60: 0, avg300: 0, total: 0 },
      full: { avg10: 0, avg60: 0, avg300: 0, total: 0 },
    });
    expect(parsePressure('some avg10=1.50 avg60=0.25 avg300=0.05 total=123456\n')).toEqual({ some: { avg10: 1.5, avg60: 0.25, avg300: 0.05, total: 123456 }, full: null });
    expect(parsePressure('')).toBeUndefined();
  });

  it('reads io.max per device and sums io.stat', () => {
    expect(parseIoMax(text('cgroup-v2/kernel-doc-example.io.max'))).toEqual([{ device: '8:16', readBps: 2097152, writeBps: null, readIops: null, writeIops: 120 }]);
    expect(parseIoStat(text('cgroup-v2/k8s-node-heavy-writer.io.stat'))).toEqual({ readBytes: 598016, writeBytes: 227002702848000 });
  });
});
