// Syscalls a container needs before its workload does anything, which a trace of a running
// container cannot see:
//
// RUNC_STARTUP — runc's init installs the profile and then keeps running Go code until it execs the
// workload. Measured with e2e/agent/seccomp/runcStartupTrace.ts (`strace -f runc run` and `runc
// exec` of busybox, runc 1.1.5 + libseccomp 2.5.4, go1.19, kernel 6.18; 10 runs each of:
// noNewPrivileges true/false, root / uid 1000 with extra groups and a cwd, with and without a user
// namespace, exec into a running container), taking the calls of the thread that installed the
// filter (prctl(PR_SET_SECCOMP); no TSYNC, so only that thread is filtered) up to the workload's
// execve — callsAfterFilterInstall() below; profiler/README.md has the table. With noNewPrivileges
// (runc's default) the filter goes on just before the exec (CVE-2024-21626 fd clean-up, the exec
// fifo); without it (Docker's default) before finalizeNamespace: capabilities, setgroups/setgid/
// setuid, chdir, /etc/passwd + /etc/group. Plus what Go's runtime may do on that thread.
//
// PROGRAM_STARTUP — what a program does between its execve and main (dynamic loader, libc init),
// measured with strace on Debian 12's /bin/true (glibc), static busybox and python3; needed when
// the trace attached to processes that had started already.

export const RUNC_STARTUP: Readonly<Record<string, string>> = {
  // measured, every variant
  execve: 'runc init execs the workload with the profile in place',
  openat: 'runc init opens the exec fifo (/proc/self/fd/N) and /proc/self/fd before exec',
  write: 'runc init writes to the exec fifo to say the container started',
  close: 'runc init closes its fds (CVE-2024-21626 clean-up) before exec',
  getdents64: 'runc init lists /proc/self/fd to close inherited fds before exec',
  fstatfs: 'runc init checks /proc/self/fd is on procfs before trusting it',
  getpid: 'runc init reads its pid for the start-container hooks',
  epoll_ctl: 'Go (runc init) registers each file it opens with its poller',
  // measured, noNewPrivileges false (Docker's default): the filter goes on before finalizeNamespace
  prctl: 'runc init drops bounding/ambient capabilities and sets keep-caps (no no-new-privileges)',
  capget: 'runc init reads its capabilities before dropping them (no no-new-privileges)',
  capset: "runc init sets the container's capabilities (no no-new-privileges)",
  setgroups: 'runc init sets the supplementary groups (no no-new-privileges)',
  setgid: "runc init switches to the container's gid (no no-new-privileges)",
  setuid: "runc init switches to the container's uid (no no-new-privileges)",
  chdir: 'runc init changes to the process cwd (no no-new-privileges)',
  getcwd: 'runc init checks the cwd (no no-new-privileges)',
  read: 'runc init reads /proc/self/status, /etc/passwd, /etc/group (no no-new-privileges)',
  fstat: 'runc init checks its stdio fds (no no-new-privileges)',
  newfstatat: 'runc init looks up the workload binary (no no-new-privileges)',
  faccessat2: 'runc init checks the workload binary is executable (no no-new-privileges)',
  faccessat: 'Go falls back to it where faccessat2 is missing (kernel < 5.8)',
  fcntl: 'runc init marks inherited fds close-on-exec (no no-new-privileges)',
  getppid: 'runc init checks its parent (pdeath signal) (no no-new-privileges)',
  fchown: 'runc init hands stdio to a non-root user (no no-new-privileges)',
  // Go runtime on runc init's locked thread (futex and rt_sigreturn seen in some runs)
  futex: 'Go runtime in runc init (scheduler wake-ups; seen in most runs)',
  rt_sigreturn: 'Go runtime in runc init (returning from a preemption signal; seen in some runs)',
  nanosleep: 'Go runtime in runc init (scheduler back-off)',
  sched_yield: 'Go runtime in runc init (scheduler spinning)',
  mmap: 'Go runtime in runc init (heap growth)',
  munmap: 'Go runtime in runc init (heap release)',
  madvise: 'Go runtime in runc init (heap release)',
  rt_sigprocmask: 'Go runtime in runc init (signal masks around thread creation)',
  sigaltstack: 'Go runtime in runc init (signal stack of a new thread)',
  clone: 'Go runtime in runc init (a new OS thread)',
  gettid: 'Go runtime in runc init (thread id of a new thread)',
  tgkill: 'Go runtime in runc init (preempting a goroutine)',
};

export const PROGRAM_STARTUP: Readonly<Record<string, string>> = {
  execve: 'every program starts with it',
  brk: 'libc start-up (heap)',
  arch_prctl: 'libc start-up (thread pointer)',
  mmap: 'dynamic loader maps libraries',
  mprotect: 'dynamic loader (RELRO)',
  munmap: 'dynamic loader',
  access: 'dynamic loader (ld.so.preload)',
  openat: 'dynamic loader opens libraries',
  newfstatat: 'dynamic loader',
  read: 'dynamic loader reads ELF headers',
  pread64: 'dynamic loader reads ELF notes',
  close: 'dynamic loader',
  set_tid_address: 'libc thread set-up',
  set_robust_list: 'libc thread set-up',
  rseq: 'glibc ≥ 2.35 registers restartable sequences',
  prlimit64: 'libc reads the stack limit',
  getrandom: 'libc seeds malloc / stack protector',
  readlink: 'static binaries find themselves (/proc/self/exe)',
  exit_group: 'every program ends with it',
  exit: 'threads end with it',
};

const INSTALL =
  /^(?:\[pid\s+)?(\d+)\]?\s+(?:prctl\(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, \{|seccomp\(SECCOMP_SET_MODE_FILTER, [^,]*, \{)/;
const LINE = /^(?:\[pid\s+)?(\d+)\]?\s+(?:<\.\.\. (\w+) resumed>|(\w+)\()/;

export interface AfterFilterInstall {
  tid: number;
  /** Syscall names in call order, from the first call after the install to the successful execve. */
  calls: string[];
  /** The filtered thread started threads after the install (they inherit the filter). */
  cloned: boolean;
}

/** From a `strace -f runc run` trace: what the thread that installed the filter called afterwards. */
export function callsAfterFilterInstall(lines: readonly string[]): AfterFilterInstall | null {
  const start = lines.findIndex((l) => INSTALL.test(l));
  if (start < 0) return null;
  const tid = Number(INSTALL.exec(lines[start]!)![1]);
  const calls: string[] = [];
  let cloned = false;
  for (const line of lines.slice(start + 1)) {
    const m = LINE.exec(line);
    if (!m || Number(m[1]) !== tid) continue;
    const name = (m[2] ?? m[3])!;
    if (m[3] !== undefined) {
      calls.push(name);
      if (name === 'clone' || name === 'clone3') cloned = true;
    }
    if ((name === 'execve' || name === 'execveat') && /\)\s+= 0$/.test(line)) break;
  }
  return { tid, calls, cloned };
}
