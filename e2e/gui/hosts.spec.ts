// Several hosts in the app, against a real second host: sshd started for the run inside a network
// namespace of its own (e2e/remote/sshHost.ts), reached by the system ssh client with a key made
// for the run, running the agent bundle — so the lab's containers are seen through both hosts.
// The sidebar groups them by host, the status bar shows both connections; stopping the remote's
// sshd leaves its data marked stale with its time (this machine stays live) until it is back;
// an unknown host key is refused in words; and the same lab container seen through the two hosts
// compares equal.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Page } from '@playwright/test';
import { labFlags } from '../agent/labCollector.js';
import { startSshHost, type SshHostHandle } from '../remote/sshHost.js';
import { expect, test } from './app.js';
import { guiState, labContainer } from './state.js';

const SCREENS = 'e2e/artifacts/screens';
// Two collectors' first scans (this machine's and the remote's) on a loaded 2-core machine.
const REMOTE_MS = 240_000;

let remote: SshHostHandle | null = null;
let unknown: SshHostHandle | null = null;
let server: ChildProcess | null = null;
let restarted: ChildProcess | null = null;
let dir = '';
let url = '';

/** `--flag value` pairs as `--flag=value` (the form remote agent flags take). */
function joined(flags: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < flags.length; i += 2) out.push(`${flags[i]}=${flags[i + 1]}`);
  return out;
}

test.describe.configure({ mode: 'serial', timeout: 600_000 });

test.describe('several hosts', () => {
  test.beforeAll(async () => {
    test.skip(test.info().project.name !== 'browser', 'browser mode only: the server under test is started here with --host');
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
    server = spawn(
      process.execPath,
      [
        'bin/isoscope.js',
        'serve',
        '--port',
        '0',
        '--interval',
        '0.5',
        ...lab,
        '--host',
        remote.url,
        '--ssh-config',
        sshConfig,
        '--hosts-file',
        join(dir, 'hosts.json'),
        '--host-agent',
        resolve('dist/remote/isoscope-agent.cjs'),
        ...joined(lab).map((f) => `--host-agent-arg=${f}`),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    url = await new Promise<string>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error('isoscope serve printed no URL in 60 s')), 60_000);
      createInterface({ input: server!.stdout! }).on('line', (line) => {
        const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(line);
        if (m) {
          clearTimeout(timer);
          ok(m[1]!);
        }
      });
      server!.on('exit', (code) => fail(new Error(`isoscope serve exited (${code})`)));
    });
    mkdirSync(SCREENS, { recursive: true });
  });

  test.afterAll(async () => {
    server?.kill('SIGTERM');
    restarted?.kill('SIGKILL');
    await remote?.stop();
    await unknown?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function open(page: Page): Promise<void> {
    await page.setViewportSize({ width: 1400, height: 860 });
    await page.goto(url);
    await expect(page.locator('.statusbar .conn')).toHaveText('collector connected', { timeout: REMOTE_MS });
  }
  const remoteGroup = (page: Page) => page.locator(`.host-group[data-host="${remote!.url}"]`);
  const localGroup = (page: Page) => page.locator('.host-group[data-host="local"]');
  const remoteChip = (page: Page) => page.locator(`.host-chip[data-host="${remote!.url}"]`);

  test('the sidebar groups the lab by host, the status bar shows both hosts connected', async ({ page }) => {
    await open(page);
    await expect(page.locator('.host-group')).toHaveCount(2);
    await expect(remoteChip(page)).toHaveAttribute('data-state', 'connected', { timeout: REMOTE_MS });
    await expect(page.locator('.host-chip[data-host="local"]')).toHaveAttribute('data-state', 'connected');
    for (const key of ['runc-hardened', 'runc-loose']) {
      const c = labContainer(key);
      await expect(localGroup(page).locator(`.item[data-id="${c.id}"]`)).toHaveCount(1);
      // The same container through the second host: a container of its own, keyed by host.
      await expect(remoteGroup(page).locator(`.item[data-id^="${c.id}@h"]`)).toHaveCount(1, { timeout: REMOTE_MS });
    }
    await expect(remoteGroup(page).locator('.host-title')).toContainText(remote!.url);
    await expect(remoteGroup(page).locator('.host-state')).toHaveText('connected');
    await page.screenshot({ path: `${SCREENS}/hosts-two-host-sidebar.png` });
  });

  test('the same lab container through both hosts compares equal, each side labelled with its host', async ({ page }) => {
    await open(page);
    const hardened = labContainer('runc-hardened');
    const there = remoteGroup(page).locator(`.item[data-id^="${hardened.id}@h"]`);
    await there.click({ timeout: REMOTE_MS });
    await expect(page.locator('.remote-host')).toContainText(`On ${remote!.url}`);
    await page.getByRole('button', { name: 'Compare…' }).click();
    await page.locator('select[aria-label="Side B"]').selectOption(`live:${hardened.id}`);
    // Every fact equal; the one value a remote cannot read is what the native helper reads (cgroup v2
    // device programs: the helpers do not travel to remotes), and the verdict says it was not compared.
    await expect(page.getByTestId('verdict')).toHaveText(
      /^(A and B are equally isolated: no differences.*|1 value could not be compared \(unreadable\): cgroups: devices\.v2\.)$/,
    );
    await expect(page.locator('.compare-table thead')).toContainText(`on ${remote!.url}`);
    await expect(page.locator('.compare-table thead')).toContainText('on this machine');
    await page.locator('.only-diffs input').uncheck();
    await page.screenshot({ path: `${SCREENS}/hosts-cross-host-compare.png` });
  });

  test('a remote whose sshd stops is stale with its time, this machine stays live; back when sshd is', async ({ page }) => {
    await open(page);
    await expect(remoteChip(page)).toHaveAttribute('data-state', 'connected', { timeout: REMOTE_MS });
    await remote!.stopSshd();
    await expect(remoteChip(page)).toHaveAttribute('data-state', /reconnecting|connecting/, { timeout: 60_000 });
    await expect(remoteChip(page)).toContainText(/data stale since \d{1,2}:\d{2}:\d{2}/);
    await expect(remoteGroup(page)).toHaveClass(/stale/);
    await expect(remoteGroup(page).locator('.host-state')).toContainText('data stale since');
    // The last data stays on screen, marked: not live.
    const hardened = labContainer('runc-hardened');
    await remoteGroup(page).locator(`.item[data-id^="${hardened.id}@h"]`).click();
    await expect(page.locator('.stale-banner')).toContainText('Not live');
    await expect(page.locator('.statusbar .conn')).toHaveText('collector connected');
    await expect(page.locator('.host-chip[data-host="local"]')).toHaveAttribute('data-state', 'connected');
    await page.screenshot({ path: `${SCREENS}/hosts-remote-stale.png` });
    // sshd again, as it was (same config, same namespace): the host reconnects on its own.
    restarted = spawn(
      'nsenter',
      [`--net=/run/netns/${remote!.netns!.name}`, '--', '/usr/sbin/sshd', '-D', '-e', '-f', join(remote!.dir, 'sshd_config')],
      { stdio: 'ignore' },
    );
    await expect(remoteChip(page)).toHaveAttribute('data-state', 'connected', { timeout: REMOTE_MS });
    await expect(remoteGroup(page)).not.toHaveClass(/stale/);
    await expect(page.locator('.stale-banner')).toHaveCount(0);
  });

  test('a host whose key is not known is refused, the reason in words, with no way to skip the check', async ({ page }) => {
    await open(page);
    unknown = await startSshHost();
    const target = `ssh://root@127.0.0.1:${unknown.port}`;
    await page.getByRole('button', { name: /^Hosts/ }).click();
    const list = page.getByRole('dialog', { name: 'Hosts' });
    await list.getByLabel('Host address').fill(target);
    await list.getByRole('button', { name: 'Add' }).click();
    const row = list.locator(`tr[data-host="${target}"]`);
    await expect(row).toHaveAttribute('data-state', 'refused', { timeout: 60_000 });
    await expect(row.locator('.reason')).toContainText(
      `host key of ${target} is not known: run \`ssh-keyscan -p ${unknown.port} 127.0.0.1\``,
    );
    await expect(row.locator('.reason')).toContainText('connect once with ssh to check and accept it');
    await expect(list.getByRole('button', { name: /accept|trust/i })).toHaveCount(0);
    await page.screenshot({ path: `${SCREENS}/hosts-unknown-key.png` });
    await row.getByRole('button', { name: 'Remove' }).click();
    await expect(row).toHaveCount(0);
  });
});
