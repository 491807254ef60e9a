// The newer kernel fields in the app, over a fixture host tree made from real captured text
// (`isoscope serve --root electron/agent/fixtures/roots/v2-selinux`): the memory ladder, the
// OOM-group kill counted and explained, a frozen cgroup, io per device named from
// /proc/partitions, CPU burst and idle, the time-namespace offsets and the per-module LSM
// context. Values are checked against the tree's EXPECTED.json; screenshots go to e2e/artifacts/.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, snap, test } from './app.js';
import { Inspector } from './pages/inspector.js';
import { serveApp, type ServedApp } from './serve.js';

const TREE = join(process.cwd(), 'electron/agent/fixtures/roots/v2-selinux');
const EXPECTED = JSON.parse(readFileSync(join(TREE, 'EXPECTED.json'), 'utf8')) as {
  containers: { id: string; name: string; initPid: number; cgroupNewer: { usage: { memoryEvents: Record<string, number> } } }[];
};
const byName = (n: string) => EXPECTED.containers.find((c) => c.name === n)!;

let served: ServedApp | null = null;

test.beforeAll(async ({ browserName: _ }, info) => {
  test.skip(info.project.name !== 'browser', 'the fixture tree is served in browser mode; the other projects run the lab');
  served = await serveApp(['--interval', '10', '--root', TREE, '--no-api'], 30_000);
});

test.afterAll(() => {
  served?.stop();
});

async function open(page: Page, name: string, tab: string): Promise<Inspector> {
  const ui = new Inspector(page);
  await ui.load(served!.url, 60_000);
  await ui.openContainer(byName(name), tab);
  return ui;
}

test.describe('cgroup v2 newer fields, time namespaces and stacked LSMs (fixture tree v2-selinux)', () => {
  test('web: the memory ladder, and the OOM-group kill counted and explained', async ({ browser }, info) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 2800 } });
    const ui = await open(page, 'web', 'Cgroups');
    const cg = ui.cgroups;
    await expect(cg.memoryRung('max')).toContainText('256 MiB');
    await expect(cg.memoryRung('min')).toContainText('memory.min');
    await expect(cg.memoryRung('high')).toContainText('unlimited');
    const ev = byName('web').cgroupNewer.usage.memoryEvents;
    await expect(cg.oomSummary).toContainText(`killed ${ev.oomKill} processes; ${ev.oomGroupKill} whole-group kill`);
    await expect(ui.container.panel).toContainText('yes (memory.oom.group = 1)');
    await expect(cg.memoryEvents.filter({ hasText: 'oom_group_kill' })).toContainText(String(ev.oomGroupKill));
    await expect(cg.memoryEvents.filter({ hasText: /^max/ }).first()).toContainText(String(ev.max));
    await expect(cg.ioDevices).toContainText('vda');
    await expect(cg.ioDevices).toContainText('254:0');
    await expect(cg.newer).toContainText('none (0 µs)');
    await expect(cg.newer).toContainText('no (cpu.idle = 0)');
    await snap(page, 'cgroups-v2-web', info.project.name);
    await page.close();
  });

  test('toolbox: frozen, and the OOM kills of its cgroup', async ({ browser }, info) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 2800 } });
    const ui = await open(page, 'toolbox', 'Cgroups');
    await expect(ui.cgroups.frozenState).toContainText('frozen: every process in it is stopped');
    await expect(ui.cgroups.oomSummary).toContainText('The OOM killer ran 43 times here and killed 2 processes');
    await snap(page, 'cgroups-v2-toolbox-frozen', info.project.name);
    await page.close();
  });

  test('time namespace offsets in the Namespaces tab; SELinux context per module in the Security tab', async ({
    browser,
  }, info) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const ui = await open(page, 'web', 'Namespaces');
    await expect(ui.namespaces.timensSummary).toContainText('The host’s time namespace');
    await expect(ui.namespaces.timensTable).toContainText('CLOCK_BOOTTIME');
    await expect(ui.container.panel).toContainText(`/proc/${byName('web').initPid}/timens_offsets`);
    await ui.namespaces.timensTable.scrollIntoViewIfNeeded();
    await snap(page, 'namespaces-timens', info.project.name);
    await ui.container.openTab('Seccomp & MAC');
    const sec = ui.security;
    await expect(sec.lsm('selinux')).toContainText('system_u:system_r:container_t:s0:c647,c780');
    await expect(sec.lsmModules).toContainText(`/proc/${byName('web').initPid}/attr/current`);
    await expect(ui.container.panel).toContainText('In the kernel’s order');
    await sec.lsmModules.scrollIntoViewIfNeeded();
    await snap(page, 'security-lsm-modules', info.project.name);
    await page.close();
  });
});
