// The compare view's sides, resolved from references against the live state (the lab's saved
// snapshot stands for it) and a snapshot file imported through the workspace store.
import { beforeAll, describe, expect, it } from 'vitest';
// eslint-disable-next-line no-restricted-imports -- a test: the lab's saved snapshot as the live state
import labRoot from '../../../../electron/agent/fixtures/snapshots/lab-hybrid-root.json' with { type: 'json' };
// eslint-disable-next-line no-restricted-imports -- a test: a saved snapshot file to import
import selinux from '../../../../electron/agent/fixtures/snapshots/v2-selinux.json' with { type: 'json' };
import type { HistoryPoint } from '../../../../shared/ipc/contract.js';
import { keyed } from '../../../../shared/ipc/keyed.js';
import { Snapshot } from '../../../../shared/snapshot/schema.js';
import { HOST_ID } from '../../store/store.js';
import { useWorkspace, type ImportedSnapshot } from '../../store/workspace.js';
import { historyOf, refKey, resolveSide, sideOptions, type Live } from './sides.js';

const lab = Snapshot.parse(labRoot);
const docker = lab.containers.find((c) => c.runtime === 'docker')!;
const point: HistoryPoint = {
  t: 1,
  cpuPercent: 2,
  memoryBytes: 3,
  pids: 4,
  ioReadBps: null,
  ioWriteBps: null,
  netRxBps: null,
  netTxBps: null,
  throttledPerSec: null,
  psiCpu: null,
  psiMemory: null,
  psiIo: null,
};
const live: Live = {
  host: lab.host,
  containers: keyed(lab.containers.map((c) => [c.id, c])),
  history: keyed([[docker.id, [point]]]),
};
let imported: ImportedSnapshot;

beforeAll(() => {
  // Through the store's own import path (parsing, limits, migration), as File › Open does.
  expect(useWorkspace.getState().importText('v2-selinux.json', JSON.stringify(selinux))).toBe(true);
  imported = useWorkspace.getState().imported!;
});

describe('resolveSide', () => {
  it('a live container: labelled by name, from the live host', () => {
    const side = resolveSide({ source: 'live', id: docker.id }, live, null)!;
    expect(side.label).toBe(docker.name);
    expect(side.container).toBe(docker);
    expect(side.host).toBe(lab.host);
    expect(side.snapshotId).toBe('live@live');
  });

  it("the live host: no container, the host's label", () => {
    const side = resolveSide({ source: 'live', id: HOST_ID }, live, null)!;
    expect(side).toMatchObject({ label: 'host (live)', container: null, host: lab.host });
  });

  it('an imported container and host: "(snapshot)" in the label, the file named as the source', () => {
    const web = resolveSide(
      { source: 'snapshot', id: imported.snapshot.containers.find((c) => c.name === 'web')!.id },
      live,
      imported,
    )!;
    expect(web.label).toBe('web (snapshot)');
    expect(web.snapshotId).toBe(`snapshot v2-selinux.json@${imported.snapshot.takenAt}`);
    const host = resolveSide({ source: 'snapshot', id: HOST_ID }, live, imported)!;
    expect(host.label).toBe('host (snapshot v2-selinux.json)');
    expect(host.host.hostname).toBe(imported.snapshot.host.hostname);
  });

  it('a nameless container is labelled by its short id', () => {
    const nameless = { ...docker, name: null };
    const side = resolveSide({ source: 'live', id: docker.id }, { ...live, containers: keyed([[docker.id, nameless]]) }, null)!;
    expect(side.label).toBe(docker.id.slice(0, 12));
  });

  it('null for what is not there: a gone container, no live host yet, no imported snapshot', () => {
    expect(resolveSide({ source: 'live', id: 'gone' }, live, null)).toBeNull();
    expect(resolveSide({ source: 'live', id: HOST_ID }, { ...live, host: null }, null)).toBeNull();
    expect(resolveSide({ source: 'snapshot', id: HOST_ID }, live, null)).toBeNull();
  });
});

describe('historyOf', () => {
  it("a live container's points; none for the host or an imported file without history", () => {
    expect(historyOf({ source: 'live', id: docker.id }, live, null)).toEqual([point]);
    expect(historyOf({ source: 'live', id: HOST_ID }, live, null)).toEqual([]);
    expect(historyOf({ source: 'snapshot', id: imported.snapshot.containers[0]!.id }, live, imported)).toEqual([]);
    expect(historyOf({ source: 'live', id: 'gone' }, live, null)).toEqual([]);
  });
});

describe('sideOptions', () => {
  it('the live host and containers; the imported ones in their own group when a file is open', () => {
    expect(sideOptions(live, null).map((g) => g.group)).toEqual(['Live']);
    const groups = sideOptions(live, imported);
    expect(groups.map((g) => [g.group, g.options.length])).toEqual([
      ['Live', 1 + lab.containers.length],
      ['Snapshot v2-selinux.json', 1 + imported.snapshot.containers.length],
    ]);
    expect(groups[0]!.options[0]).toEqual({ key: `live:${HOST_ID}`, ref: { source: 'live', id: HOST_ID }, label: 'Host' });
    const dockerOption = groups[0]!.options.find((o) => o.ref.id === docker.id)!;
    expect(dockerOption.label).toBe(`${docker.name} — docker, pid ${docker.initPid}`);
    expect(dockerOption.key).toBe(refKey(dockerOption.ref));
    // Keys are unique across both groups (the same id live and in a file stays two options).
    const keys = groups.flatMap((g) => g.options.map((o) => o.key));
    expect(new Set(keys).size).toBe(keys.length);
  });
});
