// One point of a container's resource history: what the IPC contract pushes and what snapshot
// files and recordings carry. Its own module so snapshot files (migrate.ts) need not depend on
// the IPC contract.
import { z } from 'zod';
import { newerPointShape, type NewerPointKey } from '../ipc/newerPoint.js';

/** One point of a container's resource history (rates already derived). */
export const HistoryPoint = z.object({
  t: z.number(),
  cpuPercent: z.number().nullable(),
  memoryBytes: z.number().nullable(),
  pids: z.number().nullable(),
  ioReadBps: z.number().nullable(),
  ioWriteBps: z.number().nullable(),
  netRxBps: z.number().nullable(),
  netTxBps: z.number().nullable(),
  throttledPerSec: z.number().nullable(),
  psiCpu: z.number().nullable(),
  psiMemory: z.number().nullable(),
  psiIo: z.number().nullable(),
  ...newerPointShape,
});
/** A point with the newer optional fields (shared/ipc/newerPoint.ts); HistoryPoint is the point without them. */
export type NewerHistoryPoint = z.infer<typeof HistoryPoint>;
export type HistoryPoint = Omit<NewerHistoryPoint, NewerPointKey>;
