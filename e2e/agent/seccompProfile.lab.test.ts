// Issue #5 part 2, for real: a scripted busybox workload in a runc container is profiled with strace
// (the built `isoscope profile` command), the SAME workload then runs in a NEW runc container under
// the generated profile and still works, while a syscall outside it is refused with EPERM. Plus:
// runc's start-up set against a fresh trace of runc, command mode, cancellation (runner, stopAll,
// Ctrl-C of the CLI) leaving no strace behind, and clear errors.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_ARCH, nativeArches } from '../../electron/agent/seccomp/arch.js';
import { comparePolicy } from '../../electron/agent/seccomp/compare.js';
import { decodeArch } from '../../electron/agent/seccomp/decode.js';
import { expectedPolicy } from '../../electron/agent/seccomp/expected.js';
import { ensureHelper, readFilters } from '../../electron/agent/seccomp/nativeHelper.js';
import type { OciSeccomp } from '../../electron/agent/seccomp/profile.js';
import { ProfileRunner, type FinishInfo, type ProfileRequest } from '../../electron/agent/seccomp/profiler/runner.js';
import { RUNC_STARTUP } from '../../electron/agent/seccomp/profiler/startupSets.js';
import { ProfileProgress } from '../../shared/seccomp/report.js';
import { startLab } from '../lab/lab.js';
import { startSeccompLab, type SeccompContainer, type SeccompLab } from './seccomp/runcSeccomp.js';
import { STARTUP_VARIANTS, traceRuncStartup } from './seccomp/runcStartupTrace.js';
import {
  dockerRun,
  impossiblePid,
  processesRunning,
  runcExec,
  startWorkload,
  straceProcesses,
  waitFor,
  WORKLOAD_THREE,
  WORKLOAD_THREE_OUTPUT,
} from './seccomp/profileWorkload.js';

const SLEEPER = ['/bin/sleep', '7777'];
const CLI = pathToFileURL(fileURLToPath(new URL('../../dist/electron/agent/seccomp/profileCommand.js', import.meta.url))).href;
const work = mkdtempSync(join(tmpdir(), 'isoscope-profile-test-'));
let traced: SeccompLab;
let replay: SeccompLab | null = null;
let target: SeccompContainer;
let pids: number[];
let result: ProfileProgress & { container: { id: string } };
let helper: string;

/** The built CLI in its own process: resolves with exit code and output. */
function cli(args: string[], onSpawn?: (pid: number) => void): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const script = `const m = await import(${JSON.stringify(CLI)}); process.exitCode = await m.profileCommand(process.argv.slice(1));`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  onSpawn?.(child.pid!);
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** Runs one profile with a fresh runner to its end; `during` runs once it started. */
function profile(
  req: Omit<ProfileRequest, 'containerId'>,
  during?: (r: ProfileRunner) => void,
): Promise<{ progress: ProfileProgress[]; info: FinishInfo | null }> {
  const progress: ProfileProgress[] = [];
  return new Promise((resolve) => {
    const r = new ProfileRunner((p) => progress.push(ProfileProgress.parse(p)), {
      runcRoots: [traced.runcRoot],
      onFinished: (_id, info) => resolve({ progress, info }),
    });
    r.start({ containerId: target.id, ...req });
    during?.(r);
  });
}

beforeAll(async () => {
  helper = ensureHelper(join(work, 'native'));
  traced = await startSeccompLab({ traced: null });
  target = traced.containers[0]!;
  pids = await startWorkload(traced.runcRoot, target.id);
});
afterAll(async () => {
  for (const lab of [replay, traced]) {
    const problems = await lab?.stop();
    if (problems?.length) console.warn('seccomp lab stop:', problems);
  }
  rmSync(work, { recursive: true, force: true });
});

describe('profile the workload, replay it under the generated profile', () => {
  it("isoscope profile <container> --duration 4s: the workload's syscalls, a coverage curve that levels off", async () => {
    expect(pids.length).toBeGreaterThanOrEqual(3); // lab-init, its sleep, the workload's shell (and maybe its child)
    const out = join(work, 'result.json');
    const r = await cli([
      'profile',
      target.id,
      '--runc-root',
      traced.runcRoot,
      '--no-api',
      '--duration',
      '4s',
      '--json',
      '--out',
      out,
    ]);
    expect([r.code, r.stderr]).toEqual([
      0,
      expect.stringMatching(/^isoscope: profile: \d+ distinct syscalls in \d+ calls over 4\.\ds .*→ /),
    ]);
    result = JSON.parse(readFileSync(out, 'utf8')) as typeof result;
    expect([result.state, result.container.id]).toEqual(['done', target.id]);
    expect(ProfileProgress.parse(result)).toMatchObject({ state: 'done', distinct: result.distinct });
    for (const name of ['execve', 'openat', 'read', 'write', 'sendfile', 'getdents64', 'clone', 'wait4', 'rt_sigsuspend'])
      expect(result.syscalls[name], name).toBeGreaterThan(0);
    expect((result.syscalls['nanosleep'] ?? 0) + (result.syscalls['clock_nanosleep'] ?? 0)).toBeGreaterThan(0);
    expect(result.syscalls['execve']).toBeGreaterThan(20); // cat, cat, sleep per round of ~0.15 s
    const times = result.coverage.map(([t]) => t);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(result.coverage.length).toBeGreaterThan(14); // every 250 ms
    const half = result.coverage.filter(([t]) => t <= 2000).at(-1)![1];
    expect(result.distinct - half).toBeLessThanOrEqual(1); // lab-init's rt_sigsuspend only shows when strace detaches
    console.log(`workload: ${Object.keys(result.syscalls).join(' ')}`);
    console.log(
      `workload: ${result.distinct} distinct syscalls, ${Object.values(result.syscalls).reduce((a, b) => a + b, 0)} calls in ${result.elapsedMs} ms; coverage ${JSON.stringify(result.coverage.filter((_, i) => i % 4 === 0))}`,
    );
  });

  it("the profile: allow-list of what was seen + runc's start-up set, every name explained", () => {
    const p = result.generated!.profile as OciSeccomp;
    expect([p.defaultAction, p.defaultErrnoRet]).toEqual(['SCMP_ACT_ERRNO', 1]);
    const names = p.syscalls[0]!.names;
    expect(names).toEqual(expect.arrayContaining([...Object.keys(result.syscalls), ...Object.keys(RUNC_STARTUP)]));
    expect(Object.keys(result.generated!.explanations).sort()).toEqual(names);
    expect(result.generated!.explanations['sendfile']).toMatch(/^seen \d+ times$/);
    expect(names).not.toContain('unshare');
    console.log(`profile: ${names.length} syscalls (${names.length - result.distinct} added for start-up)`);
  });

  it('a NEW runc container starts under the generated profile, and the kernel enforces exactly it', async () => {
    const generated = result.generated!.profile as OciSeccomp;
    replay = await startSeccompLab({ replay: generated });
    const c = replay.containers[0]!;
    const read = await readFilters(c.initPid, helper);
    if (!read.ok) throw new Error(`${read.reason}: ${read.detail}`);
    for (const arch of nativeArches()) {
      const diffs = comparePolicy(
        read.filters,
        expectedPolicy(generated, arch),
        decodeArch(read.filters, arch).syscalls,
        AUDIT_ARCH[arch],
      );
      expect(diffs, arch).toEqual([]);
    }
  });

  it('the same workload runs there: exit 0, the expected output', async () => {
    const c = replay!.containers[0]!;
    const r = await runcExec(replay!.runcRoot, c.id, ['/bin/sh', '-c', WORKLOAD_THREE]);
    expect(r).toEqual({ code: 0, stdout: WORKLOAD_THREE_OUTPUT, stderr: '' });
  });

  it('a syscall outside the profile is refused with EPERM (and works without the profile)', async () => {
    const c = replay!.containers[0]!;
    const refused = await runcExec(replay!.runcRoot, c.id, ['unshare', '-U', 'true']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/unshare.*Operation not permitted/);
    expect(await runcExec(traced.runcRoot, target.id, ['unshare', '-U', 'true'])).toMatchObject({ code: 0 });
  });
});

describe('the same profile as a Docker profile', () => {
  it("docker run --security-opt seccomp=FILE (dockerd 20.10, no no-new-privileges): the workload works, mkdir (in Docker's default) is refused", async () => {
    const file = join(work, 'docker-profile.json');
    writeFileSync(file, JSON.stringify(result.generated!.profile, null, 2));
    const lab = await startLab({ only: ['docker'], workDir: join(work, 'docker-lab') });
    try {
      const image = lab.containers.find((c) => c.key === 'docker')?.image;
      if (!lab.docker || !image) throw new Error(`the lab's docker did not start: ${JSON.stringify(lab.skipped)}`);
      const run = (args: string[]) =>
        dockerRun(lab.docker!.socket, join(work, 'docker-client'), ['--security-opt', `seccomp=${file}`, image, ...args]);
      expect(await run(['/bin/sh', '-c', WORKLOAD_THREE])).toEqual({ code: 0, stdout: WORKLOAD_THREE_OUTPUT, stderr: '' });
      // mkdir is outside the profile but in Docker's default: refused here, so this is our profile
      const refused = await run(['mkdir', '/tmp/d']);
      expect([refused.code === 0, refused.stderr]).toEqual([
        false,
        expect.stringMatching(/mkdir: can't create directory '\/tmp\/d': Operation not permitted/),
      ]);
      expect(await dockerRun(lab.docker.socket, join(work, 'docker-client'), [image, 'mkdir', '/tmp/d'])).toMatchObject({
        code: 0,
      });
    } finally {
      await lab.stop();
    }
  }, 300_000);
});

describe("runc's start-up set", () => {
  it('covers what runc init calls after installing the filter, traced now (run and exec, with and without no-new-privileges)', async () => {
    const traces = await traceRuncStartup(STARTUP_VARIANTS, 2);
    expect(traces.length).toBe(STARTUP_VARIANTS.length * 2);
    for (const t of traces) {
      expect(t.calls.at(-1), t.variant).toBe('execve');
      expect(
        t.calls.filter((n) => !(n in RUNC_STARTUP)),
        t.variant,
      ).toEqual([]);
    }
  });
});

describe('command mode, cancellation, errors', () => {
  it("a command inside the container (runc exec): its syscalls, not runc's", async () => {
    const { progress, info } = await profile({
      profileId: 'cmd',
      pid: target.initPid,
      pids: [],
      durationMs: 0,
      command: ['/bin/sh', '-c', 'read -r l < /etc/hostname; uname -n > /dev/null; exit 3'],
    });
    const last = progress.at(-1)!;
    expect(last.state).toBe('done');
    expect(info!.exitCode).toBe(3);
    for (const n of ['execve', 'read', 'uname', 'exit_group']) expect(last.syscalls[n], n).toBeGreaterThan(0);
    expect(last.syscalls['setns']).toBeUndefined();
    expect(info!.runtimeCalls['setns']).toBeGreaterThanOrEqual(5);
    const missing = await profile({
      profileId: 'cmd2',
      pid: target.initPid,
      pids: [],
      durationMs: 0,
      command: ['/no/such/program'],
    });
    expect(missing.progress.at(-1)).toMatchObject({
      state: 'failed',
      error:
        'runc: exec failed: unable to start container process: exec: "/no/such/program": stat /no/such/program: no such file or directory',
    });
  });

  it('progress about every 500 ms, then cancel: "cancelled", no strace left, the processes untraced', async () => {
    const { progress } = await profile({ profileId: 'c1', pid: target.initPid, pids, durationMs: 60_000 }, (r) =>
      setTimeout(() => r.cancel('c1'), 2200),
    );
    expect(progress.filter((p) => p.state === 'running').length).toBeGreaterThanOrEqual(3);
    expect(progress.at(-1)!.state).toBe('cancelled');
    expect(progress.at(-1)!.generated).toBeUndefined();
    await waitFor('no strace on the container', () => straceProcesses(pids).length === 0);
    for (const pid of pids.filter((p) => existsSync(`/proc/${p}`)))
      expect(readFileSync(`/proc/${pid}/status`, 'utf8')).toMatch(/^TracerPid:\s+0$/m);
  }, 30_000);

  it('stopAll(): a command and an attach in flight, both cancelled, the command killed, no strace left', async () => {
    const seen: ProfileProgress[] = [];
    const r = new ProfileRunner((p) => seen.push(p), { runcRoots: [traced.runcRoot] });
    r.start({ profileId: 'a', containerId: target.id, pid: target.initPid, pids, durationMs: 60_000 });
    r.start({ profileId: 'b', containerId: target.id, pid: target.initPid, pids: [], durationMs: 0, command: SLEEPER });
    await waitFor('the command', () => processesRunning(SLEEPER).length > 0);
    r.stopAll();
    await waitFor('both ended', () => seen.filter((p) => p.state !== 'running').length === 2);
    expect(seen.filter((p) => p.state !== 'running').map((p) => p.state)).toEqual(['cancelled', 'cancelled']);
    await waitFor('no strace, no sleep 7777', () => straceProcesses(pids).length === 0 && processesRunning(SLEEPER).length === 0);
  }, 30_000);

  it('Ctrl-C on the CLI: exit 130, "cancelled", no strace left', async () => {
    const r = await cli(['profile', target.id, '--runc-root', traced.runcRoot, '--no-api', '--duration', '1m'], (pid) => {
      void waitFor('strace', () => straceProcesses(pids).length > 0).then(() =>
        setTimeout(() => process.kill(pid, 'SIGINT'), 500),
      );
    });
    expect([r.code, r.stderr, r.stdout]).toEqual([130, 'isoscope: profile: cancelled\n', '']);
    await waitFor('no strace on the container', () => straceProcesses(pids).length === 0);
  }, 30_000);

  it('a pid that does not exist: a clear error (runner "failed", CLI exit 2)', async () => {
    const nope = impossiblePid();
    const { progress } = await profile({ profileId: 'n', pid: nope, pids: [], durationMs: 2000 });
    expect(progress).toEqual([expect.objectContaining({ state: 'failed', error: `ESRCH: no such process ${nope}` })]);
    expect(await cli(['profile', String(nope)])).toEqual({
      code: 2,
      stdout: '',
      stderr: `isoscope: profile: no process ${nope}\n`,
    });
  });

  it('processes traced already: EPERM', async () => {
    const first = new ProfileRunner(() => undefined);
    first.start({ profileId: 'f', containerId: target.id, pid: target.initPid, pids, durationMs: 30_000 });
    await waitFor('the first trace', () => straceProcesses(pids).length > 0);
    await waitFor('tracees', () => /^TracerPid:\s+[1-9]/m.test(readFileSync(`/proc/${target.initPid}/status`, 'utf8')));
    const { progress } = await profile({ profileId: 's', pid: target.initPid, pids, durationMs: 2000 });
    first.stopAll();
    expect(progress.at(-1)).toMatchObject({ state: 'failed', error: expect.stringMatching(/^EPERM: ptrace not permitted/) });
    await waitFor('no strace left', () => straceProcesses(pids).length === 0);
  }, 30_000);

  it('strace is not installed: says so', () => {
    const r = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { ProfileRunner } = await import(${JSON.stringify(CLI.replace('profileCommand.js', 'profiler/runner.js'))});
new ProfileRunner((p) => console.log(JSON.stringify(p))).start({ profileId: 'x', containerId: 'c', pid: process.pid, pids: [], durationMs: 1000 });`,
      ],
      { encoding: 'utf8', env: { ...process.env, PATH: '/nonexistent' } },
    );
    expect(JSON.parse(r.stdout)).toMatchObject({ state: 'failed', error: 'strace is not installed' });
  });
});
