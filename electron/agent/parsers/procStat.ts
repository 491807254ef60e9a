// Host-wide time facts: btime from /proc/stat, and the clock tick rate from the auxiliary
// vector (AT_CLKTCK), which /proc/PID/stat start times are counted in.

/** "btime 1764321234" line of /proc/stat → boot time in ms since the epoch. */
export function parseBootTime(text: string): number | null {
  const m = /^btime\s+(\d{1,12})$/m.exec(text);
  return m ? Number(m[1]) * 1000 : null;
}

const AT_NULL = 0n;
const AT_CLKTCK = 17n;

/** /proc/PID/auxv (pairs of native-endian 64-bit words) → AT_CLKTCK, or null. */
export function parseAuxvClockTicks(bytes: Uint8Array): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let off = 0; off + 16 <= bytes.byteLength; off += 16) {
    const type = view.getBigUint64(off, true);
    if (type === AT_NULL) break;
    if (type === AT_CLKTCK) {
      const hz = view.getBigUint64(off + 8, true);
      return hz > 0n && hz <= 1_000_000n ? Number(hz) : null;
    }
  }
  return null;
}

/** Wall-clock start of a process from its stat start time. */
export function startedAt(bootTimeMs: number | null, clockTicks: number | null, startTime: number): number | null {
  if (bootTimeMs === null || !clockTicks) return null;
  return bootTimeMs + (startTime / clockTicks) * 1000;
}
