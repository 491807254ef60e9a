// "Run with root privileges" in the desktop app, driven through the Electron stand-in (which can
// start the real main process as an unprivileged user with a recording pkexec on its PATH): a
// spec of the electron-standin project only, since only the stand-in can start main that way.
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { labFlags } from '../agent/labCollector.js';
import { connected, expect, snap, test } from '../gui/app.js';
import { guiState } from '../gui/state.js';
import { launchStandin } from './launch.js';

test.describe('Run with root privileges (desktop, unprivileged main process)', () => {
  test('the collector is restarted through pkexec with exactly its own command, and the app reconnects', async ({
    browserName: _,
  }, info) => {
    // The main process runs as nobody, so the collector is unprivileged and the status bar offers
    // elevation. A recording pkexec, first on the main process's PATH, writes down its argv and
    // runs the rest (as nobody still: what is checked is what the app asks to elevate).
    const dir = mkdtempSync(join(tmpdir(), 'isoscope-pkexec-'));
    chmodSync(dir, 0o777);
    const record = join(dir, 'argv');
    writeFileSync(join(dir, 'pkexec'), `#!/bin/sh\nprintf '%s\\n' "$@" > ${record}\nexec "$@"\n`);
    chmodSync(join(dir, 'pkexec'), 0o755);
    const flags = labFlags(guiState().lab);
    const app = await launchStandin({
      args: ['--', ...flags],
      env: { PATH: `${dir}:${process.env.PATH}` },
      uid: 65534,
      gid: 65534,
    });
    try {
      const page = app.page;
      await connected(page);
      await expect(page.locator('.statusbar .priv')).toContainText('uid 65534');
      await page.getByRole('button', { name: 'Run with root privileges' }).click();
      await expect
        .poll(() => {
          try {
            return readFileSync(record, 'utf8');
          } catch {
            return '';
          }
        })
        .not.toBe('');
      const argv = readFileSync(record, 'utf8').trimEnd().split('\n');
      // Exactly the collector, on real paths, run by "Electron" as Node (the variable pkexec would
      // clear is set through env): env ELECTRON_RUN_AS_NODE=1 <electron> bin/isoscope.js agent --stdio …
      expect(argv.slice(0, 3)).toEqual([
        '/usr/bin/env',
        'ELECTRON_RUN_AS_NODE=1',
        resolve('e2e/electron-standin/electron-dist/electron'),
      ]);
      expect(argv[3]).toBe(resolve('bin/isoscope.js'));
      expect(argv.slice(4, 6)).toEqual(['agent', '--stdio']);
      expect(argv.slice(-flags.length)).toEqual(flags);
      await expect
        .poll(
          async () =>
            (await page.evaluate<{ result: { status: { elevation: string; state: string } } }>('window.isoscope.getState()'))
              .result.status,
        )
        .toMatchObject({ elevation: 'pkexec', state: 'connected' });
      await expect(page.locator('.statusbar')).not.toContainText('refusing');
      await connected(page);
      await snap(page, 'desktop-pkexec', info.project.name);
    } finally {
      await app.close();
    }
  });
});
