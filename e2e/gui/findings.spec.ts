// The Findings panel on the Overview, against the lab: the loose container's findings sorted by
// severity with their CIS/PSS numbers, evidence and fixes, a link that opens the tab showing
// the evidence; the hardened container without a high finding; declared vs effective, matching
// and then made to disagree for real (the pids limit raised through the cgroup file after start),
// in the Findings panel and the compare view. Screenshots in e2e/artifacts/.
import { readFileSync, writeFileSync } from 'node:fs';
import { expect, snap, test } from './app.js';
import { bySeverity } from './pages/findings.js';
import { Inspector } from './pages/inspector.js';
import { labContainer } from './state.js';

test.describe('findings in the app', () => {
  test('runc-loose: findings by severity, each with its numbers, evidence, fix and a link to its tab', async ({ app }, info) => {
    const ui = new Inspector(app);
    const findings = ui.findings;
    await ui.openContainer(labContainer('runc-loose'));
    await expect(findings.root).toBeVisible();
    await expect(findings.posture).toContainText('Pod Security Standards: privileged');
    const severities = await findings.severities();
    expect(severities.length).toBeGreaterThan(5);
    expect(severities).toEqual(bySeverity(severities));
    for (const rule of [
      'namespace.host-pid',
      'namespace.host-net',
      'seccomp.off',
      'capabilities.added',
      'no-new-privileges',
      'limits.memory',
      'rootfs.writable',
    ]) {
      await expect(findings.finding(rule), rule).toBeVisible();
    }
    const hostPid = findings.finding('namespace.host-pid');
    await expect(hostPid).toContainText('CIS 5.16');
    await expect(hostPid).toContainText('PSS baseline: Host Namespaces');
    await findings.expand('namespace.host-pid');
    await expect(findings.evidence('namespace.host-pid')).toContainText(`/proc/${labContainer('runc-loose').initPid}/ns/pid`);
    await expect(findings.fixes('namespace.host-pid')).toContainText('spec.hostPID: false');
    await snap(app, 'findings-loose', info.project.name);
    await findings.evidenceLink('namespace.host-pid').click();
    await expect(ui.container.tab('Namespaces')).toHaveAttribute('aria-selected', 'true');
  });

  test('runc-hardened: no high finding, baseline', async ({ app }, info) => {
    const ui = new Inspector(app);
    const findings = ui.findings;
    await ui.openContainer(labContainer('runc-hardened'));
    await expect(findings.posture).toContainText('Pod Security Standards: baseline');
    await expect(findings.withSeverity('high')).toHaveCount(0);
    await expect(findings.finding('capabilities.not-dropped')).toContainText('CHOWN, KILL');
    await snap(app, 'findings-hardened', info.project.name);
  });
});

/** The pids.max file of a process's cgroup (v1 pids controller, or the v2 tree). */
function pidsMaxFile(pid: number): string {
  const lines = readFileSync(`/proc/${pid}/cgroup`, 'utf8').trim().split('\n');
  const v1 = lines.find((l) => l.split(':')[1]?.split(',').includes('pids'));
  if (v1) return `/sys/fs/cgroup/pids${v1.split(':')[2]}/pids.max`;
  return `/sys/fs/cgroup${lines.find((l) => l.startsWith('0::'))!.slice(3)}/pids.max`;
}

test.describe('declared vs effective in the app', () => {
  test('runc-hardened: the kernel enforces what its bundle declares; a pids limit raised after start is shown as a disagreement', async ({
    app,
  }, info) => {
    const lc = labContainer('runc-hardened');
    const ui = new Inspector(app);
    const findings = ui.findings;
    await ui.openContainer(lc);
    const table = findings.declared;
    await expect(table).toHaveAttribute('data-state', 'matches');
    await expect(table).toContainText('config.json');
    await findings.expandDeclared();
    const pids = findings.aspect('pids limit');
    await expect(pids).toHaveAttribute('data-agree', 'true');
    await expect(findings.declaredValue('pids limit')).toHaveText(String(lc.declared.pidsMax));
    const file = pidsMaxFile(lc.initPid);
    const raised = lc.declared.pidsMax! * 4;
    try {
      writeFileSync(file, String(raised));
      await expect(table).toHaveAttribute('data-state', 'differs');
      await expect(pids).toHaveAttribute('data-agree', 'false');
      await expect(findings.effectiveValue('pids limit')).toHaveText(String(raised));
      const finding = findings.finding('declared.differs');
      await expect(finding).toHaveAttribute('data-severity', 'high');
      await expect(finding).toContainText('pids limit');
      await snap(app, 'declared-differs', info.project.name);
      // The compare view says it for each side.
      await ui.compare.open();
      await ui.compare.chooseB(`live:${labContainer('runc-loose').id}`);
      await expect(ui.compare.declaredSide('a')).toHaveAttribute('data-outcome', 'fail');
      await expect(ui.compare.declaredSide('a')).toContainText(`declared ${lc.declared.pidsMax}`);
      await ui.compare.declaredSides.scrollIntoViewIfNeeded();
      await snap(app, 'declared-compare', info.project.name);
      await ui.compare.close();
    } finally {
      writeFileSync(file, String(lc.declared.pidsMax));
    }
    await ui.openContainer(lc);
    await expect(findings.declared).toHaveAttribute('data-state', 'matches');
  });
});
