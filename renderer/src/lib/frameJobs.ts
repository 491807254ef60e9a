// Work spread over animation frames: each job (a chart drawing its new data) runs in a frame of
// its own, so that one sample's re-render of several charts is several small frames instead of
// one long one. A job queued again before it ran keeps its place and runs once, with whatever
// it reads when it runs (the newest data). A frame runs jobs until the budget is spent (the
// first job always runs). Where frames do not come (a hidden window stops requestAnimationFrame),
// a timer runs the queue, so that it cannot grow stale or unbounded (one entry per key anyway).

/** Milliseconds of jobs per frame after which the rest waits for the next frame. */
export const FRAME_BUDGET_MS = 6;
/** How long the queue waits for a frame before a timer runs it. */
const NO_FRAME_MS = 250;

export interface FrameJobs {
  /** Queues `job` under `key` (replacing a queued job of the same key, which keeps its place). */
  schedule(key: object, job: () => void): void;
  cancel(key: object): void;
  readonly size: number;
}

interface Clock {
  now(): number;
  requestFrame(run: () => void): unknown;
  cancelFrame(handle: unknown): void;
  setTimer(run: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

const browserClock: Clock = {
  now: () => performance.now(),
  requestFrame: (run) => requestAnimationFrame(run),
  cancelFrame: (h) => cancelAnimationFrame(h as number),
  setTimer: (run, ms) => setTimeout(run, ms),
  clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export function createFrameJobs(clock: Clock = browserClock, budgetMs = FRAME_BUDGET_MS): FrameJobs {
  const queue = new Map<object, () => void>();
  let frame: unknown = null;
  let timer: unknown = null;

  const run = () => {
    if (frame !== null) clock.cancelFrame(frame);
    if (timer !== null) clock.clearTimer(timer);
    frame = null;
    timer = null;
    const started = clock.now();
    for (const [key, job] of queue) {
      queue.delete(key);
      try {
        job();
      } catch (err) {
        // One chart's failure must not stop the others; React reports render errors itself.
        console.error(err);
      }
      if (clock.now() - started >= budgetMs) break;
    }
    if (queue.size > 0) request();
  };

  const request = () => {
    if (frame !== null) return;
    frame = clock.requestFrame(run);
    timer = clock.setTimer(run, NO_FRAME_MS);
  };

  return {
    schedule(key, job) {
      queue.set(key, job);
      request();
    },
    cancel(key) {
      queue.delete(key);
    },
    get size() {
      return queue.size;
    },
  };
}

/** The renderer's one queue (charts of every view share the frames). */
export const frameJobs: FrameJobs =
  typeof requestAnimationFrame === 'function'
    ? createFrameJobs()
    : createFrameJobs({
        ...browserClock,
        requestFrame: (r) => setTimeout(r, 16),
        cancelFrame: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
      });
