// Observed syscalls → an allow-list seccomp profile (OCI `linux.seccomp`, also valid as a Docker
// `--security-opt seccomp=` file): everything else fails with EPERM. Adds what the runtime needs to
// start the container (RUNC_STARTUP) and, when the trace attached to running processes, what
// programs call before main (PROGRAM_STARTUP); each name says why it is there. Pure.
import { nativeArches, syscallNumber, type TableArch } from '../arch.js';
import type { OciSeccomp } from '../profile.js';
import { PROGRAM_STARTUP, RUNC_STARTUP } from './startupSets.js';

export interface GenerateOptions {
  /** The machine (Node's process.arch names or uname's), default this one. */
  machine?: string;
  /** Add runc's start-up set (default true). */
  runtimeStartup?: boolean;
  /** Add what programs call between execve and main (default false; true when attaching). */
  programStartup?: boolean;
}

export interface GeneratedProfile {
  profile: OciSeccomp & { defaultErrnoRet: number };
  /** Every allowed name → why: "seen 42 times", "needed by runc: …", "program start-up: …". */
  explanations: Record<string, string>;
  /** Observed names left out because no native syscall table has them (e.g. strace's syscall_0x1c0). */
  skipped: string[];
}

/** libseccomp's names for the ABIs a machine runs, as Docker's default profile lists them. */
const ARCHITECTURES: Partial<Record<TableArch, string[]>> = {
  x86_64: ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32'],
  aarch64: ['SCMP_ARCH_AARCH64', 'SCMP_ARCH_ARM'],
  i386: ['SCMP_ARCH_X86'],
};

const plural = (n: number): string => `seen ${n} time${n === 1 ? '' : 's'}`;

export function generateProfile(observed: Readonly<Record<string, number>>, opts: GenerateOptions = {}): GeneratedProfile {
  const arches = nativeArches(opts.machine ?? process.arch);
  if (arches.length === 0) throw new Error(`no syscall tables for machine ${opts.machine ?? process.arch}`);
  const known = (name: string): boolean => arches.some((a) => syscallNumber(a, name) !== undefined);
  const why = new Map<string, string[]>();
  const add = (name: string, reason: string): void => {
    if (known(name)) why.set(name, [...(why.get(name) ?? []), reason]);
  };
  const skipped: string[] = [];
  for (const [name, n] of Object.entries(observed)) {
    if (known(name)) add(name, plural(n));
    else skipped.push(name);
  }
  if (opts.runtimeStartup ?? true)
    for (const [name, reason] of Object.entries(RUNC_STARTUP)) add(name, `needed by runc: ${reason}`);
  if (opts.programStartup)
    for (const [name, reason] of Object.entries(PROGRAM_STARTUP))
      add(name, `program start-up (before the trace attached): ${reason}`);
  const names = [...why.keys()].sort();
  return {
    profile: {
      defaultAction: 'SCMP_ACT_ERRNO',
      defaultErrnoRet: 1,
      architectures: ARCHITECTURES[arches[0]!] ?? [],
      syscalls: names.length ? [{ names, action: 'SCMP_ACT_ALLOW' }] : [],
    },
    explanations: Object.fromEntries(names.map((n) => [n, why.get(n)!.join('; ')])),
    skipped: skipped.sort(),
  };
}
