// protocol and net: custom schemes registered and handled as Electron does (privileged schemes
// only before ready), and net.fetch reading file: URLs the way the real main serves the renderer.
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { recorded } from './recorded.js';

/** Set by electron.ts: whether the app is ready (kept out of an import cycle). */
export const protocolHooks = { isReady: (): boolean => false };

type ProtocolHandler = (request: Request) => Response | Promise<Response>;
export const handlers = new Map<string, ProtocolHandler>();
export const privileged = new Set<string>();

export const protocol = {
  registerSchemesAsPrivileged(schemes: { scheme: string; privileges?: Record<string, boolean> }[]): void {
    if (protocolHooks.isReady()) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    for (const s of schemes) {
      privileged.add(s.scheme);
      recorded.privilegedSchemes.push(s);
    }
  },
  handle(scheme: string, handler: ProtocolHandler): void {
    if (handlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`);
    handlers.set(scheme, handler);
  },
  unhandle(scheme: string): void {
    handlers.delete(scheme);
  },
  isProtocolHandled(scheme: string): boolean {
    return handlers.has(scheme);
  },
};

const MIME: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.cjs': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
  '.ico': 'image/vnd.microsoft.icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain',
  '.wasm': 'application/wasm',
};

export const net = {
  /** Chromium's network stack in Electron; here file: URLs are read from disk (type by extension). */
  async fetch(input: string | Request, init?: RequestInit): Promise<Response> {
    const url = typeof input === 'string' ? input : input.url;
    if (url.startsWith('file:')) {
      const path = fileURLToPath(url);
      let body: Buffer;
      try {
        body = await readFile(path);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new TypeError(
          `net::${code === 'ENOENT' ? 'ERR_FILE_NOT_FOUND' : code === 'EISDIR' ? 'ERR_FILE_NOT_FOUND' : 'ERR_ACCESS_DENIED'}`,
        );
      }
      const type = MIME[extname(path).toLowerCase()];
      return new Response(new Uint8Array(body), { status: 200, headers: type ? { 'Content-Type': type } : {} });
    }
    return fetch(input, init);
  },
};
