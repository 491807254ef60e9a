// Opening recordings: gzip is inflated as it streams and stops at the cap, so a gzip bomb (a small
// file that inflates to gigabytes) is refused with a clear error instead of exhausting memory.
import { describe, expect, it } from 'vitest';
import { RECORDING_LIMITS } from '../../../shared/recording/format.js';
import { gunzip, TooLargeError } from './recorder.js';

const MiB = 1024 * 1024;

/**
 * A gzip bomb: one gzip member of 1 MiB of zeros (about 1 KiB), repeated — Node's
 * DecompressionStream inflates the members one after the other. (Chromium's refuses a second
 * member, so the GUI spec, e2e/gui/recording.spec.ts, opens a single-stream bomb instead.)
 */
async function gzipBomb(mebibytes: number): Promise<Blob> {
  const member = await new Response(new Blob([new Uint8Array(MiB)]).stream().pipeThrough(new CompressionStream('gzip'))).blob();
  return new Blob(Array.from({ length: mebibytes }, () => member));
}

async function gzipText(text: string): Promise<Blob> {
  return new Response(new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'))).blob();
}

describe('gunzip', () => {
  it('refuses a real gzip bomb (1 GiB of zeros in about a megabyte) once past the cap', async () => {
    const bomb = await gzipBomb(1024);
    expect(bomb.size).toBeLessThan(2 * MiB);
    const err = await gunzip(bomb).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TooLargeError);
    expect(String(err)).toMatch(/decompresses to more than 256 MiB/);
    expect(RECORDING_LIMITS.maxBytes).toBe(256 * MiB);
  }, 60_000);

  it('stops at whatever cap it is given, and inflates what fits', async () => {
    const text = `${'{"kind":"sample"}\n'.repeat(10_000)}`;
    const gz = await gzipText(text);
    expect(await gunzip(gz)).toBe(text);
    expect(await gunzip(gz, text.length)).toBe(text);
    await expect(gunzip(gz, text.length - 1)).rejects.toThrow(TooLargeError);
  });

  it('decodes UTF-8 split across chunks', async () => {
    const text = 'é€😀'.repeat(100_000);
    expect(await gunzip(await gzipText(text))).toBe(text);
  });
});
