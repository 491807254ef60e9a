// `isoscope diff` and `isoscope export` in-process, with the real collector reading the fixture
// host trees, and with files in a temporary directory.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSnapshotFile } from '../../../shared/snapshot/migrate.js';
import { diffCommand, type CommandIo } from './diffCommand.js';
import { exportCommand } from './exportCommand.js';

const ROOT = (tree: string) => ['--root', new URL(`../fixtures/roots/${tree}`, import.meta.url).pathname, '--no-api'];
const APPARMOR = ROOT('v2-apparmor');
const dir = mkdtempSync(join(tmpdir(), 'isoscope-diff-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(cmd: typeof diffCommand, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CommandIo = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } };
  const code = await cmd(argv, io);
  return { code, stdout, stderr };
}

describe('isoscope diff', () => {
  it('two different containers: exit 1, the summary and one line per difference', async () => {
    const r = await run(diffCommand, ['diff', 'web', 'debug', ...APPARMOR]);
    expect(r).toMatchObject({ code: 1, stderr: '' });
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('A  web  (docker 58df1f5bc6b77a904867305880e66769469167dcea57a03388815e0ca4c25061)');
    // web's root is read-only, so are Docker's /etc/hostname, hosts and resolv.conf binds in it; debug's are writable.
    expect(lines[3]).toMatch(
      /^B is less isolated than A in 10 ways: namespaces: net; mac: apparmor.profile; cgroups: memoryMax, memorySwapMax, cpu, pidsMax; rootfs: readOnly, mount \/etc\/hostname, mount \/etc\/hosts, mount \/etc\/resolv.conf\./,
    );
    expect(r.stdout).toContain('/etc/hostname is writable in B and read-only in A.');
    expect(r.stdout).toContain(
      "  net: A own net:[4026532304] | B host's net:[4026531840]  [B less isolated]\n    B shares the host's network namespace: it sees and can bind the host's interfaces.\n",
    );
    expect(r.stdout).toContain(
      '  apparmor.profile: A apparmor docker-default (enforce) | B apparmor unconfined  [B less isolated]',
    );
  });

  it('a container with itself: exit 0; by prefix, by name and by id alike', async () => {
    expect(await run(diffCommand, ['diff', 'web', '58df1f', ...APPARMOR])).toEqual({
      code: 0,
      stdout: expect.stringContaining('A and B are equally isolated: no differences.'),
      stderr: '',
    });
  });

  it('--json: the diff object', async () => {
    const r = await run(diffCommand, ['diff', '--json', 'web1', 'host', ...APPARMOR]);
    expect(r.code).toBe(1);
    const d = JSON.parse(r.stdout);
    expect(d.b).toEqual({ label: 'host u1', id: null, runtime: null });
    expect(d.differences.map((x: { field: string }) => x.field)).toEqual(['mnt', 'pid', 'net', 'ipc', 'uts', 'cgroup']);
  });

  it('snapshot files: FILE#container, a one-container file, and a file against the live host', async () => {
    const file = join(dir, 'apparmor.json');
    expect((await run(exportCommand, ['export', '--out', file, ...APPARMOR])).code).toBe(0);
    const one = join(dir, 'one.json');
    expect((await run(exportCommand, ['export', '--out', one, 'debug', ...APPARMOR])).code).toBe(0);
    expect((await run(diffCommand, ['diff', `${file}#web`, `${file}#web`])).code).toBe(0);
    // The same container saved and live: equally isolated, every area (mounts, devices, newer
    // cgroup files, declared configuration included) read the same from the tree both times.
    const live = await run(diffCommand, ['diff', '--json', `${file}#web`, 'web', ...APPARMOR]);
    expect(JSON.parse(live.stdout).differences).toEqual([]);
    expect(live.code).toBe(0);
    const r = await run(diffCommand, ['diff', `${file}#web`, one]);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n').slice(0, 2)).toEqual([
      'A  web @ apparmor.json  (docker 58df1f5bc6b77a904867305880e66769469167dcea57a03388815e0ca4c25061)',
      'B  debug @ one.json  (docker 2bf16d5f58da3add9f764812def57affb99c352107a7f5b2c90ba6229aec699d)',
    ]);
    expect((await run(diffCommand, ['diff', file, 'web', ...APPARMOR])).stderr).toBe(
      `isoscope: ${file} holds 4 containers: name one as ${file}#NAME (or #host)\n`,
    );
  });

  it.each([
    [
      ['diff', 'web'],
      'isoscope: diff needs two things to compare: container ids, prefixes or names, `host`, FILE.json#container, NAME@ssh://USER@HOST or NAME@k8s://CONTEXT/NODE',
    ],
    [['diff', 'web', 'nope'], 'isoscope: no container "nope" among 4'],
    // A side on a k8s:// host is a host, never a container name (its spec checked like ssh://'s).
    [
      ['diff', 'web@k8s://-bad/node', 'web'],
      'isoscope: host "k8s://-bad/node": a context may not start with "-" (it would read as an option)',
    ],
    [['diff', 'web', 'web', '--html', '--md'], 'isoscope: choose one of --html, --md'],
    [['diff', 'web', 'web', '--bogus'], 'isoscope: unknown option --bogus'],
    [['diff', '/nonexistent.json#web', 'web'], 'isoscope: /nonexistent.json: no such file'],
  ])('%j → exit 2, one line on stderr', async (argv, message) => {
    const r = await run(diffCommand, [...argv, ...APPARMOR]);
    expect(r).toEqual({ code: 2, stdout: '', stderr: message + '\n' });
  });

  it('a bad snapshot file → exit 2 with the reason', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"name": "not-a-snapshot"}');
    expect(await run(diffCommand, ['diff', `${bad}#x`, 'web', ...APPARMOR])).toEqual({
      code: 2,
      stdout: '',
      stderr: `isoscope: ${bad}: not an Isoscope snapshot: a JSON object without schemaVersion, host and containers\n`,
    });
    writeFileSync(bad, '{"snapshot": {"schemaVersion": 9}}');
    expect((await run(diffCommand, ['diff', `${bad}#x`, 'web'])).stderr).toBe(
      `isoscope: ${bad}: snapshot format v9 is newer than this Isoscope reads (v1): update Isoscope\n`,
    );
  });
});

describe('isoscope export', () => {
  it('JSON by default: a snapshot file that reads back', async () => {
    const r = await run(exportCommand, ['export', ...ROOT('k8s-v2')]);
    expect(r.code).toBe(0);
    const parsed = parseSnapshotFile(r.stdout);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.snapshot.containers).toHaveLength(4);
    expect(parsed.exportedBy).toMatch(/^isoscope \d+\.\d+\.\d+/);
    expect(parsed.history).toBeUndefined();
  });

  it('selected containers only, written owner-only to --out', async () => {
    const out = join(dir, 'two.json');
    expect(await run(exportCommand, ['export', '--out', out, 'web-server', 'coredns', ...ROOT('k8s-v2')])).toEqual({
      code: 0,
      stdout: '',
      stderr: '',
    });
    const parsed = parseSnapshotFile(readFileSync(out, 'utf8'));
    expect(parsed.ok && parsed.snapshot.containers.map((c) => c.name)).toEqual(['web-server', 'coredns']);
    expect(statSync(out).mode & 0o777).toBe(0o600);
  });

  it('--html and --md; --from re-exports a saved file', async () => {
    const html = await run(exportCommand, ['export', '--html', ...ROOT('v2-selinux')]);
    expect(html.code).toBe(0);
    expect(html.stdout).toMatch(/^<!DOCTYPE html>/);
    expect(html.stdout).not.toMatch(/<script/i);
    const saved = join(dir, 'selinux.json');
    await run(exportCommand, ['export', '--out', saved, ...ROOT('v2-selinux')]);
    const md = await run(exportCommand, ['export', '--md', '--from', saved, 'toolbox']);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('| `toolbox` `019a03f45bec` | `podman` | 5304 |');
  });

  it.each([
    [['export', 'nope'], 'isoscope: no container "nope" among 4'],
    [['export', '--duration', '-1'], 'isoscope: --duration must be seconds between 0 and 3600'],
    [['export', '--from'], 'isoscope: --from needs a value'],
    [['export', '--md=yes'], 'isoscope: --md takes no value'],
  ])('%j → exit 2, one line on stderr', async (argv, message) => {
    expect(await run(exportCommand, [argv[0]!, ...APPARMOR, ...argv.slice(1)])).toEqual({
      code: 2,
      stdout: '',
      stderr: message + '\n',
    });
  });
});
