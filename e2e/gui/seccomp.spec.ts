// The decoded seccomp filter on the Seccomp & MAC tab, against real lab containers: Docker's
// default profile named as such with mount refused, the hardened runc container's deny-list
// (unshare refused, read allowed), the loose one said plainly to have no filter, a snapshot
// saying decoding needs a live container; and a real profiling run through the collector, to
// the downloaded profile.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, snap, test } from './app.js';
import { labContainer } from './state.js';

async function openSeccomp(page: Page, key: string): Promise<void> {
  const lc = labContainer(key);
  await page.locator(`.item[data-id="${lc.id}"]`).click();
  await expect(page.locator('.cv-header h1')).toContainText(lc.name);
  await page.getByRole('tab', { name: 'Seccomp & MAC' }).click();
  await expect(page.locator('.profile-match')).toBeVisible({ timeout: 30_000 });
}

async function search(page: Page, text: string): Promise<void> {
  await page.getByLabel('Search syscalls').fill(text);
}

const row = (page: Page, name: string) => page.locator(`.syscall-table tr[data-syscall="${name}"]`);

test.describe('seccomp, decoded', () => {
  test('docker: Docker default, mount refused', async ({ app }, info) => {
    await openSeccomp(app, 'docker');
    await expect(app.locator('.profile-match .profile-name')).toHaveText('Docker default');
    await expect(app.locator('.profile-match')).toContainText('exact match');
    for (const arch of ['x86_64', 'i386', 'x32'])
      await expect(app.getByRole('tab', { name: new RegExp(`^${arch}`) })).toBeVisible();
    await search(app, 'mount');
    await expect(row(app, 'mount')).toHaveAttribute('data-action', 'errno:1');
    await expect(row(app, 'mount')).toContainText('ERRNO(EPERM)');
    await expect(row(app, 'mount')).toHaveClass(/reach-denied/);
    await snap(app, 'seccomp-docker', info.project.name);
    // Docker's clone rule: allowed only without namespace flags, shown with its conditions.
    await search(app, 'clone');
    await expect(row(app, 'clone')).toHaveAttribute('data-action', 'conditional');
    await expect(row(app, 'clone')).toContainText('0x7e020000');
    await expect(row(app, 'clone')).not.toHaveClass(/danger/);
  });

  test('runc-hardened: its deny-list refuses unshare and allows read', async ({ app }, info) => {
    await openSeccomp(app, 'runc-hardened');
    await expect(app.locator('.profile-match .profile-name')).toHaveText('custom');
    await expect(app.locator('.diff-list.denied')).toContainText('unshare');
    // Declared beside effective: runc was given the deny-list in its bundle and installed exactly that.
    await expect(app.getByTestId('declared')).toContainText('the filter in force matches it, syscall by syscall');
    await expect(app.getByTestId('declared')).toContainText('config.json');
    await search(app, 'unshare');
    await expect(row(app, 'unshare')).toHaveClass(/reach-denied/);
    await expect(row(app, 'unshare')).toContainText('ERRNO(EPERM)');
    await search(app, 'read');
    await expect(row(app, 'read')).toHaveAttribute('data-action', 'allow');
    await expect(row(app, 'read')).toHaveClass(/reach-allowed/);
    await search(app, '');
    await app.getByLabel('only dangerous ones let through').check();
    await expect(app.locator('.syscall-table tr.danger').first()).toBeVisible();
    await expect(row(app, 'unshare')).toHaveCount(0);
    await snap(app, 'seccomp-hardened', info.project.name);
  });

  test('runc-loose: no seccomp, said plainly', async ({ app }, info) => {
    await openSeccomp(app, 'runc-loose');
    await expect(app.locator('.profile-match .profile-name')).toHaveText('unconfined');
    await expect(app.locator('.profile-match')).toContainText('No seccomp filter: every system call reaches the kernel');
    await expect(app.locator('.danger-summary')).toContainText('get through');
    await snap(app, 'seccomp-loose', info.project.name);
  });

  test('an opened snapshot: decoding needs a live container', async ({ app }, info) => {
    const hardened = labContainer('runc-hardened');
    await app.locator(`.item[data-id="${hardened.id}"]`).click();
    const [download] = await Promise.all([
      app.waitForEvent('download'),
      app.locator('.cv-header .export-buttons button', { hasText: 'JSON' }).click(),
    ]);
    const path = info.outputPath('exported.json');
    await download.saveAs(path);
    await app.getByTestId('snapshot-file').setInputFiles(path);
    await app.locator(`.item[data-id="snap:${hardened.id}"]`).click();
    await app.getByRole('tab', { name: 'Seccomp & MAC' }).click();
    await expect(app.locator('.tab-panel')).toContainText('Decoded filters are available for live containers only');
    await expect(app.locator('.tab-panel')).toContainText('works on live containers only');
  });

  test('profiling a live container for real: progress, coverage, the generated profile downloaded', async ({ app }, info) => {
    await openSeccomp(app, 'runc-hardened');
    await app.locator('.profiler-controls').getByRole('button', { name: '10 s' }).click();
    await app.getByRole('button', { name: 'Start profiling' }).click();
    await expect(app.getByRole('button', { name: 'Cancel' })).toBeVisible();
    await expect(app.locator('.profile-progress')).toBeVisible();
    await expect(app.locator('.profile-progress')).toContainText('done', { timeout: 30_000 });
    await expect(app.locator('[data-chart="coverage"]')).toBeVisible();
    // The lab container idles (a shell waiting on sleep): the profile is then what runc itself
    // needs to start a container under it, each entry explained.
    await expect(app.locator('.explanations tr[data-syscall="execve"]')).toBeAttached(); // in a folded list
    await snap(app, 'seccomp-profiler-done', info.project.name);
    const [download] = await Promise.all([
      app.waitForEvent('download'),
      app.getByRole('button', { name: 'Download profile (JSON)' }).click(),
    ]);
    const path = info.outputPath('profile.json');
    await download.saveAs(path);
    const profile = JSON.parse(readFileSync(path, 'utf8')) as {
      defaultAction: string;
      syscalls: { names: string[]; action: string }[];
    };
    expect(profile.defaultAction).toBe('SCMP_ACT_ERRNO');
    expect(profile.syscalls[0]!.action).toBe('SCMP_ACT_ALLOW');
    expect(profile.syscalls[0]!.names).toContain('execve');
  });
});
