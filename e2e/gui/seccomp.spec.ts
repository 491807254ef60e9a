// The decoded seccomp filter on the Seccomp & MAC tab, against real lab containers: Docker's
// default profile named as such with mount refused, the hardened runc container's deny-list
// (unshare refused, read allowed), the loose one said plainly to have no filter, a snapshot
// saying decoding needs a live container; and a real profiling run through the collector, to
// the downloaded profile.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, snap, test } from './app.js';
import { Inspector } from './pages/inspector.js';
import { labContainer } from './state.js';

/** Opens a lab container's Seccomp & MAC tab and waits for its filter to be decoded. */
async function openSeccomp(page: Page, key: string): Promise<Inspector> {
  const ui = new Inspector(page);
  await ui.openContainer(labContainer(key), 'Seccomp & MAC');
  await expect(ui.security.profileMatch).toBeVisible({ timeout: 30_000 });
  return ui;
}

test.describe('seccomp, decoded', () => {
  test('docker: Docker default, mount refused', async ({ app }, info) => {
    const sec = (await openSeccomp(app, 'docker')).security;
    await expect(sec.profileName).toHaveText('Docker default');
    await expect(sec.profileMatch).toContainText('exact match');
    for (const arch of ['x86_64', 'i386', 'x32']) await expect(sec.archTab(arch)).toBeVisible();
    await sec.search('mount');
    await expect(sec.syscall('mount')).toHaveAttribute('data-action', 'errno:1');
    await expect(sec.syscall('mount')).toContainText('ERRNO(EPERM)');
    await expect(sec.syscall('mount')).toHaveClass(/reach-denied/);
    await snap(app, 'seccomp-docker', info.project.name);
    // Docker's clone rule: allowed only without namespace flags, shown with its conditions.
    await sec.search('clone');
    await expect(sec.syscall('clone')).toHaveAttribute('data-action', 'conditional');
    await expect(sec.syscall('clone')).toContainText('0x7e020000');
    await expect(sec.syscall('clone')).not.toHaveClass(/danger/);
  });

  test('runc-hardened: its deny-list refuses unshare and allows read', async ({ app }, info) => {
    const sec = (await openSeccomp(app, 'runc-hardened')).security;
    await expect(sec.profileName).toHaveText('custom');
    await expect(sec.deniedDiff).toContainText('unshare');
    // Declared beside effective: runc was given the deny-list in its bundle and installed exactly that.
    await expect(sec.declared).toContainText('the filter in force matches it, syscall by syscall');
    await expect(sec.declared).toContainText('config.json');
    await sec.search('unshare');
    await expect(sec.syscall('unshare')).toHaveClass(/reach-denied/);
    await expect(sec.syscall('unshare')).toContainText('ERRNO(EPERM)');
    await sec.search('read');
    await expect(sec.syscall('read')).toHaveAttribute('data-action', 'allow');
    await expect(sec.syscall('read')).toHaveClass(/reach-allowed/);
    await sec.search('');
    await sec.onlyDangerousLetThrough();
    await expect(sec.dangerousRows.first()).toBeVisible();
    await expect(sec.syscall('unshare')).toHaveCount(0);
    await snap(app, 'seccomp-hardened', info.project.name);
  });

  test('runc-loose: no seccomp, said plainly', async ({ app }, info) => {
    const sec = (await openSeccomp(app, 'runc-loose')).security;
    await expect(sec.profileName).toHaveText('unconfined');
    await expect(sec.profileMatch).toContainText('No seccomp filter: every system call reaches the kernel');
    await expect(sec.dangerSummary).toContainText('get through');
    await snap(app, 'seccomp-loose', info.project.name);
  });

  test('an opened snapshot: decoding needs a live container', async ({ app }, info) => {
    const hardened = labContainer('runc-hardened');
    const ui = new Inspector(app);
    await ui.sidebar.select(hardened.id);
    const [download] = await Promise.all([app.waitForEvent('download'), ui.container.exportButton('JSON').click()]);
    const path = info.outputPath('exported.json');
    await download.saveAs(path);
    await ui.files.open(path);
    await ui.sidebar.snapshotItem(hardened.id).click();
    await ui.container.openTab('Seccomp & MAC');
    await expect(ui.container.panel).toContainText('Decoded filters are available for live containers only');
    await expect(ui.container.panel).toContainText('works on live containers only');
  });

  test('profiling a live container for real: progress, coverage, the generated profile downloaded', async ({ app }, info) => {
    const sec = (await openSeccomp(app, 'runc-hardened')).security;
    await sec.profileFor('10 s');
    await expect(sec.cancelProfiling).toBeVisible();
    await expect(sec.profileProgress).toBeVisible();
    await expect(sec.profileProgress).toContainText('done', { timeout: 30_000 });
    await expect(sec.coverageChart).toBeVisible();
    // The lab container idles (a shell waiting on sleep): the profile is then what runc itself
    // needs to start a container under it, each entry explained.
    await expect(sec.explanation('execve')).toBeAttached(); // in a folded list
    await snap(app, 'seccomp-profiler-done', info.project.name);
    const [download] = await Promise.all([app.waitForEvent('download'), sec.downloadProfile.click()]);
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
