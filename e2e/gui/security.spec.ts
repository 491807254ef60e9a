// Browser mode is reachable only from this machine, only with the token, only under our own
// Host and Origin.
import { request as httpRequest } from 'node:http';
import { expect, test } from './app.js';
import WebSocket from 'ws';
import { guiState } from './state.js';

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; setCookie: string[] }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, setCookie: res.headers['set-cookie'] ?? [] }));
    });
    req.on('error', reject);
    req.end();
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
  test('with the token: the app, a strict CSP and a same-site cookie', async () => {
    const { url } = guiState();
    const res = await get(url);
    expect(res.status).toBe(200);
    expect(res.body).toContain('<div id="root">');
    expect(res.setCookie.join(';')).toMatch(/isoscope_token=[0-9a-f]+; HttpOnly; SameSite=Strict/);
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
    expect(await wsOutcome(ws, {})).toBe('refused 401');
    expect(await wsOutcome(ws, { Cookie: `isoscope_token=${token}`, Origin: 'http://evil.example' })).toBe('refused 403');
    expect(await wsOutcome(ws, { Cookie: `isoscope_token=${token}`, Origin: base.origin })).toBe('open');
  });
});
