// "What this is and why it matters here" on every tab, against the lab: the intro teaches the
// tab's kernel feature and says what it means for this container (sentences written from the
// lab's declared configuration, e2e/lab/README.md), links to the man pages, collapses and stays
// collapsed; the host view lists the host's findings. Screenshots in e2e/artifacts/.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, snap, test } from './app.js';
import { labContainer } from './state.js';

async function open(page: Page, key: string): Promise<void> {
  const lc = labContainer(key);
  await page.locator(`.item[data-id="${lc.id}"]`).click();
  await expect(page.locator('.cv-header h1')).toContainText(lc.name);
}

async function tab(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name, exact: true }).click();
  await expect(page.getByRole('tab', { name, exact: true })).toHaveAttribute('aria-selected', 'true');
}

const intro = (page: Page, id: string) => page.locator(`.area-intro[data-area-intro="${id}"]`);

/** Expands the intro if an earlier test (the stand-in keeps one window) left it collapsed. */
async function expanded(page: Page, id: string): Promise<void> {
  const toggle = intro(page, id).locator('.area-intro-toggle');
  if ((await toggle.getAttribute('aria-expanded')) === 'false') await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
}

const MiB = (n: number) => `${n / 1024 / 1024} MiB`;

test.describe('explanations in the app', () => {
  test("runc-loose: every tab's intro teaches its feature and says what it means for this container", async ({ app }, info) => {
    await open(app, 'runc-loose');
    const lc = labContainer('runc-loose');
    const hostNs = ['pid', 'net', 'mnt', 'user', 'ipc', 'uts', 'cgroup'].filter((t) => lc.declared.hostNamespaces!.includes(t));
    // tab label → intro id, the feature it teaches, a sentence that follows from the lab's declared config.
    const expected: [string, string, string, string][] = [
      [
        'Overview',
        'overview',
        'Five kernel features make a container',
        `It shares the host's ${hostNs.slice(0, -1).join(', ')} and ${hostNs.at(-1)} namespaces`,
      ],
      ['Processes', 'processes', 'To the kernel a container is only processes', `its init is host pid ${lc.initPid}`],
      [
        'Namespaces',
        'namespaces',
        'A namespace gives the processes in it their own instance',
        "It shares the host's network namespace: it sees the host's interfaces, can bind the host's ports",
      ],
      [
        'Cgroups',
        'cgroups',
        'A control group (cgroup) is a node in a tree of processes',
        "No memory limit: it can use all of the host's memory until the OOM killer acts",
      ],
      [
        'Capabilities',
        'capabilities',
        "Linux splits root's power into about forty capabilities",
        'CapEff has CAP_SYS_ADMIN: mount filesystems',
      ],
      [
        'Seccomp & MAC',
        'security',
        'Seccomp lets a process attach BPF filters',
        'No seccomp filter: every system call its capabilities allow reaches the kernel',
      ],
      ['Resources', 'resources', "These are the kernel's own counters", 'with no limit above it'],
      ['Timeline', 'timeline', 'Isolation is not fixed at start', 'Its init started at'],
    ];
    expected.push([
      'Mounts & devices',
      'mounts',
      'The mount namespace gives a container its own mount table',
      lc.declared.readonlyRootfs ? 'mounted read-only' : 'Its root filesystem is writable',
    ]);
    for (const [label, id, teaches, here] of expected) {
      await tab(app, label);
      await expanded(app, id);
      const box = intro(app, id);
      await expect(box, label).toContainText(teaches);
      await expect(box, label).toContainText(here);
      await expect(app.locator('.tab-panel > .area-intro'), `${label}: one intro, first in the panel`).toHaveCount(1);
      if (id === 'namespaces') await snap(app, 'explain-loose-namespaces', info.project.name);
    }
    // Seccomp & MAC explains both: MAC says the host runs neither AppArmor nor SELinux, or that it could not tell.
    await tab(app, 'Seccomp & MAC');
    await expect(intro(app, 'security').locator('.explain-area')).toHaveCount(2);
    await expect(intro(app, 'security').locator('.explain-area[data-area="mac"]')).toContainText(
      /Neither AppArmor nor SELinux is active|active security modules are unavailable|AppArmor profile|SELinux type/,
    );
    await snap(app, 'explain-loose-security', info.project.name);
    // Man pages open outside the app (man7.org is on the link allow-list).
    const link = intro(app, 'security').getByRole('link', { name: 'seccomp(2)' });
    await expect(link).toHaveAttribute('href', 'https://man7.org/linux/man-pages/man2/seccomp.2.html');
    await expect(link).toHaveAttribute('target', '_blank');
  });

  test('runc-hardened: its limits and its user namespace, in its own words', async ({ app }, info) => {
    await open(app, 'runc-hardened');
    const d = labContainer('runc-hardened').declared;
    await tab(app, 'Cgroups');
    await expanded(app, 'cgroups');
    await expect(intro(app, 'cgroups')).toContainText(`Memory is limited to ${MiB(d.memoryMaxBytes!)}`);
    await expect(intro(app, 'cgroups')).toContainText(`At most ${d.pidsMax} processes`);
    await tab(app, 'Namespaces');
    const root = d.uidMap!.find((m) => m.inside === 0)!;
    await expect(intro(app, 'namespaces')).toContainText(`uid 0 inside is uid ${root.outside} on the host`);
    await expect(intro(app, 'namespaces').locator('li[data-tone="bad"]')).toHaveCount(0);
    await snap(app, 'explain-hardened-namespaces', info.project.name);
  });

  test('the intro collapses, stays collapsed on every tab and after a reload, and opens again', async ({ app }, info) => {
    await open(app, 'runc-loose');
    await tab(app, 'Namespaces');
    await expanded(app, 'namespaces');
    const toggle = intro(app, 'namespaces').locator('.area-intro-toggle');
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await expect(intro(app, 'namespaces').locator('.area-intro-body')).toHaveCount(0);
    await expect(app.locator('tr[data-ns="net"]')).toBeVisible();
    await snap(app, 'explain-collapsed', info.project.name);
    await tab(app, 'Capabilities');
    await expect(intro(app, 'capabilities').locator('.area-intro-toggle')).toHaveAttribute('aria-expanded', 'false');
    await app.reload();
    await open(app, 'runc-loose');
    await tab(app, 'Capabilities');
    await expect(intro(app, 'capabilities').locator('.area-intro-toggle')).toHaveAttribute('aria-expanded', 'false');
    await intro(app, 'capabilities').locator('.area-intro-toggle').click();
    await expect(intro(app, 'capabilities')).toContainText('CapEff has CAP_SYS_ADMIN');
  });

  test("the host view lists the host's findings, most severe first, each linking to its evidence", async ({ app }, info) => {
    await app.locator('.item.host').click();
    const panel = app.locator('[data-testid="host-findings"]');
    await expect(panel).toBeVisible();
    // What the host runs decides the MAC finding: read it here as the collector does.
    let lsms: string[] | null = null;
    try {
      lsms = readFileSync('/sys/kernel/security/lsm', 'utf8').trim().split(',');
    } catch {
      lsms = null; // securityfs not mounted: the containers' attr/current then answer EINVAL on a host without AppArmor/SELinux
    }
    const confined = lsms !== null && (lsms.includes('apparmor') || lsms.includes('selinux'));
    const noMac = panel.locator('li.finding[data-rule="host.no-mac"]');
    if (confined) {
      await expect(noMac).toHaveCount(0);
      await expect(panel).toContainText('No host findings');
    } else {
      await expect(noMac).toBeVisible();
      await expect(noMac).toHaveAttribute('data-severity', 'medium');
      await expect(noMac).toContainText('No mandatory access control on the host');
      await expect(noMac).toContainText('CIS 5.2');
      const severities = await panel.locator('li.finding').evaluateAll((els) => els.map((e) => e.getAttribute('data-severity')));
      expect(severities).toEqual(
        [...severities].sort((a, b) => ['high', 'medium', 'low'].indexOf(a!) - ['high', 'medium', 'low'].indexOf(b!)),
      );
      await noMac.locator('summary').click();
      await expect(noMac.locator('.fixes')).toContainText('AppArmor');
      await noMac.locator('.evidence-link').click();
      await expect(app.locator('#host-fact-lsms')).toHaveClass(/flash/);
      await expect(app.locator('#host-fact-lsms')).toBeInViewport();
    }
    await panel.scrollIntoViewIfNeeded();
    await snap(app, 'host-findings', info.project.name);
  });
});
