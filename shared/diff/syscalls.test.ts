// Syscall-level differences between policies decoded from filters dumped from real processes
// (electron/agent/seccomp/fixtures/README.md).
import { describe, expect, it } from 'vitest';
import { decodeFilters } from '../../electron/agent/seccomp/report.js';
import { loadDump } from '../../electron/agent/seccomp/fixtures/load.js';
import { SeccompReport } from '../seccomp/report.js';
import { diffSyscalls } from './syscalls.js';

const decoded = (name: 'docker-20.10' | 'runc-hardened') => {
  const d = loadDump(name);
  return SeccompReport.parse(decodeFilters(1, d.mode, d.filters, { caps: [], arches: ['x86_64'], kernel: '6.1.0' }));
};

describe('diffSyscalls', () => {
  const docker = decoded('docker-20.10');
  const hardened = decoded('runc-hardened');

  it('Docker’s default vs the hardened deny-list: each side permits calls the other refuses', () => {
    const diffs = diffSyscalls(docker, hardened);
    const by = (name: string) => diffs.find((d) => d.name === name);
    // The hardened deny-list refuses ptrace, which Docker's default allows (kernel ≥ 4.8);
    // setns both refuse (Docker's only with CAP_SYS_ADMIN, not held here).
    expect(by('ptrace')).toMatchObject({ a: 'ALLOW', b: 'ERRNO(EPERM)', morePermissive: 'a' });
    expect(by('setns')).toBeUndefined();
    // Docker's default refuses calls the deny-list never names, e.g. reading the kernel log.
    expect(by('syslog')).toMatchObject({ b: 'ALLOW', morePermissive: 'b' });
    expect(by('settimeofday')?.morePermissive).toBe('b');
    // Both refuse mount: no difference.
    expect(by('mount')).toBeUndefined();
  });

  it('a side without seccomp may make every call the filtered side refuses', () => {
    const none = { ...docker, mode: 'disabled' as const, filterCount: 0, filterLengths: [], arches: [], profile: null };
    const diffs = diffSyscalls(none, docker);
    expect(diffs.length).toBeGreaterThan(40);
    expect(diffs.every((d) => d.morePermissive === 'a' || d.b.startsWith('depends'))).toBe(true);
    expect(diffs.find((d) => d.name === 'kexec_load')).toMatchObject({ a: 'ALLOW (no filter)', morePermissive: 'a' });
    expect(diffSyscalls(docker, docker)).toEqual([]);
  });
});
