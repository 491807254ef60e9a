// The resource history stays bounded: by its time window, and by a hard cap even when sample
// times go backwards (a clock set back).
import { describe, expect, it } from 'vitest';
import type { HistoryPoint } from './contract.js';
import { appendedPoints, appendPoint, HISTORY_WINDOW_MS, MAX_HISTORY_POINTS } from './history.js';

const at = (t: number): HistoryPoint => ({
  t,
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
});

describe('history', () => {
  it('keeps the last window of points, oldest dropped first', () => {
    const points: HistoryPoint[] = [];
    for (let t = 0; t <= 2 * HISTORY_WINDOW_MS; t += 1000) appendPoint(points, at(t));
    expect(points[0]!.t).toBe(HISTORY_WINDOW_MS);
    expect(points.at(-1)!.t).toBe(2 * HISTORY_WINDOW_MS);
    expect(points).toHaveLength(HISTORY_WINDOW_MS / 1000 + 1);
  });

  it('never holds more than MAX_HISTORY_POINTS, even when time runs backwards', () => {
    const mutated: HistoryPoint[] = [];
    let copied: HistoryPoint[] = [];
    for (let i = 0; i < 3 * MAX_HISTORY_POINTS; i++) {
      appendPoint(mutated, at(1e9 - i)); // every point older than the one before: none falls out of the window
      copied = appendedPoints(copied, at(1e9 - i));
    }
    expect(mutated).toHaveLength(MAX_HISTORY_POINTS);
    expect(copied).toHaveLength(MAX_HISTORY_POINTS);
    expect(mutated.at(-1)!.t).toBe(1e9 - (3 * MAX_HISTORY_POINTS - 1));
    expect(copied).toEqual(mutated);
  });

  it('appendedPoints leaves the array it was given as it was', () => {
    const before = [at(1), at(2)];
    const after = appendedPoints(before, at(3));
    expect(before.map((p) => p.t)).toEqual([1, 2]);
    expect(after.map((p) => p.t)).toEqual([1, 2, 3]);
    expect(appendedPoints(undefined, at(5)).map((p) => p.t)).toEqual([5]);
  });
});
