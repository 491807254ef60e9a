// The Findings panel on the Overview, against the lab: the loose container's findings sorted by
// severity with their CIS/PSS numbers, evidence and fixes, a link that opens the tab showing
// the evidence; the hardened container without a high finding; declared vs effective, matching
// and then made to disagree for real (the pids limit raised through the cgroup file after start),
// in the Findings panel and the compare view. Screenshots in e2e/artifacts/.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, snap, test } from './app.js';
import { labContainer } from './state.js';

async function open(page: Page, key: string): Promise<void> {
  const lc = labContainer(key);
  await page.locator(`.item[data-id="${lc.id}"]`).click();
  await expect(page.locator('.cv-header h1')).toContainText(lc.name);
}

const SEVERITY_ORDER = ['high', 'medium', 'low'];

test.describe('findings in the app', () => {
  test('runc-loose: findings by severity, each with its numbers, evidence, fix and a link to its tab', async ({ app }, info) => {
    await open(app, 'runc-loose');
    const panel = app.locator('.findings-panel');
    await expect(panel).toBeVisible();
    await expect(panel.locator('.posture')).toContainText('Pod Security Standards: privileged');
    const severities = await panel.locator('li.finding').evaluateAll((els) => els.map((e) => e.getAttribute('data-severity')));
    expect(severities.length).toBeGreaterThan(5);
    expect(severities).toEqual([...severities].sort((a, b) => SEVERITY_ORDER.indexOf(a!) - SEVERITY_ORDER.indexOf(b!)));
    for (const rule of [
      'namespace.host-pid',
      'namespace.host-net',
      'seccomp.off',
      'capabilities.added',
      'no-new-privileges',
      'limits.memory',
      'rootfs.writable',
    ]) {
      await expect(panel.locator(`li.finding[data-rule="${rule}"]`), rule).toBeVisible();
    }
    const hostPid = panel.locator('li.finding[data-rule="namespace.host-pid"]');
    await expect(hostPid).toContainText('CIS 5.16');
    await expect(hostPid).toContainText('PSS baseline: Host Namespaces');
    await hostPid.locator('summary').click();
    await expect(hostPid.locator('.evidence')).toContainText(`/proc/${labContainer('runc-loose').initPid}/ns/pid`);
    await expect(hostPid.locator('.fixes')).toContainText('spec.hostPID: false');
    await snap(app, 'findings-loose', info.project.name);
    await hostPid.locator('.evidence-link').click();
    await expect(app.getByRole('tab', { name: 'Namespaces' })).toHaveAttribute('aria-selected', 'true');
  });

  test('runc-hardened: no high finding, baseline', async ({ app }, info) => {
    await open(app, 'runc-hardened');
    const panel = app.locator('.findings-panel');
    await expect(panel.locator('.posture')).toContainText('Pod Security Standards: baseline');
    await expect(panel.locator('li.finding[data-severity="high"]')).toHaveCount(0);
    await expect(panel.locator('li.finding[data-rule="capabilities.not-dropped"]')).toContainText('CHOWN, KILL');
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
    await open(app, 'runc-hardened');
    const panel = app.locator('.findings-panel');
    const table = panel.locator('[data-testid="declared-vs-effective"]');
    await expect(table).toHaveAttribute('data-state', 'matches');
    await expect(table).toContainText('config.json');
    await table.locator('summary').click();
    const pids = table.locator('tr[data-aspect="pids limit"]');
    await expect(pids).toHaveAttribute('data-agree', 'true');
    await expect(pids.locator('td').nth(1)).toHaveText(String(lc.declared.pidsMax));
    const file = pidsMaxFile(lc.initPid);
    const raised = lc.declared.pidsMax! * 4;
    try {
      writeFileSync(file, String(raised));
      await expect(table).toHaveAttribute('data-state', 'differs');
      await expect(pids).toHaveAttribute('data-agree', 'false');
      await expect(pids.locator('td').nth(2)).toHaveText(String(raised));
      const finding = panel.locator('li.finding[data-rule="declared.differs"]');
      await expect(finding).toHaveAttribute('data-severity', 'high');
      await expect(finding).toContainText('pids limit');
      await snap(app, 'declared-differs', info.project.name);
      // The compare view says it for each side.
      await app.getByRole('button', { name: 'Compare…' }).click();
      await app.locator('select[aria-label="Side B"]').selectOption(`live:${labContainer('runc-loose').id}`);
      const sides = app.locator('[data-testid="declared-sides"]');
      await expect(sides.locator('li[data-side="a"]')).toHaveAttribute('data-outcome', 'fail');
      await expect(sides.locator('li[data-side="a"]')).toContainText(`declared ${lc.declared.pidsMax}`);
      await sides.scrollIntoViewIfNeeded();
      await snap(app, 'declared-compare', info.project.name);
      await app.getByRole('button', { name: 'Close', exact: true }).click();
    } finally {
      writeFileSync(file, String(lc.declared.pidsMax));
    }
    await open(app, 'runc-hardened');
    await expect(app.locator('.findings-panel [data-testid="declared-vs-effective"]')).toHaveAttribute('data-state', 'matches');
  });
});
