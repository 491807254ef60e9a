// Issue 9 item 1, for real: `isoscope profile <c> -- cmd` runs the command as the container would
// (the runtime's own exec, traced with strace -f), never as host root beside it. In lab containers
// of runc (hardened: userns, 3 caps, seccomp, NoNewPrivs), runc-loose, Docker, Podman (runc exec)
// and LXC (lxc-attach), the
// command's own /proc/self/status (Cap*, NoNewPrivs, Seccomp, Uid/Gid) and /proc/self/cgroup equal
// the container's init process's, seen from the same namespaces. And the attack: a container that
// replaced the binary the profile runs gets the container's capabilities, not host root.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProfileRunner, type FinishInfo, type RunnerOptions } from '../../electron/agent/seccomp/profiler/runner.js';
import { ProfileProgress } from '../../shared/seccomp/report.js';
import { startLab, type Lab, type LabContainer, type LabKey } from '../lab/lab.js';

const KEYS: LabKey[] = ['runc-hardened', 'runc-loose', 'docker', 'podman', 'lxc'];
/** What must be the same for the command as for the container's init. */
const STATUS_FIELDS = [
  'Uid',
  'Gid',
  'Groups',
  'CapInh',
  'CapPrm',
  'CapEff',
  'CapBnd',
  'CapAmb',
  'NoNewPrivs',
  'Seccomp',
  'Seccomp_filters',
];
const MARK = '@@cgroup@@';
let lab: Lab;
/** Host root's own effective set (this test runs as root): what the command must never get. */
const HOST_ROOT_CAPS = fields(readFileSync('/proc/self/status', 'utf8'))['CapEff'];

beforeAll(async () => {
  lab = await startLab({ only: KEYS });
  const missing = KEYS.filter((k) => !lab.containers.some((c) => c.key === k));
  if (missing.length) throw new Error(`lab containers did not start: ${JSON.stringify(lab.skipped)}`);
}, 600_000);
afterAll(async () => {
  await lab?.stop();
});

const container = (key: LabKey): LabContainer => lab.containers.find((c) => c.key === key)!;

function runcRootOf(key: LabKey): string {
  if (key === 'docker') return lab.docker!.runcRoot;
  if (key === 'podman') return lab.podman!.runcRoot;
  return lab.runcRoot;
}

/** Selected status fields. */
function fields(status: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of STATUS_FIELDS)
    out[f] = (new RegExp(`^${f}:[ \\t]*(.*)$`, 'm').exec(status)?.[1] ?? '<absent>').trim().replace(/\s+/g, ' ');
  return out;
}

/**
 * The init's status and cgroup as the command sees its own: from inside the container's user and
 * cgroup namespaces (ids and cgroup paths are shown relative to the reader's), values absolute.
 */
function initView(pid: number): { status: Record<string, string>; cgroup: string } {
  const ns = (t: string) => readlinkSync(`/proc/${pid}/ns/${t}`) !== readlinkSync(`/proc/self/ns/${t}`);
  const flags = [...(ns('user') ? ['-U'] : []), ...(ns('cgroup') ? ['-C'] : [])];
  const read = (file: string) =>
    flags.length
      ? execFileSync('nsenter', ['-t', String(pid), ...flags, '--', 'cat', `/proc/${pid}/${file}`], { encoding: 'utf8' })
      : readFileSync(`/proc/${pid}/${file}`, 'utf8');
  return { status: fields(read('status')), cgroup: read('cgroup') };
}

/** Profiles `command` in the container with a fresh runner: its progress, finish info and stdout. */
function profile(
  key: LabKey,
  command: string[],
  opts: RunnerOptions = {},
): Promise<{ last: ProfileProgress; info: FinishInfo; stdout: string; stderr: string }> {
  const c = container(key);
  let stdout = '';
  let stderr = '';
  let last: ProfileProgress | null = null;
  return new Promise((resolve) => {
    const r = new ProfileRunner((p) => (last = ProfileProgress.parse(p)), {
      ...(key === 'lxc' ? { lxcPaths: [lab.internals.lxcPath!] } : { runcRoots: [runcRootOf(key)] }),
      onCommandOutput: (s, chunk) => (s === 'stdout' ? (stdout += chunk) : (stderr += chunk)),
      onFinished: (_id, info) => resolve({ last: last!, info, stdout, stderr }),
      ...opts,
    } as RunnerOptions);
    r.start({ profileId: `conf-${key}`, containerId: c.id, pid: c.initPid, pids: [], durationMs: 60_000, command });
  });
}

describe('the profiled command runs confined like the container', () => {
  for (const key of KEYS) {
    it(`${key}: Cap*, NoNewPrivs, Seccomp, Uid/Gid and cgroups equal the init's; the profile counts the command's calls only`, async () => {
      const c = container(key);
      const { last, info, stdout, stderr } = await profile(key, [
        '/bin/sh',
        '-c',
        `cat /proc/self/status; echo ${MARK}; cat /proc/self/cgroup`,
      ]);
      expect([last.state, last.error, info.exitCode], stderr).toEqual(['done', undefined, 0]);
      const [status, cgroup] = stdout.split(`${MARK}\n`);
      const init = initView(c.initPid);
      expect(fields(status!)).toEqual(init.status);
      // lxc-attach puts the command in LXC's attach cgroup `.lxc`, a child of the container's, on
      // the cgroup2 (unified) hierarchy (the v1 controllers: the container's own): under its limits.
      const expected =
        key === 'lxc' ? init.cgroup.replace(/^0::(.*)$/m, (_, p: string) => `0::${p === '/' ? '' : p}/.lxc`) : init.cgroup;
      expect(cgroup).toBe(expected);
      if (key === 'runc-hardened') {
        expect(init.status).toMatchObject({ CapEff: '0000000000000421', NoNewPrivs: '1', Seccomp: '2', Uid: '0 0 0 0' });
        expect(readFileSync(`/proc/${c.initPid}/status`, 'utf8')).toMatch(/^Uid:\s+100000\s/m);
      }
      expect(init.status['CapEff']).not.toBe(HOST_ROOT_CAPS);
      // the command's calls, not the runtime's exec machinery
      for (const n of ['execve', 'read', 'write', 'exit_group']) expect(last.syscalls[n], n).toBeGreaterThan(0);
      for (const n of ['setns', 'unshare', 'pivot_root', 'capset', 'seccomp']) expect(last.syscalls[n], n).toBeUndefined();
      expect(last.syscalls['execve']).toBe(3); // sh, cat, cat
      expect(Object.keys(info.runtimeCalls)).toEqual(expect.arrayContaining(['setns', 'execve']));
    });
  }
});

describe('a container that replaced the profiled binary', () => {
  it("runc-loose (rw rootfs): the planted /bin/hostname runs with the container's capabilities and cgroup, not host root", async () => {
    const c = container('runc-loose');
    const rootfs = join(lab.internals.runDir, 'runc-loose', 'rootfs');
    const target = join(rootfs, 'bin', 'hostname');
    rmSync(target, { force: true });
    writeFileSync(target, '#!/bin/sh\ncat /proc/self/status > /evidence-status\ncat /proc/self/cgroup > /evidence-cgroup\n');
    chmodSync(target, 0o755);
    const { last, info } = await profile('runc-loose', ['/bin/hostname']);
    expect([last.state, info.exitCode]).toEqual(['done', 0]);
    const status = fields(readFileSync(join(rootfs, 'evidence-status'), 'utf8'));
    const init = initView(c.initPid);
    expect(status['CapEff']).not.toBe(HOST_ROOT_CAPS);
    expect(status).toEqual(init.status);
    expect(readFileSync(join(rootfs, 'evidence-cgroup'), 'utf8')).toBe(init.cgroup);
  });
});

describe('no runtime to exec through: refused, never run as root', () => {
  it('a plain process (no runc/crun state names it) with a command: failed with the reason, the command never ran', async () => {
    const marker = join(lab.internals.runDir, 'must-not-exist');
    const { last } = await new Promise<{ last: ProfileProgress }>((resolve) => {
      let last: ProfileProgress | null = null;
      const r = new ProfileRunner((p) => (last = p), { onFinished: () => resolve({ last: last! }) });
      r.start({
        profileId: 'plain',
        containerId: `pid:${process.pid}`,
        pid: process.pid,
        pids: [],
        durationMs: 10_000,
        command: ['/bin/touch', marker],
      });
    });
    expect(last.state).toBe('failed');
    expect(last.error).toMatch(/^cannot run the command as the container would: /);
    expect(existsSync(marker)).toBe(false);
  });
});
