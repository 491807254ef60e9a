import { describe, expect, it } from 'vitest';
import type { Counters } from './protocol.js';
import { deriveRates } from './rates.js';

const base: Counters = {
  cpuUsageNs: 1_000_000_000,
  memoryCurrent: 1,
  pidsCurrent: 2,
  ioReadBytes: 1000,
  ioWriteBytes: 0,
  nrThrottled: 5,
  throttledNs: 0,
  netRxBytes: 100,
  netTxBytes: 50,
  psiCpu: null,
  psiMemory: null,
  psiIo: null,
};

describe('deriveRates', () => {
  it('turns two samples into per-second rates (CPU as % of one CPU)', () => {
    const next = { ...base, cpuUsageNs: 1_500_000_000, ioReadBytes: 3000, netRxBytes: 1100, netTxBytes: 50, nrThrottled: 7 };
    expect(deriveRates(base, next, 2000)).toEqual({
      cpuPercent: 25,
      ioReadBps: 1000,
      ioWriteBps: 0,
      netRxBps: 500,
      netTxBps: 0,
      throttledPerSec: 1,
      burstsPerSec: null,
      oomEvents: null,
      oomKillEvents: null,
      highEvents: null,
      maxEvents: null,
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

  // The newer counters: bursts per second; memory.events as the count the interval added (so
  // one OOM kill in a 2 s interval is 1, not 0.5 per second).
  it('gives bursts per second and memory events per interval', () => {
    const a: Counters = { ...base, nrBursts: 10, burstNs: 5e6, oomEvents: 43, oomKillEvents: 2, highEvents: 0, maxEvents: 7 };
    const b: Counters = { ...a, nrBursts: 14, oomEvents: 44, oomKillEvents: 3, maxEvents: 12 };
    const r = deriveRates(a, b, 2000);
    expect(r).toMatchObject({ burstsPerSec: 2, oomEvents: 1, oomKillEvents: 1, highEvents: 0, maxEvents: 5 });
  });

  it('gives null, never 0, for a newer counter absent on either side (older sample, v1, missing file) or gone backwards', () => {
    const old: Counters = { ...base }; // a sample from before the newer counters: no keys at all
    const now: Counters = { ...base, nrBursts: 3, oomEvents: 1, oomKillEvents: 0, highEvents: null, maxEvents: 4 };
    expect(deriveRates(old, now, 1000)).toMatchObject({
      burstsPerSec: null,
      oomEvents: null,
      oomKillEvents: null,
      highEvents: null,
      maxEvents: null,
    });
    const recreated: Counters = { ...now, nrBursts: 1, oomEvents: 0 };
    expect(deriveRates(now, recreated, 1000)).toMatchObject({
      burstsPerSec: null,
      oomEvents: null,
      oomKillEvents: 0,
      highEvents: null,
      maxEvents: 0,
    });
    expect(deriveRates(undefined, now, 1000)).toMatchObject({ burstsPerSec: null, oomEvents: null });
  });
});
