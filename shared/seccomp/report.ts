// The decoded seccomp policy of a process as it crosses process boundaries (agent → GUI): the
// agent validates what it sends against this, the renderer reads these types. Pure.
import { z } from 'zod';

export const SeccompAction = z.object({
  kind: z.enum(['kill_process', 'kill_thread', 'trap', 'errno', 'user_notif', 'trace', 'log', 'allow']),
  /** errno for ERRNO, data for TRAP/TRACE, else 0. */
  data: z.number().int(),
});
export type SeccompAction = z.infer<typeof SeccompAction>;

export const SyscallDecision = z.object({
  name: z.string(),
  nr: z.number().int(),
  /** null when the arguments decide (see outcomes). */
  action: SeccompAction.nullable(),
  outcomes: z
    .array(z.object({ action: SeccompAction, when: z.array(z.array(z.unknown())), whenText: z.array(z.string()) }))
    .optional(),
  truncated: z.boolean().optional(),
  error: z.string().optional(),
});
export type SyscallDecision = z.infer<typeof SyscallDecision>;

export const SeccompArchSummary = z.object({
  arch: z.enum(['x86_64', 'i386', 'x32', 'aarch64']),
  auditArch: z.number().int(),
  counts: z.record(z.string(), z.number().int()),
  syscalls: z.array(SyscallDecision),
  unnamed: z.array(z.object({ from: z.number().int(), to: z.number().int(), action: SeccompAction.nullable() })),
});
export type SeccompArchSummary = z.infer<typeof SeccompArchSummary>;

export const SeccompProfileMatch = z.object({
  /** "Docker default", "Docker default −3 +12", "unconfined" or "custom". */
  name: z.string(),
  profileId: z.string(),
  profileName: z.string(),
  variant: z.string(),
  differences: z.array(
    z.object({
      name: z.string(),
      nr: z.number().int(),
      kind: z.enum(['allowed', 'denied', 'changed']),
      expected: z.string(),
      actual: z.string(),
    }),
  ),
  allowed: z.number().int(),
  denied: z.number().int(),
  changed: z.number().int(),
});
export type SeccompProfileMatch = z.infer<typeof SeccompProfileMatch>;

/** One filter's flags as the kernel reports them (it reports SECCOMP_FILTER_FLAG_LOG only). */
export const SeccompFilterFlags = z.object({
  index: z.number().int(),
  raw: z.number().int().nullable(),
  names: z.array(z.string()),
  error: z.string().optional(),
});
export type SeccompFilterFlags = z.infer<typeof SeccompFilterFlags>;

/** The holders of seccomp notify listeners on the host, from /proc/<pid>/fd links; null holders: not scanned (reason). */
export const NotifyListeners = z.object({
  holders: z
    .array(z.object({ pid: z.number().int(), comm: z.string().nullable(), fd: z.number().int(), fdinfo: z.string().nullable() }))
    .nullable(),
  scannedProcesses: z.number().int(),
  truncated: z.boolean(),
  reason: z.string().nullable(),
});
export type NotifyListeners = z.infer<typeof NotifyListeners>;

const SyscallProfileDifference = z.object({
  name: z.string(),
  nr: z.number().int(),
  kind: z.enum(['allowed', 'denied', 'changed']),
  expected: z.string(),
  actual: z.string(),
});

export const SeccompReport = z.object({
  pid: z.number().int(),
  mode: z.enum(['disabled', 'strict', 'filter']),
  filterCount: z.number().int(),
  filterLengths: z.array(z.number().int()),
  arches: z.array(SeccompArchSummary),
  profile: SeccompProfileMatch.nullable(),
  caps: z.array(z.string()),
  /** The runtime's declared profile (OCI bundle linux.seccomp) against the filter in force. */
  declared: z
    .object({ source: z.string(), none: z.boolean(), equal: z.boolean(), differences: z.array(SyscallProfileDifference) })
    .nullable()
    .optional(),
  /** Per filter, oldest first: PTRACE_SECCOMP_GET_METADATA's flags (electron/agent/seccomp/notify.ts). */
  filterFlags: z.array(SeccompFilterFlags).optional(),
  /** Processes holding a seccomp user-notification listener (anon_inode:seccomp notify). */
  notifyListeners: NotifyListeners.optional(),
});
export type SeccompReport = z.infer<typeof SeccompReport>;

/** Progress and result of profiling a container's syscalls (strace), pushed while it runs. */
export const ProfileProgress = z.object({
  profileId: z.string(),
  containerId: z.string(),
  state: z.enum(['running', 'done', 'cancelled', 'failed']),
  elapsedMs: z.number(),
  durationMs: z.number(),
  /** Distinct syscalls seen so far. */
  distinct: z.number().int(),
  /** Coverage curve: [ms since start, distinct syscalls by then]. */
  coverage: z.array(z.tuple([z.number(), z.number().int()])),
  /** Syscall name → times seen. */
  syscalls: z.record(z.string(), z.number().int()),
  error: z.string().optional(),
  /** When done: the generated OCI/Docker seccomp profile (JSON) and why each syscall is in it. */
  generated: z.object({ profile: z.unknown(), explanations: z.record(z.string(), z.string()) }).optional(),
});
export type ProfileProgress = z.infer<typeof ProfileProgress>;
