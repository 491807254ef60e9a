// The OCI seccomp profiles the seccomp lab test gives runc: a deny-list using every action and
// comparison runc offers, an allow-list busybox can live with, and Docker's default resolved.
import { release } from 'node:os';
import { KNOWN_PROFILES } from '../../../electron/agent/seccomp/knownProfiles.js';
import { resolveProfile, type OciSeccomp } from '../../../electron/agent/seccomp/profile.js';
import { HARDENED_DENIED_SYSCALLS } from '../../lab/runtimes/runc.js';

const X86 = ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32'];

/** `runc spec`'s default capabilities (every set), which the test containers keep. */
export const RUNC_SPEC_CAPS = ['CAP_AUDIT_WRITE', 'CAP_KILL', 'CAP_NET_BIND_SERVICE'];

export const DENY_LIST: OciSeccomp = {
  defaultAction: 'SCMP_ACT_ALLOW',
  architectures: X86,
  syscalls: [
    { names: HARDENED_DENIED_SYSCALLS, action: 'SCMP_ACT_ERRNO', errnoRet: 1 },
    { names: ['iopl', 'ioperm'], action: 'SCMP_ACT_KILL_PROCESS' },
    { names: ['vhangup'], action: 'SCMP_ACT_KILL' },
    { names: ['syslog'], action: 'SCMP_ACT_TRAP' },
    { names: ['lookup_dcookie'], action: 'SCMP_ACT_LOG' },
    { names: ['uselib'], action: 'SCMP_ACT_TRACE', errnoRet: 5 },
    { names: ['setpriority'], action: 'SCMP_ACT_ERRNO', errnoRet: 13, args: [{ index: 2, value: 10, op: 'SCMP_CMP_GT' }] },
    { names: ['clone'], action: 'SCMP_ACT_ERRNO', errnoRet: 1, args: [{ index: 0, value: 0x10000000, valueTwo: 0x10000000, op: 'SCMP_CMP_MASKED_EQ' }] },
    { names: ['kill'], action: 'SCMP_ACT_ERRNO', errnoRet: 1, args: [{ index: 1, value: 9, op: 'SCMP_CMP_EQ' }] },
    { names: ['sched_setaffinity'], action: 'SCMP_ACT_ERRNO', errnoRet: 22, args: [{ index: 1, value: 128, op: 'SCMP_CMP_LT' }] },
    { names: ['mlock'], action: 'SCMP_ACT_ERRNO', errnoRet: 12, args: [{ index: 1, value: 4096, op: 'SCMP_CMP_GE' }] },
    { names: ['munlock'], action: 'SCMP_ACT_ERRNO', errnoRet: 12, args: [{ index: 1, value: 0x100000000, op: 'SCMP_CMP_LE' }] },
    { names: ['flock'], action: 'SCMP_ACT_ERRNO', errnoRet: 11, args: [{ index: 0, value: 3, op: 'SCMP_CMP_NE' }, { index: 1, value: 2, op: 'SCMP_CMP_EQ' }] },
  ],
};

/** What runc's Go code and busybox sh + sleep call once the filter is in place, and a bit more. */
const BUSYBOX_NEEDS = [
  'execve', 'execveat', 'arch_prctl', 'set_tid_address', 'set_robust_list', 'rseq', 'brk', 'mmap', 'munmap', 'mprotect', 'mremap', 'madvise',
  'getuid', 'geteuid', 'getgid', 'getegid', 'getpid', 'getppid', 'gettid', 'getpgrp', 'getpgid', 'setpgid', 'setsid', 'getsid',
  'rt_sigaction', 'rt_sigprocmask', 'rt_sigreturn', 'rt_sigsuspend', 'sigaltstack', 'kill', 'tgkill', 'tkill', 'pause',
  'read', 'write', 'readv', 'writev', 'pread64', 'close', 'close_range', 'open', 'openat', 'fcntl', 'dup', 'dup2', 'dup3', 'ioctl', 'lseek',
  'stat', 'fstat', 'lstat', 'newfstatat', 'statx', 'access', 'faccessat', 'faccessat2', 'getcwd', 'chdir', 'readlink', 'readlinkat',
  'getdents64', 'uname', 'sysinfo', 'getrlimit', 'prlimit64', 'clone', 'clone3', 'fork', 'vfork', 'wait4', 'waitid', 'exit', 'exit_group',
  'nanosleep', 'clock_nanosleep', 'clock_gettime', 'clock_getres', 'gettimeofday', 'time', 'pipe', 'pipe2', 'poll', 'ppoll', 'select',
  'pselect6', 'futex', 'sched_yield', 'sched_getaffinity', 'getrandom', 'mincore', 'capget', 'prctl', 'umask', 'getgroups',
  'epoll_create1', 'epoll_ctl', 'epoll_pwait', 'epoll_wait', 'eventfd2', 'fstatfs', 'statfs', 'fsync', 'socketpair',
];

export const ALLOW_LIST: OciSeccomp = {
  defaultAction: 'SCMP_ACT_ERRNO',
  defaultErrnoRet: 1,
  architectures: X86,
  syscalls: [
    { names: BUSYBOX_NEEDS, action: 'SCMP_ACT_ALLOW' },
    { names: ['personality'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 0, op: 'SCMP_CMP_EQ' }] },
    { names: ['socket'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 1, op: 'SCMP_CMP_EQ' }] },
    { names: ['socket'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 2, op: 'SCMP_CMP_EQ' }] },
    { names: ['ptrace'], action: 'SCMP_ACT_KILL_PROCESS' },
    { names: ['unshare', 'setns'], action: 'SCMP_ACT_ERRNO', errnoRet: 38 },
  ],
};

/** Docker's current default profile (moby/profiles), resolved as dockerd would for these containers. */
export function dockerDefaultResolved(): OciSeccomp {
  const docker = KNOWN_PROFILES.find((p) => p.id === 'docker-moby-profiles-cd3bed8')!;
  return resolveProfile(docker.profile, { arch: 'x86_64', caps: RUNC_SPEC_CAPS, kernel: release() });
}
