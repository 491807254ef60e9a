// Issue 9 item 10: two requests that used to end `isoscope serve` — `GET //` from anyone (no
// token needed) and `GET /%zz` with a valid cookie. Against the real server as a child process
// (a fresh one per test, so one crash does not hide the next): after the request the process is
// alive and still serves an authorised request.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { answersNormally, rawExchange, sessionCookie, startServe, type ServeChild } from '../../../e2e/security/serveChild.js';

let s: ServeChild;
let cookie: string;

beforeEach(async () => {
  s = await startServe();
  cookie = await sessionCookie(s);
  expect(await answersNormally(s, cookie)).toBe(true);
}, 30_000);
afterEach(() => s?.stop());

function get(target: string, cookieHeader?: string) {
  const lines = [`GET ${target} HTTP/1.1`, `Host: 127.0.0.1:${s.port}`, 'Connection: close', ...(cookieHeader ? [`Cookie: ${cookieHeader}`] : [])];
  return rawExchange(s.port, lines.join('\r\n') + '\r\n\r\n', { after: 'keep' });
}

describe('isoscope serve survives the requests that used to kill it', () => {
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
