// Browser mode's gatekeeping, pure so it can be tested: only loopback Host headers, only our
// own Origin, only plain paths ("origin-form" targets that decode cleanly), and the session
// token (from the URL once, then from a strict cookie named for this server's port).
//
// Everything here is reached by unauthenticated requests from any local user or any web page,
// so nothing here may throw: a bad request is a 4xx verdict, never an exception.

export interface GuardInput {
  host: string | undefined;
  origin: string | undefined;
  cookie: string | undefined;
  url: string;
}

export type GuardResult =
  { ok: true; tokenFromUrl: boolean; path: string } | { ok: false; status: 400 | 401 | 403; reason: string };

export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

/**
 * The session cookie's name. Browsers do not scope cookies by port, so every Isoscope server on
 * this host shares one cookie jar: a name per port keeps a second server from overwriting the
 * first's cookie, and a server never even looks at another server's cookie.
 */
export function cookieName(port: number): string {
  return `isoscope_${port}`;
}

/** The Set-Cookie value that hands the session token to the browser. */
export function sessionCookie(port: number, token: string): string {
  return `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
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

export interface Target {
  /** The decoded path, always starting with "/", never containing NUL. */
  path: string;
  /** The ?token= parameter, or null. */
  token: string | null;
}

/**
 * A request target, or null when it is anything but a plain path: absolute-form
 * ("http://host/"), asterisk-form ("*"), authority-form, a path that does not percent-decode
 * ("/%zz"), or one with a NUL byte. "//" and "//host/x" are paths here, not hosts.
 */
export function parseTarget(raw: string): Target | null {
  if (!raw.startsWith('/')) return null;
  let url: URL;
  try {
    // Prefixing our own origin makes every origin-form string parse as a path of it.
    url = new URL(`http://isoscope.invalid${raw}`);
  } catch {
    return null;
  }
  if (url.host !== 'isoscope.invalid') return null;
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0') || !path.startsWith('/')) return null;
  return { path, token: url.searchParams.get('token') };
}

export function checkRequest(input: GuardInput, port: number, token: string): GuardResult {
  const hosts = allowedHosts(port);
  // A foreign Host header means DNS rebinding or a proxy: refuse whatever the token says.
  if (typeof input.host !== 'string' || !hosts.has(input.host.toLowerCase()))
    return { ok: false, status: 403, reason: 'foreign Host header' };
  const origins = new Set([...hosts].map((h) => `http://${h}`));
  if (input.origin !== undefined && !(typeof input.origin === 'string' && origins.has(input.origin.toLowerCase()))) {
    return { ok: false, status: 403, reason: 'foreign Origin header' };
  }
  const target = parseTarget(typeof input.url === 'string' ? input.url : '');
  if (!target) return { ok: false, status: 400, reason: 'not a plain path' };
  if (target.token !== null && sameToken(target.token, token)) return { ok: true, tokenFromUrl: true, path: target.path };
  if (sameToken(cookieValue(input.cookie, cookieName(port)), token)) return { ok: true, tokenFromUrl: false, path: target.path };
  return { ok: false, status: 401, reason: 'missing or wrong token' };
}
