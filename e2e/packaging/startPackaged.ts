// The packaged app starts: its main entry, from inside resources/app.asar, run under the Electron
// stand-in, finds the collector unpacked beside it (app.asar.unpacked, through agentScript()'s
// asar rewrite), opens its window and shows a fixture tree's containers.
// Plain Node cannot read an asar archive, so check.sh extracts app.asar into a directory of the
// same name (after moving the archive aside): every path the app computes stays the same.
// Usage: tsx e2e/packaging/startPackaged.ts out/linux-unpacked/resources
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launchStandin } from '../electron-standin/launch.js';

const resources = resolve(process.argv[2] ?? 'out/linux-unpacked/resources');
const fixture = 'electron/agent/fixtures/roots/v2-selinux';

function fail(why: string): never {
  console.error(`packaging check: the packaged app did not start: ${why}`);
  process.exit(1);
}

/** Command lines of the main process's children. */
function childCommands(pid: number): string[] {
  const out: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' '));
    } catch {
      /* gone */
    }
  }
  return out;
}

const app = await launchStandin({
  main: join(resources, 'app.asar', 'dist', 'electron', 'main', 'index.js'),
  args: ['--', '--root', fixture],
});
try {
  const page = app.page;
  await page
    .locator('.statusbar .conn', { hasText: 'collector connected' })
    .waitFor({ timeout: 150_000 })
    .catch(() => fail(`the collector never connected:\n${app.output()}`));
  await page
    .locator('li.group[data-runtime="podman"] .item')
    .first()
    .waitFor({ timeout: 30_000 })
    .catch(() => fail('no podman container of the fixture in the window'));
  const agent = childCommands(app.process.pid!).find((c) => c.includes(' agent --stdio'));
  if (!agent) fail('no collector process under the main process');
  if (!agent.includes(join(resources, 'app.asar.unpacked', 'bin', 'isoscope.js')))
    fail(`the collector does not run from app.asar.unpacked: ${agent}`);
  const rec = await app.recorded();
  if (!String(rec.webPreferences[0]?.preload).startsWith(join(resources, 'app.asar', 'dist')))
    fail(`the preload is not the packaged one: ${String(rec.webPreferences[0]?.preload)}`);
  const count = await page.locator('.item[data-id]').count();
  console.log(`packaging check: the packaged app started (window with ${count} entries, collector from app.asar.unpacked)`);
} finally {
  await app.close();
}
