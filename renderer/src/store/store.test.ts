// The store wired to a bridge built exactly as the preload builds window.isoscope (buildApi over
// a transport whose `on` refuses unknown channels): init must not throw — it used to subscribe to
// a made-up `__reconnect` channel, the preload threw, and the desktop window stayed blank — and
// the state is fetched whenever the link comes (back) up.
import { describe, expect, it } from 'vitest';
import { buildApi } from '../../../shared/ipc/bridgeApi.js';
import type { InitialState } from '../../../shared/ipc/contract.js';
import { useStore } from './store.js';

const STATE: InitialState = {
  status: { state: 'connected', message: null, euid: 0, elevation: 'none', intervalMs: 1000, lastSampleAt: null, agentCpuPercent: null, restarts: 0, root: '/' },
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
    expect(b.subscribed.sort()).toEqual(['containers', 'host', 'menu', 'sample', 'status']);
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
