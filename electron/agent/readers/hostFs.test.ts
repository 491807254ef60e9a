// HostFs against hostile trees: `--root DIR` never reads outside DIR (issue 9 item 13), and no
// file can block or flood a read (item 4). Reads that could hang run in a child with a timeout.
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Collector } from '../collect/collector.js';
import { HostFs } from './hostFs.js';

const SECRET = 'SECRET-OUTSIDE-THE-ROOT';
let tmp: string;
let root: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'isoscope-hostfs-'));
  root = join(tmp, 'root');
  mkdirSync(join(tmp, 'outside'), { recursive: true });
  writeFileSync(join(tmp, 'outside', 'secret'), SECRET + '\n');
  writeFileSync(join(tmp, 'outside', 'stat'), `1 (${SECRET}) S 0 1 1 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 5 0 0\n`);
  mkdirSync(join(root, 'proc', '1', 'ns'), { recursive: true });
  mkdirSync(join(root, 'proc', '2'), { recursive: true });
  mkdirSync(join(root, 'usr', 'lib'), { recursive: true });
  mkdirSync(join(root, 'etc'), { recursive: true });
  // Escapes: absolute to a host file, absolute into the tree "outside", relative climbing out.
  symlinkSync('/etc/passwd', join(root, 'proc', '1', 'status'));
  symlinkSync('/etc/shadow', join(root, 'proc', '1', 'environ'));
  symlinkSync(join(tmp, 'outside', 'stat'), join(root, 'proc', '1', 'stat'));
  symlinkSync('../../../outside/secret', join(root, 'proc', '1', 'cgroup'));
  symlinkSync('../../../../../../../../../../etc/passwd', join(root, 'proc', '1', 'mountinfo'));
  // A directory on the way that escapes.
  symlinkSync(join(tmp, 'outside'), join(root, 'proc', '2', 'attr'));
  symlinkSync('/..', join(root, 'proc', '2', 'up'));
  // A legitimate in-root link, as images have them, and a loop.
  writeFileSync(join(root, 'usr', 'lib', 'os-release'), 'ID=fixture\n');
  symlinkSync('../usr/lib/os-release', join(root, 'etc', 'os-release'));
  symlinkSync('/etc/abs-os-release', join(root, 'etc', 'loop'));
  symlinkSync('/usr/lib/os-release', join(root, 'etc', 'abs-os-release'));
  symlinkSync('loop2', join(root, 'etc', 'loop1'));
  symlinkSync('loop1', join(root, 'etc', 'loop2'));
  symlinkSync('net:[4026531840]', join(root, 'proc', '1', 'ns', 'net'));
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('--root DIR resolves every path inside DIR (RESOLVE_IN_ROOT)', () => {
  const read = (p: string) => new HostFs(root).readText(p);

  it('absolute symlinks are taken relative to DIR, not to the host', () => {
    expect(read('/proc/1/status')).toMatchObject({ ok: false, reason: 'ENOENT' });
    expect(read('/proc/1/environ')).toMatchObject({ ok: false, reason: 'ENOENT' });
    expect(read('/proc/1/stat')).toMatchObject({ ok: false, reason: 'ENOENT' });
  });

  it('relative symlinks and ".." never climb above DIR', () => {
    expect(read('/proc/1/cgroup')).toMatchObject({ ok: false });
    expect(read('/proc/1/mountinfo')).toMatchObject({ ok: false, reason: 'ENOENT' });
    expect(read('/../outside/secret')).toMatchObject({ ok: false, reason: 'ENOENT' });
    expect(read('/proc/../../outside/secret')).toMatchObject({ ok: false, reason: 'ENOENT' });
    expect(read('/proc/2/up/outside/secret')).toMatchObject({ ok: false, reason: 'ENOENT' });
  });

  it('a directory symlink on the way is resolved inside DIR too', () => {
    expect(read('/proc/2/attr/secret')).toMatchObject({ ok: false, reason: 'ENOENT' });
    expect(new HostFs(root).listDir('/proc/2/attr')).toMatchObject({ ok: false });
  });

  it('links that stay inside DIR still work; loops end with ELOOP', () => {
    expect(read('/etc/os-release')).toEqual({ ok: true, value: 'ID=fixture\n' });
    expect(read('/etc/loop')).toEqual({ ok: true, value: 'ID=fixture\n' });
    expect(read('/etc/loop1')).toMatchObject({ ok: false, reason: 'ELOOP' });
    expect(new HostFs(root).readLink('/proc/1/ns/net')).toEqual({ ok: true, value: 'net:[4026531840]' });
  });

  it('a whole snapshot of a fixture tree whose container process is an absolute link out holds nothing from outside it', async () => {
    // The v2-apparmor fixture host, with one container's /proc/PID replaced by a link to a copy outside the tree.
    const tree = join(tmp, 'tree');
    const fixture = new URL('../fixtures/roots/v2-apparmor', import.meta.url).pathname;
    cpSync(fixture, tree, { recursive: true });
    const pid = '7224';
    cpSync(join(tree, 'proc', pid), join(tmp, 'outside', pid), { recursive: true });
    const stat = readFileSync(join(tmp, 'outside', pid, 'stat'), 'utf8').replace(/\(.*\)/, `(${SECRET.slice(0, 15)})`);
    writeFileSync(join(tmp, 'outside', pid, 'stat'), stat);
    writeFileSync(
      join(tmp, 'outside', pid, 'status'),
      readFileSync(join(tmp, 'outside', pid, 'status'), 'utf8').replace(/^Name:.*$/m, `Name:\t${SECRET.slice(0, 15)}`),
    );
    rmSync(join(tree, 'proc', pid), { recursive: true });
    symlinkSync(join(tmp, 'outside', pid), join(tree, 'proc', pid));
    const snap = await new Collector({ root: tree }).snapshot();
    const text = JSON.stringify(snap);
    expect(text).not.toContain(SECRET.slice(0, 15));
    expect(snap.containers.flatMap((c) => c.processes.map((p) => p.pid))).not.toContain(Number(pid));
  });
});

/** Runs reads in a child process: a blocking open would hang it, and the timeout then fails the test. */
function readInChild(paths: string[]): { timedOut: boolean; results: Record<string, unknown> } {
  const script = join(tmp, 'read.ts');
  const hostFs = new URL('./hostFs.ts', import.meta.url).pathname;
  writeFileSync(
    script,
    `import { HostFs } from ${JSON.stringify(hostFs)};\n` +
      `const fs = new HostFs('/');\nconst out: Record<string, unknown> = {};\n` +
      `for (const p of ${JSON.stringify(paths)}) { const r = fs.readText(p); out[p] = r.ok ? { ok: true, length: r.value.length, head: r.value.slice(0, 40) } : r; }\n` +
      `process.stdout.write(JSON.stringify(out));\n`,
  );
  // Generous: tsx compiles the reader first, and the machine may be busy. A blocked open never ends.
  const r = spawnSync(process.execPath, ['--import', 'tsx', script], {
    timeout: 60_000,
    killSignal: 'SIGKILL',
    encoding: 'utf8',
  });
  if (r.signal === 'SIGKILL') return { timedOut: true, results: {} };
  if (r.error || r.status !== 0) throw new Error(`reader child failed (${r.status}): ${r.stderr}`);
  return { timedOut: false, results: JSON.parse(r.stdout) as Record<string, unknown> };
}

describe('no file blocks or floods a read (real root)', () => {
  it(
    'FIFO, symlink to a FIFO, device, huge sparse file, symlink to /etc/shadow: refused with a reason',
    { timeout: 90_000 },
    () => {
      const d = join(tmp, 'hostile');
      mkdirSync(d);
      spawnSync('mkfifo', [join(d, 'fifo')]);
      symlinkSync(join(d, 'fifo'), join(d, 'link-to-fifo'));
      symlinkSync('/etc/shadow', join(d, 'link-to-shadow'));
      spawnSync('truncate', ['-s', '1G', join(d, 'huge')]);
      writeFileSync(join(d, 'plain'), '{"ok":true}');
      const paths = ['fifo', 'link-to-fifo', 'link-to-shadow', 'huge', 'plain']
        .map((n) => join(d, n))
        .concat('/dev/zero', '/dev/tty');
      const { timedOut, results } = readInChild(paths);
      expect(timedOut, 'a read blocked').toBe(false);
      expect(results[join(d, 'fifo')]).toMatchObject({
        ok: false,
        reason: 'not-regular',
        detail: expect.stringContaining('FIFO'),
      });
      expect(results[join(d, 'link-to-fifo')]).toMatchObject({ ok: false, reason: 'ELOOP' });
      expect(results[join(d, 'link-to-shadow')]).toMatchObject({ ok: false, reason: 'ELOOP' });
      expect(results[join(d, 'huge')]).toMatchObject({ ok: false, reason: 'E2BIG' });
      expect(results[join(d, 'plain')]).toMatchObject({ ok: true, head: '{"ok":true}' });
      expect(results['/dev/zero']).toMatchObject({ ok: false, reason: 'not-regular' });
      expect((results['/dev/tty'] as { ok: boolean }).ok).toBe(false);
    },
  );
});

describe("a user's directory: no symlink anywhere below it, every file the user's (real root)", () => {
  it("reads the user's own file; refuses a symlinked directory on the way and a file someone else owns", () => {
    const home = join(tmp, 'home-u');
    mkdirSync(join(home, 'a', 'b'), { recursive: true });
    writeFileSync(join(home, 'a', 'b', 'f.json'), '{"mine":true}');
    symlinkSync(join(home, 'a'), join(home, 'link'));
    writeFileSync(join(home, 'a', 'b', 'other.json'), '{}');
    chownSync(join(home, 'a', 'b', 'other.json'), 65534, 65534);
    const fs = new HostFs('/');
    const within = { dir: home, owner: process.getuid!() };
    expect(fs.readJsonFile(join(home, 'a', 'b', 'f.json'), { within })).toEqual({
      ok: true,
      value: { value: { mine: true }, uid: process.getuid!() },
    });
    expect(fs.readFile(join(home, 'link', 'b', 'f.json'), { within })).toMatchObject({ ok: false, reason: 'ELOOP' });
    expect(fs.readFile(join(home, 'a', 'b', 'other.json'), { within })).toMatchObject({ ok: false, reason: 'EPERM' });
    expect(fs.readFile(join(home, '..', 'outside', 'secret'), { within })).toMatchObject({ ok: false, reason: 'EXDEV' });
  });
});

describe('seq_files longer than a page are read to their end (real root)', () => {
  const root = process.getuid?.() === 0;
  it.skipIf(!root)(
    'a mountinfo of 80 long-named mounts: the whole file, not the first page (seq_read stops short of a record that does not fit)',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'isoscope-seq-'));
      // A private mount namespace with 80 tmpfs mounts whose targets are ~100 characters long:
      // its mountinfo is ~15 KiB, several seq_file pages. The mounts vanish with the namespace.
      const long = 'd'.repeat(90);
      const script = `for i in $(seq 1 80); do mkdir -p ${dir}/${long}$i && mount -t tmpfs t$i ${dir}/${long}$i; done; cat /proc/self/mountinfo > ${dir}/expected; echo ready; exec sleep 60`;
      const child = spawn('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      try {
        await new Promise((resolve, reject) => {
          child.stdout.once('data', resolve);
          child.once('exit', () => reject(new Error('the mount namespace exited before it was ready')));
        });
        const expected = readFileSync(join(dir, 'expected'), 'utf8');
        expect(expected.length).toBeGreaterThan(3 * 4096);
        const r = new HostFs('/').readText(`/proc/${child.pid}/mountinfo`);
        expect(r.ok && r.value).toBe(expected);
      } finally {
        child.kill('SIGKILL');
        await exited;
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
