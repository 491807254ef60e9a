// The store wired to a bridge built exactly as the preload builds window.isoscope (buildApi over
// a transport whose `on` refuses unknown channels): init must not throw — it used to subscribe to
// a made-up `__reconnect` channel, the preload threw, and the desktop window stayed blank — and
// the state is fetched whenever the link comes (back) up.
import { describe, expect, it } from 'vitest';
import type { Sample } from '../../../shared/agent/protocol.js';
import type { Container } from '../../../shared/snapshot/schema.js';
import { isPushChannel } from '../../../shared/ipc/channels.js';
import { pushSpecs } from '../../../shared/ipc/contract.js';
import { buildApi } from '../../../shared/ipc/bridgeApi.js';
import type { InitialState } from '../../../shared/ipc/contract.js';
import { useStore } from './store.js';

const STATE: InitialState = {
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
  host: null,
  containers: [],
  history: {},
};

function fakeBridge() {
  const invoked: string[] = [];
  const subscribed: string[] = [];
  const links = new Set<(up: boolean) => void>();
  let up = false;
  const api = buildApi({
    invoke: async (channel) => {
      invoked.push(channel);
      return channel === 'getState' ? { ok: true, result: STATE } : { ok: false, error: { code: 'x', message: 'x' } };
    },
    on: (channel) => {
      subscribed.push(channel);
      return () => {};
    },
    onLink: (l) => {
      links.add(l);
      l(up);
      return () => void links.delete(l);
    },
  });
  const setLink = (next: boolean) => {
    up = next;
    for (const l of links) l(up);
  };
  return { api, invoked, subscribed, setLink };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('the store on a bridge', () => {
  it('initialises without throwing, subscribes to real channels only, and refetches when the link comes back', async () => {
    const b = fakeBridge();
    expect(() => useStore.getState().init(b.api, 'electron')).not.toThrow();
    expect(b.subscribed.every(isPushChannel)).toBe(true);
    expect(b.subscribed).toEqual(expect.arrayContaining(['containers', 'host', 'menu', 'sample', 'status']));
    expect(useStore.getState().linkUp).toBe(false);
    b.setLink(true);
    await tick();
    expect(b.invoked).toEqual(['getState']);
    expect(useStore.getState().status?.state).toBe('connected');
    b.setLink(false);
    expect(useStore.getState().linkUp).toBe(false);
    b.setLink(true);
    await tick();
    expect(b.invoked).toEqual(['getState', 'getState']);
    expect(useStore.getState().linkUp).toBe(true);
  });
});

describe('the store with containers whose ids are Object.prototype names', () => {
  const IDS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];
  // The store reads only ids here (the service test sends full containers through the schemas).
  const hostile = IDS.map((id) => ({ id, name: id }) as Container);
  const counters = {
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
  };
  const rates = { cpuPercent: 1, ioReadBps: 0, ioWriteBps: 0, netRxBps: 0, netTxBps: 0, throttledPerSec: 0 };
  // As it arrives from the wire: JSON text, where `__proto__` is just a key.
  const wire = (t: number): unknown =>
    JSON.parse(
      `{"t":${t},"containers":{${IDS.map((id) => `"${id}":${JSON.stringify({ counters, rates })}`).join(',')}},"cost":{"cpuPercent":1,"tickMs":1,"reads":1}}`,
    );

  it.each([
    ['as received (production build: JSON.parse only)', (v: unknown) => v as Sample],
    ['checked against the contract (development build)', (v: unknown): Sample => pushSpecs.sample.parse(v)],
  ])('keeps every one visible and its live data moving, %s', (_how, receive) => {
    const s = useStore.getState();
    s.load({ ...STATE, containers: [] });
    s.applyChanges({ added: hostile, removed: [], changed: [] });
    for (const t of [1000, 2000, 3000]) {
      const sample = receive(wire(t));
      expect(() => useStore.getState().applySample(sample)).not.toThrow();
    }
    const { containers, history, latest } = useStore.getState();
    expect(Object.keys(containers)).toEqual(IDS);
    for (const id of IDS) {
      expect(containers[id]?.name).toBe(id);
      expect(history[id]).toHaveLength(3);
      expect(latest[id]?.rates.cpuPercent).toBe(1);
    }
    // Lookups of ids that are not there find nothing (not Object.prototype's members).
    useStore.getState().applyChanges({ added: [], removed: ['constructor'], changed: [] });
    expect(useStore.getState().containers['constructor']).toBeUndefined();
    expect(useStore.getState().history['constructor']).toBeUndefined();
    expect(Object.keys(useStore.getState().containers)).toEqual(['__proto__', 'toString', 'hasOwnProperty']);
    // The whole state again (a reconnection), history keyed by those ids as the service sends it.
    useStore.getState().load({
      ...STATE,
      containers: hostile,
      history: JSON.parse(JSON.stringify(Object.fromEntries(IDS.map((id) => [id, [] as never[]])))),
    });
    expect(Object.keys(useStore.getState().containers)).toEqual(IDS);
    expect(Object.keys(useStore.getState().history)).toEqual(IDS);
    expect(() => useStore.getState().applySample(receive(wire(4000)))).not.toThrow();
    expect(useStore.getState().history['toString']).toHaveLength(1);
  });
});

describe('the selection', () => {
  it('of an opened snapshot’s container survives changes of the live containers; a live one that goes does not', () => {
    const s = useStore.getState();
    s.load({ ...STATE, containers: [{ id: 'a', name: 'a' } as Container, { id: 'b', name: 'b' } as Container] });
    s.select('snap:x');
    s.applyChanges({ added: [{ id: 'c', name: 'c' } as Container], removed: ['a'], changed: [] });
    expect(useStore.getState().selectedId).toBe('snap:x');
    useStore
      .getState()
      .load({ ...STATE, containers: [{ id: 'b', name: 'b' } as Container, { id: 'c', name: 'c' } as Container] });
    expect(useStore.getState().selectedId).toBe('snap:x');
    useStore.getState().select('b');
    useStore.getState().applyChanges({ added: [], removed: ['b'], changed: [] });
    expect(useStore.getState().selectedId).toBe('c');
  });
});
