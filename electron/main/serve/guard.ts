// Browser mode's gatekeeping, pure so it can be tested: only loopback Host headers, only our
// own Origin, and the session token (from the URL once, then from a strict cookie).
import { TOKEN_COOKIE } from '../../../shared/ipc/wsProtocol.js';

export interface GuardInput {
  host: string | undefined;
  origin: string | undefined;
  cookie: string | undefined;
  url: string;
}

export type GuardResult = { ok: true; tokenFromUrl: boolean } | { ok: false; status: 401 | 403; reason: string };

export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return null;
}

/** Constant-time comparison of two tokens. */
export function sameToken(a: string | null, b: string): boolean {
  if (a === null || a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export function checkRequest(input: GuardInput, port: number, token: string): GuardResult {
  const hosts = allowedHosts(port);
  // A foreign Host header means DNS rebinding or a proxy: refuse whatever the token says.
  if (!input.host || !hosts.has(input.host.toLowerCase())) return { ok: false, status: 403, reason: 'foreign Host header' };
  if (input.origin !== undefined && !['http://' + [...hosts][0], 'http://' + [...hosts][1]].includes(input.origin.toLowerCase())) {
    return { ok: false, status: 403, reason: 'foreign Origin header' };
  }
  const query = new URL(input.url, 'http://x').searchParams.get('token');
  if (query !== null && sameToken(query, token)) return { ok: true, tokenFromUrl: true };
  if (sameToken(cookieValue(input.cookie, TOKEN_COOKIE), token)) return { ok: true, tokenFromUrl: false };
  return { ok: false, status: 401, reason: 'missing or wrong token' };
}
