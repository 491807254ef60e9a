// The committed syscall tables are what the generator makes from the installed sources.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { generateTables, missingInputs, resolveDefines, TABLE_ARCHES } from './generate.js';
import {
  AUDIT_ARCH,
  ERRNO_NAMES,
  FROM_LIBSECCOMP,
  IPC_CALLS,
  SOCKETCALLS,
  SYSCALLS,
  X32_SYSCALL_BIT,
} from './syscallTables.generated.js';

const missing = missingInputs();
if (missing.length > 0)
  console.warn(
    `syscall tables not regenerated here, missing: ${missing.join(', ')} (apt: linux-libc-dev, linux-libc-dev-arm64-cross, seccomp)`,
  );

describe('syscall tables', () => {
  it.skipIf(missing.length > 0)('are what generate.ts makes from the kernel headers and libseccomp installed here', () => {
    const t = generateTables();
    expect(t.syscalls).toEqual(SYSCALLS);
    expect(t.fromLibseccomp).toEqual(FROM_LIBSECCOMP);
    expect(t.auditArch).toEqual(AUDIT_ARCH);
    expect(t.x32SyscallBit).toBe(X32_SYSCALL_BIT);
    expect(t.errnoNames).toEqual(ERRNO_NAMES);
    expect(t.socketcalls).toEqual(SOCKETCALLS);
    expect(t.ipcCalls).toEqual(IPC_CALLS);
  });

  it.skipIf(missing.length > 0)(
    'agree with libseccomp on every name (but i386 socket/ipc calls, which libseccomp multiplexes)',
    () => {
      const resolverArch = { x86_64: 'x86_64', i386: 'x86', x32: 'x32', aarch64: 'aarch64' } as const;
      const multiplexed = new Set([
        'socket',
        'socketpair',
        'bind',
        'connect',
        'listen',
        'accept4',
        'getsockopt',
        'setsockopt',
        'getsockname',
        'getpeername',
        'sendto',
        'sendmsg',
        'recvfrom',
        'recvmsg',
        'shutdown',
        'recvmmsg',
        'sendmmsg',
        'semget',
        'semctl',
        'shmget',
        'shmctl',
        'shmat',
        'shmdt',
        'msgget',
        'msgsnd',
        'msgrcv',
        'msgctl',
      ]);
      for (const arch of TABLE_ARCHES) {
        const names = SYSCALLS[arch].map(([n]) => n);
        // One resolver process per arch: names on stdin are not supported, so batch through sh.
        const script = names.map((n) => `scmp_sys_resolver -a ${resolverArch[arch]} ${n}`).join('; ');
        const got = spawnSync('sh', ['-c', script], { encoding: 'utf8', maxBuffer: 1 << 20 })
          .stdout.trim()
          .split('\n')
          .map(Number);
        const disagree = SYSCALLS[arch].filter(([n, v], i) => got[i] !== v && !(arch === 'i386' && multiplexed.has(n)));
        expect(disagree, arch).toEqual([]);
      }
      // ~1,400 resolver processes: seconds on a quiet machine, more beside the other unit files.
    },
    120_000,
  );

  it('hold the well-known numbers of each ABI', () => {
    const nr = (arch: keyof typeof SYSCALLS, name: string) => new Map(SYSCALLS[arch]).get(name);
    expect([nr('x86_64', 'read'), nr('x86_64', 'clone3'), nr('x86_64', 'futex_requeue')]).toEqual([0, 435, 456]);
    expect([nr('i386', 'read'), nr('i386', 'socketcall'), nr('i386', 'socket')]).toEqual([3, 102, 359]);
    expect([nr('x32', 'read'), nr('x32', 'execve')]).toEqual([X32_SYSCALL_BIT, X32_SYSCALL_BIT + 520]);
    expect([nr('aarch64', 'read'), nr('aarch64', 'openat'), nr('aarch64', 'fstat'), nr('aarch64', 'open')]).toEqual([
      63,
      56,
      80,
      undefined,
    ]);
    expect(AUDIT_ARCH).toEqual({ x86_64: 0xc000003e, i386: 0x40000003, x32: 0xc000003e, aarch64: 0xc00000b7 });
    expect(new Map(ERRNO_NAMES).get('ENOSYS')).toBe(38);
    expect([new Map(SOCKETCALLS).get('socket'), new Map(SOCKETCALLS).get('sendmmsg'), new Map(IPC_CALLS).get('shmctl')]).toEqual([
      1, 20, 24,
    ]);
    for (const arch of TABLE_ARCHES) expect(new Set(SYSCALLS[arch].map(([n]) => n)).size, arch).toBe(SYSCALLS[arch].length);
  });

  it('resolves #define chains, sums and the x32 bit', () => {
    const defs = resolveDefines(
      '#define __NR3264_fcntl 25\n#define __NR_fcntl __NR3264_fcntl\n#define __NR_x (__X32_SYSCALL_BIT + 7)\n#define _GUARD\n#define __NR_read 0\n',
      0x40000000,
    );
    expect(Object.fromEntries(defs)).toEqual({ __NR3264_fcntl: 25, __NR_fcntl: 25, __NR_x: 0x40000007, __NR_read: 0 });
  });
});
