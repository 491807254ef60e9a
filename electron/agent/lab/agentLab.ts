// The demo lab's methods of the collector's protocol (labStatus, labUp, labDown): the app asks its
// collector, which is the process that runs as root. Containers the app starts are recorded as
// the app's (with this collector as their owner), so after a crash the next one can tell them
// apart. A lab operation in flight is finished before the collector exits on a signal.
import type { DemoLabResult, DemoLabStatus, DemoPreset } from '../../../shared/lab/demoLab.js';
import { LabNeedsRoot, labDown, labStatus, labUp } from './demoLab.js';

/** A failure the protocol carries with its code (the agent's AgentFailure has this shape). */
export class LabFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

let inFlight: Promise<unknown> = Promise.resolve();

function track<T>(p: Promise<T>): Promise<T> {
  inFlight = p.catch(() => undefined);
  return p.catch((e: unknown) => {
    if (e instanceof LabNeedsRoot) throw new LabFailure('needs-root', e.message);
    throw e;
  });
}

/** Resolves when no lab operation runs (at most `capMs` later). */
export function labSettled(capMs = 60_000): Promise<void> {
  return Promise.race([inFlight.then(() => undefined), new Promise<void>((r) => setTimeout(r, capMs).unref())]);
}

export const labHandlers = {
  labStatus: (): Promise<DemoLabStatus> => labStatus(),
  labUp: ({ presets }: { presets: DemoPreset[] }): Promise<DemoLabResult> => track(labUp(presets, { startedBy: 'app' })),
  labDown: ({ presets }: { presets?: DemoPreset[] | undefined }): Promise<DemoLabResult> => track(labDown(presets ?? null)),
};
