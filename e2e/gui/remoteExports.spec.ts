// Everything taken from a remote container says which host it came from, against a real second
// host: sshd started for the run in a network namespace of its own (e2e/remote/sshHost.ts), the
// agent bundle run through the system ssh client — so the lab's containers are seen through both
// hosts, the same container id under each. With a container of the second host selected: its JSON
// export holds that container (under its own id) with `source.host` the remote's URL; its HTML
// report names the host; a recording is of that host (its header says so) and its replay says it
// too; the Security tab shows the remote host's LSM facts and names the host. Browser mode and the
// desktop app (Electron stand-in) get the second host from e2e/gui/secondHost.ts.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Download, Page } from '@playwright/test';
import { parseRecording } from '../../shared/recording/format.js';
import { parseSnapshotFile } from '../../shared/snapshot/migrate.js';
import { expect, test } from './app.js';
import type { Inspector } from './pages/inspector.js';
import { REMOTE_MS, startTwoHostApp, type TwoHostApp } from './secondHost.js';
import { labContainer } from './state.js';

const SCREENS = 'e2e/artifacts/screens';

let app: TwoHostApp | null = null;

test.describe.configure({ mode: 'serial', timeout: 600_000 });

test.describe('what is taken from a remote container names its host', () => {
  test.beforeAll(async () => {
    const project = test.info().project.name;
    test.skip(project === 'electron', 'the Electron project has no binary here; browser mode and the stand-in run this spec');
    test.setTimeout(REMOTE_MS + 60_000);
    app = await startTwoHostApp(project, 'isoscope-remote-exports-');
    mkdirSync(SCREENS, { recursive: true });
  });

  test.afterAll(async () => {
    await app?.stop();
  });

  /** The app with both hosts connected, the lab's hardened container of the second host selected. */
  async function openRemoteContainer(page: Page): Promise<Inspector> {
    const ui = await app!.open(page);
    const there = app!.remote.url;
    await expect(ui.status.hostChip(there)).toHaveAttribute('data-state', 'connected', { timeout: REMOTE_MS });
    const hardened = labContainer('runc-hardened');
    const item = ui.sidebar.remoteItem(there, hardened.id);
    await item.click({ timeout: REMOTE_MS });
    await expect(ui.container.remoteHost).toContainText(`On ${there}`);
    return ui;
  }

  /** A recording written where the save dialog said, whole once stopped (its gzip stream ended). */
  function whole(path: string): boolean {
    try {
      return gunzipSync(readFileSync(path)).length > 0;
    } catch {
      return false;
    }
  }

  async function saved(download: Download, name: string): Promise<string> {
    const path = join(app!.dir, name);
    await download.saveAs(path);
    return path;
  }

  test('the JSON export is the remote container, under its own id, with source.host; the HTML report names the host', async ({
    page: browserPage,
  }) => {
    const ui = await openRemoteContainer(browserPage);
    const page = ui.page;
    const hardened = labContainer('runc-hardened');
    const [json] = await Promise.all([page.waitForEvent('download'), ui.container.exportButton('JSON').click()]);
    const file = parseSnapshotFile(readFileSync(await saved(json, 'remote.json'), 'utf8'));
    if (!file.ok) throw new Error(file.error);
    expect(file.snapshot.source).toEqual({ host: app!.remote.url });
    expect(file.snapshot.containers.map((c) => c.id)).toEqual([hardened.id]);
    expect(file.snapshot.containers[0]!.name).toBe(hardened.name);
    // Its resource history is the one kept for the remote container (points, all of them).
    expect(file.history?.[hardened.id]?.length ?? 0).toBeGreaterThan(0);
    await expect(ui.files.error).toHaveCount(0);

    const [htmlDownload] = await Promise.all([page.waitForEvent('download'), ui.container.exportButton('HTML').click()]);
    const html = readFileSync(await saved(htmlDownload, 'remote.html'), 'utf8');
    expect(html).toContain(`on <code>${app!.remote.url}</code>`);
    expect(html).toContain(hardened.name);
    // As a user sees it: the report opened on its own (in a browser, not in the app's window).
    const report = await browserPage.context().newPage();
    await report.setViewportSize({ width: 1200, height: 800 });
    await report.setContent(html);
    await expect(report.locator('header')).toContainText(`on ${app!.remote.url}`);
    await report.screenshot({ path: `${SCREENS}/remote-export-report.png` });
    await report.close();
    expect(ui.page.isClosed()).toBe(false);
  });

  test('a recording taken with the remote container selected is of that host, and its replay says so', async ({
    page: browserPage,
  }) => {
    const ui = await openRemoteContainer(browserPage);
    const page = ui.page;
    const hardened = labContainer('runc-hardened');
    // The desktop app asks where to save (answered here); browser mode downloads the file at the end.
    const desktop = app!.desktop;
    let path = join(app!.dir, 'remote-recording.ndjson.gz');
    if (desktop) await desktop.answerSaveDialog(path);
    await ui.status.recordButton.click();
    // Events: the remote's samples (one per poll) and any container changes it pushed meanwhile.
    await expect(ui.status.stopRecordingButton).toContainText(/[6-9] events|\d{2,} events/, { timeout: 60_000 });
    if (desktop) {
      await ui.status.stopRecordingButton.click();
      await expect(ui.status.recordButton).toBeVisible();
      await expect.poll(() => whole(path)).toBe(true);
    } else {
      const [download] = await Promise.all([page.waitForEvent('download'), ui.status.stopRecordingButton.click()]);
      path = await saved(download, download.suggestedFilename());
    }
    const rec = parseRecording(gunzipSync(readFileSync(path)).toString('utf8'));
    if (!rec.ok) throw new Error(rec.error);
    const { header, events } = rec.recording;
    expect(header.source).toEqual({ host: app!.remote.url });
    // The remote's containers under their own ids (the lab, as that host sees it), its samples.
    expect(header.containers.map((c) => c.id)).toContain(hardened.id);
    expect(header.containers.every((c) => !c.id.includes('@'))).toBe(true);
    const samples = events.filter((e) => e.kind === 'sample');
    expect(samples.length).toBeGreaterThanOrEqual(2);
    expect(samples.some((e) => Object.hasOwn(e.data.containers, hardened.id))).toBe(true);

    await ui.files.open(path);
    await expect(ui.files.replaySlider).toBeVisible();
    const source = ui.files.sourceHost;
    await expect(source).toHaveAttribute('data-host', app!.remote.url);
    await expect(source).toContainText(`recorded on ${app!.remote.url}`);
    await ui.sidebar.snapshotItem(hardened.id).click();
    await expect(ui.container.snapshotBanner).toContainText('Read-only');
    await expect(ui.container.snapshotBanner).toContainText(`on ${app!.remote.url}`);
    await source.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENS}/remote-recording-replay.png` });
  });

  test('the Security tab shows the remote host’s LSM facts and names that host', async ({ page: browserPage }) => {
    const ui = await openRemoteContainer(browserPage);
    const page = ui.page;
    await ui.container.openTab('Seccomp & MAC');
    const lsms = ui.security.hostLsms;
    await expect(lsms).toHaveAttribute('data-host', app!.remote.url);
    await expect(lsms).toContainText(`On ${app!.remote.url}`);
    // The facts the remote host reports (its snapshot's host), as the tab shows them.
    const [json] = await Promise.all([page.waitForEvent('download'), ui.container.exportButton('JSON').click()]);
    const file = parseSnapshotFile(readFileSync(await saved(json, 'remote-host.json'), 'utf8'));
    if (!file.ok) throw new Error(file.error);
    const host = file.snapshot.host;
    if (host.lsms === null) {
      const u = host.unavailable.find((x) => x.field === 'lsms')!;
      await expect(ui.security.hostLsmsUnavailable).toContainText(u.reason);
    } else {
      await expect(ui.security.hostLsmChips).toHaveText(host.lsms);
    }
    await lsms.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENS}/remote-security-tab.png` });
    // This machine's container of the same id: this machine's facts, no host named.
    const hardened = labContainer('runc-hardened');
    await ui.sidebar.itemOfHost('local', hardened.id).click();
    await ui.container.openTab('Seccomp & MAC');
    await expect(ui.security.hostLsms).toHaveAttribute('data-host', 'local');
    await expect(ui.security.hostLsms).not.toContainText('On ssh://');
  });
});
