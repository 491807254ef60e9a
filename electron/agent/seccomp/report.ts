// decodeSeccomp(pid): reads the filters the kernel runs for a process, decodes them for every ABI
// the machine offers and names the policy after the closest known profile.
import { readFileSync } from 'node:fs';
import { release } from 'node:os';
import { parseCapabilityMask } from '../parsers/capabilities.js';
import { nativeArches, type TableArch } from './arch.js';
import { actionText, type BpfProgram } from './bpf.js';
import { decodeArch, type SyscallDecision, type UnnamedRange } from './decode.js';
import { expectedPolicy, type RuntimeModel } from './expected.js';
import { comparePolicy, type Difference } from './compare.js';
import type { OciSeccomp } from './profile.js';
import type { NotifyListeners, SeccompFilterFlags } from '../../../shared/seccomp/report.js';
import { matchProfile, type ProfileMatch } from './match.js';
import { prebuiltHelper, readFilters } from './nativeHelper.js';
import { filterFlags, findNotifyListeners } from './notify.js';

export interface DecodeOptions {
  /** A built seccomp-dump; default: the prebuilt one in helperDir (never compiled here). */
  helper?: string;
  helperDir?: string;
  /** ABIs to decode; default: those of this machine (x86_64: x86_64, i386, x32). */
  arches?: TableArch[];
  /** Bounding capabilities the profiles are resolved for; default: the process's CapBnd. */
  caps?: string[];
  /** Kernel release for minKernel; default: this kernel's. */
  kernel?: string;
  runtime?: RuntimeModel;
}

export interface ArchSummary {
  arch: TableArch;
  auditArch: number;
  /** Syscalls per action text ("ALLOW", "ERRNO(EPERM)", …), "conditional" when arguments decide. */
  counts: Record<string, number>;
  syscalls: SyscallDecision[];
  unnamed: UnnamedRange[];
}

export interface SeccompReport {
  pid: number;
  mode: 'disabled' | 'strict' | 'filter';
  /** Number of stacked filters and their lengths in instructions, oldest first. */
  filterCount: number;
  filterLengths: number[];
  /** The ABIs decoded; the first is the machine's native one (the one profiles are matched on). */
  arches: ArchSummary[];
  /** The closest known profile; null in strict mode (only read, write, exit, sigreturn). */
  profile: ProfileMatch | null;
  /** Bounding capabilities the profiles were resolved for. */
  caps: string[];
  /** What the runtime declared (the OCI bundle's linux.seccomp) against what the kernel runs. */
  declared?: DeclaredComparison | null;
  /** Per filter, oldest first: the flags PTRACE_SECCOMP_GET_METADATA reports (LOG only). */
  filterFlags?: SeccompFilterFlags[];
  /** When some action is USER_NOTIF: the processes holding a seccomp notify listener. */
  notifyListeners?: NotifyListeners;
}

export interface DeclaredComparison {
  /** The file the declared profile was read from. */
  source: string;
  /** The bundle declared no seccomp profile at all. */
  none: boolean;
  /** Declared and effective agree for every syscall of the native ABI. */
  equal: boolean;
  differences: Difference[];
}

/** The filters could not be read: reason is an errno name (EPERM, ESRCH, EACCES, EINVAL, …). */
export class SeccompReadError extends Error {
  constructor(
    readonly reason: string,
    readonly detail: string,
  ) {
    super(`${reason}: ${detail}`);
  }
}

export const CONDITIONAL = 'conditional';

export function summarize(filters: readonly BpfProgram[], arch: TableArch): ArchSummary {
  const policy = decodeArch(filters, arch);
  const counts: Record<string, number> = {};
  for (const s of policy.syscalls) {
    const key = s.action ? actionText(s.action) : s.error ? 'undecodable' : CONDITIONAL;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return { arch, auditArch: policy.auditArch, counts, syscalls: policy.syscalls, unnamed: policy.unnamed };
}

function boundingCaps(pid: number): string[] {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const hex = /^CapBnd:\s*([0-9a-fA-F]+)/m.exec(status)?.[1];
  return (hex && parseCapabilityMask(hex)?.names) || [];
}

/** Decodes already-read filters (oldest first): the part of decodeSeccomp that needs no process. */
export function decodeFilters(
  pid: number,
  mode: number,
  filters: BpfProgram[],
  opts: DecodeOptions & { caps: string[] },
): SeccompReport {
  const arches = opts.arches ?? nativeArches();
  if (arches.length === 0) throw new SeccompReadError('EARCH', `no syscall tables for this machine (${process.arch})`);
  const base = { pid, filterCount: filters.length, filterLengths: filters.map((f) => f.length), caps: opts.caps };
  if (mode === 1) return { ...base, mode: 'strict', arches: [], profile: null };
  const summaries = arches.map((a) => summarize(filters, a));
  const native = summaries[0]!;
  const ctx = { arch: native.arch, caps: opts.caps, kernel: opts.kernel ?? release() };
  const policy = { arch: native.arch, auditArch: native.auditArch, syscalls: native.syscalls, unnamed: native.unnamed };
  const profile = matchProfile(filters, policy, ctx, opts.runtime);
  return { ...base, mode: mode === 2 ? 'filter' : 'disabled', arches: summaries, profile };
}

/** True when some syscall of some ABI may end in SECCOMP_RET_USER_NOTIF (a supervisor decides). */
export function usesUserNotif(r: SeccompReport): boolean {
  return r.arches.some(
    (a) =>
      a.syscalls.some((d) => d.action?.kind === 'user_notif' || (d.outcomes ?? []).some((o) => o.action.kind === 'user_notif')) ||
      a.unnamed.some((u) => u.action?.kind === 'user_notif'),
  );
}

/** Compares the filters the kernel runs with the profile the runtime was given. */
export function compareDeclared(
  report: SeccompReport,
  filters: BpfProgram[],
  oci: OciSeccomp | null,
  source: string,
  model?: RuntimeModel,
): DeclaredComparison {
  if (!oci) return { source, none: true, equal: report.mode === 'disabled', differences: [] };
  const native = report.arches[0];
  if (!native) return { source, none: false, equal: report.mode === 'disabled', differences: [] };
  const differences = comparePolicy(filters, expectedPolicy(oci, native.arch, model), native.syscalls, native.auditArch);
  return { source, none: false, equal: differences.length === 0, differences };
}

/** Reads and decodes the seccomp filters of `pid`. Throws SeccompReadError when they cannot be read. */
export async function decodeSeccomp(
  pid: number,
  opts: DecodeOptions & { declared?: { oci: OciSeccomp | null; source: string } } = {},
): Promise<SeccompReport> {
  const helper = opts.helper ?? prebuiltHelper(opts.helperDir);
  const read = await readFilters(pid, helper);
  if (!read.ok) throw new SeccompReadError(read.reason, read.detail);
  let caps = opts.caps;
  if (!caps) {
    try {
      caps = boundingCaps(pid);
    } catch (e) {
      throw new SeccompReadError('ESRCH', `reading /proc/${pid}/status: ${(e as Error).message}`);
    }
  }
  const report = decodeFilters(pid, read.mode, read.filters, { ...opts, caps });
  if (read.flags) report.filterFlags = filterFlags(read.flags);
  if (usesUserNotif(report)) report.notifyListeners = findNotifyListeners();
  if (opts.declared)
    report.declared = compareDeclared(report, read.filters, opts.declared.oci, opts.declared.source, opts.runtime);
  return report;
}
