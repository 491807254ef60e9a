// Byte counts as people read them (binary units). Pure.

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

/** 1536 → "1.5 KiB", 67108864 → "64 MiB", 512 → "512 B"; `digits` decimals when not whole. */
export function formatBytes(n: number, digits = 1): string {
  let v = n;
  let u = 0;
  while (Math.abs(v) >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 || Number.isInteger(v) ? v : v.toFixed(digits)} ${UNITS[u]}`;
}
