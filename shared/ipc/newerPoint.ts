// The newer live counters as history points (issue 11): memory peak and swap, CPU bursts per
// second, memory.events counts per interval. Optional in HistoryPoint's schema (histories
// recorded before them lack them, and a missing key is "not collected", not null); kept out of
// the HistoryPoint type so code over its number|null keys is unchanged — see NewerHistoryPoint.
import { z } from 'zod';
import type { ContainerSample } from '../agent/protocol.js';

const value = z.number().nullable().optional();
export const newerPointShape = {
  memoryPeakBytes: value,
  swapBytes: value,
  burstsPerSec: value,
  oomEvents: value,
  oomKillEvents: value,
  highEvents: value,
  maxEvents: value,
};
export type NewerPointKey = keyof typeof newerPointShape;
export const NEWER_POINT_KEYS: readonly NewerPointKey[] = [
  'memoryPeakBytes',
  'swapBytes',
  'burstsPerSec',
  'oomEvents',
  'oomKillEvents',
  'highEvents',
  'maxEvents',
];

/** The newer fields of one sample's point (null where the collector read none). */
export function newerPoint(s: ContainerSample): { [K in NewerPointKey]: number | null } {
  return {
    memoryPeakBytes: s.counters.memoryPeak ?? null,
    swapBytes: s.counters.swapCurrent ?? null,
    burstsPerSec: s.rates.burstsPerSec ?? null,
    oomEvents: s.rates.oomEvents ?? null,
    oomKillEvents: s.rates.oomKillEvents ?? null,
    highEvents: s.rates.highEvents ?? null,
    maxEvents: s.rates.maxEvents ?? null,
  };
}
