// Issue 9 item 10: no request can end `isoscope serve`. Hand-written bytes over raw TCP to the
// real server (a child process): a fixed list of known-nasty requests, then property-based ones
// (fast-check) built from methods, targets, headers and line endings that have broken HTTP
// servers before. After every input the server still answers an ordinary authorised request.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  answersNormally,
  rawExchange,
  sessionCookie,
  startServe,
  type RawOptions,
  type ServeChild,
} from '../../../e2e/security/serveChild.js';
import { upgradeRequest } from '../../../e2e/security/wsRaw.js';

let s: ServeChild;
let cookie: string;

beforeAll(async () => {
  s = await startServe();
  cookie = await sessionCookie(s);
}, 30_000);
afterAll(() => s?.stop());

interface Nasty {
  name: string;
  bytes: (string | Buffer)[];
  opts?: RawOptions;
}

/** Known-nasty inputs, written out by hand. */
function nastyInputs(): Nasty[] {
  const host = `Host: 127.0.0.1:${s.port}`;
  const ck = `Cookie: ${cookie}`;
  const req = (line: string, ...headers: string[]) => [line, ...headers].join('\r\n') + '\r\n\r\n';
  const long = 'a'.repeat(100_000);
  return [
    // Request lines: methods, targets, versions.
    { name: 'GET // without token', bytes: [req('GET // HTTP/1.1', host)] },
    { name: 'GET /%zz with cookie', bytes: [req('GET /%zz HTTP/1.1', host, ck)] },
    { name: 'GET /%00 with cookie', bytes: [req('GET /%00 HTTP/1.1', host, ck)] },
    { name: 'GET /% with cookie', bytes: [req('GET /% HTTP/1.1', host, ck)] },
    { name: 'token with %zz', bytes: [req(`GET /?token=%zz${s.token} HTTP/1.1`, host)] },
    { name: 'token with NUL', bytes: [req(`GET /?token=${s.token}%00 HTTP/1.1`, host)] },
    { name: 'token and //', bytes: [req(`GET //?token=${s.token} HTTP/1.1`, host)] },
    { name: 'traversal', bytes: [req('GET /..%2f..%2f..%2fetc%2fpasswd HTTP/1.1', host, ck)] },
    { name: 'backslash traversal', bytes: [req('GET /..\\..\\etc\\passwd HTTP/1.1', host, ck)] },
    { name: 'absolute-form with cookie', bytes: [req(`GET http://127.0.0.1:${s.port}/ HTTP/1.1`, host, ck)] },
    { name: 'absolute-form foreign', bytes: [req('GET http://evil.example/ HTTP/1.1', host, ck)] },
    { name: 'absolute-form //', bytes: [req('GET http:// HTTP/1.1', host, ck)] },
    { name: 'asterisk-form', bytes: [req('OPTIONS * HTTP/1.1', host, ck)] },
    { name: 'CONNECT authority-form', bytes: [req(`CONNECT 127.0.0.1:${s.port} HTTP/1.1`, host, ck)] },
    { name: 'HTTP/2 preface', bytes: ['PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'] },
    { name: 'unknown method', bytes: [req('FOO / HTTP/1.1', host, ck)] },
    { name: 'lower-case method', bytes: [req('get / HTTP/1.1', host, ck)] },
    { name: 'NUL in method', bytes: [req('G\0T / HTTP/1.1', host, ck)] },
    { name: 'POST with body', bytes: [req('POST / HTTP/1.1', host, ck, 'Content-Length: 5') + 'hello'] },
    { name: 'DELETE', bytes: [req('DELETE /index.html HTTP/1.1', host, ck)] },
    { name: 'HEAD with token', bytes: [req(`HEAD /?token=${s.token} HTTP/1.1`, host)] },
    { name: 'HTTP/0.9', bytes: ['GET /\r\n'] },
    { name: 'HTTP/9.9', bytes: [req('GET / HTTP/9.9', host, ck)] },
    { name: 'no version', bytes: [req('GET /', host, ck)] },
    { name: 'LF only', bytes: [`GET / HTTP/1.1\n${host}\n${ck}\n\n`] },
    { name: 'bare CR', bytes: [`GET / HTTP/1.1\r${host}\r\r`] },
    { name: 'empty line only', bytes: ['\r\n\r\n'] },
    { name: 'overlong request line', bytes: [req(`GET /${long} HTTP/1.1`, host, ck)] },
    { name: 'overlong token', bytes: [req(`GET /?token=${long} HTTP/1.1`, host)] },
    {
      name: 'invalid UTF-8 in target',
      bytes: [
        Buffer.concat([
          Buffer.from('GET /'),
          Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
          Buffer.from(` HTTP/1.1\r\n${host}\r\n${ck}\r\n\r\n`),
        ]),
      ],
    },
    {
      name: 'invalid UTF-8 in cookie',
      bytes: [
        Buffer.concat([
          Buffer.from(`GET / HTTP/1.1\r\n${host}\r\nCookie: isoscope_${s.port}=`),
          Buffer.from([0xff, 0xc0, 0x80]),
          Buffer.from('\r\n\r\n'),
        ]),
      ],
    },
    {
      name: 'invalid UTF-8 in Host',
      bytes: [Buffer.concat([Buffer.from('GET / HTTP/1.1\r\nHost: 127.0.0.1:'), Buffer.from([0xff]), Buffer.from('\r\n\r\n')])],
    },
    // Headers: missing, duplicated, oversized, contradictory.
    { name: 'no Host', bytes: [req('GET / HTTP/1.1', ck)] },
    { name: 'empty Host', bytes: [req('GET / HTTP/1.1', 'Host:', ck)] },
    { name: 'duplicate Host, evil first', bytes: [req('GET / HTTP/1.1', 'Host: evil.example', host, ck)] },
    { name: 'duplicate Host, evil last', bytes: [req('GET / HTTP/1.1', host, 'Host: evil.example', ck)] },
    { name: 'duplicate Origin', bytes: [req('GET / HTTP/1.1', host, `Origin: ${s.origin}`, 'Origin: http://evil.example', ck)] },
    { name: 'Origin null', bytes: [req('GET / HTTP/1.1', host, 'Origin: null', ck)] },
    { name: 'duplicate Cookie', bytes: [req('GET / HTTP/1.1', host, 'Cookie: a=b', ck, 'Cookie: =;;;==')] },
    { name: 'cookie without name', bytes: [req('GET / HTTP/1.1', host, `Cookie: =${s.token}; ${'; '.repeat(2000)}`)] },
    { name: 'oversized Cookie', bytes: [req('GET / HTTP/1.1', host, `Cookie: ${'x'.repeat(70_000)}`)] },
    { name: 'oversized Host', bytes: [req('GET / HTTP/1.1', `Host: ${'h'.repeat(70_000)}`)] },
    {
      name: 'ten thousand headers',
      bytes: [req('GET / HTTP/1.1', host, ...Array.from({ length: 10_000 }, (_, i) => `X-${i}: y`))],
    },
    { name: 'header without colon', bytes: [req('GET / HTTP/1.1', host, 'Broken header line', ck)] },
    { name: 'NUL in header', bytes: [req('GET / HTTP/1.1', `${host}\0`, ck)] },
    { name: 'obs-fold header', bytes: [req('GET / HTTP/1.1', host, ck, 'X-A: b', ' folded')] },
    {
      name: 'conflicting Content-Length',
      bytes: [req('POST / HTTP/1.1', host, ck, 'Content-Length: 1', 'Content-Length: 2') + 'ab'],
    },
    { name: 'negative Content-Length', bytes: [req('POST / HTTP/1.1', host, ck, 'Content-Length: -1')] },
    { name: 'huge Content-Length', bytes: [req('POST / HTTP/1.1', host, ck, 'Content-Length: 99999999999999999999')] },
    {
      name: 'bad chunked body',
      bytes: [req('POST / HTTP/1.1', host, ck, 'Transfer-Encoding: chunked') + 'zz\r\nhello\r\n0\r\n\r\n'],
    },
    {
      name: 'TE and CL smuggling',
      bytes: [
        req('POST / HTTP/1.1', host, ck, 'Content-Length: 4', 'Transfer-Encoding: chunked') +
          '0\r\n\r\nGET /%zz HTTP/1.1\r\n\r\n',
      ],
    },
    { name: 'Expect 100-continue', bytes: [req('POST / HTTP/1.1', host, ck, 'Expect: 100-continue', 'Content-Length: 10')] },
    {
      name: 'pipelined odd requests',
      bytes: [Array.from({ length: 50 }, (_, i) => req(i % 2 ? 'GET /%zz HTTP/1.1' : 'GET // HTTP/1.1', host, ck)).join('')],
    },
    // WebSocket upgrades with bad keys, versions, paths and headers.
    { name: 'upgrade without key', bytes: [upgradeRequest(s, cookie, { 'Sec-WebSocket-Key': null })] },
    { name: 'upgrade with a bad key', bytes: [upgradeRequest(s, cookie, { 'Sec-WebSocket-Key': 'not base64!' })] },
    { name: 'upgrade with a long key', bytes: [upgradeRequest(s, cookie, { 'Sec-WebSocket-Key': 'A'.repeat(5000) })] },
    { name: 'upgrade version 8', bytes: [upgradeRequest(s, cookie, { 'Sec-WebSocket-Version': '8' })] },
    { name: 'upgrade version garbage', bytes: [upgradeRequest(s, cookie, { 'Sec-WebSocket-Version': '13, 8, x' })] },
    { name: 'upgrade without version', bytes: [upgradeRequest(s, cookie, { 'Sec-WebSocket-Version': null })] },
    {
      name: 'upgrade with bad extension',
      bytes: [upgradeRequest(s, cookie, { 'Sec-WebSocket-Extensions': 'permessage-deflate; client_max_window_bits=99; x="' })],
    },
    { name: 'upgrade with bad protocol', bytes: [upgradeRequest(s, cookie, { 'Sec-WebSocket-Protocol': ',,, ,' })] },
    { name: 'upgrade h2c', bytes: [upgradeRequest(s, cookie, { Upgrade: 'h2c', 'HTTP2-Settings': 'AAMAAABkAAQAAP__' })] },
    { name: 'upgrade on /', bytes: [upgradeRequest(s, cookie, {}, '/')] },
    { name: 'upgrade on //ws', bytes: [upgradeRequest(s, cookie, {}, '//ws')] },
    { name: 'upgrade on /ws%zz', bytes: [upgradeRequest(s, cookie, {}, '/ws%zz')] },
    { name: 'upgrade on *', bytes: [upgradeRequest(s, cookie, {}, '*')] },
    { name: 'upgrade on absolute-form', bytes: [upgradeRequest(s, cookie, {}, `http://127.0.0.1:${s.port}/ws`)] },
    { name: 'upgrade without cookie', bytes: [upgradeRequest(s, '', { Cookie: null })] },
    { name: 'upgrade with foreign Origin', bytes: [upgradeRequest(s, cookie, { Origin: 'http://evil.example' })] },
    { name: 'upgrade with foreign Host', bytes: [upgradeRequest(s, cookie, { Host: 'evil.example' })] },
    { name: 'POST upgrade', bytes: [upgradeRequest(s, cookie).replace(/^GET/, 'POST')] },
    { name: 'upgrade with trailing garbage', bytes: [upgradeRequest(s, cookie) + '\xff\xff\xff\xff\x00garbage'] },
    { name: 'refused upgrade then reset', bytes: [upgradeRequest(s, '', { Cookie: null })], opts: { after: 'destroy' } },
    { name: 'upgrade then reset', bytes: [upgradeRequest(s, cookie)], opts: { after: 'destroy' } },
    { name: 'upgrade half-closed', bytes: [upgradeRequest(s, cookie)], opts: { after: 'end' } },
    // Half-closed and truncated connections.
    { name: 'nothing, half-closed', bytes: [''] },
    { name: 'half a request line, half-closed', bytes: ['GET /ind'] },
    { name: 'headers cut short, half-closed', bytes: [`GET / HTTP/1.1\r\n${host}\r\nCook`] },
    { name: 'headers cut short, reset', bytes: [`GET / HTTP/1.1\r\n${host}\r\n${ck}\r\n`], opts: { after: 'destroy' } },
    { name: 'authorised request then reset', bytes: [req('GET / HTTP/1.1', host, ck)], opts: { after: 'destroy' } },
    { name: 'request, half-closed before the answer', bytes: [req('GET /assets/ HTTP/1.1', host, ck)], opts: { after: 'end' } },
    { name: 'request left hanging', bytes: [`GET / HTTP/1.1\r\n${host}\r\n`], opts: { after: 'keep', patienceMs: 200 } },
    { name: 'random bytes', bytes: [Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256))] },
  ];
}

describe('isoscope serve against malformed requests over raw TCP', () => {
  it('survives every known-nasty input and answers normally after each', async () => {
    expect(await answersNormally(s, cookie)).toBe(true);
    for (const n of nastyInputs()) {
      await rawExchange(s.port, n.bytes, { patienceMs: 1000, ...n.opts });
      expect(await answersNormally(s, cookie), `after "${n.name}": ${s.stderr()}`).toBe(true);
    }
  }, 120_000);

  it('survives property-based malformed requests (fast-check)', async () => {
    const host = `127.0.0.1:${s.port}`;
    // Mostly well-formed skeletons, so that most inputs get past the HTTP parser and the guard
    // into the server's own code; the rest is odd at every level.
    const often = <T>(usual: fc.Arbitrary<T>, ...odd: fc.Arbitrary<T>[]) =>
      fc.oneof({ arbitrary: usual, weight: 4 }, ...odd.map((arbitrary) => ({ arbitrary, weight: 1 })));
    const method = often(
      fc.constant('GET'),
      fc.constantFrom('HEAD', 'POST', 'PUT', 'OPTIONS', 'CONNECT', 'TRACE', 'PRI', 'get', 'G\0T', ''),
      fc.string({ unit: 'binary-ascii', maxLength: 8 }),
    );
    const piece = fc.constantFrom(
      '/',
      '//',
      '%zz',
      '%00',
      '%',
      '%2f',
      '%c3%28',
      '..',
      '\\',
      '*',
      '?',
      '&',
      '#',
      'ws',
      'token=',
      `token=${s.token}`,
      `http://${host}`,
      'index.html',
      'assets/',
      '\xff',
      ' ',
      '\t',
      '\0',
    );
    const target = often(
      fc.array(piece, { maxLength: 6 }).map((a) => '/' + a.join('')),
      fc.array(piece, { maxLength: 8 }).map((a) => a.join('')),
      fc.string({ unit: 'binary', maxLength: 64 }),
      fc.constant('/'.repeat(20_000)),
    );
    const version = often(fc.constant('HTTP/1.1'), fc.constantFrom('HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1x', '', 'HTTP/0.9'));
    const headerName = often(
      fc.constantFrom(
        'Host',
        'Origin',
        'Cookie',
        'Upgrade',
        'Connection',
        'Sec-WebSocket-Key',
        'Sec-WebSocket-Version',
        'Sec-WebSocket-Extensions',
        'Content-Length',
        'Transfer-Encoding',
        'Expect',
        'X-Other',
      ),
      fc.constantFrom('X-\xff', '', 'X Space'),
      fc.string({ unit: 'binary-ascii', maxLength: 12 }),
    );
    const headerValue = fc.oneof(
      fc.constantFrom(
        host,
        `localhost:${s.port}`,
        'evil.example',
        `http://${host}`,
        'null',
        cookie,
        `${cookie}x`,
        `isoscope_token=${s.token}`,
        'websocket',
        'Upgrade',
        'dGhlIHNhbXBsZSBub25jZQ==',
        '13',
        '8',
        'chunked',
        '-1',
        '99999999999999999999',
        '100-continue',
        '\xff\xfe',
        '',
      ),
      fc.string({ unit: 'binary', maxLength: 64 }),
      fc.constant('v'.repeat(20_000)),
    );
    const request = fc.record({
      method,
      target,
      version,
      authorised: fc.boolean(),
      headers: fc.array(fc.tuple(headerName, headerValue), { maxLength: 4 }),
      eol: often(fc.constant('\r\n'), fc.constantFrom('\n', '\r')),
      body: fc.option(fc.string({ unit: 'binary', maxLength: 200 }), { nil: undefined }),
      after: fc.constantFrom<'end' | 'keep' | 'destroy'>('end', 'end', 'keep', 'destroy'),
    });
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const lines = [`${r.method} ${r.target} ${r.version}`.trimEnd()];
        if (r.authorised) lines.push(`Host: ${host}`, `Cookie: ${cookie}`);
        for (const [k, v] of r.headers) lines.push(`${k}: ${v}`);
        const bytes = Buffer.from(lines.join(r.eol) + r.eol + r.eol + (r.body ?? ''), 'latin1');
        await rawExchange(s.port, bytes, { after: r.after, patienceMs: 300 });
        expect(await answersNormally(s, cookie), s.stderr()).toBe(true);
      }),
      // No shrinking: once a server is dead every input fails, and the first one is the culprit.
      { numRuns: 500, endOnFailure: true },
    );
  }, 300_000);

  it('survives raw garbage bytes (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 2048 }),
        fc.constantFrom<'end' | 'destroy'>('end', 'destroy'),
        async (bytes, after) => {
          await rawExchange(s.port, Buffer.from(bytes), { after, patienceMs: 300 });
          expect(await answersNormally(s, cookie), s.stderr()).toBe(true);
        },
      ),
      { numRuns: 100, endOnFailure: true },
    );
  }, 120_000);
});
