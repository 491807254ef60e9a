// Opening recordings: gzip is inflated as it streams and stops at the cap, so a gzip bomb (a small
// file that inflates to gigabytes) is refused with a clear error instead of exhausting memory.
// Starting one: it is of the selected container's own host (a remote container's host, not this machine).
import { describe, expect, it } from 'vitest';
import { RECORDING_LIMITS } from '../../../shared/recording/format.js';
import { buildApi } from '../../../shared/ipc/bridgeApi.js';
import { remoteKey } from '../../../shared/ipc/contract.js';
import { keyed } from '../../../shared/ipc/keyed.js';
import { HOST_ID, useStore } from '../store/store.js';
import { gunzip, startRecording, TooLargeError } from './recorder.js';

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

describe('startRecording', () => {
  const H = 'h0123abcd';
  /** A bridge as the preload builds it, keeping what was invoked. */
  function bridge(refuseStart?: { code: string; message: string }) {
    const invoked: [string, unknown][] = [];
    const api = buildApi({
      invoke: async (channel, params) => {
        invoked.push([channel, params]);
        if (refuseStart && channel === 'startRecording') return { ok: false, error: refuseStart };
        const progress = {
          recordingId: 'r0123456789ab',
          path: '/tmp/x.ndjson.gz',
          file: 'x.ndjson.gz',
          download: false,
          startedAt: 1,
          events: 0,
          bytes: 0,
          rawBytes: 0,
          dropped: 0,
          state: channel === 'stopRecording' ? 'stopped' : 'recording',
          reason: null,
        };
        return channel === 'startRecording' || channel === 'stopRecording'
          ? { ok: true, result: progress }
          : { ok: false, error: { code: 'x', message: 'x' } };
      },
      on: () => () => {},
      onLink: () => () => {},
    });
    return { api, invoked };
  }

  it('records the selected container’s own host: a remote host’s id, or this machine', async () => {
    const { api, invoked } = bridge();
    const key = remoteKey(H, '4a635b78294d');
    useStore.setState({ api, selectedId: key, hostOf: keyed([[key, H]]) });
    const there = startRecording(() => {})!;
    expect(there.hostId).toBe(H);
    await there.stop();
    useStore.setState({ selectedId: '4a635b78294d' });
    const here = startRecording(() => {})!;
    expect(here.hostId).toBeNull();
    await here.stop();
    useStore.setState({ selectedId: HOST_ID });
    await startRecording(() => {})!.stop();
    expect(invoked.filter(([c]) => c === 'startRecording')).toEqual([
      ['startRecording', { hostId: H }],
      ['startRecording', {}],
      ['startRecording', {}],
    ]);
  });

  it('a start cancelled in the save dialog ends quietly; a refused one ends with its reason', async () => {
    for (const [error, lastError] of [
      [{ code: 'cancelled', message: 'no file chosen' }, null],
      [{ code: 'io', message: 'EEXIST' }, 'Recording: EEXIST'],
    ] as const) {
      const { api } = bridge(error);
      useStore.setState({ api, selectedId: HOST_ID, lastError: null });
      let ended = 0;
      const rec = startRecording(
        () => {},
        () => ended++,
      )!;
      await rec.stop();
      expect(ended, error.code).toBe(1);
      expect(useStore.getState().lastError, error.code).toBe(lastError);
    }
  });
});
