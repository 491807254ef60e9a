// Lookalikes of sandboxed runtimes attack the root collector for real (docs/security.md rule:
// identity only from root-owned runtime state, checked against the process):
// - inside an ordinary runc container, a binary of the container's own image re-executes itself
//   through /proc/self/exe as "runsc-sandbox … boot" (exactly how runsc starts its sandbox: comm
//   "exe", argv[0] runsc-sandbox), and another runs as qemu-system-x86_64;
// - stale root-owned state (a runsc state file, a Kata persist.json of sandboxes that exited)
//   names those pids, as after pid reuse;
// - an unprivileged user runs a process named containerd-shim-kata-v2 "-id <the container>".
// None of it may make the container a gVisor sandbox or a Kata VM; the container says why.
// And the real thing for contrast: a gVisor sandbox started with the Debian runsc package (when
// installed) is recognised from its root-owned state, its facts said to be the sandbox's.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../shared/snapshot/schema.js';
import { Collector } from '../../electron/agent/collect/collector.js';
import { auditSnapshot } from '../../shared/findings/audit.js';
import { checkHostBinary, claimedRole } from '../../electron/agent/discovery/sandboxes.js';
import { HostFs } from '../../electron/agent/readers/hostFs.js';
import { readProcess } from '../../electron/agent/readers/processReader.js';
import { startLab, type Lab } from '../lab/lab.js';
import { ensureTestUser, type TestUser } from '../lab/testUser.js';
import { labOptions } from './labCollector.js';

// A static program: with --reexec it re-executes itself as runsc does its sandbox; otherwise it waits.
const FAKE_C = `#include <string.h>
#include <unistd.h>
int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "--reexec") == 0) {
    char *args[] = {"runsc-sandbox", "--root=/run/runsc", "--log-format=json", "boot", "--apply-caps=false", "fake", 0};
    execv("/proc/self/exe", args);
    return 1;
  }
  for (;;) pause();
}
`;

const tag = randomBytes(4).toString('hex');
const work = mkdtempSync(join(tmpdir(), 'isoscope-sandboxfake-'));
const fakeBin = join(work, 'fake');
const runscName = `runsc-isoscope-${tag}`;
/** Where the container keeps its "runsc"; the host gets a different root-owned file at the same path. */
const runscPath = `/usr/local/bin/${runscName}`;
const qemuPath = `/usr/local/bin/qemu-system-x86_64-isoscope-${tag}`;
const staleSandbox = `deadbeef${tag}`.padEnd(64, '0');
const staleKata = `cafebabe${tag}`.padEnd(64, '0');
const cleanups: (() => void)[] = [];
const children: ChildProcess[] = [];

let lab: Lab;
let user: TestUser;
let cid = '';
let fakeSandboxPid = 0;
let fakeQemuPid = 0;
let fakeShimPid = 0;
let snap: Snapshot;

/** Pids in the container's cgroup (memory hierarchy or unified) whose argv[0] is `argv0`. */
function findInContainer(initPid: number, argv0: string): number | null {
  const mine = readFileSync(`/proc/${initPid}/cgroup`, 'utf8');
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/cgroup`, 'utf8') !== mine) continue;
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0')[0] === argv0) return Number(name);
    } catch {
      /* gone */
    }
  }
  return null;
}

async function waitFor<T>(what: string, f: () => T | null): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = f();
    if (v !== null) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Creates a root-owned file (and its directories) that is removed after the tests. */
function plant(path: string, data: string | Buffer, mode = 0o644): void {
  const parts = path.split('/').slice(1, -1);
  let dir = '';
  for (const p of parts) {
    dir += '/' + p;
    if (!existsSync(dir)) {
      mkdirSync(dir);
      const d = dir;
      cleanups.unshift(() => rmSync(d, { recursive: true, force: true }));
    }
  }
  writeFileSync(path, data, { mode });
  cleanups.unshift(() => rmSync(path, { force: true }));
}

beforeAll(async () => {
  lab = await startLab({ only: ['runc-loose'] });
  const c = lab.containers.find((x) => x.key === 'runc-loose')!;
  cid = c.id;
  writeFileSync(join(work, 'fake.c'), FAKE_C);
  execFileSync('gcc', ['-static', '-O1', '-o', fakeBin, join(work, 'fake.c')]);
  // The container's own binaries, in its rootfs.
  const rootfs = `/proc/${c.initPid}/root`;
  mkdirSync(`${rootfs}/usr/local/bin`, { recursive: true });
  copyFileSync(fakeBin, `${rootfs}${runscPath}`);
  copyFileSync(fakeBin, `${rootfs}${qemuPath}`);
  chmodSync(`${rootfs}${runscPath}`, 0o755);
  chmodSync(`${rootfs}${qemuPath}`, 0o755);
  // The host has a root-owned file of that name too (so the path exists: the inode decides).
  plant(runscPath, readFileSync(fakeBin), 0o755);
  for (const [path, args] of [
    [runscPath, ['--reexec']],
    [qemuPath, ['-name', `sandbox-${staleKata}`]],
  ] as const) {
    children.push(spawn('runc', ['--root', lab.runcRoot, 'exec', cid, path, ...args], { stdio: 'ignore' }));
  }
  fakeSandboxPid = await waitFor('the fake runsc-sandbox', () => findInContainer(c.initPid, 'runsc-sandbox'));
  fakeQemuPid = await waitFor('the fake qemu', () => findInContainer(c.initPid, qemuPath));
  // Stale root-owned state naming them (their pids reused by the lookalikes).
  plant(
    `/run/runsc/${staleSandbox}_sandbox:${staleSandbox}.state`,
    JSON.stringify({ id: staleSandbox, status: 'stopped', goferPid: 0, sandbox: { id: staleSandbox, pid: fakeSandboxPid } }),
  );
  plant(
    `/run/vc/sbs/${staleKata}/persist.json`,
    JSON.stringify({ State: 'running', HypervisorState: { Type: 'qemu', Pid: fakeQemuPid } }),
  );
  // An unprivileged user's "containerd-shim-kata-v2 -id <container>".
  user = ensureTestUser('isoscope-sbx');
  const shim = join(work, 'containerd-shim-kata-v2');
  copyFileSync(fakeBin, shim);
  chmodSync(work, 0o755);
  chmodSync(shim, 0o755);
  const s = spawn(
    'setpriv',
    [`--reuid=${user.uid}`, `--regid=${user.gid}`, '--clear-groups', '--inh-caps=-all', shim, '-namespace', 'k8s.io', '-id', cid],
    { stdio: 'ignore' },
  );
  children.push(s);
  fakeShimPid = await waitFor('the fake shim', () => {
    try {
      return readFileSync(`/proc/${s.pid}/comm`, 'utf8').trim() === 'containerd-shim' ? s.pid! : null;
    } catch {
      return null;
    }
  });
  snap = await new Collector({ ...labOptions(lab), useEngineApis: false }).snapshot();
}, 300_000);

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  for (const pid of [fakeSandboxPid, fakeQemuPid, fakeShimPid])
    if (pid)
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
  for (const f of cleanups) f();
  user?.remove();
  rmSync(work, { recursive: true, force: true });
  await lab?.stop();
}, 120_000);

describe('lookalikes of gVisor and Kata are not sandboxes', () => {
  it('the lookalike looks exactly like runsc to a name check (comm exe, argv[0] runsc-sandbox)', () => {
    const fs = new HostFs('/');
    const raw = readProcess(fs, fakeSandboxPid, 'none')!;
    expect(raw.comm).toBe('exe');
    const argv = readFileSync(`/proc/${fakeSandboxPid}/cmdline`, 'utf8').split('\0');
    expect(argv[0]).toBe('runsc-sandbox');
    expect(claimedRole(raw, argv)).toEqual({ runtime: 'gVisor', what: 'runsc-sandbox' });
    // …but its executable is the container's file, not the host's at that path.
    expect(checkHostBinary(fs, fakeSandboxPid)).toEqual({
      ok: false,
      why: `${runscPath} on the host is not the file it runs (a file of another mount namespace, such as a container's own)`,
    });
  });

  it('the runc container stays an ordinary container, and says why its processes are not gVisor or Kata', () => {
    const c = snap.containers.find((x) => x.id === cid)!;
    expect(c.runtime).toBe('runc');
    expect(c.sandbox).toBeNull();
    expect(c.processes.map((p) => p.pid)).toEqual(expect.arrayContaining([fakeSandboxPid, fakeQemuPid]));
    expect(c.sources).toContain(
      `/run/runsc/${staleSandbox}_sandbox:${staleSandbox}.state names pid ${fakeSandboxPid} as gVisor's sandbox, but ${runscPath} on the host is not the file it runs (a file of another mount namespace, such as a container's own): not taken as gVisor`,
    );
    expect(c.sources).toContain(
      `/run/vc/sbs/${staleKata}/persist.json names pid ${fakeQemuPid} as Kata's VMM, but ${qemuPath} does not exist on the host (ENOENT): it runs a file of another mount namespace: not taken as Kata`,
    );
  });

  it("the user's containerd-shim-kata-v2 naming the container changes nothing", () => {
    expect(snap.containers.filter((x) => x.sandbox)).toEqual([]);
    expect(snap.containers.filter((x) => x.id === cid)).toHaveLength(1);
    expect(snap.containers.flatMap((x) => x.processes.map((p) => p.pid))).not.toContain(fakeShimPid);
  });
});

const RUNSC = spawnSync('runsc', ['--version']).status === 0;

describe.runIf(RUNSC)('a real gVisor sandbox (bare runsc) is recognised from its root-owned state', () => {
  const id = `isoscope-gv-${tag}`;
  const bundle = join(work, 'gv');
  let state: { goferPid: number; sandbox: { pid: number } };
  let s: Snapshot;

  beforeAll(async () => {
    mkdirSync(join(bundle, 'rootfs/bin'), { recursive: true });
    copyFileSync('/usr/bin/busybox', join(bundle, 'rootfs/bin/busybox'));
    chmodSync(join(bundle, 'rootfs/bin/busybox'), 0o755);
    execFileSync('ln', ['-s', 'busybox', join(bundle, 'rootfs/bin/sleep')]);
    execFileSync('runsc', ['spec', '--', '/bin/sleep', '1000'], { cwd: bundle, stdio: 'ignore', timeout: 30_000 });
    if (!existsSync('/run/runsc')) {
      mkdirSync('/run/runsc', { mode: 0o700 });
      cleanups.push(() => rmSync('/run/runsc', { recursive: true, force: true }));
    }
    // stdio ignored: the detached sandbox and gofer would hold a pipe open for ever.
    execFileSync(
      'runsc',
      ['--root', '/run/runsc', '--network=none', '--platform=ptrace', 'run', '--detach', '--bundle', bundle, id],
      { stdio: 'ignore', timeout: 60_000 },
    );
    cleanups.unshift(() => void spawnSync('runsc', ['--root', '/run/runsc', 'delete', '--force', id]));
    state = JSON.parse(readFileSync(`/run/runsc/${id}_sandbox:${id}.state`, 'utf8'));
    s = await new Collector({ ...labOptions(lab), useEngineApis: false }).snapshot();
  }, 120_000);

  // platform null: runsc passes only non-default flags to its sandbox, and ptrace is this runsc's default.
  it('one runsc container holding the sandbox and the gofer; the boundary, field by field', () => {
    const c = s.containers.find((x) => x.id === id)!;
    expect(c.runtime).toBe('runsc');
    expect(c.name).toBe(id);
    expect(c.processes.map((p) => p.pid)).toEqual(expect.arrayContaining([state.sandbox.pid, state.goferPid]));
    expect(c.sandbox).toMatchObject({
      kind: 'user-space-kernel',
      runtime: 'gvisor',
      hypervisor: null,
      sandboxId: id,
      platform: null,
      workloads: [id],
      factsOf: { pid: state.sandbox.pid, role: 'sandbox' },
    });
    expect(c.sandbox!.hostProcesses.map(({ pid, role, member, exe }) => ({ pid, role, member, exe }))).toEqual([
      { pid: state.sandbox.pid, role: 'sandbox', member: true, exe: '/usr/bin/runsc' },
      { pid: state.goferPid, role: 'gofer', member: true, exe: '/usr/bin/runsc' },
    ]);
  });

  it("the container's facts are the sandbox process's, read from its /proc (and the findings say so)", () => {
    const c = s.containers.find((x) => x.id === id)!;
    expect(c.initPid).toBe(state.sandbox.pid);
    const status = readFileSync(`/proc/${state.sandbox.pid}/status`, 'utf8');
    expect(c.capabilities.effective?.hex).toBe(/^CapEff:\s+(\S+)/m.exec(status)![1]);
    expect(c.processes.find((p) => p.pid === state.sandbox.pid)!.uid?.real).toBe(Number(/^Uid:\s+(\d+)/m.exec(status)![1]));
    const a = auditSnapshot(s).find((x) => x.id === id)!;
    expect(a.checks.find((r) => r.rule === 'seccomp.off')!.outcome).toBe('unknown');
    expect(a.checks.find((r) => r.rule === 'sandbox-host.seccomp.off')).toMatchObject({
      outcome: 'pass',
      title: "gVisor's sandbox process on the host: No seccomp filter",
    });
  });
});
