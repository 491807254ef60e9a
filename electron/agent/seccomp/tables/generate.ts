// Generates syscallTables.generated.ts from maintained sources, never from hand-typed lists:
//   x86_64, i386, x32  the kernel's uapi headers from Debian's linux-libc-dev
//                      (/usr/include/x86_64-linux-gnu/asm/unistd_{64,32,x32}.h)
//   aarch64            asm-generic/unistd.h as arm64 configures it, from linux-libc-dev-arm64-cross
//                      (preprocessed with `cc -E -dM` against /usr/aarch64-linux-gnu/include)
//   newer syscalls     numbers above the headers' last one, from libseccomp's scmp_sys_resolver
//                      (Debian's libseccomp knows syscalls of newer kernels than its headers)
//   AUDIT_ARCH_*       linux/audit.h, evaluated by the C compiler; errno names from asm-generic/errno*.h
//   multiplexed calls  socketcall(2) numbers from linux/net.h, ipc(2) ones from linux/ipc.h (i386)
//
//   npx tsx electron/agent/seccomp/tables/generate.ts     rewrites the committed table file
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export type TableArch = 'x86_64' | 'i386' | 'x32' | 'aarch64';
export const TABLE_ARCHES: readonly TableArch[] = ['x86_64', 'i386', 'x32', 'aarch64'];

export interface GeneratedTables {
  /** Per arch, [name, number] sorted by number; x32 numbers include the x32 bit. */
  syscalls: Record<TableArch, [string, number][]>;
  /** Names taken from libseccomp (above the headers' last number), per arch. */
  fromLibseccomp: Record<TableArch, string[]>;
  auditArch: Record<TableArch, number>;
  x32SyscallBit: number;
  errnoNames: [string, number][];
  /** socketcall(2) call numbers (linux/net.h SYS_*) and ipc(2) ones (linux/ipc.h), by call name. */
  socketcalls: [string, number][];
  ipcCalls: [string, number][];
}

const X86_ASM = '/usr/include/x86_64-linux-gnu/asm';
const ARM64_INCLUDE = '/usr/aarch64-linux-gnu/include';
const ERRNO_HEADERS = ['/usr/include/asm-generic/errno-base.h', '/usr/include/asm-generic/errno.h'];
const RESOLVER = '/usr/bin/scmp_sys_resolver';
const NET_H = '/usr/include/linux/net.h';
const IPC_H = '/usr/include/linux/ipc.h';
const IPC_CALLS = /^(SEM|MSG|SHM)[A-Z]+$/;
const RESOLVER_ARCH: Record<TableArch, string> = { x86_64: 'x86_64', i386: 'x86', x32: 'x32', aarch64: 'aarch64' };
/** How far past the headers' last number libseccomp is asked. */
const LIBSECCOMP_LOOKAHEAD = 32;

/** Files and tools the generator reads; a missing one means the tables cannot be regenerated here. */
export function generatorInputs(): string[] {
  return [
    `${X86_ASM}/unistd_64.h`,
    `${X86_ASM}/unistd_32.h`,
    `${X86_ASM}/unistd_x32.h`,
    `${X86_ASM}/unistd.h`,
    `${ARM64_INCLUDE}/asm/unistd.h`,
    ...ERRNO_HEADERS,
    '/usr/include/linux/audit.h',
    NET_H,
    IPC_H,
    RESOLVER,
  ];
}

export const missingInputs = (): string[] => generatorInputs().filter((p) => !existsSync(p));

/** `#define NAME VALUE` lines of a header or of `cc -dM` output, VALUE resolved to a number. */
export function resolveDefines(text: string, x32Bit = 0): Map<string, number> {
  const raw = new Map<string, string>();
  for (const m of text.matchAll(/^#[ \t]*define[ \t]+(\w+)[ \t]+(.+?)[ \t]*$/gm)) {
    const value = m[2]!
      .replace(/\/\*.*?\*\//g, '')
      .replace(/\/\/.*$/, '')
      .trim();
    if (value) raw.set(m[1]!, value);
  }
  const out = new Map<string, number>();
  const value = (expr: string, depth: number): number | null => {
    const e = expr.replace(/^\((.*)\)$/, '$1').trim();
    if (/^(0x[0-9a-f]+|\d+)$/i.test(e)) return Number(e);
    const sum = /^(\w+)\s*\+\s*(\w+)$/.exec(e);
    if (sum) {
      const a = value(sum[1]!, depth + 1);
      const b = value(sum[2]!, depth + 1);
      return a === null || b === null ? null : a + b;
    }
    if (e === '__X32_SYSCALL_BIT' && x32Bit) return x32Bit;
    const ref = raw.get(e);
    return ref !== undefined && depth < 8 ? value(ref, depth + 1) : null;
  };
  for (const [name, expr] of raw) {
    const v = value(expr, 0);
    if (v !== null) out.set(name, v);
  }
  return out;
}

function syscallsOf(defs: Map<string, number>): [string, number][] {
  const skip = new Set(['syscalls', 'arch_specific_syscall']);
  return [...defs]
    .filter(([n]) => n.startsWith('__NR_') && !skip.has(n.slice(5)))
    .map(([n, v]): [string, number] => [n.slice(5), v])
    .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
}

const read = (p: string) => readFileSync(p, 'utf8');

function arm64Defines(): string {
  return execFileSync('cc', ['-E', '-dM', '-nostdinc', '-I', ARM64_INCLUDE, '-x', 'c', '-'], {
    input: '#include <asm/unistd.h>\n',
    encoding: 'utf8',
  });
}

/** The compiler evaluates linux/audit.h's AUDIT_ARCH_* expressions. */
function auditArches(): Record<TableArch, number> {
  const dir = mkdtempSync(join(tmpdir(), 'isoscope-auditarch-'));
  try {
    const src = join(dir, 'a.c');
    writeFileSync(
      src,
      '#include <linux/audit.h>\n#include <stdio.h>\nint main(void){printf("%u %u %u\\n", AUDIT_ARCH_X86_64, AUDIT_ARCH_I386, AUDIT_ARCH_AARCH64);return 0;}\n',
    );
    execFileSync('cc', ['-o', join(dir, 'a'), src]);
    const [x64, i386, a64] = execFileSync(join(dir, 'a'), { encoding: 'utf8' }).trim().split(' ').map(Number) as [
      number,
      number,
      number,
    ];
    return { x86_64: x64, i386, x32: x64, aarch64: a64 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function libseccompName(arch: TableArch, nr: number): string | null {
  const r = spawnSync(RESOLVER, ['-a', RESOLVER_ARCH[arch], String(nr)], { encoding: 'utf8' });
  const name = r.status === 0 ? r.stdout.trim() : '';
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : null;
}

/** Adds the syscalls libseccomp knows past the headers' last number. */
function supplement(arch: TableArch, table: [string, number][], x32Bit: number): string[] {
  const base = arch === 'x32' ? x32Bit : 0;
  const headerMax = Math.max(...table.filter(([, n]) => n - base < 512).map(([, n]) => n - base));
  const known = new Set(table.map(([n]) => n));
  const added: string[] = [];
  for (let nr = headerMax + 1; nr <= headerMax + LIBSECCOMP_LOOKAHEAD; nr++) {
    const name = libseccompName(arch, base + nr);
    if (name && !known.has(name)) {
      table.push([name, base + nr]);
      added.push(name);
    }
  }
  table.sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
  return added;
}

export function generateTables(): GeneratedTables {
  const missing = missingInputs();
  if (missing.length > 0) throw new Error(`cannot generate syscall tables, missing: ${missing.join(', ')}`);
  const x32Bit = resolveDefines(read(`${X86_ASM}/unistd.h`)).get('__X32_SYSCALL_BIT') ?? 0x40000000;
  const syscalls: Record<TableArch, [string, number][]> = {
    x86_64: syscallsOf(resolveDefines(read(`${X86_ASM}/unistd_64.h`))),
    i386: syscallsOf(resolveDefines(read(`${X86_ASM}/unistd_32.h`))),
    x32: syscallsOf(resolveDefines(read(`${X86_ASM}/unistd_x32.h`), x32Bit)),
    aarch64: syscallsOf(resolveDefines(arm64Defines())),
  };
  const fromLibseccomp = Object.fromEntries(TABLE_ARCHES.map((a) => [a, supplement(a, syscalls[a], x32Bit)])) as Record<
    TableArch,
    string[]
  >;
  const errnos = new Map<number, string>();
  for (const h of ERRNO_HEADERS) {
    for (const m of read(h).matchAll(/^#define\s+(E[A-Z0-9]+)\s+(\d+)\b/gm))
      if (!errnos.has(Number(m[2]))) errnos.set(Number(m[2]), m[1]!);
  }
  const errnoNames = [...errnos].map(([n, name]): [string, number] => [name, n]).sort((a, b) => a[1] - b[1]);
  const calls = (file: string, pick: (name: string) => string | null): [string, number][] =>
    [...resolveDefines(read(file))]
      .flatMap(([n, v]): [string, number][] => {
        const name = pick(n);
        return name ? [[name, v]] : [];
      })
      .sort((a, b) => a[1] - b[1]);
  const socketcalls = calls(NET_H, (n) => (n.startsWith('SYS_') ? n.slice(4).toLowerCase() : null));
  const ipcCalls = calls(IPC_H, (n) => (IPC_CALLS.test(n) ? n.toLowerCase() : null));
  return { syscalls, fromLibseccomp, auditArch: auditArches(), x32SyscallBit: x32Bit, errnoNames, socketcalls, ipcCalls };
}

function packageVersion(pkg: string): string {
  const r = spawnSync('dpkg-query', ['-W', '-f', '${Version}', pkg], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : 'unknown';
}

function pairs(list: [string, number][]): string {
  const items = list.map(([n, v]) => `['${n}', ${v}]`);
  const lines: string[] = [];
  for (let i = 0; i < items.length; i += 8) lines.push('    ' + items.slice(i, i + 8).join(', ') + ',');
  return lines.join('\n');
}

export function renderTablesModule(t: GeneratedTables): string {
  const versions = ['linux-libc-dev', 'linux-libc-dev-arm64-cross', 'libseccomp2']
    .map((p) => `${p} ${packageVersion(p)}`)
    .join(', ');
  const arches = TABLE_ARCHES.map((a) => `  ${a}: [\n${pairs(t.syscalls[a])}\n  ],`).join('\n');
  const lib = TABLE_ARCHES.map((a) => `  ${a}: ${JSON.stringify(t.fromLibseccomp[a]).replace(/"/g, "'")},`).join('\n');
  const audit = TABLE_ARCHES.map((a) => `  ${a}: 0x${t.auditArch[a].toString(16)},`).join('\n');
  return `// GENERATED by electron/agent/seccomp/tables/generate.ts: do not edit by hand.
// Sources: kernel uapi headers (asm/unistd_{64,32,x32}.h; arm64's asm-generic/unistd.h), linux/audit.h,
// asm-generic/errno*.h, linux/net.h + linux/ipc.h (i386 multiplexed calls), and libseccomp's scmp_sys_resolver for numbers past the headers' last one.
// Generated from: ${versions}.
import type { GeneratedTables } from './generate.js';

export const SYSCALLS: GeneratedTables['syscalls'] = {
${arches}
};

/** Syscalls past the kernel headers' last number, named by libseccomp. */
export const FROM_LIBSECCOMP: GeneratedTables['fromLibseccomp'] = {
${lib}
};

export const AUDIT_ARCH: GeneratedTables['auditArch'] = {
${audit}
};

export const X32_SYSCALL_BIT = 0x${t.x32SyscallBit.toString(16)};

export const ERRNO_NAMES: GeneratedTables['errnoNames'] = [
${pairs(t.errnoNames)}
];

/** i386 multiplexers: socketcall(call, args) and ipc(call, ...), by call name. */
export const SOCKETCALLS: GeneratedTables['socketcalls'] = [
${pairs(t.socketcalls)}
];

export const IPC_CALLS: GeneratedTables['ipcCalls'] = [
${pairs(t.ipcCalls)}
];
`;
}

export const GENERATED_FILE = new URL('./syscallTables.generated.ts', import.meta.url).pathname;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(GENERATED_FILE, renderTablesModule(generateTables()));
  process.stdout.write(`wrote ${GENERATED_FILE}\n`);
}
