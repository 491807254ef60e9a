// `isoscope profile`'s text: durations, the progress counter, the summary.
import { describe, expect, it } from 'vitest';
import type { ProfileProgress } from '../../../../shared/seccomp/report.js';
import { formatDuration, parseDuration, progressLine, summaryLine } from './cliText.js';

const progress = (over: Partial<ProfileProgress>): ProfileProgress => ({
  profileId: 'p',
  containerId: 'c',
  state: 'running',
  elapsedMs: 12_500,
  durationMs: 30_000,
  distinct: 3,
  coverage: [
    [0, 0],
    [5000, 1],
    [7500, 2],
    [12_500, 3],
  ],
  syscalls: { read: 10, write: 5, openat: 1 },
  ...over,
});

describe('durations', () => {
  it('30s, 2m, 500ms, 1.5s, 1h, bare seconds; junk is null', () => {
    expect(['30s', '2m', '500ms', '1.5s', '1h', '45', ' 10s '].map(parseDuration)).toEqual([
      30_000, 120_000, 500, 1500, 3_600_000, 45_000, 10_000,
    ]);
    expect(['', 's', '5x', '-1s', '1e3s', '2 m'].map(parseDuration)).toEqual([null, null, null, null, null, null]);
  });

  it('formatted back', () => {
    expect([500, 1000, 12_500, 90_000].map(formatDuration)).toEqual(['500ms', '1s', '12.5s', '1m30s']);
  });
});

describe('progress and summary', () => {
  it('one line: time, calls, distinct, and what the last 5 s added', () => {
    expect(progressLine('runc web', progress({}))).toBe(
      'profiling runc web: 12.5s / 30s, 16 calls, 3 distinct syscalls (+1 in the last 5s)',
    );
    expect(
      progressLine(
        'x',
        progress({
          durationMs: 0,
          distinct: 1,
          coverage: [
            [0, 1],
            [9000, 1],
          ],
          elapsedMs: 9000,
        }),
      ),
    ).toBe('profiling x: 9s, 16 calls, 1 distinct syscalls (none new in the last 5s)');
  });

  it('summary: levelled off or not, what was added for start-up, where it went', () => {
    const done = progress({
      state: 'done',
      elapsedMs: 30_000,
      coverage: [
        [0, 0],
        [10_000, 3],
        [30_000, 3],
      ],
      generated: { profile: {}, explanations: { read: 'seen', write: 'seen', openat: 'seen', execve: 'runc' } },
    });
    expect(summaryLine(done, 'p.json')).toBe(
      '3 distinct syscalls in 16 calls over 30s (none new in the second half); profile allows 4 (1 added for start-up) → p.json',
    );
    const growing = {
      ...done,
      coverage: [
        [0, 0],
        [15_000, 1],
        [30_000, 3],
      ] as [number, number][],
    };
    expect(summaryLine(growing, null)).toBe(
      '3 distinct syscalls in 16 calls over 30s (2 new in the second half: trace longer?); profile allows 4 (1 added for start-up)',
    );
  });
});
