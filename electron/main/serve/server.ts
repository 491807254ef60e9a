// Browser mode: the built renderer and the same IsoscopeService handlers over HTTP + WebSocket
// on 127.0.0.1 only, behind a random token (see guard.ts).
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { TOKEN_COOKIE, WS_PATH, WsInvoke, type WsServerMessage } from '../../../shared/ipc/wsProtocol.js';
import type { IsoscopeService } from '../service/service.js';
import { contentSecurityPolicy } from '../security/csp.js';
import { checkRequest } from './guard.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json', '.woff2': 'font/woff2', '.ico': 'image/x-icon',
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

function deny(res: ServerResponse, status: number, reason: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`${status === 401 ? 'Unauthorized' : 'Forbidden'}: ${reason}\n`);
}

async function serveFile(dir: string, urlPath: string, res: ServerResponse, headers: Record<string, string>): Promise<void> {
  const rel = normalize(decodeURIComponent(urlPath === '/' ? '/index.html' : urlPath)).replace(/^([/\\])+/, '');
  const file = join(dir, rel);
  if (!file.startsWith(dir.endsWith(sep) ? dir : dir + sep)) return deny(res, 403, 'outside the app');
  try {
    const body = await readFile(file);
    res.writeHead(200, { ...headers, 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('Not found\n');
  }
}

export function startBrowserServer(opts: ServeOptions): Promise<BrowserServer> {
  const token = opts.token ?? randomBytes(24).toString('hex');
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  let port = 0;

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const verdict = checkRequest({ host: req.headers.host, origin: req.headers.origin, cookie: req.headers.cookie, url: req.url ?? '/' }, port, token);
    if (!verdict.ok) return deny(res, verdict.status, verdict.reason);
    if (req.method !== 'GET' && req.method !== 'HEAD') return deny(res, 403, 'read-only server');
    const headers: Record<string, string> = {
      'content-security-policy': contentSecurityPolicy({ connect: [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`] }),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
      'cache-control': 'no-store',
    };
    if (verdict.tokenFromUrl) headers['set-cookie'] = `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    void serveFile(opts.rendererDir, new URL(req.url ?? '/', 'http://x').pathname, res, headers);
  };

  const server: Server = createServer(onRequest);
  server.on('upgrade', (req, socket, head) => {
    const verdict = checkRequest({ host: req.headers.host, origin: req.headers.origin, cookie: req.headers.cookie, url: req.url ?? '/' }, port, token);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (!verdict.ok || path !== WS_PATH) {
      socket.end(`HTTP/1.1 ${verdict.ok ? 404 : verdict.status} ${verdict.ok ? 'Not Found' : 'Forbidden'}\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws, opts.service));
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
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
  const send = (msg: WsServerMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
  };
  const onPush = (e: { channel: string; payload: unknown }) => send({ push: e.channel, payload: e.payload });
  service.on('push', onPush);
  ws.on('close', () => service.off('push', onPush));
  ws.on('message', (data) => {
    let parsed: ReturnType<typeof WsInvoke.safeParse>;
    try {
      parsed = WsInvoke.safeParse(JSON.parse(data.toString()));
    } catch {
      return send({ id: -1, envelope: { ok: false, error: { code: 'bad-json', message: 'message is not JSON' } } });
    }
    if (!parsed.success) return send({ id: -1, envelope: { ok: false, error: { code: 'bad-request', message: 'not an invoke message' } } });
    const { id, channel, params } = parsed.data;
    void service.invoke(channel, params).then((envelope) => send({ id, envelope }));
  });
}
