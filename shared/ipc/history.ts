// Resource history kept per container: samples turned into points, trimmed to a time window.
// Pure; used by the main side (to serve history to a renderer that connects late) and by the
// renderer's store.
import type { ContainerSample } from '../agent/protocol.js';
import type { HistoryPoint, NewerHistoryPoint } from './contract.js';
import { newerPoint } from './newerPoint.js';

/** The longest window the graphs offer (15 min). */
export const HISTORY_WINDOW_MS = 15 * 60 * 1000;

export function toPoint(t: number, s: ContainerSample): HistoryPoint {
  const point: NewerHistoryPoint = {
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
    ...newerPoint(s),
  };
  return point;
}

/**
 * The most points a container's history holds, whatever the clocks do: the window at the
 * fastest poll interval (15 min at 0.5 s = 1800) plus slack. The time window alone would not
 * bound it if sample times went backwards (a clock set back keeps every newer point).
 */
export const MAX_HISTORY_POINTS = 2000;

/** Index of the first point to keep when `point` is appended (the window and the cap). */
function firstKept(points: readonly HistoryPoint[], point: HistoryPoint, windowMs: number): number {
  const cutoff = point.t - windowMs;
  let drop = Math.max(0, points.length + 1 - MAX_HISTORY_POINTS);
  while (drop < points.length && points[drop]!.t < cutoff) drop++;
  return drop;
}

/** Appends a point and drops what fell out of the window or over the cap (mutates and returns `points`). */
export function appendPoint(points: HistoryPoint[], point: HistoryPoint, windowMs = HISTORY_WINDOW_MS): HistoryPoint[] {
  const drop = firstKept(points, point, windowMs);
  if (drop > 0) points.splice(0, drop);
  points.push(point);
  return points;
}

/**
 * `appendPoint` without touching `points`: a new array of what is kept plus the point, built in
 * one copy (the renderer's store needs a new array for the views to see the change).
 */
export function appendedPoints(
  points: readonly HistoryPoint[] | undefined,
  point: HistoryPoint,
  windowMs = HISTORY_WINDOW_MS,
): HistoryPoint[] {
  if (!points || points.length === 0) return [point];
  const drop = firstKept(points, point, windowMs);
  const out = points.slice(drop);
  out.push(point);
  return out;
}
