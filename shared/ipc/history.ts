// Resource history kept per container: samples turned into points, trimmed to a time window.
// Pure; used by the main side (to serve history to a renderer that connects late) and by the
// renderer's store.
import type { ContainerSample } from '../agent/protocol.js';
import type { HistoryPoint } from './contract.js';

/** The longest window the graphs offer (15 min). */
export const HISTORY_WINDOW_MS = 15 * 60 * 1000;

export function toPoint(t: number, s: ContainerSample): HistoryPoint {
  return {
    t,
    cpuPercent: s.rates.cpuPercent,
    memoryBytes: s.counters.memoryCurrent,
    pids: s.counters.pidsCurrent,
    ioReadBps: s.rates.ioReadBps,
    ioWriteBps: s.rates.ioWriteBps,
    netRxBps: s.rates.netRxBps,
    netTxBps: s.rates.netTxBps,
    throttledPerSec: s.rates.throttledPerSec,
    psiCpu: s.counters.psiCpu,
    psiMemory: s.counters.psiMemory,
    psiIo: s.counters.psiIo,
  };
}

/** Appends a point and drops what fell out of the window (mutates and returns `points`). */
export function appendPoint(points: HistoryPoint[], point: HistoryPoint, windowMs = HISTORY_WINDOW_MS): HistoryPoint[] {
  points.push(point);
  const cutoff = point.t - windowMs;
  let drop = 0;
  while (drop < points.length && points[drop]!.t < cutoff) drop++;
  if (drop > 0) points.splice(0, drop);
  return points;
}
