import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAuxvClockTicks, parseBootTime, startedAt } from './procStat.js';

describe('host time facts', () => {
  it('reads AT_CLKTCK from this process’s auxiliary vector, as getconf CLK_TCK reports it', () => {
    const ticks = parseAuxvClockTicks(readFileSync('/proc/self/auxv'));
    expect(ticks).toBe(Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()));
    expect(parseAuxvClockTicks(new Uint8Array(0))).toBeNull();
  });

  it('reads btime from /proc/stat, which agrees with uptime', () => {
    const boot = parseBootTime(readFileSync('/proc/stat', 'utf8'))!;
    const uptime = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
    expect(Math.abs(Date.now() - uptime * 1000 - boot)).toBeLessThan(2000);
    expect(parseBootTime('cpu 1 2 3\n')).toBeNull();
  });

  it('turns stat start ticks into wall-clock time', () => {
    expect(startedAt(1_000_000, 100, 250)).toBe(1_002_500);
    expect(startedAt(null, 100, 250)).toBeNull();
    expect(startedAt(1, null, 250)).toBeNull();
  });
});
