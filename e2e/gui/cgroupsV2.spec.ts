// The newer kernel fields in the app, over a fixture host tree made from real captured text
// (`isoscope serve --root electron/agent/fixtures/roots/v2-selinux`): the memory ladder, the
// OOM-group kill counted and explained, a frozen cgroup, io per device named from
// /proc/partitions, CPU burst and idle, the time-namespace offsets and the per-module LSM
// context. Values are checked against the tree's EXPECTED.json; screenshots go to e2e/artifacts/.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Page } from '@playwright/test';
import { expect, snap, test } from './app.js';

const REPO = process.cwd();
const TREE = join(REPO, 'electron/agent/fixtures/roots/v2-selinux');
const EXPECTED = JSON.parse(readFileSync(join(TREE, 'EXPECTED.json'), 'utf8')) as {
  containers: { id: string; name: string; initPid: number; cgroupNewer: { usage: { memoryEvents: Record<string, number> } } }[];
};
const byName = (n: string) => EXPECTED.containers.find((c) => c.name === n)!;

let serve: ChildProcess;
let url: string;

test.beforeAll(async ({ browserName: _ }, info) => {
  test.skip(info.project.name !== 'browser', 'the fixture tree is served in browser mode; the other projects run the lab');
  serve = spawn(process.execPath, ['bin/isoscope.js', 'serve', '--port', '0', '--interval', '10', '--root', TREE, '--no-api'], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('isoscope serve printed no URL in 30 s')), 30_000);
    createInterface({ input: serve.stdout! }).on('line', (line) => {
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    serve.on('exit', (code) => reject(new Error(`isoscope serve exited (${code})`)));
  });
});

test.afterAll(() => {
  serve?.kill('SIGTERM');
});

async function open(page: Page, name: string, tab: string): Promise<void> {
  await page.goto(url);
  await expect(page.locator('.statusbar .conn')).toHaveText('collector connected', { timeout: 60_000 });
  await page.locator(`.item[data-id="${byName(name).id}"]`).click();
  await expect(page.locator('.cv-header h1')).toContainText(name);
  await page.getByRole('tab', { name: tab }).click();
}

test.describe('cgroup v2 newer fields, time namespaces and stacked LSMs (fixture tree v2-selinux)', () => {
  test('web: the memory ladder, and the OOM-group kill counted and explained', async ({ browser }, info) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 2800 } });
    await open(page, 'web', 'Cgroups');
    const ladder = page.getByTestId('memory-ladder');
    await expect(ladder.locator('tr[data-rung="max"]')).toContainText('256 MiB');
    await expect(ladder.locator('tr[data-rung="min"]')).toContainText('memory.min');
    await expect(ladder.locator('tr[data-rung="high"]')).toContainText('unlimited');
    const ev = byName('web').cgroupNewer.usage.memoryEvents;
    await expect(page.getByTestId('oom-summary')).toContainText(
      `killed ${ev.oomKill} processes; ${ev.oomGroupKill} whole-group kill`,
    );
    await expect(page.locator('.tab-panel')).toContainText('yes (memory.oom.group = 1)');
    const rows = page.getByTestId('memory-events').locator('tbody tr');
    await expect(rows.filter({ hasText: 'oom_group_kill' })).toContainText(String(ev.oomGroupKill));
    await expect(rows.filter({ hasText: /^max/ }).first()).toContainText(String(ev.max));
    await expect(page.getByTestId('io-devices')).toContainText('vda');
    await expect(page.getByTestId('io-devices')).toContainText('254:0');
    await expect(page.getByTestId('cgroup-newer')).toContainText('none (0 µs)');
    await expect(page.getByTestId('cgroup-newer')).toContainText('no (cpu.idle = 0)');
    await snap(page, 'cgroups-v2-web', info.project.name);
    await page.close();
  });

  test('toolbox: frozen, and the OOM kills of its cgroup', async ({ browser }, info) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 2800 } });
    await open(page, 'toolbox', 'Cgroups');
    await expect(page.getByTestId('frozen-state')).toContainText('frozen: every process in it is stopped');
    await expect(page.getByTestId('oom-summary')).toContainText('The OOM killer ran 43 times here and killed 2 processes');
    await snap(page, 'cgroups-v2-toolbox-frozen', info.project.name);
    await page.close();
  });

  test('time namespace offsets in the Namespaces tab; SELinux context per module in the Security tab', async ({
    browser,
  }, info) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await open(page, 'web', 'Namespaces');
    await expect(page.getByTestId('timens-summary')).toContainText('The host’s time namespace');
    await expect(page.locator('.timens-table')).toContainText('CLOCK_BOOTTIME');
    await expect(page.locator('.tab-panel')).toContainText(`/proc/${byName('web').initPid}/timens_offsets`);
    await page.locator('.timens-table').scrollIntoViewIfNeeded();
    await snap(page, 'namespaces-timens', info.project.name);
    await page.getByRole('tab', { name: 'Seccomp & MAC' }).click();
    const modules = page.getByTestId('lsm-modules');
    await expect(modules.locator('tr[data-lsm="selinux"]')).toContainText('system_u:system_r:container_t:s0:c647,c780');
    await expect(modules).toContainText(`/proc/${byName('web').initPid}/attr/current`);
    await expect(page.locator('.tab-panel')).toContainText('In the kernel’s order');
    await modules.scrollIntoViewIfNeeded();
    await snap(page, 'security-lsm-modules', info.project.name);
    await page.close();
  });
});
