// The command line as a user runs it, against the lab: as root, and as nobody.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Snapshot } from '../../shared/snapshot/schema.js';
import { startLab, type Lab } from '../lab/lab.js';
import { labFlags } from './labCollector.js';

const run = promisify(execFile);
const BIN = new URL('../../bin/isoscope.js', import.meta.url).pathname;

async function isoscope(args: string[], asNobody = false): Promise<{ code: number; stdout: string; stderr: string }> {
  const [cmd, argv] = asNobody
    ? [
        'setpriv',
        [
          '--reuid=nobody',
          '--regid=nogroup',
          '--clear-groups',
          '--inh-caps=-all',
          '--bounding-set=-all',
          process.execPath,
          BIN,
          ...args,
        ],
      ]
    : [process.execPath, [BIN, ...args]];
  try {
    const { stdout, stderr } = await run(cmd as string, argv as string[], { maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let lab: Lab;
beforeAll(async () => {
  lab = await startLab({ only: ['runc-hardened', 'docker', 'lxc', 'bwrap'] });
});
afterAll(async () => {
  await lab?.stop();
});

describe('isoscope list', () => {
  it('shows every lab container with its runtime, pid and facts', async () => {
    const { code, stdout, stderr } = await isoscope(['list', ...labFlags(lab)]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[1]).toMatch(/^ID\s+NAME\s+RUNTIME\s+PID\s+OWN NAMESPACES\s+CAPS\s+SECCOMP\s+LSM\s+MEMORY$/);
    for (const lc of lab.containers) {
      const row = lines.find((l) => l.split(/\s+/)[3] === String(lc.initPid));
      expect(row, lc.key).toBeDefined();
      const runtime = lc.runtime;
      expect(row!.split(/\s{2,}/)[2], lc.key).toBe(runtime);
    }
    const hardened = lines.find((l) => l.includes(lab.containers.find((c) => c.key === 'runc-hardened')!.id))!;
    expect(hardened).toMatch(/\s3\s+filter\(1\)\s+n\/a\s+64 MiB$/);
  });
});

describe('isoscope snapshot', () => {
  it('prints a snapshot that validates against the schema', async () => {
    const { code, stdout } = await isoscope(['snapshot', ...labFlags(lab)]);
    expect(code).toBe(0);
    const snap = Snapshot.parse(JSON.parse(stdout));
    expect(snap.schemaVersion).toBe(1);
    expect(snap.containers.map((c) => c.initPid)).toEqual(expect.arrayContaining(lab.containers.map((c) => c.initPid)));
  });

  it('run as nobody: no crash, the containers still found, and what it cannot read is named with its reason', async () => {
    const { code, stdout, stderr } = await isoscope(['snapshot', ...labFlags(lab)], true);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const snap = Snapshot.parse(JSON.parse(stdout));
    expect(snap.host.collector).toMatchObject({ euid: 65534, privileged: false });
    expect(snap.host.unavailable).toContainEqual({
      field: 'runtimeMetadata',
      reason: 'EACCES',
      detail: `${lab.docker!.dataRoot}/containers`,
    });
    // LXC is recognised from its cgroup path alone, which anyone may read.
    const lxc = lab.containers.find((c) => c.key === 'lxc')!;
    const c = snap.containers.find((x) => x.id === lxc.id)!;
    expect(c.runtime).toBe('lxc');
    expect(c.initPid).toBe(lxc.initPid);
    expect(c.namespaces.net.inode).toBeNull();
    expect(c.namespaces.net.sharedWithHost).toBeNull();
    expect(c.unavailable).toContainEqual({ field: 'namespaces.net', reason: 'EACCES' });
    // Status and cgroup files are world-readable: those facts are still there.
    expect(c.capabilities.effective?.names.length).toBeGreaterThan(0);
    expect(c.cgroup.limits.memoryMax).toBe(lxc.declared.memoryMaxBytes);
  });
});

describe('user errors', () => {
  it.each([
    [['frobnicate'], /^isoscope: unknown command "frobnicate"/],
    [['list', '--root', '/nonexistent-dir'], /^isoscope: --root \/nonexistent-dir: no such directory$/],
    [['list', '--bogus'], /^isoscope: unknown option --bogus$/],
    [['agent'], /^isoscope: agent: give --stdio/],
    [['agent', '--stdio', '--interval', '0'], /^isoscope: --interval must be/],
  ])('%j → one line on stderr, exit 2', async (args, message) => {
    const { code, stdout, stderr } = await isoscope(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr.trim()).toMatch(message);
  });
});
