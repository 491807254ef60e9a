import { describe, expect, it } from 'vitest';
import { Counters, Rates, type ContainerSample } from '../agent/protocol.js';
import { deriveRates } from '../agent/rates.js';
import { HistoryPoint } from './contract.js';
import { toPoint } from './history.js';
import { NEWER_POINT_KEYS, newerPointShape } from './newerPoint.js';

const counters = Counters.parse({
  cpuUsageNs: 1e9,
  memoryCurrent: 4096,
  pidsCurrent: 2,
  ioReadBytes: 0,
  ioWriteBytes: 0,
  nrThrottled: 0,
  throttledNs: 0,
  netRxBytes: null,
  netTxBytes: null,
  psiCpu: null,
  psiMemory: null,
  psiIo: null,
  nrBursts: 4,
  burstNs: 1e6,
  oomEvents: 43,
  oomKillEvents: 2,
  highEvents: 0,
  maxEvents: 1419,
  swapCurrent: null,
  memoryPeak: 30650368,
});

describe('newer counters in history points', () => {
  it('lists every newer key', () => {
    expect([...NEWER_POINT_KEYS].sort()).toEqual(Object.keys(newerPointShape).sort());
  });

  it("a point carries peak, swap, bursts per second and the interval's memory events; what was not read is null", () => {
    const next = { ...counters, nrBursts: 6, oomKillEvents: 3, maxEvents: 1425 };
    const s: ContainerSample = { counters: next, rates: deriveRates(counters, next, 2000) };
    const p = HistoryPoint.parse(toPoint(1, s));
    expect(p).toMatchObject({
      memoryPeakBytes: 30650368,
      swapBytes: null,
      burstsPerSec: 1,
      oomEvents: 0,
      oomKillEvents: 1,
      highEvents: 0,
      maxEvents: 6,
    });
  });

  it('samples and points recorded before the newer counters still load, with the fields absent (not null, not 0)', () => {
    const old = {
      t: 1,
      cpuPercent: 1,
      memoryBytes: 2,
      pids: 3,
      ioReadBps: null,
      ioWriteBps: null,
      netRxBps: null,
      netTxBps: null,
      throttledPerSec: null,
      psiCpu: null,
      psiMemory: null,
      psiIo: null,
    };
    const p = HistoryPoint.parse(old);
    for (const k of NEWER_POINT_KEYS) expect(k in p, k).toBe(false);
    const oldCounters = {
      cpuUsageNs: 1,
      memoryCurrent: 1,
      pidsCurrent: 1,
      ioReadBytes: 0,
      ioWriteBytes: 0,
      nrThrottled: 0,
      throttledNs: 0,
      netRxBytes: 0,
      netTxBytes: 0,
      psiCpu: null,
      psiMemory: null,
      psiIo: null,
    };
    expect(Counters.parse(oldCounters)).toEqual(oldCounters);
    const oldRates = {
      cpuPercent: null,
      ioReadBps: null,
      ioWriteBps: null,
      netRxBps: null,
      netTxBps: null,
      throttledPerSec: null,
    };
    expect(Rates.parse(oldRates)).toEqual(oldRates);
    // and its point, made now, says null for what the old sample lacks
    expect(toPoint(1, { counters: Counters.parse(oldCounters), rates: Rates.parse(oldRates) })).toMatchObject({
      memoryPeakBytes: null,
      oomKillEvents: null,
      burstsPerSec: null,
    });
  });
});
