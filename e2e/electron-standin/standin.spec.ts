// The stand-in's own tests: each Electron semantic the GUI specs rely on, pinned down with a small
// main entry and preload (fixtures/) that use the APIs as Electron documents them.
import { expect, test } from '@playwright/test';
import { launchStandin, type StandinApp } from './launch.js';

const MAIN = 'e2e/electron-standin/fixtures/main.mjs';

function results(app: StandinApp): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const line of app.output().split('\n')) {
    const m = /^RESULT (.*)$/.exec(line);
    if (m) {
      const { k, v } = JSON.parse(m[1]!) as { k: string; v: unknown };
      out[k] = v;
    }
  }
  return out;
}

test.describe('electron stand-in', () => {
  test('app lifecycle, privileged schemes before ready only, protocol.handle answers the page', async () => {
    const app = await launchStandin({ main: MAIN });
    try {
      const page = app.page;
      expect(page.url()).toMatch(/^https:\/\/app\.fixture\.electron-standin\.invalid\/index\.html$/);
      const r = results(app);
      expect(r['ready-before-whenReady']).toBe(false);
      expect(r['ready-event']).toBe(true);
      expect(r['late-register']).toBe('protocol.registerSchemesAsPrivileged should be called before app is ready');
      expect(r.lock).toEqual([true, true]);
      // The handler got a real Request for the isoscope-style URL; its Response reached the page.
      const res = await page.reload();
      expect(res!.headers()['x-request-url']).toBe('fixture://app/index.html');
      expect(res!.headers()['content-security-policy']).toBe("script-src 'self'");
      const teapot = await page.evaluate(
        `fetch('/teapot', { method: 'POST', body: 'x' }).then(async (r) => [r.status, r.headers.get('x-fixture'), await r.text()])`,
      );
      expect(teapot).toEqual([418, 'teapot', 'short and stout (POST)']);
    } finally {
      await app.close();
    }
    expect(results(app)['before-quit']).toBe(true);
  });

  test('the preload runs first, with only a sandboxed preload’s modules; contextBridge copies, proxies and freezes', async () => {
    const app = await launchStandin({ main: MAIN });
    try {
      const page = app.page;
      expect(await page.evaluate('window.appScriptSawApi')).toBe('object');
      expect(await page.evaluate('window.fixtureApi.requires')).toEqual({
        events: 'ok',
        timers: 'ok',
        url: 'ok',
        fs: 'module not found: fs',
        child_process: 'module not found: child_process',
        path: 'module not found: path',
      });
      expect(await page.evaluate('[typeof require, typeof process, typeof window.__electronStandinIpc]')).toEqual([
        'undefined',
        'undefined',
        'undefined',
      ]);
      expect(
        await page.evaluate(
          `(() => { 'use strict'; try { window.fixtureApi.whoami = null; return 'mutable'; } catch { return Object.isFrozen(window.fixtureApi) && Object.isFrozen(window.fixtureApi.requires) ? 'frozen' : 'odd'; } })()`,
        ),
      ).toBe('frozen');
      // Errors cross with their message only; values that cannot be cloned throw.
      expect(
        await page.evaluate(
          `(() => { try { window.fixtureApi.throwCustom(); } catch (e) { return [e instanceof Error, e.message, e.code === undefined]; } })()`,
        ),
      ).toEqual([true, 'secret message', true]);
      expect(
        await page.evaluate(
          `(() => { try { window.fixtureApi.symbol(); return 'no error'; } catch (e) { return e.message; } })()`,
        ),
      ).toBe('An object could not be cloned.');
      expect(await page.evaluate(`window.fixtureApi.invokeWithFunction().then(() => 'no error', (e) => e.message)`)).toBe(
        'An object could not be cloned.',
      );
      // Structured clone keeps Dates; functions are proxied both ways.
      expect(await page.evaluate(`window.fixtureApi.date() instanceof Date && window.fixtureApi.date().getTime()`)).toBe(5);
      expect(await page.evaluate(`window.fixtureApi.withCallback((p) => (p.when instanceof Date ? p.list.length : -1))`)).toBe(2);
      // webContents.send arrived (after did-finish-load), cloned.
      await expect.poll(() => page.evaluate(`window.fixtureApi.received().length`)).toBe(1);
      expect(
        await page.evaluate(`(() => { const [m] = window.fixtureApi.received(); return [m.n, m.d instanceof Date]; })()`),
      ).toEqual([1, true]);
    } finally {
      await app.close();
    }
  });

  test('ipcMain.handle sees the sender frame as the page’s; errors and navigation as in Electron', async () => {
    const app = await launchStandin({ main: MAIN });
    try {
      const page = app.page;
      expect(await page.evaluate(`window.fixtureApi.whoami('x')`)).toEqual({
        url: 'fixture://app/index.html',
        top: true,
        arg: 'x',
      });
      expect(await page.evaluate(`window.fixtureApi.boom().then(() => 'no error', (e) => e.message)`)).toBe(
        "Error invoking remote method 'boom': Error: kaboom",
      );
      await page.evaluate(
        `{ const f = document.createElement('iframe'); f.name = 'inner'; f.srcdoc = '<p>inner</p>'; document.body.append(f); }`,
      );
      await expect.poll(() => page.frame({ name: 'inner' }) !== null).toBe(true);
      const inner = page.frame({ name: 'inner' })!;
      expect(await inner.evaluate(`typeof window.fixtureApi`)).toBe('undefined'); // no preload in subframes
      expect(await inner.evaluate(`window.__electronStandinIpc({ kind: 'invoke', channel: 'whoami', args: ['y'] })`)).toEqual({
        result: { url: 'about:srcdoc', top: false, arg: 'y' },
      });
      await page.evaluate(`window.open('https://example.org/x')`);
      await page.evaluate(`location.href = 'https://example.org/away'`);
      await expect.poll(() => results(app)['will-navigate']).toBe('https://example.org/away');
      expect(results(app)['window-open']).toBe('https://example.org/x');
      expect(page.url()).toMatch(/index\.html$/);
    } finally {
      await app.close();
    }
  });

  test('an insecure window is refused; closing the last window emits window-all-closed', async () => {
    const app = await launchStandin({ main: MAIN, env: { FIXTURE_INSECURE: '1' } });
    // stdout and the control channel are separate streams: the line may come a moment later.
    await expect
      .poll(() => String(results(app).insecure))
      .toMatch(/^electron stand-in: refusing a window that is not sandboxed and context-isolated/);
    const rec = await app.recorded();
    expect(rec.webPreferences[0]).toMatchObject({ nodeIntegration: true });
    expect(rec.webPreferences[1]).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    await app.page.close();
    // The stand-in sees the page close a moment after CDP does: wait for the event before asking
    // the app to close (a quit first would close the window without window-all-closed, as Electron).
    await expect.poll(() => results(app)['window-all-closed']).toBe(true);
    expect(await app.close()).toBe(0);
  });
});
