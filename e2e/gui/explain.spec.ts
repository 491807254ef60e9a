// "What this is and why it matters here" on every tab, against the lab: the intro teaches the
// tab's kernel feature and says what it means for this container (sentences written from the
// lab's declared configuration, e2e/lab/README.md), links to the man pages, collapses and stays
// collapsed; the host view lists the host's findings. Screenshots in e2e/artifacts/.
import { readFileSync } from 'node:fs';
import { expect, snap, test } from './app.js';
import { bySeverity } from './pages/findings.js';
import { Inspector } from './pages/inspector.js';
import { labContainer } from './state.js';

const MiB = (n: number) => `${n / 1024 / 1024} MiB`;

test.describe('explanations in the app', () => {
  test("runc-loose: every tab's intro teaches its feature and says what it means for this container", async ({ app }, info) => {
    const ui = new Inspector(app);
    const lc = labContainer('runc-loose');
    await ui.openContainer(lc);
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
      await ui.container.showTab(label);
      await ui.intro.expand(id);
      const box = ui.intro.of(id);
      await expect(box, label).toContainText(teaches);
      await expect(box, label).toContainText(here);
      await expect(ui.intro.inPanel, `${label}: one intro, first in the panel`).toHaveCount(1);
      if (id === 'namespaces') await snap(app, 'explain-loose-namespaces', info.project.name);
    }
    // Seccomp & MAC explains both: MAC says the host runs neither AppArmor nor SELinux, or that it could not tell.
    await ui.container.showTab('Seccomp & MAC');
    await expect(ui.intro.explanations('security')).toHaveCount(2);
    await expect(ui.intro.explanations('security', 'mac')).toContainText(
      /Neither AppArmor nor SELinux is active|active security modules are unavailable|AppArmor profile|SELinux type/,
    );
    await snap(app, 'explain-loose-security', info.project.name);
    // Man pages open outside the app (man7.org is on the link allow-list).
    const link = ui.intro.link('security', 'seccomp(2)');
    await expect(link).toHaveAttribute('href', 'https://man7.org/linux/man-pages/man2/seccomp.2.html');
    await expect(link).toHaveAttribute('target', '_blank');
  });

  test('runc-hardened: its limits and its user namespace, in its own words', async ({ app }, info) => {
    const ui = new Inspector(app);
    const lc = labContainer('runc-hardened');
    const d = lc.declared;
    await ui.openContainer(lc);
    await ui.container.showTab('Cgroups');
    await ui.intro.expand('cgroups');
    await expect(ui.intro.of('cgroups')).toContainText(`Memory is limited to ${MiB(d.memoryMaxBytes!)}`);
    await expect(ui.intro.of('cgroups')).toContainText(`At most ${d.pidsMax} processes`);
    await ui.container.showTab('Namespaces');
    const root = d.uidMap!.find((m) => m.inside === 0)!;
    await expect(ui.intro.of('namespaces')).toContainText(`uid 0 inside is uid ${root.outside} on the host`);
    await expect(ui.intro.linesWithTone('namespaces', 'bad')).toHaveCount(0);
    await snap(app, 'explain-hardened-namespaces', info.project.name);
  });

  test('the intro collapses, stays collapsed on every tab and after a reload, and opens again', async ({ app }, info) => {
    const ui = new Inspector(app);
    const lc = labContainer('runc-loose');
    await ui.openContainer(lc);
    await ui.container.showTab('Namespaces');
    await ui.intro.expand('namespaces');
    await ui.intro.toggle('namespaces').click();
    await ui.intro.expectExpanded('namespaces', false);
    await expect(ui.intro.body('namespaces')).toHaveCount(0);
    await expect(ui.container.namespaceRow('net')).toBeVisible();
    await snap(app, 'explain-collapsed', info.project.name);
    await ui.container.showTab('Capabilities');
    await ui.intro.expectExpanded('capabilities', false);
    await app.reload();
    await ui.openContainer(lc);
    await ui.container.showTab('Capabilities');
    await ui.intro.expectExpanded('capabilities', false);
    await ui.intro.toggle('capabilities').click();
    await expect(ui.intro.of('capabilities')).toContainText('CapEff has CAP_SYS_ADMIN');
  });

  test("the host view lists the host's findings, most severe first, each linking to its evidence", async ({ app }, info) => {
    const ui = new Inspector(app);
    await ui.sidebar.selectHost();
    const findings = ui.hostView.findings;
    const panel = findings.root;
    await expect(panel).toBeVisible();
    // What the host runs decides the MAC finding: read it here as the collector does.
    let lsms: string[] | null = null;
    try {
      lsms = readFileSync('/sys/kernel/security/lsm', 'utf8').trim().split(',');
    } catch {
      lsms = null; // securityfs not mounted: the containers' attr/current then answer EINVAL on a host without AppArmor/SELinux
    }
    const confined = lsms !== null && (lsms.includes('apparmor') || lsms.includes('selinux'));
    const noMac = findings.finding('host.no-mac');
    if (confined) {
      await expect(noMac).toHaveCount(0);
      await expect(panel).toContainText('No host findings');
    } else {
      await expect(noMac).toBeVisible();
      await expect(noMac).toHaveAttribute('data-severity', 'medium');
      await expect(noMac).toContainText('No mandatory access control on the host');
      await expect(noMac).toContainText('CIS 5.2');
      const severities = await findings.severities();
      expect(severities).toEqual(bySeverity(severities));
      await findings.expand('host.no-mac');
      await expect(findings.fixes('host.no-mac')).toContainText('AppArmor');
      await findings.evidenceLink('host.no-mac').click();
      await expect(ui.hostView.fact('lsms')).toHaveClass(/flash/);
      await expect(ui.hostView.fact('lsms')).toBeInViewport();
    }
    await panel.scrollIntoViewIfNeeded();
    await snap(app, 'host-findings', info.project.name);
  });
});
