// Records what the collector pushes (container changes and samples) while the user wants, then
// saves it as gzip-compressed NDJSON to replay later with a time slider.
import type { ContainersChanged, Sample } from '../../../shared/agent/protocol.js';
import { RECORDING_FORMAT, RECORDING_VERSION, recordingText, type RecordingEvent, type RecordingHeader } from '../../../shared/recording/format.js';
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

export async function gunzip(data: Blob): Promise<string> {
  return new Response(data.stream().pipeThrough(new DecompressionStream('gzip'))).text();
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
  const offSample = api.on('sample', (data: Sample) => push({ kind: 'sample', t: data.t, data }));
  return {
    startedAt,
    get events() {
      return events.length;
    },
    async stop() {
      offContainers();
      offSample();
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
