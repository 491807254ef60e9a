// /proc/PID/timens_offsets → the CLOCK_MONOTONIC and CLOCK_BOOTTIME offsets of the process's
// time namespace (Linux 5.6+). The kernel prints one line per clock, "<name> <seconds> <ns>":
//   monotonic        3600         0
//   boottime        86400         0
// Writers may name a clock by its id (1 = monotonic, 7 = boottime); those are accepted too.
import type { ClockOffset } from '../../../shared/snapshot/kernelFeatures.js';

const CLOCKS: Record<string, 'monotonic' | 'boottime'> = {
  monotonic: 'monotonic',
  boottime: 'boottime',
  '1': 'monotonic',
  '7': 'boottime',
};
/** The kernel refuses offsets beyond ±KTIME_SEC_MAX/2; anything larger is not its text. */
const MAX_SECONDS = 2 ** 62;

export function parseTimensOffsets(text: string): { monotonic: ClockOffset; boottime: ClockOffset } | undefined {
  const out: Partial<Record<'monotonic' | 'boottime', ClockOffset>> = {};
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const m = /^\s*([a-z]+|\d)\s+(-?\d{1,19})\s+(\d{1,9})\s*$/.exec(line);
    if (!m) return undefined;
    const clock = Object.hasOwn(CLOCKS, m[1]!) ? CLOCKS[m[1]!] : undefined;
    const seconds = Number(m[2]);
    if (!clock || out[clock] || !Number.isSafeInteger(seconds) || Math.abs(seconds) > MAX_SECONDS) return undefined;
    out[clock] = { seconds: seconds === 0 ? 0 : seconds, nanoseconds: Number(m[3]) };
  }
  return out.monotonic && out.boottime ? { monotonic: out.monotonic, boottime: out.boottime } : undefined;
}

/** True when both clocks are unshifted (the initial time namespace, or a new one left at 0). */
export function isZeroOffset(o: { monotonic: ClockOffset; boottime: ClockOffset }): boolean {
  return o.monotonic.seconds === 0 && o.monotonic.nanoseconds === 0 && o.boottime.seconds === 0 && o.boottime.nanoseconds === 0;
}
