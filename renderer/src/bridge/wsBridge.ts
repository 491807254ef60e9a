// Browser mode's bridge: the IsoscopeApi over the server's WebSocket. The token travels as a
// strict same-site cookie set when the page was first loaded with ?token=.
import type { Envelope, IsoscopeApi, PushChannel, PushPayload } from '../../../shared/ipc/contract.js';
import { WS_PATH, type WsServerMessage } from '../../../shared/ipc/wsProtocol.js';

type Listener = (payload: unknown) => void;

export function createWsBridge(onConnection: (up: boolean) => void): IsoscopeApi {
  const listeners = new Map<string, Set<Listener>>();
  const pending = new Map<number, (e: Envelope<unknown>) => void>();
  const queue: string[] = [];
  let nextId = 1;
  let ws: WebSocket | null = null;
  let retry = 500;

  const connect = () => {
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${WS_PATH}`;
    const socket = new WebSocket(url);
    ws = socket;
    socket.onopen = () => {
      retry = 500;
      onConnection(true);
      for (const m of queue.splice(0)) socket.send(m);
      // Re-announce: the store refetches its state when the link comes back.
      for (const l of listeners.get('__reconnect') ?? []) l(null);
    };
    socket.onmessage = (ev) => {
      const msg = JSON.parse(String(ev.data)) as WsServerMessage;
      if ('push' in msg) for (const l of listeners.get(msg.push) ?? []) l(msg.payload);
      else {
        pending.get(msg.id)?.(msg.envelope);
        pending.delete(msg.id);
      }
    };
    socket.onclose = () => {
      onConnection(false);
      for (const resolve of pending.values()) resolve({ ok: false, error: { code: 'disconnected', message: 'lost the connection to the server' } });
      pending.clear();
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 10_000);
    };
  };
  connect();

  const invoke = <T>(channel: string, params: unknown): Promise<Envelope<T>> =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve as (e: Envelope<unknown>) => void);
      const msg = JSON.stringify({ id, channel, params });
      if (ws?.readyState === WebSocket.OPEN) ws.send(msg);
      else queue.push(msg);
    });

  return {
    getState: () => invoke('getState', {}),
    getSnapshot: () => invoke('getSnapshot', {}),
    setInterval: (params) => invoke('setInterval', params),
    restartAgent: (params) => invoke('restartAgent', params),
    getSeccomp: (params) => invoke('getSeccomp', params),
    startProfile: (params) => invoke('startProfile', params),
    cancelProfile: (params) => invoke('cancelProfile', params),
    on<C extends PushChannel>(channel: C | '__reconnect', listener: (payload: PushPayload<C>) => void) {
      const set = listeners.get(channel) ?? new Set();
      set.add(listener as Listener);
      listeners.set(channel, set);
      return () => set.delete(listener as Listener);
    },
  };
}
