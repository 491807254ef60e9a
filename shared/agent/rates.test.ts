import { describe, expect, it } from 'vitest';
import type { Counters } from './protocol.js';
import { deriveRates } from './rates.js';

const base: Counters = {
  cpuUsageNs: 1_000_000_000, memoryCurrent: 1, pidsCurrent: 2, ioReadBytes: 1000, ioWriteBytes: 0,
  nrThrottled: 5, throttledNs: 0, netRxBytes: 100, netTxBytes: 50, psiCpu: null, psiMemory: null, psiIo: null,
};

describe('deriveRates', () => {
  it('turns two samples into per-second rates (CPU as % of one CPU)', () => {
    const next = { ...base, cpuUsageNs: 1_500_000_000, ioReadBytes: 3000, netRxBytes: 1100, netTxBytes: 50, nrThrottled: 7 };
    expect(deriveRates(base, next, 2000)).toEqual({
      cpuPercent: 25, ioReadBps: 1000, ioWriteBps: 0, netRxBps: 500, netTxBps: 0, throttledPerSec: 1,
    });
  });

  it('gives null without a previous sample, for missing counters, and when a counter went backwards', () => {
    expect(deriveRates(undefined, base, 1000).cpuPercent).toBeNull();
    const restarted = { ...base, cpuUsageNs: 10, netRxBytes: null };
    const r = deriveRates(base, restarted, 1000);
    expect(r.cpuPercent).toBeNull();
    expect(r.netRxBps).toBeNull();
    expect(r.ioReadBps).toBe(0);
    expect(deriveRates(base, base, 0).ioReadBps).toBeNull();
  });
});
