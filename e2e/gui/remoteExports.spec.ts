// Everything taken from a remote container says which host it came from, against a real second
// host: sshd started for the run in a network namespace of its own (e2e/remote/sshHost.ts), the
// agent bundle run through the system ssh client — so the lab's containers are seen through both
// hosts, the same container id under each. With a container of the second host selected: its JSON
// export holds that container (under its own id) with `source.host` the remote's URL; its HTML
// report names the host; a recording is of that host (its header says so) and its replay says it
// too; the Security tab shows the remote host's LSM facts and names the host. Browser mode only:
// the server under test is started here with --host.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Download, Page } from '@playwright/test';
import { parseRecording } from '../../shared/recording/format.js';
import { parseSnapshotFile } from '../../shared/snapshot/migrate.js';
import { labFlags } from '../agent/labCollector.js';
import { startSshHost, type SshHostHandle } from '../remote/sshHost.js';
import { expect, test } from './app.js';
import { Inspector } from './pages/inspector.js';
import { serveApp, type ServedApp } from './serve.js';
import { guiState, labContainer } from './state.js';

const SCREENS = 'e2e/artifacts/screens';
// Two collectors' first scans (this machine's and the remote's) on a loaded 2-core machine.
const REMOTE_MS = 240_000;

let remote: SshHostHandle | null = null;
let served: ServedApp | null = null;
let dir = '';

/** `--flag value` pairs as `--flag=value` (the form remote agent flags take). */
function joined(flags: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < flags.length; i += 2) out.push(`${flags[i]}=${flags[i + 1]}`);
  return out;
}

test.describe.configure({ mode: 'serial', timeout: 600_000 });

test.describe('what is taken from a remote container names its host', () => {
  test.beforeAll(async () => {
    test.skip(test.info().project.name !== 'browser', 'browser mode only: the server under test is started here with --host');
    test.setTimeout(REMOTE_MS + 60_000);
    remote = await startSshHost({ netns: true });
    dir = mkdtempSync(join(tmpdir(), 'isoscope-remote-exports-'));
    // The client side of the run: its own ssh_config (never ~/.ssh): the run's key and known_hosts.
    const sshConfig = join(dir, 'ssh_config');
    writeFileSync(
      sshConfig,
      [
        'Host *',
        `  IdentityFile ${remote.identityFile}`,
        '  IdentitiesOnly yes',
        `  UserKnownHostsFile ${remote.knownHostsFile}`,
        '  GlobalKnownHostsFile /dev/null',
        '',
      ].join('\n'),
      { mode: 0o600 },
    );
    const lab = labFlags(guiState().lab);
    served = await serveApp([
      '--interval',
      '0.5',
      ...lab,
      `--host=${remote.url}`,
      `--ssh-config=${sshConfig}`,
      `--host-agent=${resolve('dist/remote/isoscope-agent.cjs')}`,
      ...joined(lab).map((f) => `--host-agent-arg=${f}`),
      `--hosts-file=${join(dir, 'hosts.json')}`,
    ]);
    mkdirSync(SCREENS, { recursive: true });
  });

  test.afterAll(async () => {
    served?.stop();
    await remote?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** The app with both hosts connected, the lab's hardened container of the second host selected. */
  async function openRemoteContainer(page: Page): Promise<Inspector> {
    const ui = new Inspector(page);
    await page.setViewportSize({ width: 1400, height: 860 });
    await ui.load(served!.url, REMOTE_MS);
    const there = remote!.url;
    await expect(ui.status.hostChip(there)).toHaveAttribute('data-state', 'connected', { timeout: REMOTE_MS });
    const hardened = labContainer('runc-hardened');
    const item = ui.sidebar.remoteItem(there, hardened.id);
    await item.click({ timeout: REMOTE_MS });
    await expect(ui.container.remoteHost).toContainText(`On ${there}`);
    return ui;
  }

  async function saved(download: Download, name: string): Promise<string> {
    const path = join(dir, name);
    await download.saveAs(path);
    return path;
  }

  test('the JSON export is the remote container, under its own id, with source.host; the HTML report names the host', async ({
    page,
  }) => {
    const ui = await openRemoteContainer(page);
    const hardened = labContainer('runc-hardened');
    const exportButtons = page.locator('.cv-header .export-buttons');
    const [json] = await Promise.all([
      page.waitForEvent('download'),
      exportButtons.getByRole('button', { name: 'JSON' }).click(),
    ]);
    const file = parseSnapshotFile(readFileSync(await saved(json, 'remote.json'), 'utf8'));
    if (!file.ok) throw new Error(file.error);
    expect(file.snapshot.source).toEqual({ host: remote!.url });
    expect(file.snapshot.containers.map((c) => c.id)).toEqual([hardened.id]);
    expect(file.snapshot.containers[0]!.name).toBe(hardened.name);
    // Its resource history is the one kept for the remote container (points, all of them).
    expect(file.history?.[hardened.id]?.length ?? 0).toBeGreaterThan(0);
    await expect(page.locator('.import-error, [role="alert"]')).toHaveCount(0);

    const [htmlDownload] = await Promise.all([
      page.waitForEvent('download'),
      exportButtons.getByRole('button', { name: 'HTML' }).click(),
    ]);
    const html = readFileSync(await saved(htmlDownload, 'remote.html'), 'utf8');
    expect(html).toContain(`on <code>${remote!.url}</code>`);
    expect(html).toContain(hardened.name);
    // As a user sees it: the report opened on its own.
    const report = await page.context().newPage();
    await report.setViewportSize({ width: 1200, height: 800 });
    await report.setContent(html);
    await expect(report.locator('header')).toContainText(`on ${remote!.url}`);
    await report.screenshot({ path: `${SCREENS}/remote-export-report.png` });
    await report.close();
    expect(ui.page.isClosed()).toBe(false);
  });

  test('a recording taken with the remote container selected is of that host, and its replay says so', async ({ page }) => {
    const ui = await openRemoteContainer(page);
    const hardened = labContainer('runc-hardened');
    await ui.status.recordButton.click();
    // Events: the remote's samples (one per poll) and any container changes it pushed meanwhile.
    await expect(ui.status.stopRecordingButton).toContainText(/[6-9] events|\d{2,} events/, { timeout: 60_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), ui.status.stopRecordingButton.click()]);
    const path = await saved(download, download.suggestedFilename());
    const rec = parseRecording(gunzipSync(readFileSync(path)).toString('utf8'));
    if (!rec.ok) throw new Error(rec.error);
    const { header, events } = rec.recording;
    expect(header.source).toEqual({ host: remote!.url });
    // The remote's containers under their own ids (the lab, as that host sees it), its samples.
    expect(header.containers.map((c) => c.id)).toContain(hardened.id);
    expect(header.containers.every((c) => !c.id.includes('@'))).toBe(true);
    const samples = events.filter((e) => e.kind === 'sample');
    expect(samples.length).toBeGreaterThanOrEqual(2);
    expect(samples.some((e) => Object.hasOwn(e.data.containers, hardened.id))).toBe(true);

    await ui.files.open(path);
    await expect(ui.files.replaySlider).toBeVisible();
    const source = page.locator('.snapshot-group [data-testid="source-host"]');
    await expect(source).toHaveAttribute('data-host', remote!.url);
    await expect(source).toContainText(`recorded on ${remote!.url}`);
    await ui.sidebar.snapshotItem(hardened.id).click();
    await expect(ui.container.snapshotBanner).toContainText('Read-only');
    await expect(ui.container.snapshotBanner).toContainText(`on ${remote!.url}`);
    await source.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENS}/remote-recording-replay.png` });
  });

  test('the Security tab shows the remote host’s LSM facts and names that host', async ({ page }) => {
    const ui = await openRemoteContainer(page);
    await ui.container.openTab('Seccomp & MAC');
    const lsms = page.getByTestId('host-lsms');
    await expect(lsms).toHaveAttribute('data-host', remote!.url);
    await expect(lsms).toContainText(`On ${remote!.url}`);
    // The facts the remote host reports (its snapshot's host), as the tab shows them.
    const [json] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('.cv-header .export-buttons').getByRole('button', { name: 'JSON' }).click(),
    ]);
    const file = parseSnapshotFile(readFileSync(await saved(json, 'remote-host.json'), 'utf8'));
    if (!file.ok) throw new Error(file.error);
    const host = file.snapshot.host;
    if (host.lsms === null) {
      const u = host.unavailable.find((x) => x.field === 'lsms')!;
      await expect(lsms.locator('[data-field="lsms"]')).toContainText(u.reason);
    } else {
      await expect(lsms.locator('.chip-mono')).toHaveText(host.lsms);
    }
    await lsms.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENS}/remote-security-tab.png` });
    // This machine's container of the same id: this machine's facts, no host named.
    const hardened = labContainer('runc-hardened');
    await ui.sidebar.itemOfHost('local', hardened.id).click();
    await ui.container.openTab('Seccomp & MAC');
    await expect(page.getByTestId('host-lsms')).toHaveAttribute('data-host', 'local');
    await expect(page.getByTestId('host-lsms')).not.toContainText('On ssh://');
  });
});
