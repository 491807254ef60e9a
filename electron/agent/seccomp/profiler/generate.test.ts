// The generated profile: observed names + runc's start-up set (+ program start-up when attaching),
// each explained, only real syscall names; and the start-up set covers the captured runc traces.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { syscallNumber } from '../arch.js';
import { expectedPolicy } from '../expected.js';
import { generateProfile } from './generate.js';
import { callsAfterFilterInstall, PROGRAM_STARTUP, RUNC_STARTUP } from './startupSets.js';

const fixture = (name: string): string[] => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8').split('\n');

describe('generateProfile', () => {
  const observed = { openat: 42, read: 1, nanosleep: 3, syscall_0x1c0: 2, not_a_syscall: 1 };

  it("allow-list: default ERRNO(EPERM), Docker's x86 architectures, one sorted allow rule", () => {
    const g = generateProfile(observed, { machine: 'x64' });
    expect(g.profile.defaultAction).toBe('SCMP_ACT_ERRNO');
    expect(g.profile.defaultErrnoRet).toBe(1);
    expect(g.profile.architectures).toEqual(['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32']);
    expect(g.profile.syscalls).toHaveLength(1);
    const { names, action } = g.profile.syscalls[0]!;
    expect(action).toBe('SCMP_ACT_ALLOW');
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(expect.arrayContaining(['openat', 'read', 'nanosleep', ...Object.keys(RUNC_STARTUP)]));
    expect(g.skipped).toEqual(['not_a_syscall', 'syscall_0x1c0']);
  });

  it('every allowed name is a syscall of a native ABI and is explained', () => {
    const g = generateProfile(observed, { machine: 'x64', programStartup: true });
    const names = g.profile.syscalls[0]!.names;
    expect(Object.keys(g.explanations).sort()).toEqual(names);
    for (const n of names)
      expect(
        ['x86_64', 'i386', 'x32'].some((a) => syscallNumber(a as 'x86_64', n) !== undefined),
        n,
      ).toBe(true);
    expect(g.explanations['openat']).toMatch(/^seen 42 times; needed by runc: .*; program start-up/);
    expect(g.explanations['read']).toMatch(/^seen 1 time; /);
    expect(g.explanations['setuid']).toMatch(/^needed by runc: .*no no-new-privileges/);
    expect(g.explanations['set_tid_address']).toMatch(/^program start-up \(before the trace attached\)/);
  });

  it("program start-up only when asked (attach mode), runc's set unless turned off", () => {
    expect(generateProfile({}, { machine: 'x64' }).profile.syscalls[0]!.names).not.toContain('set_tid_address');
    expect(generateProfile({ getpid: 1 }, { machine: 'x64', runtimeStartup: false }).profile.syscalls[0]!.names).toEqual([
      'getpid',
    ]);
    expect(generateProfile({}, { machine: 'x64', runtimeStartup: false }).profile.syscalls).toEqual([]);
  });

  it('aarch64: its own names only (no open, access or arch_prctl there)', () => {
    const g = generateProfile({ open: 1, openat: 1 }, { machine: 'arm64', programStartup: true });
    expect(g.profile.architectures).toEqual(['SCMP_ARCH_AARCH64', 'SCMP_ARCH_ARM']);
    const names = g.profile.syscalls[0]!.names;
    expect(names).toContain('openat');
    for (const n of ['open', 'access', 'arch_prctl']) expect(names).not.toContain(n);
    expect(g.skipped).toEqual(['open']);
  });

  it('what runc + libseccomp will make of it: observed names ALLOW, the rest ERRNO(EPERM)', () => {
    const g = generateProfile(observed, { machine: 'x64' });
    for (const arch of ['x86_64', 'i386', 'x32'] as const) {
      const policy = expectedPolicy(g.profile, arch);
      expect(policy.covered, arch).toBe(true);
      const of = (name: string) => policy.syscalls.find((x) => x.name === name)!.action;
      expect(of('openat'), arch).toMatchObject({ kind: 'allow' });
      expect(of('unshare'), arch).toMatchObject({ kind: 'errno', data: 1 });
      expect(of('mount'), arch).toMatchObject({ kind: 'errno', data: 1 });
    }
  });
});

describe("runc's start-up set", () => {
  for (const [name, variant] of [
    ['runc-run-nnp.excerpt.strace', 'noNewPrivileges'],
    ['runc-run-no-nnp.excerpt.strace', 'no noNewPrivileges'],
  ] as const) {
    it(`covers what runc init called after the filter install (${variant})`, () => {
      const after = callsAfterFilterInstall(fixture(name))!;
      expect(after.calls.at(-1)).toBe('execve');
      expect(after.calls.filter((n) => !(n in RUNC_STARTUP))).toEqual([]);
      expect(after.cloned).toBe(false);
    });
  }

  it('measured sets: exec fifo and fd clean-up always; credentials only without no-new-privileges', () => {
    const nnp = new Set(callsAfterFilterInstall(fixture('runc-run-nnp.excerpt.strace'))!.calls);
    const noNnp = new Set(callsAfterFilterInstall(fixture('runc-run-no-nnp.excerpt.strace'))!.calls);
    for (const n of ['openat', 'write', 'close', 'getdents64', 'fstatfs', 'getpid', 'epoll_ctl', 'execve'])
      expect(nnp.has(n) && noNnp.has(n), n).toBe(true);
    for (const n of ['capset', 'setgroups', 'setgid', 'setuid', 'prctl', 'chdir'])
      expect([nnp.has(n), noNnp.has(n)], n).toEqual([false, true]);
  });

  it('no filter install in a trace: null', () => {
    expect(callsAfterFilterInstall(fixture('nsenter-busybox.strace'))).toBeNull();
  });

  it('every name in both sets is an x86_64 syscall', () => {
    for (const n of [...Object.keys(RUNC_STARTUP), ...Object.keys(PROGRAM_STARTUP)])
      expect(syscallNumber('x86_64', n), n).toBeDefined();
  });
});
