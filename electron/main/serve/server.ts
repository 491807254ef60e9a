// Browser mode: the built renderer and the same IsoscopeService handlers over HTTP + WebSocket
// on 127.0.0.1 only, behind a random token (see guard.ts). No request, header, socket or message
// may end the process: every path that a peer reaches is guarded against throwing.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { WS_PATH, WsInvoke, type WsServerMessage } from '../../../shared/ipc/wsProtocol.js';
import type { IsoscopeService } from '../service/service.js';
import { contentSecurityPolicy } from '../security/csp.js';
import { checkRequest, sessionCookie } from './guard.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

export interface BrowserServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export interface ServeOptions {
  service: IsoscopeService;
  /** Directory of the built renderer (index.html and assets/). */
  rendererDir: string;
  port?: number;
  token?: string;
}

const TEXT = { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' };
const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Largest WebSocket message accepted: every invoke is a few hundred bytes. */
export const MAX_WS_MESSAGE = 64 * 1024;
/** Invokes one socket may have in flight before further ones are answered "busy". */
export const MAX_IN_FLIGHT = 16;

function deny(res: ServerResponse, status: number, reason: string): void {
  res.writeHead(status, TEXT);
  res.end(`${STATUS_TEXT[status] ?? 'Error'}: ${reason}\n`);
}

/** Answers a refused WebSocket upgrade on the raw socket and closes it. */
function denySocket(socket: Duplex, status: number): void {
  if (!socket.writable) return void socket.destroy();
  socket.end(`HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** `path` is the decoded path from the guard (starts with "/", no NUL). */
async function serveFile(dir: string, path: string, res: ServerResponse, headers: Record<string, string>): Promise<void> {
  const rel = normalize(path === '/' ? '/index.html' : path).replace(/^([/\\])+/, '');
  const file = join(dir, rel);
  if (!file.startsWith(dir.endsWith(sep) ? dir : dir + sep)) return deny(res, 403, 'outside the app');
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // Out of file descriptors or memory is not "not found": say so, the client may retry.
    if (code === 'EMFILE' || code === 'ENFILE' || code === 'ENOMEM')
      return deny(res, 503, 'the server is out of resources, try again');
    return deny(res, 404, 'no such file');
  }
  res.writeHead(200, { ...headers, 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
  res.end(body);
}

/** Last resort for a handler that threw: answer 500 if nothing was sent yet, else cut the connection. */
function failed(res: ServerResponse): void {
  try {
    if (res.headersSent) res.destroy();
    else deny(res, 500, 'internal error');
  } catch {
    res.destroy();
  }
}

export function startBrowserServer(opts: ServeOptions): Promise<BrowserServer> {
  const token = opts.token ?? randomBytes(24).toString('hex');
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_MESSAGE });
  let port = 0;

  const verdictOf = (req: IncomingMessage) =>
    checkRequest(
      { host: req.headers.host, origin: req.headers.origin, cookie: req.headers.cookie, url: req.url ?? '' },
      port,
      token,
    );

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const verdict = verdictOf(req);
    if (!verdict.ok) return deny(res, verdict.status, verdict.reason);
    if (req.method !== 'GET' && req.method !== 'HEAD') return deny(res, 403, 'read-only server');
    if (verdict.tokenFromUrl) {
      // Trade the URL's token for the cookie and send the browser to a clean URL, so the token
      // stays out of the address bar, the history and any screenshot.
      res.writeHead(303, { ...TEXT, location: '/', 'set-cookie': sessionCookie(port, token), 'referrer-policy': 'no-referrer' });
      return void res.end();
    }
    const headers: Record<string, string> = {
      'content-security-policy': contentSecurityPolicy({ connect: [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`] }),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
      'cache-control': 'no-store',
    };
    return serveFile(opts.rendererDir, verdict.path, res, headers);
  };

  const server: Server = createServer((req, res) => {
    try {
      void onRequest(req, res)?.catch(() => failed(res));
    } catch {
      failed(res);
    }
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A client may reset or half-close at any moment; an unhandled socket error would end the process.
    socket.on('error', () => socket.destroy());
    try {
      const verdict = verdictOf(req);
      if (!verdict.ok) return denySocket(socket, verdict.status);
      if (verdict.path !== WS_PATH) return denySocket(socket, 404);
      wss.handleUpgrade(req, socket, head, (ws) => attach(ws, opts.service));
    } catch {
      socket.destroy();
    }
  });
  // After listen, errors such as EMFILE on accept (a local user opening thousands of sockets)
  // must not end the process either.
  const onLateError = (err: Error) => process.stderr.write(`isoscope serve: ${err.message}\n`);

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      server.on('error', onLateError);
      const addr = server.address();
      port = typeof addr === 'object' && addr ? addr.port : 0;
      resolve({
        url: `http://127.0.0.1:${port}/?token=${token}`,
        port,
        token,
        close: () =>
          new Promise<void>((done) => {
            for (const c of wss.clients) c.terminate();
            wss.close();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

function attach(ws: WebSocket, service: IsoscopeService): void {
  let inFlight = 0;
  // Oversized messages, invalid UTF-8 and protocol errors arrive as 'error' events; ws closes the
  // socket itself, but without a listener the event would end the process.
  ws.on('error', () => ws.terminate());
  const send = (msg: WsServerMessage) => {
    if (ws.readyState !== ws.OPEN) return;
    let text: string;
    try {
      text = JSON.stringify(msg);
    } catch {
      if (!('id' in msg)) return;
      text = JSON.stringify({
        id: msg.id,
        envelope: { ok: false, error: { code: 'failed', message: 'result could not be serialised' } },
      });
    }
    ws.send(text);
  };
  const onPush = (e: { channel: string; payload: unknown }) => send({ push: e.channel, payload: e.payload });
  service.on('push', onPush);
  ws.on('close', () => service.off('push', onPush));
  ws.on('message', (data) => {
    let parsed: ReturnType<typeof WsInvoke.safeParse>;
    try {
      parsed = WsInvoke.safeParse(JSON.parse(String(data)));
    } catch {
      return send({ id: -1, envelope: { ok: false, error: { code: 'bad-json', message: 'message is not JSON' } } });
    }
    if (!parsed.success)
      return send({ id: -1, envelope: { ok: false, error: { code: 'bad-request', message: 'not an invoke message' } } });
    const { id, channel, params } = parsed.data;
    if (inFlight >= MAX_IN_FLIGHT)
      return send({
        id,
        envelope: { ok: false, error: { code: 'busy', message: `more than ${MAX_IN_FLIGHT} requests in flight` } },
      });
    inFlight++;
    let pending: Promise<WsServerMessage>;
    try {
      pending = service.invoke(channel, params).then((envelope) => ({ id, envelope }));
    } catch (err) {
      pending = Promise.reject(err as Error);
    }
    void pending
      .catch((err: unknown) => ({
        id,
        envelope: { ok: false as const, error: { code: 'failed', message: err instanceof Error ? err.message : 'failed' } },
      }))
      .then((msg) => {
        inFlight--;
        send(msg);
      });
  });
}
