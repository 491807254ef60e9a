// Recording in the desktop app asks where to save: the real main process (dist/electron/main) under
// the Electron stand-in, whose dialog.showSaveDialog records its options and answers what the test
// set (answerSaveDialog), else "cancelled". The file is written as it goes to the chosen path; the
// page downloads nothing (that is browser mode's way, e2e/gui/recording.spec.ts).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { RECORDING_FORMAT } from '../../shared/recording/format.js';
import { connected, expect, test } from '../gui/app.js';
import { StatusBar } from '../gui/pages/statusBar.js';
import type { StandinApp } from './launch.js';

/** Sets what the stand-in's next save dialog answers (a path, or cancelled without one). */
function answerSaveDialog(app: StandinApp, filePath?: string): Promise<void> {
  const id = 1_000_000 + Math.floor(Math.random() * 1_000_000);
  return new Promise((resolve, reject) => {
    const onMessage = (m: { standin?: boolean; type?: string; id?: number; error?: string }) => {
      if (m?.standin !== true || m.type !== 'reply' || m.id !== id) return;
      app.process.off('message', onMessage);
      if (m.error !== undefined) reject(new Error(m.error));
      else resolve();
    };
    app.process.on('message', onMessage);
    app.process.send({ id, op: 'answerSaveDialog', args: filePath === undefined ? [] : [filePath] });
  });
}

const saveDialogs = async (app: StandinApp) =>
  (await app.recorded()).dialog.filter((d) => d.method === 'showSaveDialog').map((d) => d.options as Record<string, unknown>);

/** A dated name in the user's Downloads (the stand-in's app.getPath('downloads')). */
const OFFERED = /\/paths\/downloads\/isoscope-recording-[A-Za-z0-9._-]+-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.ndjson\.gz$/;

test.describe('recordings in the desktop app: a save dialog', () => {
  test('Record asks where to save (Downloads, a dated name); the file grows there and nothing is downloaded', async ({
    desktop,
  }) => {
    const page = desktop.page;
    await connected(page);
    const dir = mkdtempSync(join(tmpdir(), 'isoscope-recording-dialog-'));
    const chosen = join(dir, 'chosen by the user.ndjson.gz');
    const downloads: string[] = [];
    page.on('download', (d) => downloads.push(d.suggestedFilename()));
    try {
      await answerSaveDialog(desktop, chosen);
      const status = new StatusBar(page);
      await status.recordButton.click();
      await expect(status.stopRecordingButton).toContainText(/[3-9]\d* events|\d{2,} events/, { timeout: 30_000 });
      const [options] = await saveDialogs(desktop);
      expect(String(options?.['defaultPath'])).toMatch(OFFERED);
      // Written as it goes: the file is there, private, before recording stops.
      expect(existsSync(chosen)).toBe(true);
      expect(statSync(chosen).mode & 0o777).toBe(0o600);
      await status.stopRecordingButton.click();
      await expect(status.recordButton).toBeVisible();
      const lines = gunzipSync(readFileSync(chosen)).toString('utf8').split('\n').filter(Boolean);
      const header = JSON.parse(lines[0]!) as { format: string };
      expect(header.format).toBe(RECORDING_FORMAT);
      const kinds = lines.slice(1).map((l) => (JSON.parse(l) as { kind: string }).kind);
      expect(kinds.filter((k) => k === 'sample').length).toBeGreaterThan(0);
      await page.waitForTimeout(1000); // a download would have started at stop
      expect(downloads).toEqual([]);
      expect(await saveDialogs(desktop)).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('cancelling the dialog records nothing, writes no file and downloads nothing', async ({ desktop }) => {
    const page = desktop.page;
    await connected(page);
    const downloads: string[] = [];
    page.on('download', (d) => downloads.push(d.suggestedFilename()));
    const status = new StatusBar(page);
    await status.recordButton.click(); // the stand-in's dialog answers "cancelled" unless told otherwise
    await expect.poll(async () => (await saveDialogs(desktop)).length).toBe(1);
    const [options] = await saveDialogs(desktop);
    expect(String(options?.['defaultPath'])).toMatch(OFFERED);
    const downloadsDir = String(options?.['defaultPath']).replace(/\/[^/]+$/, '');
    // Back to "Record" by itself: no stop button is left behind.
    await expect(status.recordButton).toBeVisible();
    await expect(status.stopRecordingButton).toHaveCount(0);
    await page.waitForTimeout(1000);
    expect(downloads).toEqual([]);
    expect(existsSync(downloadsDir) ? readdirSync(downloadsDir) : []).toEqual([]);
    expect(await page.evaluate('window.isoscope.getState()')).toMatchObject({ ok: true });
    expect(await saveDialogs(desktop)).toHaveLength(1);
  });
});
