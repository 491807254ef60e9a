// Rates from two consecutive counter samples. Pure. A counter that went backwards (the
// container restarted, a cgroup was recreated) or is missing on either side gives null.
import type { Counters, Rates } from './protocol.js';

function perSecond(prev: number | null | undefined, next: number | null | undefined, seconds: number): number | null {
  if (prev == null || next == null || seconds <= 0 || next < prev) return null;
  return (next - prev) / seconds;
}

/** How many events a cumulative counter added between the samples (a count per interval). */
function added(prev: number | null | undefined, next: number | null | undefined): number | null {
  if (prev == null || next == null || next < prev) return null;
  return next - prev;
}

export function deriveRates(prev: Counters | undefined, next: Counters, elapsedMs: number): Rates {
  const s = elapsedMs / 1000;
  if (!prev) {
    return {
      cpuPercent: null,
      ioReadBps: null,
      ioWriteBps: null,
      netRxBps: null,
      netTxBps: null,
      throttledPerSec: null,
      burstsPerSec: null,
      oomEvents: null,
      oomKillEvents: null,
      highEvents: null,
      maxEvents: null,
    };
  }
  const cpuNsPerSec = perSecond(prev.cpuUsageNs, next.cpuUsageNs, s);
  return {
    cpuPercent: cpuNsPerSec === null ? null : (cpuNsPerSec / 1e9) * 100,
    ioReadBps: perSecond(prev.ioReadBytes, next.ioReadBytes, s),
    ioWriteBps: perSecond(prev.ioWriteBytes, next.ioWriteBytes, s),
    netRxBps: perSecond(prev.netRxBytes, next.netRxBytes, s),
    netTxBps: perSecond(prev.netTxBytes, next.netTxBytes, s),
    throttledPerSec: perSecond(prev.nrThrottled, next.nrThrottled, s),
    burstsPerSec: perSecond(prev.nrBursts, next.nrBursts, s),
    oomEvents: added(prev.oomEvents, next.oomEvents),
    oomKillEvents: added(prev.oomKillEvents, next.oomKillEvents),
    highEvents: added(prev.highEvents, next.highEvents),
    maxEvents: added(prev.maxEvents, next.maxEvents),
  };
}
