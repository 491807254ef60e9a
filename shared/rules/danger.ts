// Syscalls that matter for an escape or for power over the host, and why: when the filter lets
// one of them through, the table highlights it. (Capabilities and namespaces still decide whether
// the call succeeds; seccomp is the layer that could have stopped it regardless.) Pure: the
// Seccomp tab highlights them, the profiler's results and any report may name them.
import { actionRefuses, reachOf, type Reach } from '../seccomp/actions.js';
import type { SyscallDecision } from '../seccomp/report.js';

export { reachOf, type Reach };

const MOUNT = 'changes the mount table: with CAP_SYS_ADMIN the classic way out of a container';
const NS = 'creates or joins namespaces (CLONE_NEW* flags): a user namespace grants fresh capabilities inside it';
const MODULE = 'loads or removes kernel code';
const KEXEC = 'replaces the running kernel';
const HANDLE = 'opens files by handle, bypassing path lookup (the “shocker” escape)';
const KEYS = 'the kernel keyring is not namespaced: keys of other containers and the host';
const NEWMOUNT = 'the new mount API: builds and attaches mounts';
const VM = 'reads or writes another process’s memory';

export const DANGEROUS: Readonly<Record<string, string>> = {
  mount: MOUNT,
  umount: MOUNT,
  umount2: MOUNT,
  pivot_root: MOUNT,
  unshare: NS,
  setns: 'joins another namespace (another container’s, or the host’s through /proc)',
  clone: NS,
  clone3: `${NS}; its flags cannot be checked by seccomp`,
  ptrace: 'traces and controls other processes, reads their memory',
  process_vm_readv: VM,
  process_vm_writev: VM,
  bpf: 'loads eBPF programs into the kernel',
  perf_event_open: 'observes the system, a frequent source of kernel bugs',
  kexec_load: KEXEC,
  kexec_file_load: KEXEC,
  init_module: MODULE,
  finit_module: MODULE,
  delete_module: MODULE,
  open_by_handle_at: HANDLE,
  name_to_handle_at: HANDLE,
  keyctl: KEYS,
  add_key: KEYS,
  request_key: KEYS,
  userfaultfd: 'stalls kernel page faults at will, a staple of kernel exploits',
  reboot: 'reboots the host (or the pid namespace)',
  swapon: 'changes the host’s swap',
  swapoff: 'changes the host’s swap',
  acct: 'turns process accounting on or off for the host',
  quotactl: 'changes disk quotas',
  quotactl_fd: 'changes disk quotas',
  iopl: 'raw I/O port access',
  ioperm: 'raw I/O port access',
  fsopen: NEWMOUNT,
  fsmount: NEWMOUNT,
  fsconfig: NEWMOUNT,
  fspick: NEWMOUNT,
  move_mount: NEWMOUNT,
  open_tree: NEWMOUNT,
  mount_setattr: NEWMOUNT,
  personality: 'changes the execution domain (e.g. disables address-space randomisation)',
};

/** CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET */
const CLONE_NEW = 0x7e020000;
/** seccomp_data.args[0], low 32 bits (little-endian ABIs). */
const ARG0_LO = 16;

interface Cond {
  offset: number;
  mask: number;
  op: string;
  k: number;
  holds: boolean;
}

const isCond = (c: unknown): c is Cond =>
  typeof c === 'object' &&
  c !== null &&
  ['offset', 'mask', 'k'].every((f) => typeof (c as Record<string, unknown>)[f] === 'number');

/** The condition keeps every namespace flag of arg0 clear. */
function clearsNamespaceFlags(c: Cond): boolean {
  if (c.offset !== ARG0_LO) return false;
  if (c.op === 'eq' && c.holds) return (c.mask & CLONE_NEW) >>> 0 === CLONE_NEW && (c.k & CLONE_NEW) === 0;
  return c.op === 'set' && !c.holds && (c.k & CLONE_NEW) >>> 0 === CLONE_NEW;
}

/** clone/unshare whose argument rule lets the call through only without namespace flags (Docker's rule for clone). */
export function refusesNamespaceFlags(d: SyscallDecision): boolean {
  if (d.action || d.truncated || !d.outcomes) return false;
  const through = d.outcomes.filter((o) => !actionRefuses(o.action));
  return (
    through.length > 0 &&
    through.every((o) => o.when.length > 0 && o.when.every((path) => path.some((c) => isCond(c) && clearsNamespaceFlags(c))))
  );
}

/** Why a syscall is dangerous, when it is and the filter lets it through (always or under conditions). */
export function dangerOf(d: SyscallDecision): { why: string; reach: Reach } | null {
  const why = Object.hasOwn(DANGEROUS, d.name) ? DANGEROUS[d.name] : undefined;
  if (!why) return null;
  const reach = reachOf(d);
  if (reach === 'denied' || ((d.name === 'clone' || d.name === 'unshare') && refusesNamespaceFlags(d))) return null;
  return { why, reach };
}
