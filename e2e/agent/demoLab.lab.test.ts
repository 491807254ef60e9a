// Issue 10, the demo lab for real (`isoscope lab`, runc + busybox): each preset started and
// audited with shared/findings — hardened has no high finding and meets Pod Security
// `restricted`; loose and privileged-like have exactly the expected findings. `down` leaves no
// process, cgroup, bundle or state, and is idempotent. A `lab up` killed with SIGKILL half-way
// leaves a state that `status` reports and `down` cleans. A planted state (a directory or a file
// an unprivileged user owns) is refused and stops nothing; not root is a plain message, exit 2.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ANNOTATION, DEMO_PRESETS, type DemoPreset } from '../../shared/lab/demoLab.js';
import { cgroupDirsOf } from '../../electron/agent/lab/cgroups.js';
import { labStatus } from '../../electron/agent/lab/demoLab.js';
import { demoPaths, isLive, readDemoState, startTimeOf, type DemoPaths } from '../../electron/agent/lab/demoState.js';
import { demoAudits } from '../../electron/agent/lab/labPosture.js';
import { ensureTestUser, type TestUser } from '../lab/testUser.js';
import { IsoscopeService } from '../../electron/main/service/service.js';
import type { DemoLabResult } from '../../shared/lab/demoLab.js';

const ROOT = join(import.meta.dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const USER = 'isoscope-t10demo';
const scratch = mkdtempSync(join(tmpdir(), 'isoscope-demolab-'));
const RUNNER = join(scratch, 'isoscope.mts');
/** A state directory of this run's own (root-only, under /run like the default). */
const stateDirs: string[] = [];
let user: TestUser | undefined;

function newStateDir(): DemoPaths {
  const dir = `/run/isoscope-demo-test-${randomBytes(4).toString('hex')}`;
  stateDirs.push(dir);
  return demoPaths(dir);
}

beforeAll(() => {
  user = ensureTestUser(USER);
  chmodSync(scratch, 0o755);
  // The real command line (cli/main.ts and its registry), run from source.
  writeFileSync(
    RUNNER,
    `import { main } from ${JSON.stringify(join(ROOT, 'electron/agent/cli/main.ts'))};\nprocess.exitCode = await main(process.argv.slice(2));\n`,
    { mode: 0o644 },
  );
});

afterAll(() => {
  for (const dir of stateDirs)
    if (existsSync(join(dir, 'state.json')))
      spawnSync(TSX, [RUNNER, 'lab', 'down'], { env: { ...process.env, ISOSCOPE_DEMO_DIR: dir }, timeout: 120_000 });
  for (const dir of stateDirs) rmSync(dir, { recursive: true, force: true });
  for (const dir of stateDirs) rmSync(`${dir}-bundles`, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
  user?.remove();
});

function isoscope(args: string[], paths: DemoPaths, asUser?: string): { code: number | null; out: string; err: string } {
  const cmd = asUser ? 'runuser' : TSX;
  const argv = asUser ? ['-u', asUser, '--', TSX, RUNNER, ...args] : [RUNNER, ...args];
  const r = spawnSync(cmd, argv, {
    encoding: 'utf8',
    cwd: scratch,
    env: { ...process.env, ISOSCOPE_DEMO_DIR: paths.stateDir },
    timeout: 240_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const runcState = (paths: DemoPaths, id: string) =>
  spawnSync('runc', ['--root', paths.runcRoot, 'state', id], { encoding: 'utf8' });

interface Seen {
  id: string;
  pid: number;
  startTime: string;
  bundle: string;
}

/** Everything a demo container has on the host: its runc state, its init, its cgroups, its bundle. */
function seen(paths: DemoPaths, id: string, preset: DemoPreset, prefix: string): Seen {
  const st = JSON.parse(runcState(paths, id).stdout) as { pid: number; status: string };
  expect(st.status).toBe('running');
  return { id, pid: st.pid, startTime: startTimeOf(st.pid)!, bundle: join(paths.bundlesDir, prefix, preset) };
}

/** Nothing of it is left: no runc state, no init (the same process), no cgroup in any hierarchy, no bundle. */
function expectGone(paths: DemoPaths, s: Seen): void {
  expect(runcState(paths, s.id).status, `runc still knows ${s.id}`).not.toBe(0);
  expect(isLive({ pid: s.pid, startTime: s.startTime }), `init ${s.pid} of ${s.id} still runs`).toBe(false);
  expect(cgroupDirsOf(`/${s.id}`), `cgroups of ${s.id}`).toEqual([]);
  expect(existsSync(s.bundle), `bundle of ${s.id}`).toBe(false);
}

/** Finding ids of a container, as the audit sorts them. */
const ids = (a: { findings: { rule: string }[] }) => a.findings.map((f) => f.rule).sort();

describe('isoscope lab: the presets, started for real and audited', () => {
  const paths = newStateDir();
  let prefix = '';
  const started = new Map<DemoPreset, Seen>();

  it('before anything ran (no state directory yet): status says there is no demo container, it is not a refusal', async () => {
    expect(existsSync(paths.stateDir)).toBe(false);
    expect(await labStatus({ paths })).toMatchObject({ root: true, problem: null, containers: [] });
    const r = isoscope(['lab', 'status'], paths);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe(`no demo containers (state: ${paths.stateDir})\n`);
  });

  it('up starts every preset under runc, named isoscope-demo-<8 hex>-<preset> and annotated with its preset', () => {
    const r = isoscope(['lab', 'up'], paths);
    expect(r.code, r.err + r.out).toBe(0);
    const state = readDemoState(paths)!;
    prefix = state.prefix;
    expect(prefix).toMatch(/^isoscope-demo-[0-9a-f]{8}$/);
    expect(state.containers.map((c) => c.preset).sort()).toEqual([...DEMO_PRESETS].sort());
    for (const preset of DEMO_PRESETS) {
      const id = `${prefix}-${preset}`;
      const s = seen(paths, id, preset, prefix);
      started.set(preset, s);
      const config = JSON.parse(readFileSync(join(s.bundle, 'config.json'), 'utf8')) as { annotations?: Record<string, string> };
      expect(config.annotations?.[DEMO_ANNOTATION]).toBe(preset);
      expect(r.out).toMatch(new RegExp(`^${preset} +runc +${id} +pid ${s.pid} +alive +Pod Security \\w+`, 'm'));
    }
    // What status prints: hardened meets restricted with no finding at all.
    expect(r.out).toMatch(new RegExp(`^hardened .* alive +Pod Security restricted · 0 high · 0 medium · 0 low$`, 'm'));
  });

  it('hardened: no high finding, meets Pod Security restricted (every check judged, none unknown)', async () => {
    const id = `${prefix}-hardened`;
    const audit = (await demoAudits([id])).get(id);
    expect(audit, 'the collector sees the hardened container').toBeDefined();
    expect(audit!.findings.filter((f) => f.severity === 'high')).toEqual([]);
    expect(audit!.posture.level).toBe('restricted');
    expect(ids(audit!)).toEqual([]);
    expect(audit!.checks.filter((c) => c.outcome === 'unknown').map((c) => `${c.rule}: ${c.reason}`)).toEqual([]);
    // The facts it rests on, from the kernel: no capability, NoNewPrivs, a filter, a non-root uid in its own user namespace.
    const status = readFileSync(`/proc/${started.get('hardened')!.pid}/status`, 'utf8');
    expect(status).toMatch(/^CapEff:\s+0+$/m);
    expect(status).toMatch(/^CapBnd:\s+0+$/m);
    expect(status).toMatch(/^NoNewPrivs:\s+1$/m);
    expect(status).toMatch(/^Seccomp:\s+2$/m);
    expect(status).toMatch(/^Uid:\s+101000\s/m);
  });

  it('default, loose and privileged-like: exactly the expected findings', async () => {
    const audits = await demoAudits(DEMO_PRESETS.map((p) => `${prefix}-${p}`));
    // runc's own default spec decides whether a container gets a cgroup namespace of its own.
    const ownCgroupNs = (preset: DemoPreset) =>
      (
        JSON.parse(readFileSync(join(started.get(preset)!.bundle, 'config.json'), 'utf8')) as {
          linux: { namespaces: { type: string }[] };
        }
      ).linux.namespaces.some((n) => n.type === 'cgroup');
    const cgroupNs = (p: DemoPreset) => (ownCgroupNs(p) ? [] : ['namespace.host-cgroup']);
    const loose = [
      'capabilities.added',
      'capabilities.not-dropped',
      'limits.cpu',
      'limits.memory',
      'limits.pids',
      'namespace.host-net',
      'namespace.host-pid',
      'namespace.host-user',
      'no-new-privileges',
      'rootfs.writable',
      'seccomp.off',
      'user.root',
      ...cgroupNs('loose'),
      // No masked or read-only paths: /proc/sys… writable, /proc/kcore… readable.
      'mounts.kernelWritable',
      'mounts.procMasks',
    ];
    // Beyond loose: every capability, the host's IPC and UTS namespaces, /sys writable, every device allowed.
    const privilegedLike = [
      ...loose.filter((r) => r !== 'namespace.host-cgroup'),
      'privileged',
      'namespace.host-ipc',
      'namespace.host-uts',
      'mounts.sensitiveHostDirs',
      'devices.all',
      ...cgroupNs('privileged-like'),
    ];
    const runtimeDefault = [
      'capabilities.not-dropped',
      'limits.cpu',
      'limits.memory',
      'limits.pids',
      'namespace.host-user',
      'seccomp.off',
      'user.root',
      ...cgroupNs('default'),
    ];
    expect(ids(audits.get(`${prefix}-loose`)!)).toEqual(loose.sort());
    expect(ids(audits.get(`${prefix}-privileged-like`)!)).toEqual(privilegedLike.sort());
    expect(ids(audits.get(`${prefix}-default`)!)).toEqual(runtimeDefault.sort());
    // privileged-like holds the host's whole bounding set, in the host's user namespace: high.
    const priv = audits.get(`${prefix}-privileged-like`)!.findings.find((f) => f.rule === 'privileged')!;
    expect(priv.severity).toBe('high');
    expect(readFileSync(`/proc/${started.get('privileged-like')!.pid}/status`, 'utf8').match(/^CapBnd:.*$/m)?.[0]).toBe(
      readFileSync('/proc/1/status', 'utf8').match(/^CapBnd:.*$/m)?.[0],
    );
    for (const p of ['loose', 'privileged-like', 'default'] as const)
      expect(audits.get(`${prefix}-${p}`)!.posture.level).toBe('privileged');
  });

  it('down stops them all and leaves nothing (no process, cgroup, bundle dir, state); down again is a no-op', async () => {
    const r = isoscope(['lab', 'down'], paths);
    expect(r.code, r.err + r.out).toBe(0);
    expect(r.out).toMatch(/no demo containers/);
    for (const s of started.values()) expectGone(paths, s);
    expect(existsSync(paths.stateFile)).toBe(false);
    expect(existsSync(join(paths.bundlesDir, prefix))).toBe(false);
    expect((await labStatus({ paths })).containers).toEqual([]);
    const again = isoscope(['lab', 'down'], paths);
    expect(again.code, again.err).toBe(0);
  });
});

describe('isoscope lab: a killed `lab up` and a planted state', () => {
  it('a `lab up` killed with SIGKILL half-way leaves a state that `status` reports and `down` cleans', async () => {
    const paths = newStateDir();
    const child = spawn(TSX, [RUNNER, 'lab', 'up', '--preset', 'hardened,loose'], {
      cwd: scratch,
      env: { ...process.env, ISOSCOPE_DEMO_DIR: paths.stateDir },
      detached: true,
      stdio: 'ignore',
    });
    // Killed once hardened runs and loose is recorded (recorded before it starts: it is on its way).
    const deadline = Date.now() + 180_000;
    let prefix = '';
    for (;;) {
      const text = existsSync(paths.stateFile) ? readFileSync(paths.stateFile, 'utf8') : '';
      if (text.includes('"loose"')) {
        prefix = (JSON.parse(text) as { prefix: string }).prefix;
        break;
      }
      if (Date.now() > deadline) throw new Error('lab up never got to loose');
      await new Promise((r) => setTimeout(r, 20));
    }
    process.kill(-child.pid!, 'SIGKILL'); // the whole `lab up`: tsx, node and whatever runc or cp it was running
    await new Promise((r) => child.once('exit', r));
    const hardened = seen(paths, `${prefix}-hardened`, 'hardened', prefix);

    const st = isoscope(['lab', 'status'], paths);
    expect(st.code, st.err).toBe(0);
    expect(st.out).toMatch(
      new RegExp(`^hardened +runc +${prefix}-hardened +pid ${hardened.pid} +alive +Pod Security restricted`, 'm'),
    );
    expect(st.out).toMatch(new RegExp(`^loose +runc +${prefix}-loose `, 'm'));

    const down = isoscope(['lab', 'down'], paths);
    expect(down.code, down.err + down.out).toBe(0);
    expectGone(paths, hardened);
    expect(runcState(paths, `${prefix}-loose`).status).not.toBe(0);
    expect(cgroupDirsOf(`/${prefix}-loose`)).toEqual([]);
    expect(existsSync(join(paths.bundlesDir, prefix))).toBe(false);
    expect(existsSync(paths.stateFile)).toBe(false);
  });

  it("a state another user owns (their directory, or a file of theirs in root's) is refused and stops nothing", () => {
    const real = newStateDir();
    const up = isoscope(['lab', 'up', '--preset', 'hardened'], real);
    expect(up.code, up.err).toBe(0);
    const state = readFileSync(real.stateFile, 'utf8');
    const prefix = (JSON.parse(state) as { prefix: string }).prefix;
    const victim = seen(real, `${prefix}-hardened`, 'hardened', prefix);

    // 1. ISOSCOPE_DEMO_DIR names a directory of the user's (in sticky /tmp), holding a copy of a real state.
    const theirs = join(scratch, 'theirs');
    mkdirSync(theirs, { mode: 0o700 });
    writeFileSync(join(theirs, 'state.json'), state, { mode: 0o600 });
    chownSync(theirs, user!.uid, user!.gid);
    chownSync(join(theirs, 'state.json'), user!.uid, user!.gid);
    const planted = demoPaths(theirs);
    for (const verb of ['down', 'status', 'up']) {
      const r = isoscope(['lab', verb], planted);
      expect(r.code, `${verb}: ${r.err}`).toBe(2);
      expect(r.err).toContain(
        `refusing the demo lab state ${planted.stateFile}: ${theirs} is owned by uid ${user!.uid} (${USER})`,
      );
    }

    // 2. Root's own state directory, but the file is the user's (they could have written it).
    const rootDir = newStateDir();
    mkdirSync(rootDir.stateDir, { mode: 0o700 });
    writeFileSync(rootDir.stateFile, state, { mode: 0o644 });
    chownSync(rootDir.stateFile, user!.uid, user!.gid);
    const r = isoscope(['lab', 'down'], rootDir);
    expect(r.code, r.err).toBe(2);
    expect(r.err).toContain(
      `refusing the demo lab state ${rootDir.stateFile}: ${rootDir.stateFile} is owned by uid ${user!.uid} (${USER})`,
    );

    // Nothing was stopped: the container those states name still runs.
    expect(startTimeOf(victim.pid)).toBe(victim.startTime);
    expect(JSON.parse(runcState(real, victim.id).stdout)).toMatchObject({ status: 'running' });
    const down = isoscope(['lab', 'down'], real);
    expect(down.code, down.err).toBe(0);
    expectGone(real, victim);
  });

  it('not root: a plain message and exit 2, nothing started', () => {
    const paths = newStateDir();
    const r = isoscope(['lab', 'up'], paths, USER);
    expect(r.code, r.err).toBe(2);
    expect(r.err.trim()).toBe('isoscope lab: the lab starts containers, which needs root: run `sudo isoscope lab up`');
    expect(existsSync(paths.stateDir)).toBe(false);
  });
});

describe("the app's way: GUI service → collector (root) → lab", () => {
  /** A service whose collector runs from source with this run's state directory. */
  function service(paths: DemoPaths): IsoscopeService {
    const s = new IsoscopeService({
      // One process (node with tsx's loader, no tsx wrapper): the pid the service knows is the collector's own.
      agentCommand: (ms) => ({
        command: process.execPath,
        args: [
          '--import',
          pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href,
          RUNNER,
          'agent',
          '--stdio',
          '--interval',
          String(ms / 1000),
        ],
        env: { ...process.env, ISOSCOPE_DEMO_DIR: paths.stateDir },
      }),
      backoffMs: [500],
    });
    s.start();
    return s;
  }

  async function until<T>(
    what: string,
    fn: () => T | null | undefined | false | Promise<T | null | undefined | false>,
    ms = 120_000,
  ): Promise<T> {
    const end = Date.now() + ms;
    for (;;) {
      const v = await fn();
      if (v) return v;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  const connected = (s: IsoscopeService) => until('the collector', () => s.getState().status.state === 'connected');

  async function labUp(s: IsoscopeService): Promise<DemoLabResult> {
    const r = await s.invoke('labUp', { presets: ['hardened'] });
    if (!r.ok) throw new Error(r.error.message);
    return r.result as DemoLabResult;
  }

  it('the presets the service started are stopped when it shuts down (the app exits)', async () => {
    const paths = newStateDir();
    const s = service(paths);
    try {
      await connected(s);
      const up = await labUp(s);
      expect(up.problems).toEqual([]);
      const c = up.status.containers.find((x) => x.preset === 'hardened')!;
      expect(c).toMatchObject({ alive: true, startedBy: 'app', orphaned: false });
      // The collector sees it as a container of its own, named by its runc id.
      await until('the container in the service', () => s.getState().containers.some((x) => x.id === c.id));
      const prefix = readDemoState(paths)!.prefix;
      const hardened = seen(paths, c.id, 'hardened', prefix);
      s.stop();
      await until(
        'the container stopped',
        () => !isLive({ pid: hardened.pid, startTime: hardened.startTime }) && !existsSync(paths.stateFile),
        120_000,
      );
      await until('runc to forget it', () => runcState(paths, c.id).status !== 0);
      expectGone(paths, hardened);
    } finally {
      s.stop();
    }
  }, 300_000);

  it('after a crash, the next collector reports what the dead one started as orphaned, and cleans it up', async () => {
    const paths = newStateDir();
    const s = service(paths);
    try {
      await connected(s);
      const up = await labUp(s);
      const id = up.status.containers[0]!.id;
      const prefix = readDemoState(paths)!.prefix;
      const hardened = seen(paths, id, 'hardened', prefix);
      // The collector dies without a word (as when the app is killed): nothing stops its containers.
      const agentPid = s.localAgentPid!;
      process.kill(agentPid, 'SIGKILL');
      await until('a new collector', () => s.getState().status.state === 'connected' && s.getState().status.restarts > 0);
      const st = await s.invoke('labStatus', {});
      expect(st.ok).toBe(true);
      const after = (st as { ok: true; result: DemoLabResult['status'] }).result;
      expect(after.containers).toEqual([expect.objectContaining({ id, alive: true, startedBy: 'app', orphaned: true })]);
      const down = await s.invoke('labDown', { presets: ['hardened'] });
      expect(down.ok && (down.result as DemoLabResult).status.containers).toEqual([]);
      expectGone(paths, hardened);
    } finally {
      s.stop();
    }
  }, 300_000);
});
