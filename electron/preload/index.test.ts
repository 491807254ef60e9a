// The real preload bundle (built as `npm run build` builds it) evaluated the way a sandboxed
// Electron preload runs: CommonJS with a `require` that yields only electron, events, timers and
// url; contextBridge that clones values and proxies functions; ipcRenderer.invoke answered by the
// real service's dispatch (as ipcMain.handle in electron/main/ipc.ts does).
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { INVOKE_CHANNELS, PUSH_CHANNELS, ipcChannel } from '../../shared/ipc/channels.js';
import type { IsoscopeApi } from '../../shared/ipc/contract.js';
import { IsoscopeService } from '../main/service/service.js';

const SANDBOX_MODULES = new Set(['events', 'timers', 'url']);
let bundle = '';

beforeAll(async () => {
  const out = await build({
    entryPoints: [new URL('./index.ts', import.meta.url).pathname],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['electron'],
    write: false,
    logLevel: 'silent',
  });
  bundle = out.outputFiles[0]!.text;
});

interface Loaded {
  exposed: Map<string, unknown>;
  required: string[];
  invoked: { channel: string; params: unknown }[];
  emit(channel: string, payload: unknown): void;
  listenerCount(channel: string): number;
}

/** Runs the bundle as Electron's sandboxed preload would, with main's handlers behind ipcRenderer. */
function loadPreload(handle: (channel: string, params: unknown) => Promise<unknown>): Loaded {
  const exposed = new Map<string, unknown>();
  const required: string[] = [];
  const invoked: Loaded['invoked'] = [];
  const listeners = new Map<string, Set<(event: unknown, payload: unknown) => void>>();
  const electron = {
    contextBridge: {
      exposeInMainWorld(key: string, value: unknown) {
        // Functions are proxied, everything else structured-cloned: a class instance or a value
        // that cannot be cloned would not arrive as written.
        if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype)
          throw new Error('not a plain object');
        for (const v of Object.values(value)) if (typeof v !== 'function') structuredClone(v);
        exposed.set(key, value);
      },
    },
    ipcRenderer: {
      invoke(channel: string, params: unknown) {
        invoked.push({ channel, params });
        return handle(channel, structuredClone(params));
      },
      on(channel: string, l: (event: unknown, payload: unknown) => void) {
        const set = listeners.get(channel) ?? new Set();
        set.add(l);
        listeners.set(channel, set);
      },
      removeListener(channel: string, l: (event: unknown, payload: unknown) => void) {
        listeners.get(channel)?.delete(l);
      },
    },
  };
  const sandboxRequire = (name: string) => {
    required.push(name);
    if (name === 'electron') return electron;
    if (SANDBOX_MODULES.has(name)) return {};
    throw new Error(`module not found: ${name} (a sandboxed preload may only require electron, events, timers, url)`);
  };
  const module = { exports: {} };
  new Function('require', 'module', 'exports', bundle)(sandboxRequire, module, module.exports);
  return {
    exposed,
    required,
    invoked,
    emit: (channel, payload) => {
      for (const l of listeners.get(channel) ?? []) l({ sender: null }, structuredClone(payload));
    },
    listenerCount: (channel) => listeners.get(channel)?.size ?? 0,
  };
}

function exposedApi(p: Loaded): IsoscopeApi {
  const api = p.exposed.get('isoscope');
  if (!api || typeof api !== 'object') throw new Error('window.isoscope was not exposed');
  // What the renderer declares window.isoscope to be: checked here key by key.
  const keys = Object.keys(api).sort();
  expect(keys).toEqual([...INVOKE_CHANNELS, 'on', 'onLink'].sort());
  return api as IsoscopeApi;
}

describe('the preload bundle', () => {
  it('requires nothing but electron, is small, and exposes one method per channel', () => {
    const p = loadPreload(async () => null);
    expect(p.required).toEqual(['electron']);
    expect(bundle.length).toBeLessThan(10_000); // no zod, no schemas
    expect(bundle).not.toMatch(/zod/);
    exposedApi(p);
  });

  it('sends each invoke on its own channel and answers with the service’s envelopes', async () => {
    const service = new IsoscopeService({ agentCommand: () => ({ command: '/nonexistent', args: [] }) });
    const p = loadPreload((channel, params) => service.invoke(channel.replace(/^isoscope:/, ''), params));
    const api = exposedApi(p);
    const state = await api.getState();
    expect(state.ok && state.result.status.state).toBe('starting');
    expect(p.invoked[0]).toEqual({ channel: ipcChannel('getState'), params: {} });
    expect(await api.setInterval({ ms: 5 })).toMatchObject({ ok: false, error: { code: 'bad-params' } });
    expect(await api.getSnapshot()).toMatchObject({ ok: false, error: { code: 'not-connected' } });
    expect(await api.getSeccomp({ containerId: 'nope' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(p.invoked.map((i) => i.channel)).toEqual(
      (['getState', 'setInterval', 'getSnapshot', 'getSeccomp'] as const).map(ipcChannel),
    );
  });

  it('delivers pushes per channel, unsubscribes, and refuses a channel that does not exist', () => {
    const p = loadPreload(async () => null);
    const api = exposedApi(p);
    const got: unknown[] = [];
    const offs = PUSH_CHANNELS.map((c) => api.on(c, (payload) => got.push([c, payload])));
    p.emit(ipcChannel('menu'), { command: 'exportJson' });
    p.emit('isoscope:other', { x: 1 });
    expect(got).toEqual([['menu', { command: 'exportJson' }]]);
    for (const off of offs) off();
    expect(PUSH_CHANNELS.map((c) => p.listenerCount(ipcChannel(c)))).toEqual(PUSH_CHANNELS.map(() => 0));
    // The renderer's scripts cannot subscribe to anything else (and TypeScript will not let them try).
    expect(() => Reflect.apply(api.on, api, ['__reconnect', () => {}])).toThrow(/unknown push channel/);
  });

  it('reports its link as up, once: Electron IPC does not drop while the page lives', () => {
    const api = exposedApi(loadPreload(async () => null));
    const seen: boolean[] = [];
    api.onLink((up) => seen.push(up));
    expect(seen).toEqual([true]);
  });
});
