// The Mounts & devices tab on real runc containers started under the lab's runc root: one with
// a listening docker.sock and the host's /root bound in writable (both flagged first, with
// their reasons), a plain data dir in the table with its host source; one with runc's masked
// paths removed ("missing from the default"). Screenshots go to e2e/artifacts/.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { stopRunc } from '../lab/runtimes/runc.js';
import { startRuncWithMounts, type RuncMountsContainer } from '../lab/runtimes/runcMounts.js';
import { expect, snap, test } from './app.js';
import { Inspector } from './pages/inspector.js';
import { guiState } from './state.js';

let server: Server | null = null;
let dir = '';
const started: RuncMountsContainer[] = [];
let exposed: RuncMountsContainer;
let unmasked: RuncMountsContainer;

test.beforeAll(async () => {
  const lab = guiState().lab;
  // Each project runs this file in its own worker: names carry the worker's pid.
  const tag = `gui${process.pid}`;
  dir = `${lab.internals.runDir}/${tag}`;
  mkdirSync(`${dir}/data`, { recursive: true });
  mkdirSync(`${dir}/sock`, { recursive: true });
  writeFileSync(`${dir}/data/hello`, 'hi');
  server = createServer(() => undefined);
  await new Promise<void>((resolve) => server!.listen(`${dir}/sock/docker.sock`, resolve));
  exposed = await startRuncWithMounts(lab, `${tag}-exposed`, {
    binds: [
      { source: `${dir}/sock/docker.sock`, destination: '/var/run/docker.sock', options: ['bind', 'rw'] },
      { source: '/root', destination: '/host-root', options: ['rbind', 'rw'] },
      { source: `${dir}/data`, destination: '/data', options: ['rbind', 'ro'] },
    ],
  });
  started.push(exposed);
  unmasked = await startRuncWithMounts(lab, `${tag}-unmasked`, { binds: [], unmasked: true });
  started.push(unmasked);
});

test.afterAll(async () => {
  const lab = guiState().lab;
  for (const c of started) await stopRunc(lab.runcRoot, c.id, c.cgroupsPath, lab.prefix).catch(() => undefined);
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

test.describe('the Mounts & devices tab', () => {
  test('flags the docker.sock and the writable host /root first, with their reasons, then every mount', async ({ app }, info) => {
    const ui = new Inspector(app);
    const mounts = ui.mounts;
    await ui.openWhenListed(exposed.id, 'Mounts & devices');
    const sock = mounts.flag('/var/run/docker.sock');
    await expect(sock).toContainText('runtime-socket');
    await expect(sock).toContainText(`The host's ${dir}/sock/docker.sock is bound in: the Docker API`);
    const root = mounts.flag('/host-root');
    await expect(root).toContainText('host-directory');
    await expect(root).toContainText("The host's /root is bound in writable at /host-root: root's home on the host");
    // Flagged mounts come first, the most severe first; the plain data dir is not flagged.
    await expect(mounts.flags).toHaveCount(2);
    const data = mounts.mount('/data');
    await expect(data).toContainText(`${dir}/data`);
    await expect(data).toContainText('ro');
    await expect(data).not.toHaveClass(/flagged/);
    await expect(mounts.mount('/var/run/docker.sock')).toContainText('socket');
    await expect(mounts.protection('/proc/keys')).toContainText('masked');
    await expect(mounts.protection('/proc/sys')).toContainText('read-only');
    await snap(app, 'mounts-flagged', info.project.name);
    await mounts.table.scrollIntoViewIfNeeded();
    await snap(app, 'mounts-table', info.project.name);
  });

  test('names the default masks a container lacks', async ({ app }, info) => {
    const ui = new Inspector(app);
    const mounts = ui.mounts;
    await ui.openWhenListed(unmasked.id, 'Mounts & devices');
    await expect(mounts.missingDefaults).toContainText('Missing from the default: /proc/acpi is not masked');
    await expect(mounts.protection('/proc/keys')).toHaveAttribute('data-state', 'exposed');
    await expect(mounts.flag('/proc')).toContainText('/proc/sys is writable');
    await snap(app, 'mounts-unmasked', info.project.name);
  });
});
