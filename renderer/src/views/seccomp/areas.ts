// Which part of the kernel a syscall belongs to, for grouping the decoded table. Maintained by
// hand: every name of x86_64, i386, x32 and aarch64 (the agent's generated tables) is listed
// once; a name missing here (a syscall newer than this list) lands in "other".

export const AREAS = [
  'file',
  'network',
  'process',
  'memory',
  'time',
  'ipc',
  'kernel/module',
  'namespace/mount',
  'bpf/perf',
  'system/admin',
  'other',
] as const;
export type Area = (typeof AREAS)[number];

export const AREA_MEANING: Record<Area, string> = {
  file: 'files, directories, descriptors, polling, extended attributes, file I/O',
  network: 'sockets',
  process: 'processes and threads: creation, exec, credentials, signals, scheduling, limits, the process’s own restrictions',
  memory: 'address space, mappings, locking, NUMA',
  time: 'clocks, timers and sleeping',
  ipc: 'System V and POSIX message queues, semaphores and shared memory',
  'kernel/module': 'loading kernel modules, replacing the kernel, the kernel keyring',
  'namespace/mount': 'namespaces and mounts: what a container escape usually needs',
  'bpf/perf': 'eBPF programs, perf events, io_uring, userfaultfd',
  'system/admin': 'host-wide settings: reboot, hostname, swap, quotas, accounting, port I/O',
  other: 'names this list does not place (newer syscalls) and obsolete ones',
};

const LIST: Record<Exclude<Area, 'other'>, string> = {
  file: `read write open close stat fstat lstat poll lseek ioctl pread64 pwrite64 readv writev access pipe select dup dup2
    sendfile fcntl flock fsync fdatasync truncate ftruncate getdents getcwd chdir fchdir rename mkdir rmdir creat link unlink
    symlink readlink chmod fchmod chown fchown lchown umask mknod statfs fstatfs readahead setxattr lsetxattr fsetxattr getxattr
    lgetxattr fgetxattr listxattr llistxattr flistxattr removexattr lremovexattr fremovexattr getdents64 fadvise64 epoll_create
    epoll_wait epoll_ctl epoll_ctl_old epoll_wait_old utimes utime inotify_init inotify_add_watch inotify_rm_watch openat mkdirat
    mknodat fchownat futimesat newfstatat unlinkat renameat linkat symlinkat readlinkat fchmodat faccessat pselect6 ppoll splice
    tee sync_file_range vmsplice utimensat epoll_pwait signalfd eventfd fallocate signalfd4 eventfd2 epoll_create1 dup3 pipe2
    inotify_init1 preadv pwritev fanotify_init fanotify_mark syncfs sync renameat2 copy_file_range preadv2 pwritev2 statx
    openat2 close_range faccessat2 epoll_pwait2 fchmodat2 _llseek _newselect chown32 fchown32 lchown32 fcntl64 fstat64 fstatat64
    fstatfs64 lstat64 stat64 statfs64 truncate64 ftruncate64 fadvise64_64 sendfile64 readdir oldfstat oldlstat oldstat
    ppoll_time64 pselect6_time64 utimensat_time64 io_setup io_destroy io_getevents io_submit io_cancel io_pgetevents
    io_pgetevents_time64 ustat cachestat`,
  network: `socket connect accept sendto recvfrom sendmsg recvmsg shutdown bind listen getsockname getpeername socketpair
    setsockopt getsockopt accept4 recvmmsg sendmmsg socketcall recvmmsg_time64`,
  process: `rt_sigaction rt_sigprocmask rt_sigreturn sched_yield pause getpid clone fork vfork execve exit wait4 kill uname
    getrlimit getrusage times getuid getgid setuid setgid geteuid getegid setpgid getppid getpgrp setsid setreuid setregid
    getgroups setgroups setresuid getresuid setresgid getresgid getpgid setfsuid setfsgid getsid capget capset rt_sigpending
    rt_sigtimedwait rt_sigqueueinfo rt_sigsuspend sigaltstack getpriority setpriority sched_setparam sched_getparam
    sched_setscheduler sched_getscheduler sched_get_priority_max sched_get_priority_min sched_rr_get_interval prctl arch_prctl
    setrlimit gettid tkill sched_setaffinity sched_getaffinity set_thread_area get_thread_area set_tid_address exit_group
    tgkill waitid ioprio_set ioprio_get set_robust_list get_robust_list rt_tgsigqueueinfo prlimit64 getcpu sched_setattr
    sched_getattr seccomp execveat pidfd_send_signal pidfd_open clone3 pidfd_getfd kcmp rseq landlock_create_ruleset
    landlock_add_rule landlock_restrict_self restart_syscall getrandom futex futex_waitv futex_wake futex_wait futex_requeue
    futex_time64 waitpid nice signal sigaction sigprocmask sigpending sigsuspend sigreturn sgetmask ssetmask getuid32 getgid32
    geteuid32 getegid32 setuid32 setgid32 setreuid32 setregid32 getgroups32 setgroups32 setresuid32 getresuid32 setresgid32
    getresgid32 setfsuid32 setfsgid32 ugetrlimit ulimit olduname oldolduname rt_sigtimedwait_time64
    sched_rr_get_interval_time64 vm86 vm86old modify_ldt`,
  memory: `mmap mprotect munmap brk mremap msync mincore madvise mlock munlock mlockall munlockall remap_file_pages mbind
    set_mempolicy get_mempolicy migrate_pages move_pages mlock2 pkey_mprotect pkey_alloc pkey_free memfd_create membarrier
    process_madvise process_mrelease memfd_secret set_mempolicy_home_node map_shadow_stack mmap2 process_vm_readv
    process_vm_writev`,
  time: `nanosleep getitimer alarm setitimer gettimeofday settimeofday adjtimex time timer_create timer_settime timer_gettime
    timer_getoverrun timer_delete clock_settime clock_gettime clock_getres clock_nanosleep timerfd_create timerfd_settime
    timerfd_gettime clock_adjtime stime clock_adjtime64 clock_getres_time64 clock_gettime64 clock_nanosleep_time64
    clock_settime64 timer_gettime64 timer_settime64 timerfd_gettime64 timerfd_settime64 ftime`,
  ipc: `shmget shmat shmctl shmdt semget semop semctl msgget msgsnd msgrcv msgctl semtimedop mq_open mq_unlink mq_timedsend
    mq_timedreceive mq_notify mq_getsetattr ipc mq_timedreceive_time64 mq_timedsend_time64 semtimedop_time64`,
  'kernel/module': `create_module init_module delete_module get_kernel_syms query_module finit_module kexec_load kexec_file_load
    add_key request_key keyctl uselib`,
  'namespace/mount': `mount umount umount2 pivot_root chroot unshare setns open_tree move_mount fsopen fsconfig fsmount fspick
    mount_setattr name_to_handle_at open_by_handle_at`,
  'bpf/perf': `bpf perf_event_open io_uring_setup io_uring_enter io_uring_register userfaultfd ptrace lookup_dcookie`,
  'system/admin': `reboot sethostname setdomainname iopl ioperm swapon swapoff acct quotactl quotactl_fd syslog sysinfo sysfs
    _sysctl vhangup personality nfsservctl idle bdflush`,
};

const BY_NAME: ReadonlyMap<string, Area> = new Map(
  (Object.entries(LIST) as [Area, string][]).flatMap(([area, names]) =>
    names
      .split(/\s+/)
      .filter(Boolean)
      .map((n) => [n, area] as const),
  ),
);

/** The area of a syscall; "other" when this list does not know the name. */
export function areaOf(name: string): Area {
  return BY_NAME.get(name) ?? 'other';
}
