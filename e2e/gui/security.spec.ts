// Browser mode is reachable only from this machine, only with the token, only under our own
// Host and Origin; the token leaves the URL at once and the cookie belongs to one server.
import { request as httpRequest } from 'node:http';
import type { Page, WebSocket as WebSocket_ } from '@playwright/test';
import { expect, test } from './app.js';
import WebSocket from 'ws';
import { Inspector } from './pages/inspector.js';
import { guiState } from './state.js';
import { startServe } from '../security/serveChild.js';

function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; setCookie: string[]; location: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body,
          setCookie: res.headers['set-cookie'] ?? [],
          location: res.headers.location,
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

// Resolves on the first frame received by a WebSocket the page opens to `origin`. The listener is
// attached when the socket is created, so frames that arrive while page.goto() still waits for 'load'
// (the answer to the renderer's first getState) are not missed; and a socket to another server (the
// page just left may open its own late, and is closed by the navigation before any answer) is not
// mistaken for this one.
function firstFrameFrom(page: Page, origin: string): Promise<void> {
  const wsOrigin = origin.replace(/^http/, 'ws');
  return new Promise((resolve) => {
    const onSocket = (ws: WebSocket_): void => {
      if (!ws.url().startsWith(`${wsOrigin}/`)) return;
      page.off('websocket', onSocket);
      ws.once('framereceived', () => resolve());
    };
    page.on('websocket', onSocket);
  });
}

function wsOutcome(url: string, headers: Record<string, string>): Promise<string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => resolve(`refused ${res.statusCode}`));
    ws.on('error', (e) => resolve(`error ${e.message}`));
  });
}

test.describe('browser mode access', () => {
  test('the printed URL trades its token for a strict cookie named for the port and redirects to /', async () => {
    const { url } = guiState();
    const base = new URL(url);
    const res = await get(url);
    expect(res.status).toBe(303);
    expect(res.location).toBe('/');
    expect(res.setCookie).toEqual([`isoscope_${base.port}=${base.searchParams.get('token')}; HttpOnly; SameSite=Strict; Path=/`]);
    const app = await get(`${base.origin}/`, { Cookie: res.setCookie[0]!.split(';')[0]! });
    expect(app.status).toBe(200);
    expect(app.body).toContain('<div id="root">');
  });

  test('in Chromium: the address bar and the history never show the token, and the app runs', async ({ browser }) => {
    const { url } = guiState();
    const base = new URL(url);
    const token = base.searchParams.get('token')!;
    const context = await browser.newContext();
    const page = await context.newPage();
    const before = await page.evaluate('history.length');
    const answered = firstFrameFrom(page, base.origin);
    await page.goto(url);
    expect(page.url()).toBe(`${base.origin}/`);
    // The renderer ran and its WebSocket, authorised by the cookie alone, got answers.
    await answered;
    await expect(new Inspector(page).status.connection).toBeVisible();
    // One new history entry, the clean URL: the redirect left no entry with the token behind it.
    expect(await page.evaluate('history.length')).toBe(Number(before) + 1);
    const seen = await page.evaluate(
      `[location.href, document.referrer, document.cookie, ...performance.getEntriesByType('navigation').map((e) => e.name)].join(' ')`,
    );
    expect(seen).not.toContain(token);
    const cookies = await context.cookies();
    expect(cookies.map((c) => [c.name, c.httpOnly, c.sameSite, c.path])).toEqual([
      [`isoscope_${base.port}`, true, 'Strict', '/'],
    ]);
    await page.goBack();
    expect(page.url()).toBe('about:blank');
    await context.close();
  });

  test("in Chromium: a second server on this host neither overwrites the first one's cookie nor accepts it", async ({
    browser,
  }) => {
    const { url } = guiState();
    const a = new URL(url);
    const b = await startServe();
    try {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(url);
      await page.goto(b.url);
      expect(page.url()).toBe(`${b.origin}/`);
      const names = (await context.cookies()).map((c) => c.name).sort();
      expect(names).toEqual([`isoscope_${a.port}`, `isoscope_${b.port}`].sort());
      // Back on A without the token: A's own cookie still lets the app in.
      const answered = firstFrameFrom(page, a.origin);
      const back = await page.goto(`${a.origin}/`);
      expect(back?.status()).toBe(200);
      await answered;
      await context.close();
      // A browser holding only A's cookie (even renamed for B) is refused by B.
      const other = await browser.newContext();
      const tokenA = a.searchParams.get('token')!;
      await other.addCookies([
        { name: `isoscope_${a.port}`, value: tokenA, domain: '127.0.0.1', path: '/' },
        { name: `isoscope_${b.port}`, value: tokenA, domain: '127.0.0.1', path: '/' },
      ]);
      const refused = await (await other.newPage()).goto(`${b.origin}/`);
      expect(refused?.status()).toBe(401);
      await other.close();
    } finally {
      await b.stop();
    }
  });

  test('without the token, with a wrong one, or with a foreign Host or Origin: refused', async () => {
    const { url } = guiState();
    const base = new URL(url);
    const bare = `${base.origin}/`;
    expect((await get(bare)).status).toBe(401);
    expect((await get(`${bare}?token=${'0'.repeat(48)}`)).status).toBe(401);
    expect((await get(url, { Host: `evil.example:${base.port}` })).status).toBe(403);
    expect((await get(url, { Origin: 'http://evil.example' })).status).toBe(403);
  });

  test('the WebSocket needs the token cookie and our Origin', async () => {
    const { url } = guiState();
    const base = new URL(url);
    const token = base.searchParams.get('token')!;
    const ws = `ws://${base.host}/ws`;
    const cookie = `isoscope_${base.port}=${token}`;
    expect(await wsOutcome(ws, {})).toBe('refused 401');
    expect(await wsOutcome(ws, { Cookie: `isoscope_token=${token}`, Origin: base.origin })).toBe('refused 401');
    expect(await wsOutcome(ws, { Cookie: cookie, Origin: 'http://evil.example' })).toBe('refused 403');
    expect(await wsOutcome(ws, { Cookie: cookie, Origin: base.origin })).toBe('open');
  });
});
