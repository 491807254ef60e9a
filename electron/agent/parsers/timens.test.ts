// timens_offsets captured on the Debian 12 test machine (see MANIFEST.md).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isZeroOffset, parseTimensOffsets } from './timens.js';

const text = (f: string) => readFileSync(new URL(`../fixtures/text/timens/${f}`, import.meta.url), 'utf8');

describe('timens_offsets', () => {
  it('reads the offsets unshare --boottime 86400 --monotonic 3600 wrote', () => {
    const o = parseTimensOffsets(text('local-unshare-boottime86400-monotonic3600.timens_offsets'))!;
    expect(o).toEqual({ monotonic: { seconds: 3600, nanoseconds: 0 }, boottime: { seconds: 86400, nanoseconds: 0 } });
    expect(isZeroOffset(o)).toBe(false);
  });

  it('the host (pid 1) is unshifted; negative offsets are kept', () => {
    const host = parseTimensOffsets(text('local-host-pid1.timens_offsets'))!;
    expect(isZeroOffset(host)).toBe(true);
    expect(parseTimensOffsets(text('local-unshare-monotonic-minus5.timens_offsets'))!.monotonic).toEqual({
      seconds: -5,
      nanoseconds: 0,
    });
  });

  it('accepts clock ids, refuses anything else', () => {
    expect(parseTimensOffsets('1 10 5\n7 20 0\n')).toEqual({
      monotonic: { seconds: 10, nanoseconds: 5 },
      boottime: { seconds: 20, nanoseconds: 0 },
    });
    expect(parseTimensOffsets('monotonic 1 0\n')).toBeUndefined(); // one clock missing
    expect(parseTimensOffsets('monotonic 1 0\nmonotonic 2 0\nboottime 0 0\n')).toBeUndefined();
    expect(parseTimensOffsets('realtime 1 0\nboottime 0 0\n')).toBeUndefined();
    expect(parseTimensOffsets('__proto__ 1 0\nboottime 0 0\n')).toBeUndefined();
    expect(parseTimensOffsets('monotonic 99999999999999999999 0\nboottime 0 0\n')).toBeUndefined();
    expect(parseTimensOffsets('')).toBeUndefined();
  });
});
