// The strace line parser and the syscall tally, on strace output captured from the lab (fixtures/).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LineSplitter, parseStraceLine } from './strace.js';
import { SyscallTally } from './tally.js';

const fixture = (name: string): string[] => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8').split('\n');

/** Independent count: lines that start a syscall, per name (neither resumed, signal nor exit lines). */
function naiveCounts(lines: string[], pidFilter: (pid: number) => boolean = () => true): Map<string, number> {
  const m = new Map<string, number>();
  for (const l of lines) {
    const x = /^(\d+)\s+([a-z_0-9]+)\(/.exec(l);
    if (x && pidFilter(Number(x[1]))) m.set(x[2]!, (m.get(x[2]!) ?? 0) + 1);
  }
  return m;
}

describe('parseStraceLine', () => {
  it('complete, unfinished, resumed, detached and restarted calls', () => {
    expect(parseStraceLine('1745  close(4)                          = 0')).toEqual({
      kind: 'call',
      pid: 1745,
      name: 'close',
      unfinished: false,
      result: '0',
    });
    expect(parseStraceLine('1745  futex(0xc5c728, FUTEX_WAIT_PRIVATE, 0, NULL <unfinished ...>')).toEqual({
      kind: 'call',
      pid: 1745,
      name: 'futex',
      unfinished: true,
      result: null,
    });
    expect(parseStraceLine('1745  <... futex resumed>)              = -1 EAGAIN (Resource temporarily unavailable)')).toEqual({
      kind: 'resumed',
      pid: 1745,
      name: 'futex',
      result: '-1 EAGAIN (Resource temporarily unavailable)',
    });
    expect(parseStraceLine('808   restart_syscall(<... resuming interrupted read ...> <unfinished ...>')).toMatchObject({
      kind: 'call',
      name: 'restart_syscall',
      unfinished: true,
    });
    expect(parseStraceLine('803   rt_sigsuspend([], 8 <detached ...>')).toMatchObject({
      kind: 'call',
      name: 'rt_sigsuspend',
      unfinished: true,
    });
    expect(parseStraceLine('1234  exit_group(0)                     = ?')).toMatchObject({
      kind: 'call',
      name: 'exit_group',
      result: '?',
    });
  });

  it('the result is after the last ") = ", whatever the arguments hold', () => {
    expect(parseStraceLine('7  write(1, "x) = 5\\n", 6) = 6')).toMatchObject({ name: 'write', result: '6' });
    expect(parseStraceLine('7  fcntl(3, F_GETFL) = 0x8002 (flags O_RDWR|O_LARGEFILE)')).toMatchObject({
      name: 'fcntl',
      result: '0x8002 (flags O_RDWR|O_LARGEFILE)',
    });
  });

  it('signals, exits, [pid N] prefixes, unprefixed lines and strace messages', () => {
    expect(parseStraceLine('1432  --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=8} ---')).toEqual({
      kind: 'signal',
      pid: 1432,
      signal: 'SIGCHLD',
    });
    expect(parseStraceLine('1432  +++ exited with 0 +++')).toEqual({ kind: 'exit', pid: 1432, text: 'exited with 0' });
    expect(parseStraceLine('9  +++ killed by SIGKILL +++')).toMatchObject({ kind: 'exit' });
    expect(parseStraceLine('[pid  4242] openat(AT_FDCWD, "/x", O_RDONLY) = 3')).toMatchObject({
      kind: 'call',
      pid: 4242,
      name: 'openat',
    });
    expect(parseStraceLine('getpid()                                = 17')).toMatchObject({
      kind: 'call',
      pid: null,
      name: 'getpid',
      result: '17',
    });
    expect(parseStraceLine('1234  syscall_0x1c0(0x1, 0x2) = -1 ENOSYS (Function not implemented)')).toMatchObject({
      kind: 'call',
      name: 'syscall_0x1c0',
    });
    expect(parseStraceLine('strace: Process 12 attached')).toMatchObject({ kind: 'other', pid: null });
    expect(parseStraceLine('1234  [ Process PID=1234 runs in 32 bit mode. ]')).toMatchObject({ kind: 'other', pid: 1234 });
    expect(parseStraceLine('')).toBeNull();
  });

  it('every line of the captured traces parses, and calls match a naive count', () => {
    for (const name of [
      'attach-busybox-loop.strace',
      'nsenter-busybox.strace',
      'runc-run-nnp.excerpt.strace',
      'runc-run-no-nnp.excerpt.strace',
    ]) {
      const lines = fixture(name).filter(Boolean);
      const events = lines.map(parseStraceLine);
      expect(
        events.filter((e) => e?.kind === 'other'),
        name,
      ).toEqual([]);
      const calls = new Map<string, number>();
      for (const e of events) if (e?.kind === 'call') calls.set(e.name, (calls.get(e.name) ?? 0) + 1);
      expect(calls, name).toEqual(naiveCounts(lines));
    }
  });
});

describe('LineSplitter', () => {
  it('joins lines cut across chunks and keeps the tail until the end', () => {
    const s = new LineSplitter();
    expect(s.push('12  clo')).toEqual([]);
    expect(s.push('se(3) = 0\n12  getpid() = 1\n12  wri')).toEqual(['12  close(3) = 0', '12  getpid() = 1']);
    expect(s.end()).toEqual(['12  wri']);
    expect(s.end()).toEqual([]);
  });
});

describe('SyscallTally', () => {
  it('attach mode: every call of every process counts once (resumed lines do not)', () => {
    const lines = fixture('attach-busybox-loop.strace');
    const t = new SyscallTally('attach');
    lines.forEach((l) => t.add(parseStraceLine(l)));
    expect(t.counts).toEqual(naiveCounts(lines));
    expect(t.calls).toBe(732);
    expect(t.distinct).toBe(29);
    expect(t.counts.get('execve')).toBe(14); // 7 rounds × (cat + sleep); ls runs in the forked shell
    expect(t.counts.has('read')).toBe(false); // busybox cat uses sendfile
    for (const name of ['openat', 'sendfile', 'write', 'clone', 'wait4', 'clock_nanosleep', 'restart_syscall', 'rt_sigsuspend'])
      expect(t.counts.has(name), name).toBe(true);
    expect(t.launcher.size).toBe(0);
  });

  it("nsenter mode: nsenter's own calls (setns, its start-up, its wait) are kept apart", () => {
    const lines = fixture('nsenter-busybox.strace');
    const t = new SyscallTally('nsenter');
    lines.forEach((l) => t.add(parseStraceLine(l)));
    // 15330 is nsenter's fork: glibc's fork sets its robust list (line 178) before it execs /bin/sh
    const workload = naiveCounts(lines, (pid) => pid !== 15329);
    workload.set('set_robust_list', workload.get('set_robust_list')! - 1);
    const own = naiveCounts(lines, (pid) => pid === 15329);
    own.set('set_robust_list', own.get('set_robust_list')! + 1);
    expect(t.counts).toEqual(workload);
    expect(t.calls).toBe(133);
    expect(t.launcher).toEqual(own);
    expect(t.launcher.get('setns')).toBe(7);
    expect(t.counts.has('setns')).toBe(false);
    expect(t.counts.get('execve')).toBe(3); // sh, cat, sleep
  });

  it("nsenter mode: failed execvp attempts and a child's pre-exec calls are nsenter's; no fork needed", () => {
    const t = new SyscallTally('nsenter');
    const feed = (s: string): void => s.split('\n').forEach((l) => t.add(parseStraceLine(l)));
    feed(`10  execve("/usr/bin/nsenter", ["nsenter"], 0x1) = 0
10  setns(3, CLONE_NEWNS) = 0
10  execve("/usr/local/bin/cmd", ["cmd"], 0x2) = -1 ENOENT (No such file or directory)
10  execve("/usr/bin/cmd", ["cmd"], 0x2 <unfinished ...>
10  <... execve resumed>) = 0
10  brk(NULL) = 0x1
10  clone(child_stack=NULL, flags=SIGCHLD) = 11
11  getpid() = 2
10  exit_group(0) = ?`);
    expect(Object.fromEntries(t.counts)).toEqual({ execve: 1, brk: 1, clone: 1, getpid: 1, exit_group: 1 });
    expect(Object.fromEntries(t.launcher)).toEqual({ execve: 2, setns: 1 });
  });

  it('runtime mode (runc exec): runc, its re-executions (/proc/self/exe, the cloned binary by fd) and its setns/capset/prctl are kept apart', () => {
    const lines = fixture('runc-exec-busybox.strace');
    const t = new SyscallTally('runtime');
    lines.forEach((l) => t.add(parseStraceLine(l)));
    // 24190 is the process runc init leaves in the container: its execve of /bin/sh starts at line
    // 3891; 24254 is the shell's child (first seen after); everything else is runc.
    const execLine = lines.findIndex((l) => l.startsWith('24190 execve("/bin/sh"'));
    expect(execLine).toBe(3890);
    const workload = naiveCounts(lines.slice(execLine), (pid) => pid === 24190 || pid === 24254);
    const own = naiveCounts(lines.slice(0, execLine));
    for (const [name, n] of naiveCounts(lines.slice(execLine), (pid) => pid !== 24190 && pid !== 24254))
      own.set(name, (own.get(name) ?? 0) + n);
    expect(t.counts).toEqual(workload);
    expect(t.launcher).toEqual(own);
    expect(t.counts.get('execve')).toBe(2); // sh, then cat exec'd in its place (busybox: /proc/self/exe)
    for (const n of ['setns', 'capset', 'seccomp', 'execveat', 'unshare']) expect(t.counts.has(n), n).toBe(false);
    expect(t.launcher.get('setns')).toBe(7);
    expect(t.launcher.get('execveat')).toBe(1);
    for (const n of ['read', 'uname', 'exit_group']) expect(t.counts.get(n), n).toBeGreaterThan(0);
  });

  it("exec paths: execve's program, execveat by descriptor", () => {
    expect(parseStraceLine('5  execve("/proc/self/exe", ["runc", "init"], 0xc0 /* 6 vars */ <unfinished ...>')).toMatchObject({
      exec: { path: '/proc/self/exe', emptyPath: false },
    });
    expect(parseStraceLine('5  execveat(5, "", ["runc", "init"], 0x1e /* 7 vars */, AT_EMPTY_PATH) = 0')).toMatchObject({
      exec: { path: '', emptyPath: true },
    });
    expect(parseStraceLine('5  execve("/bin/a \\"b\\"", ["x"], 0x1) = 0')).toMatchObject({ exec: { path: '/bin/a \\"b\\"' } });
  });
});
