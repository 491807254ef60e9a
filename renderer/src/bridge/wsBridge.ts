// Browser mode's bridge: the IsoscopeApi over the server's WebSocket, built by looping over the
// contract's channels (shared/ipc/bridgeApi.ts). The token travels as a strict same-site cookie
// set when the page was first loaded with ?token=. When the socket closes, pending invokes answer
// `disconnected`, the link goes down, and the bridge reconnects with backoff; the link coming
// back up tells the store to fetch the state it missed.
import { buildApi } from '../../../shared/ipc/bridgeApi.js';
import { isPushChannel, type PushChannel } from '../../../shared/ipc/channels.js';
import type { IsoscopeApi } from '../../../shared/ipc/contract.js';
import { WS_PATH, WsServerFrame } from '../../../shared/ipc/wsProtocol.js';

export interface WsBridgeOptions {
  /** Defaults to this page's server. */
  url?: string;
  /** First reconnection delay (doubles up to 10 s). */
  retryMs?: number;
}

export interface WsBridge {
  api: IsoscopeApi;
  /** Stops reconnecting and closes the socket. */
  close(): void;
}

const disconnected = { ok: false, error: { code: 'disconnected', message: 'lost the connection to the server' } } as const;

export function createWsBridge(options: WsBridgeOptions = {}): WsBridge {
  const url = options.url ?? `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${WS_PATH}`;
  const firstRetry = options.retryMs ?? 500;
  const listeners = new Map<PushChannel, Set<(payload: unknown) => void>>();
  const linkListeners = new Set<(up: boolean) => void>();
  const pending = new Map<number, (envelope: unknown) => void>();
  const queue: string[] = [];
  let nextId = 1;
  let ws: WebSocket | null = null;
  let up = false;
  let closed = false;
  let retry = firstRetry;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;

  const setLink = (next: boolean) => {
    if (up === next) return;
    up = next;
    for (const l of [...linkListeners]) l(up);
  };

  const connect = () => {
    const socket = new WebSocket(url);
    ws = socket;
    socket.onopen = () => {
      retry = firstRetry;
      for (const m of queue.splice(0)) socket.send(m);
      setLink(true);
    };
    socket.onmessage = (ev) => {
      let frame: unknown;
      try {
        frame = JSON.parse(String(ev.data));
      } catch {
        return;
      }
      const msg = WsServerFrame.safeParse(frame);
      if (!msg.success) return;
      if ('push' in msg.data) {
        const channel = msg.data.push;
        if (!isPushChannel(channel)) return;
        for (const l of [...(listeners.get(channel) ?? [])]) l(msg.data.payload);
      } else {
        pending.get(msg.data.id)?.(msg.data.envelope);
        pending.delete(msg.data.id);
      }
    };
    socket.onclose = () => {
      if (ws !== socket) return;
      ws = null;
      for (const resolve of pending.values()) resolve(disconnected);
      pending.clear();
      queue.length = 0;
      setLink(false);
      if (closed) return;
      retryTimer = setTimeout(connect, retry);
      retry = Math.min(retry * 2, 10_000);
    };
  };
  connect();

  const api = buildApi({
    invoke: (channel, params) =>
      new Promise((resolve) => {
        if (closed) return resolve(disconnected);
        const id = nextId++;
        pending.set(id, resolve);
        const msg = JSON.stringify({ id, channel, params });
        if (ws?.readyState === WebSocket.OPEN) ws.send(msg);
        else queue.push(msg);
      }),
    on(channel, listener) {
      const set = listeners.get(channel) ?? new Set();
      set.add(listener);
      listeners.set(channel, set);
      return () => void set.delete(listener);
    },
    onLink(listener) {
      linkListeners.add(listener);
      listener(up);
      return () => void linkListeners.delete(listener);
    },
  });

  return {
    api,
    close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      ws?.close();
    },
  };
}
