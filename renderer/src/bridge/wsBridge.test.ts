// Browser mode's bridge against a real WebSocket server (the `ws` package, as `isoscope serve`
// uses), and the contract check at the renderer's boundary.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WebSocket as NodeWebSocket, WebSocketServer } from 'ws';
import { INVOKE_CHANNELS } from '../../../shared/ipc/channels.js';
import type { IsoscopeApi } from '../../../shared/ipc/contract.js';
import { WsInvoke } from '../../../shared/ipc/wsProtocol.js';
import { checked } from './checked.js';
import { createWsBridge, type WsBridge } from './wsBridge.js';

const STATUS = {
  state: 'connected',
  message: null,
  euid: 0,
  elevation: 'none',
  intervalMs: 1000,
  lastSampleAt: null,
  agentCpuPercent: null,
  restarts: 0,
  root: '/',
} as const;

interface Server {
  wss: WebSocketServer;
  url: string;
  received: WsInvoke[];
  /** What the server answers to each invoke (undefined: no answer). */
  answer: (msg: WsInvoke) => unknown;
  push(channel: string, payload: unknown): void;
  dropClients(): void;
}

async function startServer(port = 0): Promise<Server> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const address = wss.address();
  if (!address || typeof address === 'string') throw new Error('unexpected address');
  const server: Server = {
    wss,
    url: `ws://127.0.0.1:${address.port}/ws`,
    received: [],
    answer: (msg) => ({ ok: false, error: { code: 'unknown', message: msg.channel } }),
    push: (channel, payload) => {
      for (const c of wss.clients) c.send(JSON.stringify({ push: channel, payload }));
    },
    dropClients: () => {
      for (const c of wss.clients) c.terminate();
    },
  };
  wss.on('connection', (ws) => {
    ws.on('message', (data) => {
      const msg = WsInvoke.parse(JSON.parse(String(data)));
      server.received.push(msg);
      const envelope = server.answer(msg);
      if (envelope !== undefined) ws.send(JSON.stringify({ id: msg.id, envelope }));
    });
  });
  return server;
}

const closeServer = (s: Server) =>
  new Promise<void>((r) => {
    s.dropClients();
    s.wss.close(() => r());
  });

const until = async (check: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

let server: Server;
let bridge: WsBridge | null = null;
beforeEach(async () => {
  vi.stubGlobal('WebSocket', NodeWebSocket);
  server = await startServer();
});
afterEach(async () => {
  bridge?.close();
  bridge = null;
  await closeServer(server);
  vi.unstubAllGlobals();
});

describe('the WebSocket bridge', () => {
  it('has one method per invoke channel, each sending its own channel name and params', async () => {
    bridge = createWsBridge({ url: server.url });
    const api = bridge.api;
    expect(Object.keys(api).sort()).toEqual([...INVOKE_CHANNELS, 'on', 'onLink'].sort());
    server.answer = (msg) =>
      msg.channel === 'setInterval'
        ? { ok: true, result: { intervalMs: 2000 } }
        : { ok: false, error: { code: 'x', message: 'y' } };
    // Sent before the socket is open: queued, then sent.
    const r = await api.setInterval({ ms: 2000 });
    expect(r).toEqual({ ok: true, result: { intervalMs: 2000 } });
    await api.getSnapshot();
    await api.cancelProfile({ profileId: 'p1' });
    expect(server.received.map((m) => [m.channel, m.params])).toEqual([
      ['setInterval', { ms: 2000 }],
      ['getSnapshot', {}],
      ['cancelProfile', { profileId: 'p1' }],
    ]);
  });

  it('delivers pushes to the listeners of their channel only, and stops after unsubscribing', async () => {
    bridge = createWsBridge({ url: server.url });
    const seen: unknown[] = [];
    const off = bridge.api.on('status', (s) => seen.push(['status', s.state]));
    bridge.api.on('menu', (m) => seen.push(['menu', m.command]));
    await until(() => server.wss.clients.size === 1);
    server.push('status', STATUS);
    server.push('__reconnect', null);
    server.push('menu', { command: 'exportHtml' });
    await until(() => seen.length === 2);
    off();
    server.push('status', STATUS);
    server.push('menu', { command: 'exportJson' });
    await until(() => seen.length === 3);
    expect(seen).toEqual([
      ['status', 'connected'],
      ['menu', 'exportHtml'],
      ['menu', 'exportJson'],
    ]);
  });

  it('reports the link going down and back up, and answers pending invokes `disconnected`', async () => {
    bridge = createWsBridge({ url: server.url, retryMs: 20 });
    const link: boolean[] = [];
    bridge.api.onLink((up) => link.push(up));
    await until(() => link.at(-1) === true);
    server.answer = () => undefined; // never answered
    const port = Number(new URL(server.url).port);
    const stuck = bridge.api.getState();
    await until(() => server.received.length === 1);
    await closeServer(server);
    expect(await stuck).toEqual({ ok: false, error: { code: 'disconnected', message: 'lost the connection to the server' } });
    await until(() => link.at(-1) === false);
    server = await startServer(port);
    await until(() => link.at(-1) === true);
    expect(link).toEqual([false, true, false, true]);
  });
});

describe('the contract check where results enter the renderer', () => {
  const problems: string[] = [];
  const checkedApi = (): IsoscopeApi => {
    bridge = createWsBridge({ url: server.url });
    return checked(bridge.api, (p) => problems.push(p));
  };
  beforeEach(() => void (problems.length = 0));

  it('passes results that match the contract and turns ones that do not into a bad-result error', async () => {
    const api = checkedApi();
    server.answer = (msg) =>
      msg.channel === 'setInterval' ? { ok: true, result: { intervalMs: 'fast' } } : { ok: true, result: { profileId: 'p9' } };
    expect(await api.setInterval({ ms: 1000 })).toMatchObject({
      ok: false,
      error: { code: 'bad-result', message: expect.stringMatching(/^setInterval .*intervalMs/) },
    });
    expect(await api.startProfile({ containerId: 'c', durationMs: 1000 })).toEqual({ ok: true, result: { profileId: 'p9' } });
    server.answer = () => ({ ok: false, error: { code: 'not-found', message: 'no such live container' } });
    expect(await api.getSeccomp({ containerId: 'c' })).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'no such live container' },
    });
    server.answer = () => 'not an envelope';
    expect(await api.getSnapshot()).toMatchObject({ ok: false, error: { code: 'bad-result' } });
    expect(problems).toHaveLength(2);
  });

  it('delivers pushes that match the contract and drops ones that do not', async () => {
    const api = checkedApi();
    const states: string[] = [];
    api.on('status', (s) => states.push(s.state));
    await until(() => server.wss.clients.size === 1);
    server.push('status', { ...STATUS, state: 'exploded' });
    server.push('status', STATUS);
    await until(() => states.length === 1);
    expect(states).toEqual(['connected']);
    expect(problems).toEqual([expect.stringMatching(/^push status does not match the contract: state/)]);
  });
});

// Compile-time half of the contract: these lines must not compile (tsc checks the expectations).
export function contractTypes(api: IsoscopeApi): void {
  void api.getState();
  // @ts-expect-error a channel that does not exist
  void api.reconnect();
  // @ts-expect-error a push channel that does not exist (the __reconnect crash)
  api.on('__reconnect', () => {});
  // @ts-expect-error params are required where the channel has some
  void api.setInterval();
  // @ts-expect-error and typed
  void api.setInterval({ ms: '1s' });
}
