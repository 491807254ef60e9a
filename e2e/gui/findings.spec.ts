// The Findings panel on the Overview, against the lab: the loose container's findings sorted by
// severity with their CIS/PSS numbers, evidence and fixes, a link that opens the tab showing
// the evidence; the hardened container without a high finding. Screenshots in e2e/artifacts/.
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
    for (const rule of ['namespace.host-pid', 'namespace.host-net', 'seccomp.off', 'capabilities.added', 'no-new-privileges', 'limits.memory', 'rootfs.writable']) {
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
