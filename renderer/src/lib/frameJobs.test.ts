import { describe, expect, it } from 'vitest';
import { createFrameJobs } from './frameJobs.js';

/** A clock whose frames, timers and time the test drives. */
function fakeClock() {
  let now = 0;
  let nextId = 1;
  const frames = new Map<number, () => void>();
  const timers = new Map<number, () => void>();
  return {
    clock: {
      now: () => now,
      requestFrame: (run: () => void) => (frames.set(nextId, run), nextId++),
      cancelFrame: (h: unknown) => void frames.delete(h as number),
      setTimer: (run: () => void) => (timers.set(nextId, run), nextId++),
      clearTimer: (h: unknown) => void timers.delete(h as number),
    },
    advance: (ms: number) => void (now += ms),
    frame() {
      const all = [...frames.values()];
      frames.clear();
      for (const f of all) f();
    },
    timeout() {
      const all = [...timers.values()];
      timers.clear();
      for (const f of all) f();
    },
    get pendingFrames() {
      return frames.size;
    },
  };
}

describe('frameJobs', () => {
  it('runs jobs one frame at a time when each uses up the budget', () => {
    const c = fakeClock();
    const jobs = createFrameJobs(c.clock, 6);
    const ran: string[] = [];
    for (const name of ['a', 'b', 'c']) jobs.schedule({ name }, () => (ran.push(name), c.advance(10)));
    expect(ran).toEqual([]);
    c.frame();
    expect(ran).toEqual(['a']);
    c.frame();
    expect(ran).toEqual(['a', 'b']);
    c.frame();
    expect(ran).toEqual(['a', 'b', 'c']);
    expect(jobs.size).toBe(0);
    expect(c.pendingFrames).toBe(0);
  });

  it('runs several cheap jobs in one frame', () => {
    const c = fakeClock();
    const jobs = createFrameJobs(c.clock, 6);
    const ran: number[] = [];
    for (let i = 0; i < 4; i++) jobs.schedule({}, () => (ran.push(i), c.advance(1)));
    c.frame();
    expect(ran).toEqual([0, 1, 2, 3]);
  });

  it('a job queued again keeps its place and runs once, the newest version', () => {
    const c = fakeClock();
    const jobs = createFrameJobs(c.clock, 0);
    const a = {};
    const b = {};
    const ran: string[] = [];
    jobs.schedule(a, () => ran.push('a1'));
    jobs.schedule(b, () => ran.push('b'));
    jobs.schedule(a, () => ran.push('a2'));
    c.frame();
    c.frame();
    c.frame();
    expect(ran).toEqual(['a2', 'b']);
  });

  it('a cancelled job does not run', () => {
    const c = fakeClock();
    const jobs = createFrameJobs(c.clock, 0);
    const a = {};
    const ran: string[] = [];
    jobs.schedule(a, () => ran.push('a'));
    jobs.cancel(a);
    c.frame();
    expect(ran).toEqual([]);
  });

  it('without frames (a hidden window) a timer runs the queue', () => {
    const c = fakeClock();
    const jobs = createFrameJobs(c.clock, 100);
    const ran: string[] = [];
    jobs.schedule({}, () => ran.push('x'));
    c.timeout();
    expect(ran).toEqual(['x']);
    // The frame it had asked for is cancelled: no second run in the same frame.
    expect(c.pendingFrames).toBe(0);
  });

  it('a job that throws does not stop the others', () => {
    const c = fakeClock();
    const jobs = createFrameJobs(c.clock, 100);
    const ran: string[] = [];
    const error = console.error;
    console.error = () => {};
    try {
      jobs.schedule({}, () => {
        throw new Error('boom');
      });
      jobs.schedule({}, () => ran.push('after'));
      c.frame();
    } finally {
      console.error = error;
    }
    expect(ran).toEqual(['after']);
  });
});
