// Comparing and snapshots, as a user does it: pick two lab containers and see every expected
// difference explained; export a snapshot, open it again, and compare it with what runs now;
// a hostile file is refused with its reason.
import { readFileSync, writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, snap, test } from './app.js';
import { labContainer } from './state.js';

async function compareHardenedWithLoose(page: Page): Promise<void> {
  const hardened = labContainer('runc-hardened');
  const loose = labContainer('runc-loose');
  await page.locator(`.item[data-id="${hardened.id}"]`).click();
  await page.getByRole('button', { name: 'Compare…' }).click();
  await page.locator('select[aria-label="Side B"]').selectOption(`live:${loose.id}`);
}

test.describe('compare and snapshots', () => {
  test('hardened vs loose: every expected difference, with its direction and meaning', async ({ app }, info) => {
    await compareHardenedWithLoose(app);
    await expect(app.getByTestId('verdict')).toContainText('B is less isolated than A');
    const expected = [
      ['namespaces', 'pid'], ['namespaces', 'net'], ['namespaces', 'user'], ['namespaces', 'cgroup'],
      ['capabilities', 'effective.CAP_SYS_ADMIN'], ['capabilities', 'effective.CAP_NET_ADMIN'], ['capabilities', 'effective.CAP_SYS_PTRACE'],
      ['seccomp', 'mode'], ['seccomp', 'noNewPrivs'], ['rootfs', 'readOnly'], ['cgroups', 'memoryMax'], ['cgroups', 'pidsMax'], ['cgroups', 'cpu'],
    ];
    for (const [area, field] of expected) {
      const row = app.locator(`tbody[data-area="${area}"] tr.meaning[data-field="${field}"]`);
      await expect(row, `${area} ${field}`).toContainText('B less isolated');
    }
    await expect(app.locator('tbody[data-area="capabilities"] tr.meaning[data-field="effective.CAP_SYS_ADMIN"]')).toContainText('CAP_SYS_ADMIN');
    // Syscall by syscall: the loose container has no filter, so it may call what the hardened one may not.
    await expect(app.getByTestId('syscall-diff')).toContainText('B may call, A may not');
    await expect(app.locator('[data-testid="syscall-diff"] tr[data-syscall="mount"]')).toContainText('ERRNO(EPERM)');
    // Findings only one side has: the loose container fails the host-network check the hardened one passes.
    const hostNet = app.locator('[data-testid="findings-delta"] li[data-side="b"][data-rule="namespace.host-net"]');
    await expect(hostNet).toContainText('B fails CIS 5.10');
    await expect(hostNet).toContainText('where A passes');
    await expect(hostNet.locator('.sev')).toHaveText('high');
    await expect(app.locator('[data-testid="findings-delta"] li[data-side="a"]')).toHaveCount(0);
    await snap(app, 'compare-hardened-loose', info.project.name);
    await app.getByTestId('findings-delta').scrollIntoViewIfNeeded();
    await snap(app, 'compare-findings-delta', info.project.name);
    await app.locator('.only-diffs input').uncheck();
    await expect(app.locator('tbody[data-area="namespaces"] tr:not(.meaning):not(.area-row)')).toHaveCount(7);
    await app.keyboard.press('Escape');
    await expect(app.locator('.compare-view')).toHaveCount(0);
  });

  test('export a snapshot, open it again, compare it with what runs now', async ({ app }, info) => {
    const hardened = labContainer('runc-hardened');
    await app.locator(`.item[data-id="${hardened.id}"]`).click();
    const [download] = await Promise.all([app.waitForEvent('download'), app.locator('.cv-header .export-buttons button', { hasText: 'JSON' }).click()]);
    const path = info.outputPath('exported.json');
    await download.saveAs(path);
    const file = JSON.parse(readFileSync(path, 'utf8'));
    expect(file.snapshot.containers.map((c: { id: string }) => c.id)).toEqual([hardened.id]);
    expect(file.exportedBy).toMatch(/^isoscope /);

    await app.getByTestId('snapshot-file').setInputFiles(path);
    const item = app.locator(`.item[data-id="snap:${hardened.id}"]`);
    await expect(item).toBeVisible();
    await item.click();
    await expect(app.locator('.snapshot-banner')).toContainText('Read-only');
    await snap(app, 'snapshot-opened', info.project.name);

    // Every field of the file made it into the view's data: compare the snapshot with the live container.
    await app.getByRole('button', { name: 'Compare…' }).click();
    await app.locator('select[aria-label="Side B"]').selectOption(`live:${hardened.id}`);
    await expect(app.getByTestId('verdict')).toHaveText('A and B are equally isolated: no differences.');
    await snap(app, 'compare-snapshot-live', info.project.name);
  });

  test('a hostile or broken file is refused with its reason, and nothing is lost', async ({ app }, info) => {
    const cases: [string, string][] = [
      ['not-json.json', '{ this is not json'],
      ['proto.json', '{"schemaVersion":1,"__proto__":{"polluted":true}}'],
      ['foreign.json', '{"name":"some other tool","version":3}'],
      ['deep.json', '['.repeat(200) + ']'.repeat(200)],
    ];
    for (const [name, text] of cases) {
      const path = info.outputPath(name);
      writeFileSync(path, text);
      await app.getByTestId('snapshot-file').setInputFiles(path);
      await expect(app.locator('.import-error')).toContainText(`Could not open ${name}:`);
      await app.locator('.import-error button').click();
    }
    expect(await app.evaluate(() => ({} as Record<string, unknown>).polluted)).toBeUndefined();
    await expect(app.locator('.statusbar .conn')).toHaveText('collector connected');
  });
});
