// The Lab panel (status bar › Lab), against the real collector (root): the four presets with
// what each is and what to look at; Start hardened → it runs, appears in the sidebar, the panel
// shows its posture (Pod Security restricted) and its link selects it; Stop → it is gone from
// the panel and the sidebar. Screenshots in e2e/artifacts/.
import type { Page } from '@playwright/test';
import { connected, expect, snap, test } from './app.js';

const LAB_MS = 180_000;

async function openLab(page: Page) {
  await page.locator('.statusbar .lab-button').click();
  const panel = page.getByTestId('lab-panel');
  await expect(panel).toBeVisible();
  // Demo containers an earlier (crashed) run left are offered for clean-up first.
  const leftover = panel.getByTestId('lab-leftover');
  if (await leftover.isVisible().catch(() => false)) {
    await leftover.getByRole('button', { name: 'Clean up' }).click();
    await expect(leftover).toBeHidden({ timeout: LAB_MS });
  }
  return panel;
}

test.describe('the Lab panel', () => {
  test('start hardened: it runs, appears in the sidebar with its posture; stop: it is gone', async ({ app }, info) => {
    test.setTimeout(LAB_MS * 3);
    await connected(app);
    const panel = await openLab(app);
    await expect(panel.locator('li.lab-preset')).toHaveCount(4);
    for (const preset of ['hardened', 'default', 'loose', 'privileged-like']) {
      const card = panel.locator(`li.lab-preset[data-preset="${preset}"]`);
      await expect(card.locator('.lab-what')).not.toBeEmpty();
      await expect(card.locator('.lab-look')).toContainText('Look at:');
    }
    await expect(panel.getByTestId('lab-needs-root')).toHaveCount(0);
    const hardened = panel.locator('li.lab-preset[data-preset="hardened"]');
    if ((await hardened.getAttribute('data-state')) !== 'stopped') {
      await hardened.getByRole('button', { name: 'Stop' }).click();
      await expect(hardened).toHaveAttribute('data-state', 'stopped', { timeout: LAB_MS });
    }
    await snap(app, 'lab-panel', info.project.name);

    await hardened.getByRole('button', { name: 'Start' }).click();
    await expect(panel.locator('.lab-busy')).toContainText('Starting hardened');
    // Running, or the problem the collector reported (shown in the panel) as the failure's message.
    const problems = panel.locator('.lab-problems');
    await expect
      .poll(async () => ((await problems.count()) > 0 ? await problems.innerText() : await hardened.getAttribute('data-state')), {
        timeout: LAB_MS,
        intervals: [500],
      })
      .toBe('running');
    const link = hardened.locator('.lab-select');
    const id = (await link.getAttribute('data-id'))!;
    expect(id).toMatch(/^isoscope-demo-[0-9a-f]{8}-hardened$/);
    // The collector sees it: in the sidebar, and its posture in the panel.
    const item = app.locator(`.sidebar .item[data-id="${id}"]`);
    await expect(item).toBeVisible({ timeout: 60_000 });
    await expect(hardened.locator('.lab-posture')).toContainText('Pod Security: restricted · 0 high', { timeout: 60_000 });
    await expect(app.locator('.statusbar .lab-button')).toContainText('1 running');
    await snap(app, 'lab-hardened-running', info.project.name);

    // Its link selects it in the sidebar and shows it.
    await link.click();
    await expect(panel).toBeHidden();
    await expect(item).toHaveAttribute('aria-selected', 'true');
    await expect(app.locator('.findings-panel .posture')).toContainText('Pod Security Standards: restricted');
    await snap(app, 'lab-hardened-selected', info.project.name);

    await openLab(app);
    await hardened.getByRole('button', { name: 'Stop' }).click();
    await expect(hardened).toHaveAttribute('data-state', 'stopped', { timeout: LAB_MS });
    await expect(item).toHaveCount(0, { timeout: 60_000 });
    await expect(app.locator('.statusbar .lab-button')).toHaveText('Lab');
    await snap(app, 'lab-hardened-stopped', info.project.name);
  });
});
