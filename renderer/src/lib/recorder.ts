// Records what the collector pushes (container changes and samples) while the user wants, then
// saves it as gzip-compressed NDJSON to replay later with a time slider.
import type { ContainersChanged, Sample } from '../../../shared/agent/protocol.js';
import { RECORDING_FORMAT, RECORDING_LIMITS, RECORDING_VERSION, recordingText, type RecordingEvent, type RecordingHeader } from '../../../shared/recording/format.js';
import { useStore } from '../store/store.js';
import { fileName } from './download.js';

export interface ActiveRecording {
  startedAt: number;
  events: number;
  stop(): Promise<void>;
}

async function gzip(text: string): Promise<Blob> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Response(stream).blob();
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
      throw new TooLargeError(`decompresses to more than ${Math.round(maxBytes / 1024 / 1024)} MiB (the most a recording may hold)`);
    }
    parts.push(decoder.decode(value, { stream: true }));
  }
  parts.push(decoder.decode());
  return parts.join('');
}

export function startRecording(onEvent: (count: number) => void): ActiveRecording | null {
  const { api, host, containers } = useStore.getState();
  if (!api) return null;
  const startedAt = Date.now();
  const header: RecordingHeader = {
    format: RECORDING_FORMAT, version: RECORDING_VERSION, startedAt, host, containers: Object.values(containers), recordedBy: 'isoscope',
  };
  const events: RecordingEvent[] = [];
  const push = (e: RecordingEvent) => {
    events.push(e);
    onEvent(events.length);
  };
  const offContainers = api.on('containers', (data: ContainersChanged) => push({ kind: 'containers', t: Date.now(), data }));
  // A sample read before Record was pressed (and delivered just after) is not part of the recording.
  const offSample = api.on('sample', (data: Sample) => data.t >= startedAt && push({ kind: 'sample', t: data.t, data }));
  const offIsolation = api.on('isolation', (data) => push({ kind: 'isolation', t: Date.now(), data }));
  return {
    startedAt,
    get events() {
      return events.length;
    },
    async stop() {
      offContainers();
      offSample();
      offIsolation();
      const blob = await gzip(recordingText(header, events));
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = fileName(`recording-${host?.hostname ?? 'host'}`, 'ndjson.gz', new Date(startedAt));
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  };
}
