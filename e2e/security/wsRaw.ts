// WebSocket helpers for the browser-mode fuzz tests: a hand-built handshake and hand-built
// frames (RFC 6455) to send over a raw socket, and an ordinary client invoke to check that the
// server still answers.
import WebSocket from 'ws';
import type { ServeChild } from './serveChild.js';

/** The upgrade request a browser would send, with optional overrides (null drops a header). */
export function upgradeRequest(
  s: ServeChild,
  cookie: string,
  override: Record<string, string | null> = {},
  target = '/ws',
): string {
  const headers: Record<string, string | null> = {
    Host: `127.0.0.1:${s.port}`,
    Origin: s.origin,
    Cookie: cookie,
    Upgrade: 'websocket',
    Connection: 'Upgrade',
    'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
    'Sec-WebSocket-Version': '13',
    ...override,
  };
  const lines = [
    `GET ${target} HTTP/1.1`,
    ...Object.entries(headers)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => `${k}: ${v}`),
  ];
  return lines.join('\r\n') + '\r\n\r\n';
}

export interface FrameSpec {
  fin?: boolean;
  /** The three RSV bits, 0–7. */
  rsv?: number;
  opcode: number;
  payload: Buffer;
  /** Clients must mask; false sends an unmasked frame. The key is random unless given. */
  mask?: boolean | Buffer;
  /** Claim this payload length instead of the real one (bigint for the 64-bit form). */
  claimedLength?: number | bigint;
}

/** One WebSocket frame as bytes. */
export function frame(f: FrameSpec): Buffer {
  const fin = f.fin ?? true;
  const len = f.claimedLength ?? f.payload.length;
  const masked = f.mask !== false;
  const head: number[] = [(fin ? 0x80 : 0) | ((f.rsv ?? 0) << 4) | (f.opcode & 0x0f)];
  let ext = Buffer.alloc(0);
  if (typeof len === 'bigint' || len > 0xffff) {
    head.push((masked ? 0x80 : 0) | 127);
    ext = Buffer.alloc(8);
    ext.writeBigUInt64BE(BigInt(len));
  } else if (len > 125) {
    head.push((masked ? 0x80 : 0) | 126);
    ext = Buffer.alloc(2);
    ext.writeUInt16BE(len);
  } else head.push((masked ? 0x80 : 0) | len);
  if (!masked) return Buffer.concat([Buffer.from(head), ext, f.payload]);
  const key = Buffer.isBuffer(f.mask) ? f.mask : Buffer.from([0x12, 0x34, 0x56, 0x78]);
  const body = Buffer.from(f.payload.map((b, i) => b ^ key[i % 4]!));
  return Buffer.concat([Buffer.from(head), ext, key, body]);
}

export const text = (s: string | Buffer, extra: Partial<FrameSpec> = {}): Buffer =>
  frame({ opcode: 1, payload: Buffer.isBuffer(s) ? s : Buffer.from(s), ...extra });

/** Opens a WebSocket like the renderer does and calls getState; true if it answers ok. */
export function invokeWorks(s: ServeChild, cookie: string): Promise<boolean> {
  return new Promise((resolve) => {
    if (!s.alive()) return resolve(false);
    const ws = new WebSocket(`ws://127.0.0.1:${s.port}/ws`, { headers: { Cookie: cookie, Origin: s.origin } });
    const done = (v: boolean) => {
      clearTimeout(timer);
      ws.terminate();
      resolve(v);
    };
    const timer = setTimeout(() => done(false), 15_000);
    ws.on('open', () => ws.send(JSON.stringify({ id: 7, channel: 'getState', params: {} })));
    ws.on('message', (d) => {
      const msg = JSON.parse(String(d)) as { id?: number; envelope?: { ok: boolean } };
      if (msg.id === 7) done(msg.envelope?.ok === true);
    });
    ws.on('error', () => done(false));
    ws.on('close', () => done(false));
  });
}

/**
 * Opens a WebSocket, sends each message, and resolves with what came back before it closed, went
 * quiet for `quietMs` (or, with `until`, once `until` says enough; 15 s at most).
 */
export function sendMessages(
  s: ServeChild,
  cookie: string,
  messages: (string | Buffer)[],
  quietMs = 300,
  until?: (replies: string[]) => boolean,
): Promise<{ replies: string[]; closeCode: number | null }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${s.port}/ws`, {
      headers: { Cookie: cookie, Origin: s.origin },
      maxPayload: 16 * 1024 * 1024,
    });
    const replies: string[] = [];
    let closeCode: number | null = null;
    let timer = setTimeout(() => finish(), 15_000);
    const finish = () => {
      clearTimeout(timer);
      ws.terminate();
      resolve({ replies, closeCode });
    };
    const quiet = () => {
      if (until) return;
      clearTimeout(timer);
      timer = setTimeout(finish, quietMs);
    };
    ws.on('open', () => {
      for (const m of messages) ws.send(m, { binary: Buffer.isBuffer(m) });
      quiet();
    });
    ws.on('message', (d) => {
      const t = String(d);
      if (!t.startsWith('{"push"')) replies.push(t);
      if (until?.(replies)) return finish();
      quiet();
    });
    ws.on('close', (code) => {
      closeCode = code;
      finish();
    });
    ws.on('error', () => finish());
  });
}
