// What each capability lets a process do (one line each, after capabilities(7)), which ones
// amount to host-level power, and the default sets runtimes grant.
import { RUNTIME_IDS, RUNTIME_REGISTRY } from '../runtimes/registry.js';

export interface CapabilityInfo {
  meaning: string;
  /** Grants power over the host or escapes from common container setups. */
  dangerous: boolean;
}

export const CAPABILITY_INFO: Record<string, CapabilityInfo> = {
  CAP_CHOWN: { meaning: 'Change file owners and groups at will', dangerous: false },
  CAP_DAC_OVERRIDE: { meaning: 'Bypass file read, write and execute permission checks', dangerous: false },
  CAP_DAC_READ_SEARCH: {
    meaning: 'Bypass read and directory search checks; open files by handle (open_by_handle_at)',
    dangerous: true,
  },
  CAP_FOWNER: { meaning: 'Bypass checks that require owning the file (chmod, utime, ...)', dangerous: false },
  CAP_FSETID: { meaning: 'Keep set-user-ID/set-group-ID bits when modifying files', dangerous: false },
  CAP_KILL: { meaning: 'Send signals to processes of other users', dangerous: false },
  CAP_SETGID: { meaning: 'Change group IDs and supplementary groups freely', dangerous: false },
  CAP_SETUID: { meaning: 'Change user IDs freely (become any user)', dangerous: false },
  CAP_SETPCAP: { meaning: 'Change capability sets and the bounding set of processes', dangerous: false },
  CAP_LINUX_IMMUTABLE: { meaning: 'Set immutable and append-only file attributes', dangerous: false },
  CAP_NET_BIND_SERVICE: { meaning: 'Bind to ports below 1024', dangerous: false },
  CAP_NET_BROADCAST: { meaning: 'Broadcast and listen to multicast (unused by the kernel)', dangerous: false },
  CAP_NET_ADMIN: {
    meaning: 'Configure interfaces, routes, firewall rules and sockets of the network namespace',
    dangerous: true,
  },
  CAP_NET_RAW: { meaning: 'Use raw and packet sockets (craft and sniff packets)', dangerous: false },
  CAP_IPC_LOCK: { meaning: 'Lock memory (mlock, huge pages)', dangerous: false },
  CAP_IPC_OWNER: { meaning: 'Bypass permission checks on System V IPC objects', dangerous: false },
  CAP_SYS_MODULE: { meaning: 'Load and unload kernel modules', dangerous: true },
  CAP_SYS_RAWIO: { meaning: 'Raw I/O: ioperm/iopl, /dev/mem, /dev/kmem and device access', dangerous: true },
  CAP_SYS_CHROOT: { meaning: 'Use chroot and change mount namespaces with setns', dangerous: false },
  CAP_SYS_PTRACE: { meaning: 'Trace and inspect any process (ptrace, process_vm_readv)', dangerous: true },
  CAP_SYS_PACCT: { meaning: 'Switch process accounting on and off', dangerous: false },
  CAP_SYS_ADMIN: {
    meaning: 'Mount filesystems, and a great many other administrative operations ("the new root")',
    dangerous: true,
  },
  CAP_SYS_BOOT: { meaning: 'Reboot the machine and load a new kernel (kexec)', dangerous: true },
  CAP_SYS_NICE: { meaning: 'Raise priorities and set real-time scheduling and CPU affinity of any process', dangerous: false },
  CAP_SYS_RESOURCE: { meaning: 'Override resource limits and quotas', dangerous: false },
  CAP_SYS_TIME: { meaning: 'Set the system clock', dangerous: true },
  CAP_SYS_TTY_CONFIG: { meaning: 'Use vhangup and privileged ioctls on virtual terminals', dangerous: false },
  CAP_MKNOD: { meaning: 'Create device special files with mknod', dangerous: false },
  CAP_LEASE: { meaning: 'Take leases on files the process does not own', dangerous: false },
  CAP_AUDIT_WRITE: { meaning: 'Write records to the kernel audit log', dangerous: false },
  CAP_AUDIT_CONTROL: { meaning: 'Configure kernel auditing and its rules', dangerous: true },
  CAP_SETFCAP: { meaning: 'Set file capabilities; map user 0 in a new user namespace', dangerous: false },
  CAP_MAC_OVERRIDE: { meaning: 'Override Mandatory Access Control (Smack)', dangerous: true },
  CAP_MAC_ADMIN: { meaning: 'Change MAC configuration and policy (AppArmor, Smack)', dangerous: true },
  CAP_SYSLOG: { meaning: 'Read and clear the kernel log; see kernel addresses', dangerous: true },
  CAP_WAKE_ALARM: { meaning: 'Set timers that wake the system up', dangerous: false },
  CAP_BLOCK_SUSPEND: { meaning: 'Prevent the system from suspending', dangerous: false },
  CAP_AUDIT_READ: { meaning: 'Read the audit log through a multicast netlink socket', dangerous: false },
  CAP_PERFMON: { meaning: 'Use perf_events and other performance monitoring', dangerous: true },
  CAP_BPF: { meaning: 'Load BPF programs and create BPF maps', dangerous: true },
  CAP_CHECKPOINT_RESTORE: {
    meaning: 'Checkpoint and restore processes (set pids, read other processes’ maps)',
    dangerous: false,
  },
};

/**
 * The capabilities each runtime grants a container by default (effective = bounding): from the
 * runtime registry (shared/runtimes/registry.ts), for the runtimes that have a known set.
 */
export const RUNTIME_DEFAULT_CAPS: Partial<Record<string, readonly string[]>> = Object.fromEntries(
  RUNTIME_IDS.flatMap((id) => {
    const caps = RUNTIME_REGISTRY[id].defaultCaps;
    return caps ? [[id, caps] as const] : [];
  }),
);
