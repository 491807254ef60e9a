// What a user sees, against real lab containers: every container under its runtime, a hardened
// and a loose container told apart on every isolation tab, graphs that draw and move, a
// container that stops disappearing. Screenshots of every main view go to e2e/artifacts/.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { startLab } from '../lab/lab.js';
import { expect, snap, test } from './app.js';
import { guiState, labContainer } from './state.js';

const RUNTIME_GROUP: Record<string, string> = { runc: 'runc', docker: 'docker', podman: 'podman', lxc: 'lxc', nspawn: 'nspawn', sandbox: 'sandbox' };

function livingState(pid: number): 'gone' | 'running' {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z') ? 'gone' : 'running';
  } catch {
    return 'gone';
  }
}

async function open(page: Page, key: string, tab?: string): Promise<void> {
  const lc = labContainer(key);
  await page.locator(`.item[data-id="${lc.id}"]`).click();
  await expect(page.locator('.cv-header h1')).toContainText(lc.name);
  if (tab) await page.getByRole('tab', { name: tab }).click();
}

test.describe('the inspector on the lab', () => {
  test('lists every lab container under its runtime, live', async ({ app }, info) => {
    await expect(app.locator('.statusbar .conn')).toHaveText('collector connected');
    for (const lc of guiState().lab.containers) {
      await expect(app.locator(`li.group[data-runtime="${RUNTIME_GROUP[lc.runtime]}"] .item[data-id="${lc.id}"]`), lc.key).toBeVisible();
    }
    await expect(app.locator('.statusbar')).toContainText('root');
    await snap(app, 'sidebar-overview', info.project.name);
  });

  test('the hardened container: own namespaces, a user-namespace map, 3 capabilities, a seccomp filter', async ({ app }, info) => {
    await open(app, 'runc-hardened');
    await expect(app.locator('.cv-header [data-badge="namespaces"]')).toHaveText('own ns');
    await expect(app.locator('.cv-header [data-badge="seccomp"]')).toHaveText('seccomp');
    await snap(app, 'hardened-overview', info.project.name);

    await app.getByRole('tab', { name: 'Namespaces' }).click();
    for (const t of ['mnt', 'pid', 'net', 'ipc', 'uts', 'user', 'cgroup']) await expect(app.locator(`tr[data-ns="${t}"]`)).not.toContainText('the host’s');
    await expect(app.locator('.tab-panel')).toContainText('root inside = uid 100000 on the host');
    await snap(app, 'hardened-namespaces', info.project.name);

    await app.getByRole('tab', { name: 'Capabilities' }).click();
    for (const cap of ['CAP_CHOWN', 'CAP_KILL', 'CAP_NET_BIND_SERVICE']) await expect(app.locator(`tr[data-cap="${cap}"]`)).toHaveClass(/held/);
    await expect(app.locator('tr[data-cap="CAP_SYS_ADMIN"]')).toHaveClass(/absent/);
    await snap(app, 'hardened-capabilities', info.project.name);

    await app.getByRole('tab', { name: 'Seccomp & MAC' }).click();
    await expect(app.locator('.tab-panel')).toContainText('filter');
    await snap(app, 'hardened-security', info.project.name);

    await app.getByRole('tab', { name: 'Cgroups' }).click();
    await expect(app.locator('.tab-panel')).toContainText('64 MiB');
    await snap(app, 'hardened-cgroups', info.project.name);

    await app.getByRole('tab', { name: 'Processes' }).click();
    await expect(app.locator('.tab-panel')).toContainText('sleep');
    await snap(app, 'hardened-processes', info.project.name);
  });

  test('the loose container: host pid and net, CAP_SYS_ADMIN, no seccomp, flagged privileged-like', async ({ app }, info) => {
    await open(app, 'runc-loose');
    await expect(app.locator('.cv-header [data-badge="privileged"]')).toHaveText('privileged-like');
    await expect(app.locator('.cv-header [data-badge="seccomp"]')).toHaveText('no seccomp');
    await app.getByRole('tab', { name: 'Namespaces' }).click();
    for (const t of ['pid', 'net']) await expect(app.locator(`tr[data-ns="${t}"]`)).toContainText('the host’s');
    await expect(app.locator('tr[data-ns="mnt"]')).not.toContainText('the host’s');
    await snap(app, 'loose-namespaces', info.project.name);
    await app.getByRole('tab', { name: 'Capabilities' }).click();
    await expect(app.locator('tr[data-cap="CAP_SYS_ADMIN"]')).toHaveClass(/held/);
    await expect(app.locator('tr[data-cap="CAP_SYS_ADMIN"]')).toHaveClass(/dangerous/);
    await snap(app, 'loose-capabilities', info.project.name);
    await app.getByRole('tab', { name: 'Seccomp & MAC' }).click();
    await expect(app.locator('.tab-panel')).toContainText('disabled');
  });

  test('resource graphs draw and move on', async ({ app }, info) => {
    await open(app, 'docker', 'Resources');
    const cpu = app.locator('[data-chart="CPU"] .recharts-line path.recharts-curve').first();
    await expect(cpu).toBeAttached(); // a flat line at 0 % has no height, so "visible" is not the test
    const before = await cpu.getAttribute('d');
    await expect.poll(async () => cpu.getAttribute('d'), { timeout: 15_000 }).not.toBe(before);
    await expect(app.locator('[data-chart="Memory"]')).toContainText('limit');
    await snap(app, 'docker-resources', info.project.name);
  });

  test('keyboard: arrows move through containers, digits switch tabs', async ({ app }) => {
    await app.locator('.item.host').click();
    await expect(app.locator('.host-view h1')).toContainText('Host');
    await app.keyboard.press('ArrowDown');
    await expect(app.locator('.cv-header')).toBeVisible();
    await app.keyboard.press('3');
    await expect(app.getByRole('tab', { name: 'Namespaces' })).toHaveAttribute('aria-selected', 'true');
    // The last tab has a digit too (it once stopped at 7 while the titles said 8 and 9).
    const tabs = app.getByRole('tab');
    const last = await tabs.count();
    await app.keyboard.press(String(last));
    await expect(tabs.nth(last - 1)).toHaveAttribute('aria-selected', 'true');
  });

  test('the host view', async ({ app }, info) => {
    await app.locator('.item.host').click();
    await expect(app.locator('.host-view')).toContainText('hybrid');
    await snap(app, 'host', info.project.name);
  });

  test('a container that starts appears, and disappears when it stops', async ({ app }) => {
    // Its own small lab, so every project run (browser, Electron) sees one come and go.
    const lab = await startLab({ only: ['bwrap'] });
    const lc = lab.containers[0]!;
    try {
      await expect(app.locator(`.item[data-id="${lc.id}"]`)).toBeVisible();
    } finally {
      await lab.stop();
    }
    await expect(app.locator(`.item[data-id="${lc.id}"]`)).toHaveCount(0);
    // The lab process is gone for real, not just hidden: no such pid, or dead and waiting to be
    // reaped (a zombie still answers kill -0).
    await expect.poll(() => livingState(lc.initPid)).toBe('gone');
  });
});
