// The hosts store on a bridge built as the preload builds it: a remote host's containers enter the
// live store under keys of their own (the same id on two hosts stays two containers), its samples
// and events follow them, a refetch of this machine's state keeps them, and a host removed from
// the list takes its containers with it.
import { describe, expect, it } from 'vitest';
// eslint-disable-next-line no-restricted-imports -- a test: the lab's saved snapshot as both hosts' containers
import labRoot from '../../../electron/agent/fixtures/snapshots/lab-hybrid-root.json' with { type: 'json' };
import type { ContainerSample } from '../../../shared/agent/protocol.js';
import { buildApi } from '../../../shared/ipc/bridgeApi.js';
import type { PushChannel } from '../../../shared/ipc/channels.js';
import { remoteKey, type HostStatus, type InitialState } from '../../../shared/ipc/contract.js';
import { Snapshot } from '../../../shared/snapshot/schema.js';
import { useHosts } from './hosts.js';
import { useStore } from './store.js';

const lab = Snapshot.parse(labRoot);
const H = 'h00c0ffee';
const c = lab.containers[0]!;
const status = (id: string, url: string, state: HostStatus['state'] = 'connected'): HostStatus => ({
  id,
  url,
  sudo: false,
  identityFile: null,
  state,
  reason: null,
  reasonKind: null,
  retryAt: null,
  staleSince: null,
  lastSampleAt: null,
  hostname: null,
});
const LOCAL: InitialState = {
  status: {
    state: 'connected',
    message: null,
    euid: 0,
    elevation: 'none',
    intervalMs: 1000,
    lastSampleAt: null,
    agentCpuPercent: null,
    restarts: 0,
    root: '/',
  },
  host: lab.host,
  containers: [c],
  history: {},
};
const cs: ContainerSample = {
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
  rates: { cpuPercent: 1, ioReadBps: 0, ioWriteBps: 0, netRxBps: 0, netTxBps: 0, throttledPerSec: 0 },
} as ContainerSample;
const sample = (t: number) => ({ t, containers: { [c.id]: cs }, cost: { cpuPercent: 1, tickMs: 1, reads: 1 } });
const tick = () => new Promise((r) => setTimeout(r, 0));

function bridge() {
  const listeners = new Map<PushChannel, ((p: unknown) => void)[]>();
  const api = buildApi({
    invoke: async (channel) => {
      if (channel === 'getState') return { ok: true, result: LOCAL };
      if (channel === 'listHosts') return { ok: true, result: [status('local', 'local'), status(H, 'ssh://root@10.0.0.2')] };
      if (channel === 'getHostState')
        return { ok: true, result: { hostId: H, host: lab.host, containers: [c], history: {}, isolation: {} } };
      return { ok: false, error: { code: 'x', message: 'x' } };
    },
    on: (channel, l) => {
      listeners.set(channel, [...(listeners.get(channel) ?? []), l]);
      return () => {};
    },
    onLink: (l) => {
      l(true);
      return () => {};
    },
  });
  const push = (channel: PushChannel, payload: unknown) => {
    for (const l of listeners.get(channel) ?? []) l(payload);
  };
  return { api, push };
}

describe('the hosts store', () => {
  it('keeps a remote host’s containers apart from this machine’s, through samples, refetches and removal', async () => {
    const b = bridge();
    useStore.getState().init(b.api, 'browser');
    await tick();
    await tick();
    const key = remoteKey(H, c.id);
    let s = useStore.getState();
    expect(Object.keys(s.containers).sort()).toEqual([c.id, key].sort());
    expect(s.containers[key]!.id).toBe(key);
    expect(s.hostOf[key]).toBe(H);
    expect(Object.hasOwn(s.hostOf, c.id)).toBe(false);
    expect(useHosts.getState().hosts.map((h) => h.id)).toEqual(['local', H]);

    b.push('hostSample', { hostId: H, sample: sample(5) });
    b.push('sample', sample(6));
    s = useStore.getState();
    expect(s.history[key]!.map((p) => p.t)).toEqual([5]);
    expect(s.history[c.id]!.map((p) => p.t)).toEqual([6]);
    // This machine's sample replaces its own latest values, not the remote host's.
    expect(Object.keys(s.latest).sort()).toEqual([c.id, key].sort());

    b.push('hostIsolation', { hostId: H, events: [{ containerId: c.id, t: 7 }] });
    expect(useStore.getState().isolation[key]!.map((e) => e.containerId)).toEqual([key]);
    expect(Object.hasOwn(useStore.getState().isolation, c.id)).toBe(false);

    // This machine's state again (a reconnected link): the remote containers stay.
    useStore.getState().load(LOCAL);
    expect(Object.keys(useStore.getState().containers).sort()).toEqual([c.id, key].sort());

    // A reset without the container: it goes; the host leaves the list: all of its go.
    b.push('hostContainers', { hostId: H, reset: true, changes: { added: [], removed: [], changed: [] } });
    expect(Object.hasOwn(useStore.getState().containers, key)).toBe(false);
    b.push('hostContainers', { hostId: H, reset: false, changes: { added: [c], removed: [], changed: [] } });
    expect(Object.hasOwn(useStore.getState().containers, key)).toBe(true);
    useStore.getState().select(key);
    b.push('hosts', [status('local', 'local')]);
    s = useStore.getState();
    expect(Object.keys(s.containers)).toEqual([c.id]);
    expect(Object.keys(s.hostOf)).toEqual([]);
    expect(s.selectedId).not.toBe(key);
  });
});
