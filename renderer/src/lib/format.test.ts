// The renderer's number formatting, on values from the lab's saved snapshot where the snapshot has
// them: "—" for what is not there (never a 0), binary units, CPUs from quota/period, durations.
import { describe, expect, it } from 'vitest';
// eslint-disable-next-line no-restricted-imports -- a test: the lab's saved snapshot (real limits and ids)
import labRoot from '../../../electron/agent/fixtures/snapshots/lab-hybrid-root.json' with { type: 'json' };
import { Snapshot } from '../../../shared/snapshot/schema.js';
import {
  formatBytes,
  formatCount,
  formatCpus,
  formatDuration,
  formatNs,
  formatPercent,
  formatRate,
  formatTime,
  shortId,
} from './format.js';

const snap = Snapshot.parse(labRoot);
const hardened = snap.containers.find((c) => c.name?.endsWith('-hardened'))!;
const docker = snap.containers.find((c) => c.runtime === 'docker')!;

describe('formatBytes and formatRate', () => {
  it("the hardened lab container's memory limit in MiB", () => {
    const limit = hardened.cgroup.limits.memoryMax;
    expect(limit).toBe(64 * 1024 * 1024);
    expect(formatBytes(limit)).toBe('64 MiB');
  });

  it('binary units with one decimal unless whole; digits on request', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(1536, 3)).toBe('1.500 KiB');
    expect(formatBytes(5 * 1024 ** 4)).toBe('5 TiB');
  });

  it('"—" for a value that is not there or not a number, never "0 B"', () => {
    for (const v of [null, undefined, NaN, Infinity]) expect(formatBytes(v)).toBe('—');
    expect(formatRate(null)).toBe('—');
    expect(formatRate(2048)).toBe('2 KiB/s');
  });
});

describe('formatPercent and formatCount', () => {
  it('percent with one decimal, "—" when absent', () => {
    expect(formatPercent(12.345)).toBe('12.3 %');
    expect(formatPercent(12.345, 0)).toBe('12 %');
    expect(formatPercent(null)).toBe('—');
    expect(formatPercent(NaN)).toBe('—');
  });

  it('counts with thousands separators, "—" when absent', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(0)).toBe('0');
    expect(formatCount(undefined)).toBe('—');
  });
});

describe('formatCpus', () => {
  it("a quota over its period as CPUs: the lab's half CPU, and more than one", () => {
    const { cpuQuota, cpuPeriod } = hardened.cgroup.limits;
    expect(formatCpus(cpuQuota!, cpuPeriod!)).toBe('0.5 CPU');
    expect(formatCpus(250000, 100000)).toBe('2.5 CPUs');
    expect(formatCpus(5000, 100000)).toBe('0.05 CPU');
    expect(formatCpus(1234, 100000)).toBe('0.012 CPU');
  });

  it('"—" for a period that is zero or missing, not a division by it', () => {
    expect(formatCpus(50000, 0)).toBe('—');
    expect(formatCpus(50000, NaN)).toBe('—');
  });
});

describe('formatDuration and formatNs', () => {
  it('the two largest units', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(59.9)).toBe('59s');
    expect(formatDuration(61)).toBe('1m 1s');
    expect(formatDuration(3 * 3600 + 120)).toBe('3h 2m');
    expect(formatDuration(2 * 86400 + 5 * 3600)).toBe('2d 5h');
  });

  it('"—" for negative or non-finite seconds (a clock that went backwards)', () => {
    expect(formatDuration(-1)).toBe('—');
    expect(formatDuration(Infinity)).toBe('—');
  });

  it('nanoseconds: µs, ms, s, then as a duration', () => {
    expect(formatNs(1500)).toBe('2 µs');
    expect(formatNs(2_500_000)).toBe('2.5 ms');
    expect(formatNs(1_234_000_000)).toBe('1.23 s');
    expect(formatNs(90e9)).toBe('1m 30s');
    expect(formatNs(null)).toBe('—');
  });
});

describe('formatTime and shortId', () => {
  it('24-hour time of day, the same as the locale formatter it caches', () => {
    const t = Date.UTC(2026, 0, 2, 13, 4, 5);
    const text = formatTime(t);
    expect(text).toBe(
      new Date(t).toLocaleTimeString([], { hour12: false, hour: 'numeric', minute: 'numeric', second: 'numeric' }),
    );
    expect(text).toMatch(/^\d{1,2}:04:05$/);
  });

  it("Docker's 64-hex id to 12 digits; LXC names and pids whole", () => {
    expect(docker.id).toMatch(/^[0-9a-f]{64}$/);
    expect(shortId(docker.id)).toBe(docker.id.slice(0, 12));
    expect(shortId(hardened.id)).toBe(hardened.id);
    expect(shortId('10557')).toBe('10557');
  });
});
