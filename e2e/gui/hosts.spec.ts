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
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { labFlags } from '../agent/labCollector.js';
import { launchStandin, type StandinApp } from '../electron-standin/launch.js';
import { startSshHost, type SshHostHandle } from '../remote/sshHost.js';
import { expect, test } from './app.js';
import { Inspector } from './pages/inspector.js';
import { serveApp, type ServedApp } from './serve.js';
import { guiState, labContainer } from './state.js';

const SCREENS = 'e2e/artifacts/screens';
// Two collectors' first scans (this machine's and the remote's) on a loaded 2-core machine.
const REMOTE_MS = 240_000;

let remote: SshHostHandle | null = null;
let unknown: SshHostHandle | null = null;
let served: ServedApp | null = null;
let desktop: StandinApp | null = null;
let restarted: ChildProcess | null = null;
let dir = '';

/** `--flag value` pairs as `--flag=value` (the form remote agent flags take). */
function joined(flags: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < flags.length; i += 2) out.push(`${flags[i]}=${flags[i + 1]}`);
  return out;
}

test.describe.configure({ mode: 'serial', timeout: 600_000 });

test.describe('several hosts', () => {
  test.beforeAll(async () => {
    const project = test.info().project.name;
    test.skip(project === 'electron', 'the Electron project has no binary here; browser mode and the stand-in run this spec');
    test.setTimeout(REMOTE_MS + 60_000);
    remote = await startSshHost({ netns: true });
    dir = mkdtempSync(join(tmpdir(), 'isoscope-hosts-gui-'));
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
    // The same flags for both: `--flag=value` words, which the desktop main picks out of its command line.
    const hostFlags = [
      `--host=${remote.url}`,
      `--ssh-config=${sshConfig}`,
      `--host-agent=${resolve('dist/remote/isoscope-agent.cjs')}`,
      ...joined(lab).map((f) => `--host-agent-arg=${f}`),
    ];
    if (project === 'electron-standin') {
      // Hosts added in the app go to the stand-in's userData/hosts.json (a directory of this run).
      desktop = await launchStandin({ args: [...hostFlags, '--', ...lab] });
    } else {
      served = await serveApp(['--interval', '0.5', ...lab, ...hostFlags, `--hosts-file=${join(dir, 'hosts.json')}`]);
    }
    mkdirSync(SCREENS, { recursive: true });
  });

  test.afterAll(async () => {
    served?.stop();
    const code = await desktop?.close();
    restarted?.kill('SIGKILL');
    await remote?.stop();
    await unknown?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (code !== undefined && code !== 0) throw new Error(`the main process exited with ${code}:\n${desktop!.output()}`);
  });

  /** The app with both hosts, its collector connected: browser mode loaded afresh, or the desktop window reloaded. */
  async function open(page: Page): Promise<Inspector> {
    const ui = new Inspector(desktop ? desktop.page : page);
    await ui.page.setViewportSize({ width: 1400, height: 860 });
    if (desktop) {
      await desktop.page.reload();
      await ui.status.expectConnected(REMOTE_MS);
    } else await ui.load(served!.url, REMOTE_MS);
    return ui;
  }

  /** A screenshot named for the project (the desktop's beside browser mode's). */
  async function screen(ui: Inspector, name: string): Promise<void> {
    await ui.page.screenshot({ path: `${SCREENS}/hosts-${desktop ? 'desktop-' : ''}${name}.png` });
  }

  test('the sidebar groups the lab by host, the status bar shows both hosts connected', async ({ page }) => {
    const ui = await open(page);
    const there = remote!.url;
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
    await ui.sidebar.remoteItem(remote!.url, hardened.id).click({ timeout: REMOTE_MS });
    await expect(ui.container.remoteHost).toContainText(`On ${remote!.url}`);
    await ui.compare.open();
    await ui.compare.chooseB(`live:${hardened.id}`);
    // Every fact equal; the one value a remote cannot read is what the native helper reads (cgroup v2
    // device programs: the helpers do not travel to remotes), and the verdict says it was not compared.
    await expect(ui.compare.verdict).toHaveText(
      /^(A and B are equally isolated: no differences.*|1 value could not be compared \(unreadable\): cgroups: devices\.v2\.)$/,
    );
    await expect(ui.compare.head).toContainText(`on ${remote!.url}`);
    await expect(ui.compare.head).toContainText('on this machine');
    await ui.compare.onlyDifferences.uncheck();
    await screen(ui, 'cross-host-compare');
  });

  test('a remote whose sshd stops is stale with its time, this machine stays live; back when sshd is', async ({ page }) => {
    const ui = await open(page);
    const there = remote!.url;
    const chip = ui.status.hostChip(there);
    await expect(chip).toHaveAttribute('data-state', 'connected', { timeout: REMOTE_MS });
    await remote!.stopSshd();
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
      [`--net=/run/netns/${remote!.netns!.name}`, '--', '/usr/sbin/sshd', '-D', '-e', '-f', join(remote!.dir, 'sshd_config')],
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
