// The Lab panel (status bar › Lab), against the real collector (root): the four presets with
// what each is and what to look at; Start hardened → it runs, appears in the sidebar, the panel
// shows its posture (Pod Security restricted) and its link selects it; Stop → it is gone from
// the panel and the sidebar. Screenshots in e2e/artifacts/.
import { connected, expect, snap, test } from './app.js';
import { Inspector } from './pages/inspector.js';
import { LabPanel } from './pages/labPanel.js';

const LAB_MS = 180_000;

test.describe('the Lab panel', () => {
  test('start hardened: it runs, appears in the sidebar with its posture; stop: it is gone', async ({ app }, info) => {
    test.setTimeout(LAB_MS * 3);
    await connected(app);
    const ui = new Inspector(app);
    const lab = new LabPanel(app, LAB_MS);
    await lab.open();
    await expect(lab.presets).toHaveCount(4);
    for (const preset of ['hardened', 'default', 'loose', 'privileged-like']) {
      await expect(lab.what(preset)).not.toBeEmpty();
      await expect(lab.look(preset)).toContainText('Look at:');
    }
    await expect(lab.needsRoot).toHaveCount(0);
    const hardened = lab.preset('hardened');
    if ((await hardened.getAttribute('data-state')) !== 'stopped') await lab.stop('hardened');
    await snap(app, 'lab-panel', info.project.name);

    await lab.start('hardened');
    await expect(lab.busy).toContainText('Starting hardened');
    // Running, or the problem the collector reported (shown in the panel) as the failure's message.
    await expect.poll(() => lab.stateOrProblem('hardened'), { timeout: LAB_MS, intervals: [500] }).toBe('running');
    const id = (await lab.selectLink('hardened').getAttribute('data-id'))!;
    expect(id).toMatch(/^isoscope-demo-[0-9a-f]{8}-hardened$/);
    // The collector sees it: in the sidebar, and its posture in the panel.
    const item = ui.sidebar.item(id);
    await expect(item).toBeVisible({ timeout: 60_000 });
    await expect(lab.posture('hardened')).toContainText('Pod Security: restricted · 0 high', { timeout: 60_000 });
    await expect(lab.button).toContainText('1 running');
    await snap(app, 'lab-hardened-running', info.project.name);

    // Its link selects it in the sidebar and shows it.
    await lab.selectLink('hardened').click();
    await expect(lab.root).toBeHidden();
    await expect(item).toHaveAttribute('aria-selected', 'true');
    await expect(ui.findings.posture).toContainText('Pod Security Standards: restricted');
    await snap(app, 'lab-hardened-selected', info.project.name);

    await lab.open();
    await lab.stop('hardened');
    await expect(item).toHaveCount(0, { timeout: 60_000 });
    await expect(lab.button).toHaveText('Lab');
    await snap(app, 'lab-hardened-stopped', info.project.name);
  });
});
