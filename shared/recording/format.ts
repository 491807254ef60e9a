// Recordings of the live stream: NDJSON (gzip-compressed on disk), a header line then one line
// per event as the collector pushed it. Replaying rebuilds the containers and their resource
// history at any moment of the recording. Pure; every line is validated, nothing is trusted.
import { z } from 'zod';
import { ContainersChanged, Sample } from '../agent/protocol.js';
import { appendPoint, toPoint } from '../ipc/history.js';
import { keyed } from '../ipc/keyed.js';
import type { HistoryPoint } from '../ipc/contract.js';
import { Container, Host } from '../snapshot/schema.js';
import { IsolationEvent } from '../snapshot/isolationEvents.js';

export const RECORDING_FORMAT = 'isoscope-recording';
export const RECORDING_VERSION = 1;

export const RecordingHeader = z.object({
  format: z.literal(RECORDING_FORMAT),
  version: z.literal(RECORDING_VERSION),
  startedAt: z.number(),
  host: Host.nullable(),
  /**
   * Which host was recorded: 'local', or ssh://[user@]host[:port] for a remote host (as a
   * snapshot's `source`); its containers are under their own ids. Absent in recordings made
   * before hosts (this machine's).
   */
  source: z.object({ host: z.string().max(600) }).optional(),
  /** The containers when recording began. */
  containers: z.array(Container),
  recordedBy: z.string(),
});
export type RecordingHeader = z.infer<typeof RecordingHeader>;

export const RecordingEvent = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('containers'), t: z.number(), data: ContainersChanged }),
  z.object({ kind: z.literal('sample'), t: z.number(), data: Sample }),
  /** Isolation changes the collector pushed (shared/snapshot/isolationEvents.ts). */
  z.object({ kind: z.literal('isolation'), t: z.number(), data: z.array(IsolationEvent) }),
]);
export type RecordingEvent = z.infer<typeof RecordingEvent>;

export interface Recording {
  header: RecordingHeader;
  events: RecordingEvent[];
  start: number;
  end: number;
}

/** maxBytes: the most a recording may hold once decompressed (gzip is inflated as it streams, up to this). */
export const RECORDING_LIMITS = { maxLines: 500_000, maxLineChars: 8 * 1024 * 1024, maxBytes: 256 * 1024 * 1024 } as const;

// JSON.parse makes every key an own property (`__proto__` included) and the schemas copy only
// what they declare; records keyed by container ids are null-prototype objects (keyedRecord), so
// a container named `constructor` or `__proto__` replays like any other.
const safeParse = (line: string): unknown => JSON.parse(line);

export function recordingText(header: RecordingHeader, events: RecordingEvent[]): string {
  return [JSON.stringify(header), ...events.map((e) => JSON.stringify(e))].join('\n') + '\n';
}

export function parseRecording(text: string): { ok: true; recording: Recording } | { ok: false; error: string } {
  if (text.length > RECORDING_LIMITS.maxBytes)
    return { ok: false, error: `larger than ${RECORDING_LIMITS.maxBytes / 1024 / 1024} MiB` };
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) return { ok: false, error: 'the file is empty' };
  if (lines.length > RECORDING_LIMITS.maxLines) return { ok: false, error: `more than ${RECORDING_LIMITS.maxLines} lines` };
  let header: RecordingHeader;
  try {
    const first = lines[0]!;
    if (first.length > RECORDING_LIMITS.maxLineChars) return { ok: false, error: 'the header line is too long' };
    const parsed = RecordingHeader.safeParse(safeParse(first));
    if (!parsed.success) return { ok: false, error: 'not an Isoscope recording (bad header)' };
    header = parsed.data;
  } catch (err) {
    return { ok: false, error: `the header is not JSON: ${(err as Error).message}` };
  }
  const events: RecordingEvent[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.length > RECORDING_LIMITS.maxLineChars) return { ok: false, error: `line ${i + 1} is too long` };
    let value: unknown;
    try {
      value = safeParse(line);
    } catch (err) {
      // A recording cut off mid-line (the app was killed) keeps everything before that line.
      if (i === lines.length - 1) break;
      return { ok: false, error: `line ${i + 1} is not JSON: ${(err as Error).message}` };
    }
    const ev = RecordingEvent.safeParse(value);
    if (!ev.success) return { ok: false, error: `line ${i + 1} is not a recording event` };
    events.push(ev.data);
  }
  events.sort((a, b) => a.t - b.t);
  const end = events.length ? events[events.length - 1]!.t : header.startedAt;
  return { ok: true, recording: { header, events, start: header.startedAt, end } };
}

/** The containers, their resource history and their isolation changes as they were at time t. */
export function stateAt(
  rec: Recording,
  t: number,
): { containers: Container[]; history: Record<string, HistoryPoint[]>; isolation: Record<string, IsolationEvent[]> } {
  const containers = new Map(rec.header.containers.map((c) => [c.id, c]));
  const history = keyed<HistoryPoint[]>();
  const isolation = keyed<IsolationEvent[]>();
  for (const e of rec.events) {
    if (e.t > t) break;
    if (e.kind === 'containers') {
      for (const c of [...e.data.added, ...e.data.changed]) containers.set(c.id, c);
      for (const id of e.data.removed) containers.delete(id);
    } else if (e.kind === 'isolation') {
      for (const ev of e.data) (isolation[ev.containerId] ??= []).push(ev);
    } else {
      for (const [id, s] of Object.entries(e.data.containers)) appendPoint((history[id] ??= []), toPoint(e.data.t, s));
    }
  }
  return { containers: [...containers.values()], history, isolation };
}
