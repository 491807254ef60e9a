// Issue 9 item 10: two requests that used to end `isoscope serve` — `GET //` from anyone (no
// token needed) and `GET /%zz` with a valid cookie. Against the real server as a child process
// (a fresh one per test, so one crash does not hide the next): after the request the process is
// alive and still serves an authorised request.
import { connect, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { answersNormally, rawExchange, sessionCookie, startServe, type ServeChild } from '../../../e2e/security/serveChild.js';

let s: ServeChild;
let cookie: string;

/** Opens `n` connections at once and resolves when each has connected or failed. */
function holdConnections(port: number, n: number): Promise<Socket[]> {
  return Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<Socket>((resolve) => {
          const c = connect(port, '127.0.0.1', () => resolve(c));
          c.on('error', () => resolve(c));
          c.on('close', () => resolve(c));
        }),
    ),
  );
}

function get(target: string, cookieHeader?: string) {
  const lines = [
    `GET ${target} HTTP/1.1`,
    `Host: 127.0.0.1:${s.port}`,
    'Connection: close',
    ...(cookieHeader ? [`Cookie: ${cookieHeader}`] : []),
  ];
  return rawExchange(s.port, lines.join('\r\n') + '\r\n\r\n', { after: 'keep' });
}

describe('isoscope serve survives the requests that used to kill it', () => {
  beforeEach(async () => {
    s = await startServe();
    cookie = await sessionCookie(s);
    expect(await answersNormally(s, cookie)).toBe(true);
  }, 30_000);
  afterEach(() => s?.stop());

  it('GET // without a token is refused and the server lives on', async () => {
    const reply = await get('//');
    expect(reply.status, s.stderr()).not.toBeNull();
    expect(reply.status).toBeGreaterThanOrEqual(400);
    expect(await answersNormally(s, cookie), s.stderr()).toBe(true);
  });

  it('GET /%zz with a valid cookie is a 400 and the server lives on', async () => {
    const reply = await get('/%zz', cookie);
    expect(reply.status, s.stderr()).toBe(400);
    expect(await answersNormally(s, cookie), s.stderr()).toBe(true);
  });

  it('other odd paths with a valid cookie: //, //host/, %00, a lone %', async () => {
    for (const target of ['//', '//evil.example/', '/%00', '/assets/%00.js', '/%', '/%e0%80', '/..%2f..%2fetc%2fpasswd']) {
      const reply = await get(target, cookie);
      expect(reply.status, `${target}: ${s.stderr()}`).not.toBeNull();
      expect(reply.raw.toString('latin1'), target).not.toContain('root:x:0:0');
      expect(await answersNormally(s, cookie), `${target}: ${s.stderr()}`).toBe(true);
    }
  });
});

describe('isoscope serve out of file descriptors', () => {
  it('a local user holding every descriptor it may open does not end it; it serves again once they are let go', async () => {
    const small = await startServe({ maxOpenFiles: 300 });
    try {
      const smallCookie = await sessionCookie(small);
      const held = await holdConnections(small.port, 600);
      expect(small.alive(), small.stderr()).toBe(true);
      await Promise.all(held.map((c) => c.destroy()));
      expect(await answersNormally(small, smallCookie), small.stderr()).toBe(true);
    } finally {
      await small.stop();
    }
  }, 60_000);
});
