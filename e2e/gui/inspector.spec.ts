// What a user sees, against real lab containers: every container under its runtime, a hardened
// and a loose container told apart on every isolation tab, graphs that draw and move, a
// container that stops disappearing. Screenshots of every main view go to e2e/artifacts/.
import { readFileSync } from 'node:fs';
import { startLab } from '../lab/lab.js';
import { expect, snap, test } from './app.js';
import { Inspector } from './pages/inspector.js';
import { guiState, labContainer } from './state.js';

const RUNTIME_GROUP: Record<string, string> = {
  runc: 'runc',
  docker: 'docker',
  podman: 'podman',
  lxc: 'lxc',
  nspawn: 'nspawn',
  sandbox: 'sandbox',
};

function livingState(pid: number): 'gone' | 'running' {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z') ? 'gone' : 'running';
  } catch {
    return 'gone';
  }
}

test.describe('the inspector on the lab', () => {
  test('lists every lab container under its runtime, live', async ({ app }, info) => {
    const ui = new Inspector(app);
    await ui.status.expectConnected();
    for (const lc of guiState().lab.containers) {
      await expect(ui.sidebar.itemInGroup(RUNTIME_GROUP[lc.runtime]!, lc.id), lc.key).toBeVisible();
    }
    await expect(ui.status.root).toContainText('root');
    await snap(app, 'sidebar-overview', info.project.name);
  });

  test('the hardened container: own namespaces, a user-namespace map, 3 capabilities, a seccomp filter', async ({
    app,
  }, info) => {
    const ui = new Inspector(app);
    const cv = ui.container;
    await ui.openContainer(labContainer('runc-hardened'));
    await expect(cv.badge('namespaces')).toHaveText('own ns');
    await expect(cv.badge('seccomp')).toHaveText('seccomp');
    await snap(app, 'hardened-overview', info.project.name);

    await cv.openTab('Namespaces');
    for (const t of ['mnt', 'pid', 'net', 'ipc', 'uts', 'user', 'cgroup'])
      await expect(cv.namespaceRow(t)).not.toContainText('the host’s');
    await expect(cv.panel).toContainText('root inside = uid 100000 on the host');
    await snap(app, 'hardened-namespaces', info.project.name);

    await cv.openTab('Capabilities');
    for (const cap of ['CAP_CHOWN', 'CAP_KILL', 'CAP_NET_BIND_SERVICE']) await expect(cv.capabilityRow(cap)).toHaveClass(/held/);
    await expect(cv.capabilityRow('CAP_SYS_ADMIN')).toHaveClass(/absent/);
    await snap(app, 'hardened-capabilities', info.project.name);

    await cv.openTab('Seccomp & MAC');
    await expect(cv.panel).toContainText('filter');
    await snap(app, 'hardened-security', info.project.name);

    await cv.openTab('Cgroups');
    await expect(cv.panel).toContainText('64 MiB');
    await snap(app, 'hardened-cgroups', info.project.name);

    await cv.openTab('Processes');
    await expect(cv.panel).toContainText('sleep');
    await snap(app, 'hardened-processes', info.project.name);
  });

  test('the loose container: host pid and net, CAP_SYS_ADMIN, no seccomp, flagged privileged-like', async ({ app }, info) => {
    const ui = new Inspector(app);
    const cv = ui.container;
    await ui.openContainer(labContainer('runc-loose'));
    await expect(cv.badge('privileged')).toHaveText('privileged-like');
    await expect(cv.badge('seccomp')).toHaveText('no seccomp');
    await cv.openTab('Namespaces');
    for (const t of ['pid', 'net']) await expect(cv.namespaceRow(t)).toContainText('the host’s');
    await expect(cv.namespaceRow('mnt')).not.toContainText('the host’s');
    await snap(app, 'loose-namespaces', info.project.name);
    await cv.openTab('Capabilities');
    await expect(cv.capabilityRow('CAP_SYS_ADMIN')).toHaveClass(/held/);
    await expect(cv.capabilityRow('CAP_SYS_ADMIN')).toHaveClass(/dangerous/);
    await snap(app, 'loose-capabilities', info.project.name);
    await cv.openTab('Seccomp & MAC');
    await expect(cv.panel).toContainText('disabled');
  });

  test('resource graphs draw and move on', async ({ app }, info) => {
    const ui = new Inspector(app);
    await ui.openContainer(labContainer('docker'), 'Resources');
    const cpu = ui.container.chartLine('CPU');
    await expect(cpu).toBeAttached(); // a flat line at 0 % has no height, so "visible" is not the test
    const before = await cpu.getAttribute('d');
    await expect.poll(async () => cpu.getAttribute('d'), { timeout: 15_000 }).not.toBe(before);
    await expect(ui.container.chart('Memory')).toContainText('limit');
    await snap(app, 'docker-resources', info.project.name);
  });

  test('keyboard: arrows move through containers, digits switch tabs', async ({ app }) => {
    const ui = new Inspector(app);
    await ui.sidebar.selectHost();
    await expect(ui.hostView.title).toContainText('Host');
    await app.keyboard.press('ArrowDown');
    await expect(ui.container.header).toBeVisible();
    await app.keyboard.press('3');
    await expect(ui.container.tab('Namespaces')).toHaveAttribute('aria-selected', 'true');
    // The last tab has a digit too (it once stopped at 7 while the titles said 8 and 9).
    const tabs = ui.container.tabs;
    const last = await tabs.count();
    await app.keyboard.press(String(last));
    await expect(tabs.nth(last - 1)).toHaveAttribute('aria-selected', 'true');
  });

  test('the host view', async ({ app }, info) => {
    const ui = new Inspector(app);
    await ui.sidebar.selectHost();
    await expect(ui.hostView.root).toContainText('hybrid');
    await snap(app, 'host', info.project.name);
  });

  test('a container that starts appears, and disappears when it stops', async ({ app }) => {
    // Its own small lab, so every project run (browser, Electron) sees one come and go.
    const lab = await startLab({ only: ['bwrap'] });
    const lc = lab.containers[0]!;
    const sidebar = new Inspector(app).sidebar;
    try {
      await expect(sidebar.item(lc.id)).toBeVisible();
    } finally {
      await lab.stop();
    }
    await expect(sidebar.item(lc.id)).toHaveCount(0);
    // The lab process is gone for real, not just hidden: no such pid, or dead and waiting to be
    // reaped (a zombie still answers kill -0).
    await expect.poll(() => livingState(lc.initPid)).toBe('gone');
  });
});
