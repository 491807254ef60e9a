// Several hosts in the app, against a real second host: sshd started for the run inside a network
// namespace of its own (e2e/remote/sshHost.ts), reached by the system ssh client with a key made
// for the run, running the agent bundle — so the lab's containers are seen through both hosts.
// The sidebar groups them by host, the status bar shows both connections; stopping the remote's
// sshd leaves its data marked stale with its time (this machine stays live) until it is back;
// an unknown host key is refused in words; and the same lab container seen through the two hosts
// compares equal. Browser mode gets the hosts as `isoscope serve` flags; the desktop app (project
// electron-standin: the real main under the Electron stand-in) gets the same flags on its command
// line, before the collector flags' `--`.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { startSshHost, type SshHostHandle } from '../remote/sshHost.js';
import { expect, test } from './app.js';
import type { Inspector } from './pages/inspector.js';
import { REMOTE_MS, startTwoHostApp, type TwoHostApp } from './secondHost.js';
import { labContainer } from './state.js';

const SCREENS = 'e2e/artifacts/screens';

let app: TwoHostApp | null = null;
let unknown: SshHostHandle | null = null;
let restarted: ChildProcess | null = null;

test.describe.configure({ mode: 'serial', timeout: 600_000 });

test.describe('several hosts', () => {
  test.beforeAll(async () => {
    const project = test.info().project.name;
    test.skip(project === 'electron', 'the Electron project has no binary here; browser mode and the stand-in run this spec');
    test.setTimeout(REMOTE_MS + 60_000);
    app = await startTwoHostApp(project, 'isoscope-hosts-gui-');
    mkdirSync(SCREENS, { recursive: true });
  });

  test.afterAll(async () => {
    restarted?.kill('SIGKILL');
    await unknown?.stop();
    await app?.stop();
  });

  const open = (page: Page): Promise<Inspector> => app!.open(page);

  /** A screenshot named for the project (the desktop's beside browser mode's). */
  async function screen(ui: Inspector, name: string): Promise<void> {
    await ui.page.screenshot({ path: `${SCREENS}/hosts-${app!.desktop ? 'desktop-' : ''}${name}.png` });
  }

  test('the sidebar groups the lab by host, the status bar shows both hosts connected', async ({ page }) => {
    const ui = await open(page);
    const there = app!.remote.url;
    await expect(ui.sidebar.hostGroups).toHaveCount(2);
    await expect(ui.status.hostChip(there)).toHaveAttribute('data-state', 'connected', { timeout: REMOTE_MS });
    await expect(ui.status.hostChip('local')).toHaveAttribute('data-state', 'connected');
    for (const key of ['runc-hardened', 'runc-loose']) {
      const c = labContainer(key);
      await expect(ui.sidebar.itemOfHost('local', c.id)).toHaveCount(1);
      // The same container through the second host: a container of its own, keyed by host.
      await expect(ui.sidebar.remoteItem(there, c.id)).toHaveCount(1, { timeout: REMOTE_MS });
    }
    await expect(ui.sidebar.hostTitle(there)).toContainText(there);
    await expect(ui.sidebar.hostState(there)).toHaveText('connected');
    await screen(ui, 'two-host-sidebar');
  });

  test('the same lab container through both hosts compares equal, each side labelled with its host', async ({ page }) => {
    const ui = await open(page);
    const hardened = labContainer('runc-hardened');
    await ui.sidebar.remoteItem(app!.remote.url, hardened.id).click({ timeout: REMOTE_MS });
    await expect(ui.container.remoteHost).toContainText(`On ${app!.remote.url}`);
    await ui.compare.open();
    await ui.compare.chooseB(`live:${hardened.id}`);
    // Every fact equal; the one value a remote cannot read is what the native helper reads (cgroup v2
    // device programs: the helpers do not travel to remotes), and the verdict says it was not compared.
    await expect(ui.compare.verdict).toHaveText(
      /^(A and B are equally isolated: no differences.*|1 value could not be compared \(unreadable\): cgroups: devices\.v2\.)$/,
    );
    await expect(ui.compare.head).toContainText(`on ${app!.remote.url}`);
    await expect(ui.compare.head).toContainText('on this machine');
    await ui.compare.onlyDifferences.uncheck();
    await screen(ui, 'cross-host-compare');
  });

  test('a remote whose sshd stops is stale with its time, this machine stays live; back when sshd is', async ({ page }) => {
    const ui = await open(page);
    const there = app!.remote.url;
    const chip = ui.status.hostChip(there);
    await expect(chip).toHaveAttribute('data-state', 'connected', { timeout: REMOTE_MS });
    await app!.remote.stopSshd();
    await expect(chip).toHaveAttribute('data-state', /reconnecting|connecting/, { timeout: 60_000 });
    await expect(chip).toContainText(/data stale since \d{1,2}:\d{2}:\d{2}/);
    await expect(ui.sidebar.hostGroup(there)).toHaveClass(/stale/);
    await expect(ui.sidebar.hostState(there)).toContainText('data stale since');
    // The last data stays on screen, marked: not live.
    const hardened = labContainer('runc-hardened');
    await ui.sidebar.remoteItem(there, hardened.id).click();
    await expect(ui.container.staleBanner).toContainText('Not live');
    await ui.status.expectConnected();
    await expect(ui.status.hostChip('local')).toHaveAttribute('data-state', 'connected');
    await screen(ui, 'remote-stale');
    // sshd again, as it was (same config, same namespace): the host reconnects on its own.
    restarted = spawn(
      'nsenter',
      [
        `--net=/run/netns/${app!.remote.netns!.name}`,
        '--',
        '/usr/sbin/sshd',
        '-D',
        '-e',
        '-f',
        join(app!.remote.dir, 'sshd_config'),
      ],
      { stdio: 'ignore' },
    );
    await expect(chip).toHaveAttribute('data-state', 'connected', { timeout: REMOTE_MS });
    await expect(ui.sidebar.hostGroup(there)).not.toHaveClass(/stale/);
    await expect(ui.container.staleBanner).toHaveCount(0);
  });

  test('a host whose key is not known is refused, the reason in words, with no way to skip the check', async ({ page }) => {
    const ui = await open(page);
    unknown = await startSshHost();
    const target = `ssh://root@127.0.0.1:${unknown.port}`;
    const hosts = ui.hosts;
    await hosts.open();
    await hosts.add(target);
    await expect(hosts.row(target)).toHaveAttribute('data-state', 'refused', { timeout: 60_000 });
    await expect(hosts.reason(target)).toContainText(
      `host key of ${target} is not known: run \`ssh-keyscan -p ${unknown.port} 127.0.0.1\``,
    );
    await expect(hosts.reason(target)).toContainText('connect once with ssh to check and accept it');
    await expect(hosts.acceptButtons).toHaveCount(0);
    await screen(ui, 'unknown-key');
    await hosts.remove(target);
    await expect(hosts.row(target)).toHaveCount(0);
  });
});
