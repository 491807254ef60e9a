// Process identity from /proc/PID/stat: the comm is the process's to choose, so the fields after it
// are read from the LAST ')' (a comm of `a) S 1 1` must not fake ppid 1 / group 1); pins by start time.
import { describe, expect, it } from 'vitest';
import { parseStatIds, pinProblem, readStatIds } from './procStat.js';

const tail = '0 0 0 0 0 0 0 0 20 0 1 0 4242 0 0'; // fields 10–22 (start time 4242) and two more

describe('parseStatIds', () => {
  it('an ordinary line: pid, ppid, pgid, start time', () => {
    expect(parseStatIds(`123 (sleep) S 77 123 99 0 -1 4194304 ${tail}`)).toEqual({
      pid: 123,
      ppid: 77,
      pgid: 123,
      startTime: 4242,
      state: 'S',
    });
  });

  it('a crafted comm with ") S 1 1" and spaces: the real fields, not the fake ones', () => {
    expect(parseStatIds(`123 (a) S 1 1) S 77 123 99 0 -1 4194304 ${tail}`)).toEqual({
      pid: 123,
      ppid: 77,
      pgid: 123,
      startTime: 4242,
      state: 'S',
    });
    expect(parseStatIds(`9 () () S 5 9 9 0 -1 0 ${tail}`)).toMatchObject({ ppid: 5, pgid: 9, startTime: 4242 });
  });

  it('a zombie: its state says so (the profiler skips it: ptrace refuses one with EPERM)', () => {
    expect(parseStatIds(`123 (sh) Z 77 123 99 0 -1 4194304 ${tail}`)?.state).toBe('Z');
  });

  it('truncated or garbage: null, never a guess', () => {
    for (const t of ['', '123', '123 (x', '123 (x) S', `123 (x) S 1 zz 3 ${tail}`]) expect(parseStatIds(t), t).toBeNull();
  });
});

describe('pins', () => {
  it('this process: its own start time holds, another does not, a missing pid is ESRCH', () => {
    const me = readStatIds(process.pid)!;
    expect(me.pid).toBe(process.pid);
    expect(pinProblem({ pid: process.pid, startTime: me.startTime })).toBeNull();
    expect(pinProblem({ pid: process.pid, startTime: me.startTime + 1 })).toMatch(
      new RegExp(
        `^ESRCH: pid ${process.pid} is not the process it was \\(start time ${me.startTime}, the record says ${me.startTime + 1}\\)`,
      ),
    );
    expect(pinProblem({ pid: 2 ** 22 + 7, startTime: 1 })).toBe(`ESRCH: no such process ${2 ** 22 + 7}`);
  });
});
