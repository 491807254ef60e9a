// Exporting a remote host's container: the snapshot is asked of that host (getSnapshot with its
// hostId), the file holds the remote container under its own id with the history and isolation
// changes kept for it here (not this machine's container of the same id), and source.host says
// where it was taken. Containers of two hosts are not mixed in one file.
import { describe, expect, it } from 'vitest';
// eslint-disable-next-line no-restricted-imports -- a test: the lab's saved snapshot as this machine's containers
import labRoot from '../../../electron/agent/fixtures/snapshots/lab-hybrid-root.json' with { type: 'json' };
// eslint-disable-next-line no-restricted-imports -- a test: another machine's saved snapshot as the remote's
import selinux from '../../../electron/agent/fixtures/snapshots/v2-selinux.json' with { type: 'json' };
import type { ContainerSample } from '../../../shared/agent/protocol.js';
import { buildApi } from '../../../shared/ipc/bridgeApi.js';
import { remoteKey, type HistoryPoint } from '../../../shared/ipc/contract.js';
import { toPoint } from '../../../shared/ipc/history.js';
import { keyed } from '../../../shared/ipc/keyed.js';
import type { IsolationEvent } from '../../../shared/snapshot/isolationEvents.js';
import { parseSnapshotFile } from '../../../shared/snapshot/migrate.js';
import { Snapshot } from '../../../shared/snapshot/schema.js';
import { buildSnapshotExport, type ExportSource } from './exporting.js';

const H = 'h0123abcd';
const URL = 'ssh://root@10.200.0.2:2222';
const local = Snapshot.parse(labRoot);
const remote = Snapshot.parse(selinux);

/** A bridge answering getSnapshot as the service does: from the host asked for, with source.host. */
function bridge(remoteSnapshot: Snapshot) {
  const asked: unknown[] = [];
  const api = buildApi({
    invoke: async (channel, params) => {
      if (channel !== 'getSnapshot') return { ok: false, error: { code: 'x', message: 'not here' } };
      asked.push(params);
      const hostId = (params as { hostId?: string }).hostId;
      if (hostId === undefined || hostId === 'local') return { ok: true, result: { ...local, source: { host: 'local' } } };
      if (hostId === H) return { ok: true, result: { ...remoteSnapshot, source: { host: URL } } };
      return { ok: false, error: { code: 'not-found', message: 'no such host' } };
    },
    on: () => () => {},
    onLink: () => () => {},
  });
  return { api, asked };
}

/** A history point as the store keeps them, from a sample of the given CPU use. */
const point = (t: number, cpuPercent: number): HistoryPoint =>
  toPoint(t, {
    counters: {
      cpuUsageNs: 1,
      memoryCurrent: 1,
      pidsCurrent: 1,
      ioReadBytes: 0,
      ioWriteBytes: 0,
      nrThrottled: 0,
      throttledNs: 0,
      netRxBytes: 0,
      netTxBytes: 0,
      psiCpu: null,
      psiMemory: null,
      psiIo: null,
    },
    rates: { cpuPercent, ioReadBps: 0, ioWriteBps: 0, netRxBps: 0, netTxBps: 0, throttledPerSec: 0 },
  } as ContainerSample);
const event = (containerId: string): IsolationEvent => ({
  containerId,
  pid: 4242,
  startTime: 1,
  comm: 'sh',
  t: 1000,
  since: 900,
  weakens: false,
  change: { kind: 'noNewPrivs', from: false, to: true },
});

function store(api: ReturnType<typeof bridge>['api'], state: Partial<ReturnType<ExportSource['getState']>>) {
  const errors: string[] = [];
  const s: ExportSource = {
    getState: () => ({ api, history: keyed(), status: null, isolation: keyed(), hostOf: keyed(), ...state }),
    setState: (p) => void errors.push(p.lastError),
  };
  return { s, errors };
}

describe('exporting a remote host’s container', () => {
  it('asks its own host, writes it under its own id with its history, and says where it was taken', async () => {
    const c = remote.containers.find((x) => x.name === 'web')!;
    const key = remoteKey(H, c.id);
    const { api, asked } = bridge(remote);
    const { s, errors } = store(api, {
      hostOf: keyed([[key, H]]),
      history: keyed([[key, [point(1, 12.5), point(2, 13)]]]),
      isolation: keyed([[key, [event(key)]]]),
    });
    const file = await buildSnapshotExport(s, 'json', [key], 'web');
    expect(errors).toEqual([]);
    expect(asked).toEqual([{ hostId: H }]);
    const parsed = parseSnapshotFile(file!.content);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.snapshot.source).toEqual({ host: URL });
    expect(parsed.snapshot.host.hostname).toBe('dev-rawhide-1.lan');
    expect(parsed.snapshot.containers.map((x) => x.id)).toEqual([c.id]);
    expect(parsed.history?.[c.id]?.map((p) => p.cpuPercent)).toEqual([12.5, 13]);
    expect(parsed.isolation?.[c.id]?.map((e) => e.containerId)).toEqual([c.id]);
  });

  it('the same container id on both hosts: the remote one’s history, not this machine’s', async () => {
    const c = local.containers[0]!;
    const key = remoteKey(H, c.id);
    const { api, asked } = bridge(local);
    const { s } = store(api, {
      hostOf: keyed([[key, H]]),
      history: keyed([
        [c.id, [point(1, 99)]],
        [key, [point(1, 7)]],
      ]),
    });
    const file = await buildSnapshotExport(s, 'json', [key], 'x');
    expect(asked).toEqual([{ hostId: H }]);
    const parsed = parseSnapshotFile(file!.content);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.snapshot.source).toEqual({ host: URL });
    expect(parsed.history?.[c.id]?.map((p) => p.cpuPercent)).toEqual([7]);
    // This machine's container of that id: asked of this machine.
    const here = await buildSnapshotExport(s, 'json', [c.id], 'x');
    expect(asked[1]).toEqual({});
    const p2 = parseSnapshotFile(here!.content);
    if (!p2.ok) throw new Error(p2.error);
    expect(p2.snapshot.source).toEqual({ host: 'local' });
    expect(p2.history?.[c.id]?.map((p) => p.cpuPercent)).toEqual([99]);
  });

  it('the HTML and Markdown reports name the remote host', async () => {
    const c = remote.containers[0]!;
    const key = remoteKey(H, c.id);
    const { api } = bridge(remote);
    const { s } = store(api, { hostOf: keyed([[key, H]]) });
    for (const f of ['html', 'md'] as const) {
      const file = await buildSnapshotExport(s, f, [key], 'x');
      expect(file!.content).toContain(URL);
      expect(file!.content).toContain('dev-rawhide-1.lan');
    }
  });

  it('refuses containers of two hosts in one file, and a container its host no longer has', async () => {
    const { api, asked } = bridge(remote);
    const key = remoteKey(H, 'gone0000');
    const { s, errors } = store(api, { hostOf: keyed([[key, H]]) });
    expect(await buildSnapshotExport(s, 'json', [key, local.containers[0]!.id], 'x')).toBeNull();
    expect(asked).toEqual([]);
    expect(await buildSnapshotExport(s, 'json', [key], 'x')).toBeNull();
    expect(errors).toEqual([
      'export failed: the containers chosen are on different hosts: export them one host at a time',
      `export failed: the container is no longer on ${URL}`,
    ]);
  });
});
