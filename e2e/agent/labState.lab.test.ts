// Issue 9 item 14, for real: the lab CLI (run as root) trusts its state file only when it is root's
// alone. A state file planted by an unprivileged user (made here with useradd), a state directory
// reached through a symlink, a file others may write, or a state naming a directory the user owns
// is refused by `down`, which names why and touches nothing; `up` refuses a symlinked state
// directory before starting anything. A state root wrote in a root-only directory is still obeyed.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTestUser, type TestUser } from '../lab/testUser.js';

const USER = 'isoscope-t9lab';
const CLI = join(import.meta.dirname, '..', 'lab', 'cli.ts');
const base = mkdtempSync(join(tmpdir(), 'isoscope-labstate-'));
let uid = 0;
let gid = 0;
let user: TestUser | undefined;

beforeAll(() => {
  user = ensureTestUser(USER);
  ({ uid, gid } = user);
  chmodSync(base, 0o755);
});
afterAll(() => {
  rmSync(base, { recursive: true, force: true });
  user?.remove();
});

/** Runs the lab CLI as root with ISOSCOPE_LAB_STATE=stateFile. */
function labCli(args: string[], stateFile: string): { code: number | null; out: string } {
  const r = spawnSync('npx', ['tsx', CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ISOSCOPE_LAB_STATE: stateFile },
    timeout: 120_000,
  });
  return { code: r.status, out: `${r.stdout}\n${r.stderr}` };
}

/** As the unprivileged user: a shell command. */
function asUser(script: string, input?: string): void {
  execFileSync('runuser', ['-u', USER, '--', '/bin/sh', '-c', script], { input, stdio: ['pipe', 'ignore', 'inherit'] });
}

/** A lab state whose teardown would remove `victim` (a directory carrying the prefix). */
function stateFor(prefix: string, victim: string): string {
  return JSON.stringify({
    prefix,
    containers: [],
    skipped: [],
    runcRoot: join(victim, 'run', 'runc-root'),
    startedAt: new Date().toISOString(),
    startupMs: 0,
    internals: { workDir: victim, ownsWorkDir: true, runDir: join(victim, 'run'), extraDirs: [], cgroupPaths: [], launchers: {} },
  });
}

/** A root-owned directory with the lab prefix holding a file that must survive. */
function victim(name: string): { prefix: string; dir: string; precious: string } {
  const prefix = `isoscope-lab-${name}`;
  const dir = join(base, `victim-${prefix}`);
  mkdirSync(join(dir, 'run'), { recursive: true });
  const precious = join(dir, 'precious');
  writeFileSync(precious, 'keep me\n');
  return { prefix, dir, precious };
}

describe("lab down refuses a state that is not root's alone", () => {
  it('a state file planted by another user (in a directory of theirs): refused, naming the file and its owner', () => {
    const v = victim('0000aaaa');
    const dir = join(base, 'user-dir');
    mkdirSync(dir);
    chownSync(dir, uid, gid);
    const file = join(dir, 'state.json');
    asUser(`cat > '${file}'`, stateFor(v.prefix, v.dir));
    const r = labCli(['down'], file);
    expect(r.code, r.out).not.toBe(0);
    expect(r.out).toMatch(new RegExp(`refusing the lab state ${file}: ${dir} is owned by uid ${uid} \\(${USER}\\)`));
    expect(existsSync(v.precious)).toBe(true);
    expect(existsSync(file)).toBe(true); // not claimed, not removed
  });

  it('a state directory reached through a symlink another user planted (in a sticky /tmp-like directory): refused, "is a symlink"', () => {
    const v = victim('0000bbbb');
    const rootDir = join(base, 'root-only');
    mkdirSync(rootDir, { mode: 0o700 });
    writeFileSync(join(rootDir, 'state.json'), stateFor(v.prefix, v.dir), { mode: 0o600 });
    const userDir = join(base, 'sticky'); // like /tmp: root's, anyone may add entries
    mkdirSync(userDir);
    chmodSync(userDir, 0o1777);
    asUser(`ln -s '${rootDir}' '${join(userDir, 'lab')}'`);
    const file = join(userDir, 'lab', 'state.json');
    const r = labCli(['down'], file);
    expect(r.code, r.out).not.toBe(0);
    expect(r.out).toMatch(new RegExp(`refusing the lab state ${file}: ${join(userDir, 'lab')} is a symlink`));
    expect(existsSync(v.precious)).toBe(true);
  });

  it('a root-owned state file anyone may write: refused, with its mode', () => {
    const v = victim('0000cccc');
    const dir = join(base, 'root-dir-open-file');
    mkdirSync(dir, { mode: 0o700 });
    const file = join(dir, 'state.json');
    writeFileSync(file, stateFor(v.prefix, v.dir));
    chmodSync(file, 0o666);
    const r = labCli(['down'], file);
    expect(r.code, r.out).not.toBe(0);
    expect(r.out).toMatch(new RegExp(`refusing the lab state ${file}: ${file} is writable by every user \\(mode 0666\\)`));
    expect(existsSync(v.precious)).toBe(true);
  });

  it('a root-owned state naming a directory the other user owns: refused, naming that directory', () => {
    const prefix = 'isoscope-lab-0000dddd';
    const theirs = join(base, `theirs-${prefix}`);
    mkdirSync(join(theirs, 'run'), { recursive: true });
    writeFileSync(join(theirs, 'precious'), 'keep me\n');
    execFileSync('chown', ['-R', `${uid}:${gid}`, theirs]);
    const dir = join(base, 'root-dir-user-path');
    mkdirSync(dir, { mode: 0o700 });
    const file = join(dir, 'state.json');
    writeFileSync(file, stateFor(prefix, theirs), { mode: 0o600 });
    const r = labCli(['down'], file);
    expect(r.code, r.out).not.toBe(0);
    expect(r.out).toMatch(new RegExp(`refusing the lab state ${file}: ${theirs} is owned by uid ${uid} \\(${USER}\\)`));
    expect(existsSync(join(theirs, 'precious'))).toBe(true);
  });

  it('control: a state root wrote in a root-only directory is obeyed (the lab directory removed)', () => {
    const v = victim('0000eeee');
    const dir = join(base, 'root-dir-good');
    mkdirSync(dir, { mode: 0o700 });
    const file = join(dir, 'state.json');
    writeFileSync(file, stateFor(v.prefix, v.dir), { mode: 0o600 });
    const r = labCli(['down'], file);
    expect([r.code, r.out]).toEqual([0, expect.stringContaining(`lab ${v.prefix} down`)]);
    expect(existsSync(v.dir)).toBe(false);
    expect(existsSync(file)).toBe(false);
  });
});

describe('lab up refuses a symlinked state directory', () => {
  it('up with the state directory a symlink to a directory of another user: refused before anything starts', () => {
    const theirs = join(base, 'their-state-dir');
    mkdirSync(theirs);
    chownSync(theirs, uid, gid);
    const holder = join(base, 'holder');
    mkdirSync(holder, { mode: 0o755 });
    symlinkSync(theirs, join(holder, 'lab'));
    const file = join(holder, 'lab', 'state.json');
    const r = labCli(['up', '--only', 'unshare'], file);
    try {
      expect(r.code, r.out).not.toBe(0);
      expect(r.out).toMatch(new RegExp(`refusing the lab state ${file}: ${join(holder, 'lab')} is a symlink`));
      expect(existsSync(join(theirs, 'state.json'))).toBe(false);
      expect(r.out).not.toMatch(/ up in \d+ ms/);
    } finally {
      if (existsSync(join(theirs, 'state.json')))
        spawnSync('npx', ['tsx', CLI, 'down'], { env: { ...process.env, ISOSCOPE_LAB_STATE: join(theirs, 'state.json') } });
    }
  });
});
