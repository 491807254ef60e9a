// Comparing and snapshots, as a user does it: pick two lab containers and see every expected
// difference explained; export a snapshot, open it again, and compare it with what runs now;
// a hostile file is refused with its reason.
import { readFileSync, writeFileSync } from 'node:fs';
import { expect, snap, test } from './app.js';
import { Inspector } from './pages/inspector.js';
import { labContainer } from './state.js';

async function compareHardenedWithLoose(ui: Inspector): Promise<void> {
  const hardened = labContainer('runc-hardened');
  const loose = labContainer('runc-loose');
  await ui.sidebar.select(hardened.id);
  await ui.compare.open();
  await ui.compare.chooseB(`live:${loose.id}`);
}

test.describe('compare and snapshots', () => {
  test('hardened vs loose: every expected difference, with its direction and meaning', async ({ app }, info) => {
    const ui = new Inspector(app);
    await compareHardenedWithLoose(ui);
    await expect(ui.compare.verdict).toContainText('B is less isolated than A');
    const expected = [
      ['namespaces', 'pid'],
      ['namespaces', 'net'],
      ['namespaces', 'user'],
      ['namespaces', 'cgroup'],
      ['capabilities', 'effective.CAP_SYS_ADMIN'],
      ['capabilities', 'effective.CAP_NET_ADMIN'],
      ['capabilities', 'effective.CAP_SYS_PTRACE'],
      ['seccomp', 'mode'],
      ['seccomp', 'noNewPrivs'],
      ['rootfs', 'readOnly'],
      ['cgroups', 'memoryMax'],
      ['cgroups', 'pidsMax'],
      ['cgroups', 'cpu'],
    ];
    for (const [area, field] of expected) {
      await expect(ui.compare.meaning(area!, field!), `${area} ${field}`).toContainText('B less isolated');
    }
    await expect(ui.compare.meaning('capabilities', 'effective.CAP_SYS_ADMIN')).toContainText('CAP_SYS_ADMIN');
    // Syscall by syscall: the loose container has no filter, so it may call what the hardened one may not.
    await expect(ui.compare.syscallDiff).toContainText('B may call, A may not');
    await expect(ui.compare.syscall('mount')).toContainText('ERRNO(EPERM)');
    // Findings only one side has: the loose container fails the host-network check the hardened one passes.
    const hostNet = ui.compare.findingsOf('b', 'namespace.host-net');
    await expect(hostNet).toContainText('B fails CIS 5.10');
    await expect(hostNet).toContainText('where A passes');
    await expect(ui.compare.findingSeverity('b', 'namespace.host-net')).toHaveText('high');
    await expect(ui.compare.findingsOf('a')).toHaveCount(0);
    await snap(app, 'compare-hardened-loose', info.project.name);
    await ui.compare.findingsDelta.scrollIntoViewIfNeeded();
    await snap(app, 'compare-findings-delta', info.project.name);
    await ui.compare.onlyDifferences.uncheck();
    await expect(ui.compare.factRows('namespaces')).toHaveCount(7);
    await app.keyboard.press('Escape');
    await expect(ui.compare.root).toHaveCount(0);
  });

  test('export a snapshot, open it again, compare it with what runs now', async ({ app }, info) => {
    const ui = new Inspector(app);
    const hardened = labContainer('runc-hardened');
    await ui.sidebar.select(hardened.id);
    const [download] = await Promise.all([app.waitForEvent('download'), ui.container.exportButton('JSON').click()]);
    const path = info.outputPath('exported.json');
    await download.saveAs(path);
    const file = JSON.parse(readFileSync(path, 'utf8'));
    expect(file.snapshot.containers.map((c: { id: string }) => c.id)).toEqual([hardened.id]);
    expect(file.exportedBy).toMatch(/^isoscope /);

    await ui.files.open(path);
    const item = ui.sidebar.snapshotItem(hardened.id);
    await expect(item).toBeVisible();
    await item.click();
    await expect(ui.container.snapshotBanner).toContainText('Read-only');
    await snap(app, 'snapshot-opened', info.project.name);

    // Every field of the file made it into the view's data: compare the snapshot with the live container.
    await ui.compare.open();
    await ui.compare.chooseB(`live:${hardened.id}`);
    await expect(ui.compare.verdict).toHaveText('A and B are equally isolated: no differences.');
    await snap(app, 'compare-snapshot-live', info.project.name);
  });

  test('a hostile or broken file is refused with its reason, and nothing is lost', async ({ app }, info) => {
    const ui = new Inspector(app);
    const cases: [string, string][] = [
      ['not-json.json', '{ this is not json'],
      ['proto.json', '{"schemaVersion":1,"__proto__":{"polluted":true}}'],
      ['foreign.json', '{"name":"some other tool","version":3}'],
      ['deep.json', '['.repeat(200) + ']'.repeat(200)],
    ];
    for (const [name, text] of cases) {
      const path = info.outputPath(name);
      writeFileSync(path, text);
      await ui.files.open(path);
      await expect(ui.files.error).toContainText(`Could not open ${name}:`);
      await ui.files.dismissError();
    }
    expect(await app.evaluate(() => (({}) as Record<string, unknown>).polluted)).toBeUndefined();
    await ui.status.expectConnected();
  });
});
