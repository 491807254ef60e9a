// The syscall ABIs a seccomp filter can be asked about: AUDIT_ARCH value, syscall table, and which
// of them a process on this machine can use (an x86_64 kernel also takes i386 and x32 syscalls).
import type { TableArch } from './tables/generate.js';
import { AUDIT_ARCH, SYSCALLS, X32_SYSCALL_BIT } from './tables/syscallTables.generated.js';

export type { TableArch } from './tables/generate.js';
export { AUDIT_ARCH, X32_SYSCALL_BIT } from './tables/syscallTables.generated.js';

export interface ArchInfo {
  arch: TableArch;
  /** seccomp_data.arch for this ABI (x32 shares x86_64's, its numbers carry X32_SYSCALL_BIT). */
  auditArch: number;
  /** [name, number], ascending by number. */
  syscalls: readonly [string, number][];
  /** First syscall number of the ABI (X32_SYSCALL_BIT for x32, else 0). */
  base: number;
}

const byName = new Map<TableArch, Map<string, number>>();
const byNumber = new Map<TableArch, Map<number, string>>();

export function archInfo(arch: TableArch): ArchInfo {
  return { arch, auditArch: AUDIT_ARCH[arch], syscalls: SYSCALLS[arch], base: arch === 'x32' ? X32_SYSCALL_BIT : 0 };
}

export function syscallNumber(arch: TableArch, name: string): number | undefined {
  let m = byName.get(arch);
  if (!m) byName.set(arch, (m = new Map(SYSCALLS[arch])));
  return m.get(name);
}

export function syscallName(arch: TableArch, nr: number): string | undefined {
  let m = byNumber.get(arch);
  if (!m) byNumber.set(arch, (m = new Map(SYSCALLS[arch].map(([n, v]) => [v, n]))));
  return m.get(nr);
}

/** The ABIs a process can call the kernel with, by Node's process.arch of the kernel's machine. */
export function nativeArches(machine: string = process.arch): TableArch[] {
  if (machine === 'x64' || machine === 'x86_64') return ['x86_64', 'i386', 'x32'];
  if (machine === 'arm64' || machine === 'aarch64') return ['aarch64'];
  if (machine === 'ia32' || machine === 'i386' || machine === 'i686') return ['i386'];
  return [];
}

/** Names used in OCI/Docker profiles: SCMP_ARCH_X86_64 etc. and Go's GOARCH names. */
export const SCMP_ARCH: Record<TableArch, string> = {
  x86_64: 'SCMP_ARCH_X86_64',
  i386: 'SCMP_ARCH_X86',
  x32: 'SCMP_ARCH_X32',
  aarch64: 'SCMP_ARCH_AARCH64',
};
export const GOARCH: Record<TableArch, string> = { x86_64: 'amd64', i386: 'x86', x32: 'x32', aarch64: 'arm64' };
