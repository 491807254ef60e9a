// `isoscope diff` and `isoscope export` as a user runs them, against the lab's hardened and
// loose runc containers; the exported HTML opened in headless Chromium.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSnapshotFile } from '../../shared/snapshot/migrate.js';
import { startLab, type Lab, type LabContainer } from '../lab/lab.js';
import { labFlags } from './labCollector.js';

const execAsync = promisify(execFile);
const BIN = new URL('../../bin/isoscope.js', import.meta.url).pathname;
const DIST = new URL('../../dist/electron/agent/cli/', import.meta.url).pathname;

/**
 * bin/isoscope.js once cli/main.ts dispatches `diff` and `export`; until then the same built
 * command functions, called the way main would call them.
 */
function command(args: string[]): [string, string[]] {
  const wired = existsSync(join(DIST, 'main.js')) && readFileSync(join(DIST, 'main.js'), 'utf8').includes('diffCommand');
  if (wired) return [process.execPath, [BIN, ...args]];
  const fn = args[0] === 'export' ? 'exportCommand' : 'diffCommand';
  const code = `const m = await import(${JSON.stringify(`file://${DIST}${fn}.js`)}); process.exitCode = await m.${fn}(process.argv.slice(1));`;
  return [process.execPath, ['--input-type=module', '-e', code, '--', ...args]];
}

async function isoscope(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const [cmd, argv] = command(args);
  try {
    const { stdout, stderr } = await execAsync(cmd, argv, { maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let lab: Lab;
let flags: string[];
let hardened: LabContainer;
let loose: LabContainer;
let browser: Browser | null = null;
const dir = mkdtempSync(join(tmpdir(), 'isoscope-diff-lab-'));

beforeAll(async () => {
  lab = await startLab({ only: ['runc-hardened', 'runc-loose'] });
  flags = labFlags(lab);
  hardened = lab.containers.find((c) => c.key === 'runc-hardened')!;
  loose = lab.containers.find((c) => c.key === 'runc-loose')!;
  if (!hardened || !loose) throw new Error(`lab did not start: ${JSON.stringify(lab.skipped)}`);
});
afterAll(async () => {
  await browser?.close();
  await lab?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('isoscope diff', () => {
  it('hardened vs loose: exit 1, and every expected difference with B less isolated', async () => {
    const { code, stdout, stderr } = await isoscope(['diff', hardened.id, loose.id, ...flags]);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe(`A  ${hardened.name}  (runc)`);
    expect(lines[1]).toBe(`B  ${loose.name}  (runc)`);
    expect(lines[3]).toMatch(
      /^B is less isolated than A in \d+ ways: namespaces: pid, net, user, cgroup; capabilities: CAP_NET_ADMIN, CAP_SYS_ADMIN, CAP_SYS_PTRACE, /,
    );
    expect(stdout).not.toContain('A less isolated');
    for (const expected of [
      /^ {2}pid: A own pid:\[\d+\] \| B host's pid:\[\d+\] {2}\[B less isolated\]$/m,
      /^ {2}net: A own net:\[\d+\] \| B host's net:\[\d+\] {2}\[B less isolated\]$/m,
      /^ {4}B shares the host's network namespace: it sees and can bind the host's interfaces\.$/m,
      /^ {2}user: A own user:\[\d+\] \| B host's user:\[\d+\] {2}\[B less isolated\]$/m,
      /^ {2}effective\.CAP_SYS_ADMIN: A no \| B yes {2}\[B less isolated\]$/m,
      /^ {2}effective\.CAP_NET_ADMIN: A no \| B yes {2}\[B less isolated\]$/m,
      /^ {2}ambient: A — \| B CAP_NET_ADMIN, CAP_SYS_ADMIN, CAP_SYS_PTRACE, .* {2}\[B less isolated\]$/m,
      /^ {2}mode: A filter \| B disabled {2}\[B less isolated\]$/m,
      /^ {2}noNewPrivs: A true \| B false {2}\[B less isolated\]$/m,
      /^ {2}memoryMax: A 64 MiB \| B unlimited {2}\[B less isolated\]$/m,
      /^ {2}pidsMax: A 64 \| B unlimited {2}\[B less isolated\]$/m,
      /^ {2}cpu: A 0\.5 CPU \| B unlimited {2}\[B less isolated\]$/m,
      /^ {2}readOnly: A read-only \| B writable {2}\[B less isolated\]$/m,
      /^ {2}uid: A uid 0 inside = 100000 on the host \| B uid 0 {2}\[B less isolated\]$/m,
    ]) {
      expect(stdout).toMatch(expected);
    }
  });

  it('a container with itself: exit 0', async () => {
    const { code, stdout, stderr } = await isoscope(['diff', hardened.id, hardened.name, ...flags]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain('A and B are equally isolated: no differences.');
  });

  it('--json against the host; an unknown name is exit 2 with one line', async () => {
    const r = await isoscope(['diff', '--json', hardened.id, 'host', ...flags]);
    expect(r.code).toBe(1);
    const d = JSON.parse(r.stdout) as { differences: { field: string; lessIsolated: string }[] };
    expect(d.differences.map((x) => x.field)).toEqual(['mnt', 'pid', 'net', 'ipc', 'uts', 'user', 'cgroup']);
    const bad = await isoscope(['diff', hardened.id, 'no-such-container', ...flags]);
    expect(bad).toMatchObject({ code: 2, stdout: '' });
    expect(bad.stderr).toMatch(/^isoscope: no container "no-such-container" among \d+\n$/);
  });
});

describe('isoscope export', () => {
  it('JSON of the selected containers, diffed again from the file against the live host', async () => {
    const file = join(dir, 'pair.json');
    const r = await isoscope(['export', '--out', file, hardened.id, loose.id, ...flags]);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    const parsed = parseSnapshotFile(readFileSync(file, 'utf8'));
    expect(parsed.ok && parsed.snapshot.containers.map((c) => c.id).sort()).toEqual([hardened.id, loose.id].sort());
    expect((await isoscope(['diff', `${file}#${hardened.id}`, hardened.id, ...flags])).code).toBe(0);
    const again = await isoscope(['diff', `${file}#${hardened.id}`, `${file}#${loose.id}`]);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('  net: A own net:[');
  });

  it('--html with recorded history renders in Chromium: charts drawn, styles applied, no script run', async () => {
    const file = join(dir, 'report.html');
    const r = await isoscope(['export', '--html', '--duration', '3', '--out', file, hardened.id, loose.id, ...flags]);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    const html = readFileSync(file, 'utf8');
    expect(html).not.toMatch(/<script/i);

    // A copy with a hostile name, re-exported from the saved JSON the same way.
    const json = join(dir, 'hostile.json');
    await isoscope(['export', '--out', json, hardened.id, ...flags]);
    const saved = JSON.parse(readFileSync(json, 'utf8'));
    saved.snapshot.containers[0].name = '<img src=x onerror=alert(1)>';
    saved.snapshot.containers[0].image = '<script>alert(2)</script>';
    writeFileSync(json, JSON.stringify(saved));
    const hostile = join(dir, 'hostile.html');
    expect((await isoscope(['export', '--html', '--from', json, '--out', hostile])).code).toBe(0);

    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    const page = await browser.newPage();
    const events: string[] = [];
    page.on('dialog', (d) => {
      events.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    page.on('console', (m) => events.push(`console ${m.type()}: ${m.text()}`));
    page.on('request', (req) => {
      if (!req.url().startsWith('file://')) events.push(`request: ${req.url()}`);
    });

    await page.goto(`file://${file}`);
    expect(await page.title()).toMatch(/^Isoscope snapshot — /);
    expect(await page.locator('h2').allTextContents()).toEqual(
      expect.arrayContaining(['Containers', expect.stringContaining(hardened.name), expect.stringContaining(loose.name)]),
    );
    // The hashed stylesheet applied (a CSP refusal would leave the browser defaults).
    expect(await page.evaluate('getComputedStyle(document.body).maxWidth')).toBe('1180px');
    // Three seconds of samples: CPU, memory and process charts for both containers.
    expect(await page.locator('svg[aria-label="Memory"]').count()).toBe(2);
    expect(await page.locator('svg[aria-label="Processes"] path').count()).toBe(2);
    expect(await page.locator('table').first().locator('tbody tr').count()).toBe(2);

    await page.goto(`file://${hostile}`);
    expect(await page.locator('h2').nth(1).textContent()).toContain('<img src=x onerror=alert(1)>');
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.evaluate('document.scripts.length')).toBe(0);
    await page.waitForTimeout(300);
    expect(events).toEqual([]);
  });
});
