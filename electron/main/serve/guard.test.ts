// The guard's verdicts, including on the targets and headers that used to throw out of it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRequest, cookieName, parseTarget, sessionCookie } from './guard.js';

const PORT = 41234;
const TOKEN = 'a'.repeat(48);
const HOST = `127.0.0.1:${PORT}`;

describe('parseTarget', () => {
  it('takes plain paths and decodes them', () => {
    expect(parseTarget('/')).toEqual({ path: '/', token: null });
    expect(parseTarget('/assets/a%20b.js?x=1&token=t')).toEqual({ path: '/assets/a b.js', token: 't' });
    expect(parseTarget('//')).toEqual({ path: '//', token: null });
    expect(parseTarget('//evil.example/x')).toEqual({ path: '//evil.example/x', token: null });
  });

  it('refuses absolute-form, asterisk-form, undecodable paths and NUL', () => {
    for (const t of ['*', 'http://127.0.0.1/', 'evil.example:443', '', '/%zz', '/%', '/%e0%80', '/%00', '/a%00b'])
      expect(parseTarget(t), t).toBeNull();
  });

  it('never throws, whatever the string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const t = parseTarget('/' + s);
        if (t) expect(t.path.startsWith('/') && !t.path.includes('\0')).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('checkRequest', () => {
  const ok = { host: HOST, origin: undefined, cookie: `${cookieName(PORT)}=${TOKEN}`, url: '/' };

  it('a cookie named for this port with this token is accepted; the URL token too', () => {
    expect(checkRequest(ok, PORT, TOKEN)).toEqual({ ok: true, tokenFromUrl: false, path: '/' });
    expect(checkRequest({ ...ok, cookie: undefined, url: `/?token=${TOKEN}` }, PORT, TOKEN)).toEqual({
      ok: true,
      tokenFromUrl: true,
      path: '/',
    });
    expect(checkRequest({ ...ok, cookie: `other=1; ${cookieName(PORT)}=${TOKEN}; x=y` }, PORT, TOKEN).ok).toBe(true);
  });

  it('a cookie of a server on another port, or the old shared name, is refused', () => {
    expect(checkRequest({ ...ok, cookie: `${cookieName(PORT + 1)}=${TOKEN}` }, PORT, TOKEN)).toMatchObject({
      ok: false,
      status: 401,
    });
    expect(checkRequest({ ...ok, cookie: `isoscope_token=${TOKEN}` }, PORT, TOKEN)).toMatchObject({ ok: false, status: 401 });
  });

  it('foreign Host or Origin: 403; odd target: 400; no token: 401', () => {
    expect(checkRequest({ ...ok, host: `evil.example:${PORT}` }, PORT, TOKEN)).toMatchObject({ status: 403 });
    expect(checkRequest({ ...ok, host: undefined }, PORT, TOKEN)).toMatchObject({ status: 403 });
    expect(checkRequest({ ...ok, origin: 'http://evil.example' }, PORT, TOKEN)).toMatchObject({ status: 403 });
    expect(checkRequest({ ...ok, origin: 'null' }, PORT, TOKEN)).toMatchObject({ status: 403 });
    expect(checkRequest({ ...ok, origin: `http://localhost:${PORT}` }, PORT, TOKEN).ok).toBe(true);
    expect(checkRequest({ ...ok, url: '/%zz' }, PORT, TOKEN)).toMatchObject({ status: 400 });
    expect(checkRequest({ ...ok, url: '*' }, PORT, TOKEN)).toMatchObject({ status: 400 });
    expect(checkRequest({ ...ok, cookie: undefined, url: '//' }, PORT, TOKEN)).toMatchObject({ status: 401 });
  });

  it('the session cookie is HttpOnly, SameSite=Strict, Path=/ and named for the port', () => {
    expect(sessionCookie(PORT, TOKEN)).toBe(`isoscope_${PORT}=${TOKEN}; HttpOnly; SameSite=Strict; Path=/`);
  });

  it('never throws on random headers and targets', () => {
    const header = fc.option(
      fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom(HOST, `http://${HOST}`, `${cookieName(PORT)}=${TOKEN}`)),
      { nil: undefined },
    );
    fc.assert(
      fc.property(header, header, header, fc.string({ unit: 'binary' }), (host, origin, cookie, url) => {
        const v = checkRequest({ host, origin, cookie, url }, PORT, TOKEN);
        expect(typeof v.ok).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });
});
