// Issue 9 item 2, for real: the GUI elevates (pkexec/sudo) only a collector that is root's alone,
// the collector only runs a prebuilt seccomp helper that is root's alone and never compiles one,
// and nothing written as root follows a symlink someone planted. An installation tree is copied
// (fresh build of these sources), owned by root, then handed piece by piece to an unprivileged
// user made with useradd: the node binary, a file of dist/, a parent directory, the helper.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTestUser, type TestUser } from '../lab/testUser.js';
import { ensureHelper } from '../../electron/agent/seccomp/nativeHelper.js';
import { elevate, type AgentCommand } from '../../electron/main/service/agentConnection.js';
import { IsoscopeService } from '../../electron/main/service/service.js';
import type { AgentStatus } from '../../shared/ipc/contract.js';

const USER = 'isoscope-t9elev';
const REPO = join(import.meta.dirname, '..', '..');
const base = mkdtempSync(join(tmpdir(), 'isoscope-elev-'));
/** A root-owned installation: bin/isoscope.js, package.json, dist/ (agent, shared, native), node_modules/zod. */
const app = join(base, 'app');
let uid = 0;
let gid = 0;
let user: TestUser | undefined;

function makeTree(dir: string): void {
  mkdirSync(join(dir, 'bin'), { recursive: true });
  copyFileSync(join(REPO, 'bin', 'isoscope.js'), join(dir, 'bin', 'isoscope.js'));
  copyFileSync(join(REPO, 'package.json'), join(dir, 'package.json'));
  cpSync(join(REPO, 'node_modules', 'zod'), join(dir, 'node_modules', 'zod'), { recursive: true });
  // A fresh build of these sources (tsc emits despite type errors elsewhere in a busy checkout).
  spawnSync('npx', ['tsc', '-p', join(REPO, 'tsconfig.build.json'), '--outDir', join(dir, 'dist')], {
    cwd: REPO,
    stdio: 'ignore',
  });
  if (!existsSync(join(dir, 'dist', 'electron', 'agent', 'cli', 'main.js'))) throw new Error('the build of the copy failed');
  ensureHelper(join(dir, 'dist', 'native'));
  execFileSync('chown', ['-R', '0:0', dir]);
  execFileSync('chmod', ['-R', 'go-w', dir]);
}

beforeAll(() => {
  user = ensureTestUser(USER);
  ({ uid, gid } = user);
  chmodSync(base, 0o755);
  makeTree(app);
}, 300_000);
afterAll(() => {
  rmSync(base, { recursive: true, force: true });
  user?.remove();
});

const agentCmd = (tree: string, node = process.execPath): AgentCommand => ({
  command: node,
  args: [join(tree, 'bin', 'isoscope.js'), 'agent', '--stdio', '--interval', '1'],
});

/** What an elevated command does when it is a refusal: runs it (no pkexec needed for that). */
function runRefusal(cmd: AgentCommand): { code: number | null; stderr: string } {
  const r = spawnSync(cmd.command, cmd.args, { encoding: 'utf8', timeout: 10_000 });
  return { code: r.status, stderr: r.stderr };
}

/** A copy of the app handed (wholly or in part) to the user. */
function copyOf(name: string): string {
  const dir = join(base, name);
  cpSync(app, dir, { recursive: true });
  return dir;
}

describe("elevation only of code that is root's alone", () => {
  it('a root-owned installation: elevated through pkexec, with the real paths', () => {
    const e = elevate(agentCmd(app), 'pkexec');
    expect(e.command).toBe('pkexec');
    expect(e.args.slice(0, 3)).toEqual([
      execFileSync('readlink', ['-f', process.execPath], { encoding: 'utf8' }).trim(),
      join(app, 'bin', 'isoscope.js'),
      'agent',
    ]);
    expect(elevate(agentCmd(app), 'sudo')).toMatchObject({
      command: 'sudo',
      args: expect.arrayContaining(['-n', '--', join(app, 'bin', 'isoscope.js')]),
    });
  });

  it('the whole tree owned by an unprivileged user (a checkout, an AppImage mount): refused, naming the path and its owner', () => {
    const tree = copyOf('user-tree');
    execFileSync('chown', ['-R', `${uid}:${gid}`, tree]);
    for (const how of ['pkexec', 'sudo'] as const) {
      const e = elevate(agentCmd(tree), how);
      expect(e.command).not.toMatch(/pkexec|sudo/);
      const r = runRefusal(e);
      expect(r.code).toBe(126);
      expect(r.stderr).toMatch(
        new RegExp(
          `^refusing to run the collector as root: ${tree} is owned by uid ${uid} \\(${USER}\\), not root \\(mode 0755\\)`,
        ),
      );
    }
  });

  it('one file of dist/ that anyone may write: refused, naming it and its mode', () => {
    const tree = copyOf('open-file');
    const file = join(tree, 'dist', 'electron', 'agent', 'cli', 'main.js');
    chmodSync(file, 0o666);
    const r = runRefusal(elevate(agentCmd(tree), 'pkexec'));
    expect([r.code, r.stderr]).toEqual([
      126,
      expect.stringMatching(
        new RegExp(`^refusing to run the collector as root: ${file} is writable by every user \\(mode 0666\\)`),
      ),
    ]);
  });

  it('zod (which the agent loads) owned by the user: refused', () => {
    const tree = copyOf('user-zod');
    execFileSync('chown', ['-R', `${uid}:${gid}`, join(tree, 'node_modules', 'zod')]);
    const r = runRefusal(elevate(agentCmd(tree), 'pkexec'));
    expect([r.code, r.stderr]).toEqual([
      126,
      expect.stringMatching(
        new RegExp(`^refusing to run the collector as root: ${join(tree, 'node_modules', 'zod')} is owned by uid ${uid}`),
      ),
    ]);
  });

  it('a root-owned tree inside a directory of the user: refused, naming the parent', () => {
    const parent = join(base, 'user-parent');
    mkdirSync(parent);
    const tree = join(parent, 'app');
    cpSync(app, tree, { recursive: true });
    chownSync(parent, uid, gid);
    const r = runRefusal(elevate(agentCmd(tree), 'pkexec'));
    expect([r.code, r.stderr]).toEqual([
      126,
      expect.stringMatching(new RegExp(`^refusing to run the collector as root: ${parent} is owned by uid ${uid}`)),
    ]);
  });

  it('a node binary the user owns: refused, naming it', () => {
    const dir = join(base, 'user-bin');
    mkdirSync(dir);
    copyFileSync(process.execPath, join(dir, 'node'));
    execFileSync('chown', ['-R', `${uid}:${gid}`, dir]);
    const r = runRefusal(elevate(agentCmd(app, join(dir, 'node')), 'pkexec'));
    expect([r.code, r.stderr]).toEqual([
      126,
      expect.stringMatching(new RegExp(`^refusing to run the collector as root: ${dir} is owned by uid ${uid}`)),
    ]);
  });

  it("Electron as Node loads from beside its binary: root's links there are followed and checked, a link to a user's file is refused", () => {
    const dir = join(base, 'electron-dist');
    mkdirSync(dir);
    copyFileSync(process.execPath, join(dir, 'electron'));
    writeFileSync(join(dir, 'libffmpeg.so'), '');
    execFileSync('ln', ['-s', '/usr/bin/env', join(dir, 'root-link')]);
    execFileSync('chown', ['-R', '0:0', dir]);
    execFileSync('chmod', ['-R', 'go-w', dir]);
    const asElectron = (cmd: AgentCommand): AgentCommand => ({ ...cmd, keepEnv: { ELECTRON_RUN_AS_NODE: '1' } });
    // A root-owned link to a root-owned file, as /usr/bin has by the hundred: accepted.
    expect(elevate(asElectron(agentCmd(app, join(dir, 'electron'))), 'pkexec').args).toContain(join(app, 'bin', 'isoscope.js'));
    // A root-owned link whose target the user owns: refused, naming the link and the target.
    const userFile = join(base, 'user-lib.so');
    writeFileSync(userFile, '');
    chownSync(userFile, uid, gid);
    execFileSync('ln', ['-s', userFile, join(dir, 'libEGL.so')]);
    const r = runRefusal(elevate(asElectron(agentCmd(app, join(dir, 'electron'))), 'pkexec'));
    expect([r.code, r.stderr]).toEqual([
      126,
      expect.stringMatching(
        new RegExp(
          `^refusing to run the collector as root: ${join(dir, 'libEGL.so')} .*leads to ${userFile} is owned by uid ${uid}`,
        ),
      ),
    ]);
  });

  it('the GUI service says why it runs without root, and keeps a collector running', async () => {
    const tree = copyOf('user-tree-service');
    execFileSync('chown', ['-R', `${uid}:${gid}`, tree]);
    const statuses: AgentStatus[] = [];
    const service = new IsoscopeService({
      agentCommand: () => ({
        ...agentCmd(tree),
        args: [...agentCmd(tree).args, '--root', join(REPO, 'electron/agent/fixtures/roots/k8s-v2')],
      }),
      backoffMs: [200],
    });
    service.on('push', (e) => e.channel === 'status' && statuses.push(e.payload as AgentStatus));
    try {
      service.start();
      service.restart('pkexec');
      const end = Date.now() + 20_000;
      while (!statuses.some((s) => /running with root privileges failed/.test(s.message ?? ''))) {
        if (Date.now() > end) throw new Error(`no fallback: ${JSON.stringify(statuses.map((s) => s.message))}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const fallback = statuses.find((s) => /running with root privileges failed/.test(s.message ?? ''))!;
      expect(fallback.message).toMatch(
        new RegExp(
          `running with root privileges failed: refusing to run the collector as root: ${tree} is owned by uid ${uid} \\(${USER}\\)`,
        ),
      );
      expect(fallback.elevation).toBe('none');
      const after = statuses.indexOf(fallback);
      while (!statuses.slice(after).some((s) => s.state === 'connected')) {
        if (Date.now() > end)
          throw new Error(`no unprivileged collector after the refusal: ${JSON.stringify(statuses.slice(after))}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      service.stop();
    }
  });
});

describe('the packaged app: pkexec runs the launcher the polkit action names', () => {
  it('an /opt/Isoscope layout: elevated as `pkexec …/resources/isoscope-collector --stdio …`, which starts the collector with an empty environment', async () => {
    const opt = join(base, 'opt', 'Isoscope');
    const unpacked = join(opt, 'resources', 'app.asar.unpacked');
    mkdirSync(join(opt, 'resources'), { recursive: true });
    copyFileSync(process.execPath, join(opt, 'isoscope')); // Node stands in for Electron (ELECTRON_RUN_AS_NODE)
    chmodSync(join(opt, 'isoscope'), 0o755);
    cpSync(app, unpacked, { recursive: true });
    copyFileSync(join(REPO, 'assets', 'isoscope-collector'), join(opt, 'resources', 'isoscope-collector'));
    chmodSync(join(opt, 'resources', 'isoscope-collector'), 0o755);
    execFileSync('chown', ['-R', '0:0', join(base, 'opt')]);
    execFileSync('chmod', ['-R', 'go-w', join(base, 'opt')]);
    const fixture = join(REPO, 'electron/agent/fixtures/roots/k8s-v2');
    const cmd: AgentCommand = {
      command: join(opt, 'isoscope'),
      args: [join(unpacked, 'bin', 'isoscope.js'), 'agent', '--stdio', '--root', fixture],
      keepEnv: { ELECTRON_RUN_AS_NODE: '1' },
    };
    const e = elevate(cmd, 'pkexec');
    expect([e.command, ...e.args]).toEqual([
      'pkexec',
      join(opt, 'resources', 'isoscope-collector'),
      '--stdio',
      '--root',
      fixture,
    ]);
    // What pkexec then does (as root, environment cleared): the launcher answers the protocol.
    const child = spawn(e.args[0]!, e.args.slice(1), { env: {}, stdio: ['pipe', 'pipe', 'pipe'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout! }).on('line', (l) => l.includes('"id":1') && resolve(l));
        child.on('exit', (code) => reject(new Error(`the launcher exited with ${code}`)));
        child.stdin!.write(JSON.stringify({ id: 1, method: 'hello' }) + '\n');
      });
      expect(JSON.parse(line)).toMatchObject({ id: 1, result: { euid: 0 } });
    } finally {
      child.kill('SIGKILL');
    }
    // The launcher itself handed to the user: refused.
    chownSync(join(opt, 'resources', 'isoscope-collector'), uid, gid);
    const r = runRefusal(elevate(cmd, 'pkexec'));
    expect([r.code, r.stderr]).toEqual([
      126,
      expect.stringMatching(
        new RegExp(
          `^refusing to run the collector as root: ${join(opt, 'resources', 'isoscope-collector')} is owned by uid ${uid}`,
        ),
      ),
    ]);
  });

  it('the polkit action names the launcher where the .deb installs it, and electron-builder ships both', () => {
    const policy = readFileSync(join(REPO, 'assets', 'dev.isoscope.app.policy'), 'utf8');
    expect(policy).toMatch(/<action id="dev\.isoscope\.app\.collector">/);
    for (const c of policy.match(/<!--[\s\S]*?-->/g) ?? [])
      expect(c.slice(4, -3), 'XML comments hold no "--"').not.toContain('--');
    expect(/<annotate key="org\.freedesktop\.policykit\.exec\.path">([^<]+)<\/annotate>/.exec(policy)?.[1]).toBe(
      '/opt/Isoscope/resources/isoscope-collector',
    );
    const builder = readFileSync(join(REPO, 'electron-builder.yml'), 'utf8');
    expect(builder).toMatch(/^productName: Isoscope$/m); // → /opt/Isoscope in the .deb
    expect(builder).toMatch(/extraResources:\n\s+- from: assets\/isoscope-collector\n\s+to: isoscope-collector\n/);
    expect(builder).toMatch(/- assets\/dev\.isoscope\.app\.policy=\/usr\/share\/polkit-1\/actions\/dev\.isoscope\.app\.policy$/m);
    expect(builder).toMatch(/- dist\/native\/\*\*\/\*/); // the prebuilt helper, unpacked
  });
});

describe("the seccomp helper: prebuilt, root's alone, never compiled at run time", () => {
  it('a helper the user replaced (in a root-owned tree): the collector refuses to run it as root', () => {
    const tree = copyOf('user-helper');
    const helper = join(tree, 'dist', 'native', 'seccomp-dump');
    const pwned = join(base, 'pwned-by-helper');
    writeFileSync(helper, `#!/bin/sh\ntouch ${pwned}\necho '{"pid":1,"mode":0,"filters":[]}'\n`);
    chmodSync(helper, 0o755);
    chownSync(helper, uid, gid);
    const r = spawnSync(process.execPath, [join(tree, 'bin', 'isoscope.js'), 'seccomp', String(process.pid)], {
      encoding: 'utf8',
    });
    expect(existsSync(pwned)).toBe(false);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(new RegExp(`${helper} is owned by uid ${uid} \\(${USER}\\)`));
  });

  it('no helper built but its C source present: the collector says it is not built and compiles nothing', () => {
    const tree = copyOf('no-helper');
    rmSync(join(tree, 'dist', 'native'), { recursive: true, force: true });
    mkdirSync(join(tree, 'electron', 'agent', 'seccomp', 'native'), { recursive: true });
    copyFileSync(
      join(REPO, 'electron', 'agent', 'seccomp', 'native', 'seccomp-dump.c'),
      join(tree, 'electron', 'agent', 'seccomp', 'native', 'seccomp-dump.c'),
    );
    const r = spawnSync(process.execPath, [join(tree, 'bin', 'isoscope.js'), 'seccomp', String(process.pid)], {
      encoding: 'utf8',
    });
    expect(existsSync(join(tree, 'dist', 'native', 'seccomp-dump'))).toBe(false);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/seccomp-dump is not built .*npm run build/);
  });
});

describe('writing as root never follows a planted symlink', () => {
  it('isoscope profile --out: a symlink the user planted there is refused, its target untouched', () => {
    const target = join(base, 'root-file');
    writeFileSync(target, 'precious\n');
    const dir = join(base, 'user-out');
    mkdirSync(dir);
    chownSync(dir, uid, gid);
    const link = join(dir, 'profile.json');
    execFileSync('runuser', ['-u', USER, '--', 'ln', '-s', target, link]);
    const r = spawnSync(
      process.execPath,
      [join(app, 'bin', 'isoscope.js'), 'profile', String(process.pid), '--duration', '200ms', '--out', link],
      { encoding: 'utf8' },
    );
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(new RegExp(`${link} is a symlink: refusing to write through it`));
    expect(readFileSync(target, 'utf8')).toBe('precious\n');
  });

  it('building the helper into a directory where the user planted symlinks (the helper, its stamp): replaced, never followed', () => {
    const dir = join(base, 'helper-build');
    mkdirSync(dir, { mode: 0o1777 });
    chmodSync(dir, 0o1777);
    const victim = join(base, 'victim-of-build');
    writeFileSync(victim, 'precious\n');
    execFileSync('runuser', ['-u', USER, '--', 'ln', '-s', victim, join(dir, 'seccomp-dump.sha256')]);
    expect(() => ensureHelper(dir)).toThrow(/seccomp-dump\.sha256 is a symlink/);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
  });
});
