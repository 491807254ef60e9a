import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../snapshot/schema.js';
import {
  parseRecording,
  RECORDING_FORMAT,
  RECORDING_VERSION,
  recordingText,
  stateAt,
  type RecordingEvent,
  type RecordingHeader,
} from './format.js';

// A real snapshot of a fixture host (see electron/agent/fixtures/snapshots/README.md).
const snap = JSON.parse(
  readFileSync(new URL('../../electron/agent/fixtures/snapshots/v2-apparmor.json', import.meta.url), 'utf8'),
) as Snapshot;
const [web, debug] = snap.containers;

const header: RecordingHeader = {
  format: RECORDING_FORMAT,
  version: RECORDING_VERSION,
  startedAt: 1000,
  host: snap.host,
  containers: [web!],
  recordedBy: 'test',
};
const counters = {
  cpuUsageNs: 1e9,
  memoryCurrent: 1024,
  pidsCurrent: 2,
  ioReadBytes: 0,
  ioWriteBytes: 0,
  nrThrottled: 0,
  throttledNs: 0,
  netRxBytes: 0,
  netTxBytes: 0,
  psiCpu: null,
  psiMemory: null,
  psiIo: null,
};
const rates = { cpuPercent: 5, ioReadBps: 0, ioWriteBps: 0, netRxBps: 0, netTxBps: 0, throttledPerSec: 0 };
const sample = (t: number, ids: string[]) => ({
  kind: 'sample' as const,
  t,
  data: {
    t,
    containers: Object.fromEntries(ids.map((id) => [id, { counters, rates }])),
    cost: { cpuPercent: 1, tickMs: 1, reads: 10 },
  },
});
const events: RecordingEvent[] = [
  sample(2000, [web!.id]),
  { kind: 'containers', t: 3000, data: { added: [debug!], removed: [], changed: [] } },
  sample(4000, [web!.id, debug!.id]),
  { kind: 'containers', t: 5000, data: { added: [], removed: [web!.id], changed: [] } },
  sample(6000, [debug!.id]),
];

describe('recordings', () => {
  it('round-trip and replay: containers come and go, history builds up to the chosen moment', () => {
    const r = parseRecording(recordingText(header, events));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect([r.recording.start, r.recording.end]).toEqual([1000, 6000]);
    const at = (t: number) => stateAt(r.recording, t);
    expect(at(1500).containers.map((c) => c.id)).toEqual([web!.id]);
    expect(
      at(3500)
        .containers.map((c) => c.id)
        .sort(),
    ).toEqual([web!.id, debug!.id].sort());
    expect(at(3500).history[web!.id]).toHaveLength(1);
    expect(at(4000).history[web!.id]).toHaveLength(2);
    expect(at(6000).containers.map((c) => c.id)).toEqual([debug!.id]);
  });

  it('keeps what precedes a line cut off at the end (the app was killed while recording)', () => {
    const text = recordingText(header, events);
    const r = parseRecording(text.slice(0, text.length - 30));
    expect(r.ok && r.recording.events.length).toBe(4);
  });

  it.each([
    ['', 'the file is empty'],
    ['{"format":"other"}\n', 'not an Isoscope recording (bad header)'],
    ['not json\n', 'the header is not JSON'],
    // An own `__proto__` key pollutes nothing (JSON.parse), and the line is no event.
    [
      JSON.stringify(header) + '\n{"kind":"sample","t":1,"__proto__":{"x":1}}\n' + JSON.stringify(events[0]) + '\n',
      'line 2 is not a recording event',
    ],
    [JSON.stringify(header) + '\n{"kind":"rm -rf","t":1}\n{}\n', 'line 2 is not a recording event'],
  ])('refuses %j', (text, message) => {
    const r = parseRecording(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(message);
  });

  it('replays containers whose ids are Object.prototype names like any other', () => {
    const ids = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];
    const hostile = ids.map((id) => ({ ...debug!, id, name: id }));
    // Built as the collector sends it: JSON text, where `__proto__` is just a key.
    const sampleLine = (t: number) =>
      `{"kind":"sample","t":${t},"data":{"t":${t},"containers":{${ids.map((id) => `"${id}":${JSON.stringify({ counters, rates })}`).join(',')}},"cost":{"cpuPercent":1,"tickMs":1,"reads":1}}}`;
    const text = recordingText({ ...header, containers: hostile }, []) + `${sampleLine(2000)}\n${sampleLine(3000)}\n`;
    const r = parseRecording(text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(Object.keys(r.recording.events[0]!.kind === 'sample' ? r.recording.events[0]!.data.containers : {})).toEqual(ids);
    const at = stateAt(r.recording, 3000);
    expect(at.containers.map((c) => c.id)).toEqual(ids);
    for (const id of ids) expect(Object.hasOwn(at.history, id) && at.history[id]).toHaveLength(2);
    // Round trip: written again and read back, still all there.
    const again = parseRecording(recordingText(r.recording.header, r.recording.events));
    expect(again.ok && stateAt(again.recording, 3000).containers.map((c) => c.id)).toEqual(ids);
    expect(again.ok && Object.keys(stateAt(again.recording, 3000).history)).toEqual(ids);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('the recorded host', () => {
  it('a recording from before hosts (no source) opens; one of a remote host names it', () => {
    const old = parseRecording(recordingText(header, []));
    if (!old.ok) throw new Error(old.error);
    expect(old.recording.header.source).toBeUndefined();
    const remote = parseRecording(recordingText({ ...header, source: { host: 'ssh://root@10.0.0.2:2222' } }, []));
    if (!remote.ok) throw new Error(remote.error);
    expect(remote.recording.header.source).toEqual({ host: 'ssh://root@10.0.0.2:2222' });
  });

  it('a source that is not a short string is refused as a bad header', () => {
    for (const source of [{ host: 'x'.repeat(601) }, { host: 42 }, 'local'])
      expect(parseRecording(`${JSON.stringify({ ...header, source })}\n`)).toEqual({
        ok: false,
        error: 'not an Isoscope recording (bad header)',
      });
  });
});
