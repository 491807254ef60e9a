// Records what the collector pushes (container changes, samples, isolation changes) while the
// user wants, as gzip-compressed NDJSON written to disk as it goes, to replay later with a time
// slider; and opens recordings (gunzip with a cap).
import type { RecordingProgress } from '../../../shared/ipc/contract.js';
import { RECORDING_LIMITS } from '../../../shared/recording/format.js';
import { useStore } from '../store/store.js';

export interface ActiveRecording {
  startedAt: number;
  events: number;
  /** The host recorded: null for this machine, else the remote host's id. */
  hostId: string | null;
  stop(): Promise<void>;
}

/** Decompressed more than the cap allows: a gzip bomb, or a recording too large to replay. */
export class TooLargeError extends Error {}

/**
 * Decompresses a gzip file as it streams, counting bytes: past `maxBytes` it stops reading and
 * throws, so a small file that inflates to gigabytes (a gzip bomb) costs at most the cap.
 */
export async function gunzip(data: Blob, maxBytes: number = RECORDING_LIMITS.maxBytes): Promise<string> {
  const reader = data.stream().pipeThrough(new DecompressionStream('gzip')).getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new TooLargeError(
        `decompresses to more than ${Math.round(maxBytes / 1024 / 1024)} MiB (the most a recording may hold)`,
      );
    }
    parts.push(decoder.decode(value, { stream: true }));
  }
  parts.push(decoder.decode());
  return parts.join('');
}

/**
 * The host a recording started now is of: the selected container's own host (a remote host's id,
 * from the live store's hostOf), or null for this machine (its containers, its host, nothing selected).
 */
export function recordedHostId(): string | null {
  const { selectedId, hostOf } = useStore.getState();
  return selectedId !== null && Object.hasOwn(hostOf, selectedId) ? hostOf[selectedId]! : null;
}

/**
 * Records one host's stream — the selected container's host (recordedHostId) — : the main side writes each event to the file as it comes
 * (electron/main/service/recordingWriter.ts) and pushes its progress; nothing is held here. In
 * the desktop app the file is where the user chose in the save dialog; in browser mode the
 * server writes it under its state directory and the page downloads it when recording stops.
 * `onEnded` is called when no recording starts after all (the save dialog cancelled, or refused).
 */
export function startRecording(onEvent: (count: number) => void, onEnded: () => void = () => {}): ActiveRecording | null {
  const { api } = useStore.getState();
  if (!api) return null;
  const startedAt = Date.now();
  const fail = (message: string) => useStore.setState({ lastError: `Recording: ${message}` });
  let id: string | null = null;
  const off = api.on('recording', (p: RecordingProgress) => {
    if (p.recordingId !== id) return;
    events = p.events;
    onEvent(p.events);
    if (p.state === 'failed' || p.state === 'full') fail(p.reason ?? p.state);
  });
  let events = 0;
  const hostId = recordedHostId();
  const started = api.startRecording(hostId !== null ? { hostId } : {}).then((r) => {
    if (!r.ok) {
      off();
      if (r.error.code !== 'cancelled') fail(r.error.message);
      onEnded();
      return null;
    }
    id = r.result.recordingId;
    return r.result;
  });
  return {
    startedAt,
    hostId,
    get events() {
      return events;
    },
    async stop() {
      const rec = await started;
      off();
      if (!rec) return;
      const r = await api.stopRecording({ recordingId: rec.recordingId });
      if (!r.ok) return fail(r.error.message);
      if (r.result.dropped > 0) fail(`${r.result.dropped} events were not written (the disk fell behind)`);
      if (r.result.download) await download(api, r.result);
    },
  };
}

/** Fetches a recording the server wrote, in chunks, and hands it to the browser as a download. */
async function download(api: NonNullable<ReturnType<typeof useStore.getState>['api']>, rec: RecordingProgress): Promise<void> {
  const parts: Uint8Array<ArrayBuffer>[] = [];
  for (let offset = 0; ;) {
    const r = await api.readRecording({ recordingId: rec.recordingId, offset });
    if (!r.ok) return void useStore.setState({ lastError: `Recording: ${r.error.message}` });
    const bytes = Uint8Array.from(atob(r.result.base64), (c) => c.charCodeAt(0));
    parts.push(bytes);
    offset += bytes.length;
    if (r.result.eof || bytes.length === 0) break;
  }
  const url = URL.createObjectURL(new Blob(parts, { type: 'application/gzip' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = rec.file;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
