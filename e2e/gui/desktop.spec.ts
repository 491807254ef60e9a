// The desktop app itself: the real built main entry and preload, under the Electron stand-in
// (e2e/electron-standin), against the lab. What only the desktop has: the window opens with data
// (it once stayed blank: the renderer subscribed to a push channel the preload refuses), a
// hardened window, the menu, external links, and IPC refused to any
// frame but the app's own top frame.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connected, expect, snap, test } from './app.js';
import { Inspector } from './pages/inspector.js';
import { guiState, labContainer } from './state.js';

test.describe('the desktop app (real main and preload)', () => {
  test('the window opens with the sidebar and the lab’s containers (it once stayed blank)', async ({ desktop }, info) => {
    const page = desktop.page;
    const ui = new Inspector(page);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await expect(ui.root).not.toBeEmpty();
    await connected(page);
    for (const lc of guiState().lab.containers) await expect(ui.sidebar.item(lc.id), lc.key).toBeVisible();
    // The renderer talks through the preload, not the browser-mode WebSocket.
    expect(await page.evaluate('typeof window.isoscope')).toBe('object');
    expect(errors).toEqual([]);
    await snap(page, 'desktop-window', info.project.name);
  });

  test('the window is hardened: context isolation, sandbox, no Node, strict CSP, no permissions', async ({ desktop }) => {
    const rec = await desktop.recorded();
    expect(rec.webPreferences).toHaveLength(1);
    expect(rec.webPreferences[0]).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(String(rec.webPreferences[0]!.preload)).toMatch(/dist\/electron\/preload\/index\.cjs$/);
    expect(rec.privilegedSchemes.map((s) => s.scheme)).toEqual(['isoscope']);
    const page = desktop.page;
    expect(await page.evaluate('[typeof require, typeof process]')).toEqual(['undefined', 'undefined']);
    const res = await page.reload();
    expect(res!.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(res!.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res!.headers()['x-content-type-options']).toBe('nosniff');
    expect(await desktop.permission('notifications')).toEqual({ check: false, request: false });
    expect(await desktop.permission('media')).toEqual({ check: false, request: false });
  });

  test('IPC is answered for the app’s top frame only: an iframe or a foreign page is refused', async ({ desktop }) => {
    const page = desktop.page;
    await connected(page);
    const ok = await page.evaluate<{ ok: boolean }>('window.isoscope.getState()');
    expect(ok.ok).toBe(true);
    // A frame inside the window sends IPC itself (as a compromised renderer can): refused.
    await page.evaluate(
      `{ const f = document.createElement('iframe'); f.srcdoc = '<p>inner</p>'; f.name = 'inner'; document.body.append(f); }`,
    );
    await expect.poll(() => page.frame({ name: 'inner' }) !== null).toBe(true);
    const inner = page.frame({ name: 'inner' })!;
    await inner.waitForLoadState();
    const fromFrame = await inner.evaluate<{ result: unknown }>(
      `window.__electronStandinIpc({ kind: 'invoke', channel: 'isoscope:getState', args: [{}] })`,
    );
    expect(fromFrame.result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // The top frame showing a foreign document (loaded by the main side): its preload is refused too.
    await desktop.loadURL('data:text/html,<title>foreign</title>');
    const foreign = await page.evaluate('window.isoscope.getState()');
    expect(foreign).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  test('external links: only allowed documentation opens in the browser; no navigation away', async ({ desktop }) => {
    const page = desktop.page;
    await connected(page);
    await page.evaluate(
      `window.open('https://man7.org/linux/man-pages/man7/namespaces.7.html'); window.open('https://evil.example/'); window.open('http://man7.org/')`,
    );
    await expect.poll(async () => (await desktop.recorded()).windowOpens.length).toBe(3);
    const rec = await desktop.recorded();
    expect(rec.windowOpens.every((w) => w.action === 'deny')).toBe(true);
    expect(rec.openExternal).toEqual(['https://man7.org/linux/man-pages/man7/namespaces.7.html']);
    await page.evaluate(`location.href = 'https://evil.example/'`);
    await expect
      .poll(async () => (await desktop.recorded()).navigations)
      .toEqual([{ url: 'https://evil.example/', prevented: true }]);
    expect(page.url()).toMatch(/\/index\.html$/);
    await connected(page);
  });

  test('the menu: export JSON, HTML and Markdown, compare with host', async ({ desktop }, info) => {
    const page = desktop.page;
    const menu = await desktop.menu();
    expect(menu?.map((m) => m.label)).toEqual(['File', 'View']);
    const hardened = labContainer('runc-hardened');
    const ui = new Inspector(page);
    await ui.openContainer(hardened);

    const exported: Record<string, string> = {};
    for (const [label, ext] of [
      ['Export Snapshot (JSON)…', 'json'],
      ['Export Report (HTML)…', 'html'],
      ['Export Summary (Markdown)…', 'md'],
    ] as const) {
      const [download] = await Promise.all([page.waitForEvent('download'), desktop.clickMenu('File', label)]);
      expect(download.suggestedFilename()).toMatch(new RegExp(`^isoscope-.*\\.${ext}$`));
      const path = info.outputPath(`menu.${ext}`);
      await download.saveAs(path);
      exported[ext] = readFileSync(path, 'utf8');
    }
    expect(JSON.parse(exported.json!).snapshot.containers.map((c: { id: string }) => c.id)).toEqual([hardened.id]);
    expect(exported.html).toMatch(/^<!doctype html>/i);
    expect(exported.html).toContain(hardened.name);
    expect(exported.md).toContain(hardened.name);

    await desktop.clickMenu('View', 'Compare with Host');
    await expect(ui.compare.root).toBeVisible();
    await snap(page, 'desktop-menu-compare-host', info.project.name);
  });

  test('File › Open Snapshot…: the native dialog’s file is read by the main process and opens', async ({ desktop }, info) => {
    // A push from the main process carries no user activation, so the renderer cannot open its
    // own file chooser for the menu: the main process shows the dialog and pushes the file.
    const page = desktop.page;
    await connected(page);
    const hardened = labContainer('runc-hardened');
    const ui = new Inspector(page);
    await ui.sidebar.select(hardened.id);
    const [download] = await Promise.all([page.waitForEvent('download'), desktop.clickMenu('File', 'Export Snapshot (JSON)…')]);
    const path = info.outputPath('menu-open.json');
    await download.saveAs(path);
    await expect(ui.sidebar.snapshotItem(hardened.id)).toHaveCount(0);

    await desktop.answerOpenDialog(path);
    await desktop.clickMenu('File', 'Open Snapshot…');
    await expect(ui.sidebar.snapshotItem(hardened.id)).toBeVisible();
    await expect(ui.sidebar.snapshotGroupTitle).toContainText('menu-open.json');
    const opens = (await desktop.recorded()).dialog.filter((d) => d.method === 'showOpenDialog');
    expect(opens).toEqual([
      {
        method: 'showOpenDialog',
        options: {
          properties: ['openFile'],
          filters: [{ name: 'Snapshots and recordings', extensions: ['json', 'gz', 'ndjson'] }],
        },
      },
    ]);
  });

  test('File › Open Snapshot…: a FIFO or a symlink is refused with a reason, nothing hangs; cancel does nothing', async ({
    desktop,
  }) => {
    const page = desktop.page;
    const ui = new Inspector(page);
    await connected(page);
    const dir = mkdtempSync(join(tmpdir(), 'isoscope-open-'));
    const fifo = join(dir, 'snap.json');
    execFileSync('mkfifo', [fifo]);
    const target = join(dir, 'real.json');
    writeFileSync(target, JSON.stringify({ schemaVersion: 1 }));
    const link = join(dir, 'link.json');
    symlinkSync(target, link);
    const alert = ui.files.error;

    // Nobody ever writes to the FIFO: a blocking open or read would hang the main process.
    await desktop.answerOpenDialog(fifo);
    await desktop.clickMenu('File', 'Open Snapshot…');
    await expect(alert).toContainText('Could not open snap.json: it is a FIFO');
    await ui.files.dismissError();
    await expect(alert).toHaveCount(0);

    await desktop.answerOpenDialog(link);
    await desktop.clickMenu('File', 'Open Snapshot…');
    await expect(alert).toContainText('Could not open link.json: it is a symbolic link');
    await ui.files.dismissError();

    // Canceled (the stand-in's default answer): no push, no error, no snapshot.
    await desktop.clickMenu('File', 'Open Snapshot…');
    await expect.poll(async () => (await desktop.recorded()).dialog.filter((d) => d.method === 'showOpenDialog').length).toBe(3);
    // The main process is still answering (it did not hang on the FIFO) and the page is unchanged.
    await ui.status.expectConnected();
    await expect(alert).toHaveCount(0);
    await expect(ui.sidebar.snapshotGroups).toHaveCount(0);
    rmSync(dir, { recursive: true, force: true });
  });
});
