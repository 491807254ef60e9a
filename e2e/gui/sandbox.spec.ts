// gVisor and Kata in the app, as a user meets them: snapshots taken by the collector from the
// fixture trees built of public captures (electron/agent/fixtures/roots/gvisor-k8s, kata-k8s)
// are opened with "Open snapshot"; each sandboxed container's header says what its boundary is,
// whose facts the tabs show (the sandbox's host process, not the workload's) and lists the
// runtime's host processes with their roles; the sidebar badge names the boundary. The planted
// lookalike (an ordinary container whose process calls itself runsc-sandbox) gets none of it.
// Live: with Debian's runsc installed, a real gVisor sandbox shows up with its boundary badge in
// the sidebar. Screenshots go to e2e/artifacts/.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, snap, test } from './app.js';
import { Inspector } from './pages/inspector.js';
import { Collector } from '../../electron/agent/collect/collector.js';
import { snapshotFile } from '../../shared/snapshot/migrate.js';

const ROOTS = join(process.cwd(), 'electron/agent/fixtures/roots');

interface Expected {
  sandboxed: { containerId: string; factsOf: { pid: number }; hostProcesses: { pid: number; role: string }[] }[];
  notSandboxed: { containerId: string }[];
}

async function snapshotOf(tree: string, out: string): Promise<Expected> {
  const snapshot = await new Collector({ root: join(ROOTS, tree), useEngineApis: false }).snapshot();
  writeFileSync(out, JSON.stringify(snapshotFile(snapshot, 'isoscope sandbox.spec')));
  return JSON.parse(readFileSync(join(ROOTS, tree, 'EXPECTED.json'), 'utf8')) as Expected;
}

test.describe('sandboxed runtimes', () => {
  test('gVisor: the user-space kernel banner, its host processes, and a lookalike that is not one', async ({ app }, info) => {
    const path = info.outputPath('gvisor-k8s.json');
    const e = await snapshotOf('gvisor-k8s', path);
    const ui = new Inspector(app);
    const cv = ui.container;
    await ui.files.open(path);
    const g = e.sandboxed[0]!;
    const item = ui.sidebar.snapshotItem(g.containerId);
    await expect(item).toBeVisible();
    await item.click();
    // The Badges component (the sidebar's too, for live containers) names the boundary first.
    await expect(cv.firstBadge).toHaveText('gVisor');
    await expect(cv.boundaryTitle).toHaveText('User-space kernel: gVisor');
    await expect(cv.boundaryBanner).toContainText(
      `These are the facts of gVisor's sandbox process on the host (pid ${g.factsOf.pid}); the workload runs on gVisor's user-space kernel and its own view is not visible from here.`,
    );
    for (const p of g.hostProcesses) await expect(cv.boundaryProcess(p.pid)).toHaveAttribute('data-role', p.role);
    await expect(cv.boundaryProcesses).toHaveCount(g.hostProcesses.length);
    // The process badges are said to be the sandbox's.
    await expect(cv.badge('seccomp')).toHaveText('host: seccomp');
    await snap(app, 'sandbox-gvisor', info.project.name);

    await ui.sidebar.snapshotItem(e.notSandboxed[0]!.containerId).click();
    await expect(cv.header).toBeVisible();
    await expect(cv.boundaryBanner).toHaveCount(0);
    await expect(cv.badge('boundary')).toHaveCount(0);
    await snap(app, 'sandbox-gvisor-lookalike', info.project.name);
  });

  test('Kata: the virtual machine banner, the VMM, shim and virtiofsd on the host', async ({ app }, info) => {
    const path = info.outputPath('kata-k8s.json');
    const e = await snapshotOf('kata-k8s', path);
    const ui = new Inspector(app);
    const cv = ui.container;
    await ui.files.open(path);
    const k = e.sandboxed[0]!;
    await ui.sidebar.snapshotItem(k.containerId).click();
    await expect(cv.badge('boundary')).toHaveText('VM');
    await expect(cv.boundaryTitle).toHaveText('Virtual machine: Kata Containers (QEMU)');
    await expect(cv.boundaryBanner).toContainText(
      `These are the facts of Kata's virtual machine monitor (QEMU) on the host (pid ${k.factsOf.pid}); the workload runs inside the virtual machine and its own view is not visible from here.`,
    );
    for (const p of k.hostProcesses) await expect(cv.boundaryProcess(p.pid)).toHaveAttribute('data-role', p.role);
    await expect(cv.boundaryProcesses).toHaveCount(k.hostProcesses.length);
    await snap(app, 'sandbox-kata', info.project.name);
  });

  test('live: a real gVisor sandbox (runsc installed) gets the boundary badge in the sidebar and the banner', async ({
    app,
  }, info) => {
    const noRunsc = spawnSync('runsc', ['--version']).status !== 0;
    // CI installs runsc (e2e/lab/install-deps.sh): there its absence is a failure, not a skip.
    if (noRunsc && process.env['CI'] === 'true')
      throw new Error('runsc is not installed, though install-deps.sh installs it in CI');
    test.skip(noRunsc, 'runsc is not installed (apt-get install runsc)');
    const id = `isoscope-gui-gv-${randomBytes(4).toString('hex')}`;
    const bundle = mkdtempSync(join(tmpdir(), 'isoscope-gui-gv-'));
    const madeRoot = !existsSync('/run/runsc');
    try {
      mkdirSync(join(bundle, 'rootfs/bin'), { recursive: true });
      copyFileSync('/usr/bin/busybox', join(bundle, 'rootfs/bin/busybox'));
      chmodSync(join(bundle, 'rootfs/bin/busybox'), 0o755);
      symlinkSync('busybox', join(bundle, 'rootfs/bin/sleep'));
      execFileSync('runsc', ['spec', '--', '/bin/sleep', '1000'], { cwd: bundle, stdio: 'ignore', timeout: 30_000 });
      if (madeRoot) mkdirSync('/run/runsc', { mode: 0o700 });
      // stdio ignored: the detached sandbox would hold a pipe open for ever.
      execFileSync('runsc', ['--root', '/run/runsc', '--network=none', 'run', '--detach', '--bundle', bundle, id], {
        stdio: 'ignore',
        timeout: 60_000,
      });
      const ui = new Inspector(app);
      const cv = ui.container;
      await expect(ui.sidebar.itemBadge(id, 'boundary')).toHaveText('gVisor', { timeout: 30_000 });
      await expect(ui.sidebar.itemBadge(id, 'seccomp')).toHaveText('host: seccomp');
      await ui.sidebar.select(id);
      await expect(cv.boundaryTitle).toHaveText('User-space kernel: gVisor');
      await expect(cv.boundaryExecutable('sandbox')).toHaveText('/usr/bin/runsc');
      await expect(cv.boundaryRole('gofer')).toHaveCount(1);
      await snap(app, 'sandbox-gvisor-live', info.project.name);
    } finally {
      spawnSync('runsc', ['--root', '/run/runsc', 'delete', '--force', id]);
      if (madeRoot) rmSync('/run/runsc', { recursive: true, force: true });
      rmSync(bundle, { recursive: true, force: true });
    }
  });
});
