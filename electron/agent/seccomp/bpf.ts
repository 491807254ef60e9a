// Classic BPF as seccomp runs it: instructions, opcode fields, seccomp_data layout and the
// filter return values (actions), with the kernel's precedence between them.
import { ERRNO_NAMES } from './tables/syscallTables.generated.js';

/** One `struct sock_filter`, as PTRACE_SECCOMP_GET_FILTER returns it. */
export interface BpfInsn {
  code: number;
  jt: number;
  jf: number;
  k: number;
}

export type BpfProgram = BpfInsn[];

// Opcode fields (linux/bpf_common.h).
export const cls = (code: number): number => code & 0x07;
export const size = (code: number): number => code & 0x18;
export const mode = (code: number): number => code & 0xe0;
export const op = (code: number): number => code & 0xf0;
export const src = (code: number): number => code & 0x08;
export const rval = (code: number): number => code & 0x18;
export const miscop = (code: number): number => code & 0xf8;

export const BPF = {
  LD: 0x00,
  LDX: 0x01,
  ST: 0x02,
  STX: 0x03,
  ALU: 0x04,
  JMP: 0x05,
  RET: 0x06,
  MISC: 0x07,
  W: 0x00,
  IMM: 0x00,
  ABS: 0x20,
  IND: 0x40,
  MEM: 0x60,
  LEN: 0x80,
  MSH: 0xa0,
  ADD: 0x00,
  SUB: 0x10,
  MUL: 0x20,
  DIV: 0x30,
  OR: 0x40,
  AND: 0x50,
  LSH: 0x60,
  RSH: 0x70,
  NEG: 0x80,
  MOD: 0x90,
  XOR: 0xa0,
  JA: 0x00,
  JEQ: 0x10,
  JGT: 0x20,
  JGE: 0x30,
  JSET: 0x40,
  K: 0x00,
  X: 0x08,
  A: 0x10,
  TAX: 0x00,
  TXA: 0x80,
} as const;

/** struct seccomp_data: nr (int), arch (u32), instruction_pointer (u64), args[6] (u64). */
export const SECCOMP_DATA_SIZE = 64;
export const BPF_MEMWORDS = 16;

/** Name of the 32-bit word at a seccomp_data offset (little-endian: low word first). */
export function fieldName(offset: number): string {
  if (offset === 0) return 'nr';
  if (offset === 4) return 'arch';
  const half = offset % 8 === 0 ? 'lo' : 'hi';
  if (offset < 16) return `ip.${half}`;
  return `arg${Math.floor((offset - 16) / 8)}.${half}`;
}

// Filter return values (linux/seccomp.h).
export const SECCOMP_RET = {
  KILL_PROCESS: 0x80000000,
  KILL_THREAD: 0x00000000,
  TRAP: 0x00030000,
  ERRNO: 0x00050000,
  USER_NOTIF: 0x7fc00000,
  TRACE: 0x7ff00000,
  LOG: 0x7ffc0000,
  ALLOW: 0x7fff0000,
} as const;
const RET_ACTION_FULL = 0xffff0000;
const RET_DATA = 0x0000ffff;
const MAX_ERRNO = 4095;

export type ActionKind = 'kill_process' | 'kill_thread' | 'trap' | 'errno' | 'user_notif' | 'trace' | 'log' | 'allow';

/** What the kernel does with a syscall. data: the errno, TRAP/TRACE data, else 0. */
export interface Action {
  kind: ActionKind;
  data: number;
}

const KIND_OF = new Map<number, ActionKind>([
  [SECCOMP_RET.KILL_PROCESS, 'kill_process'],
  [SECCOMP_RET.KILL_THREAD, 'kill_thread'],
  [SECCOMP_RET.TRAP, 'trap'],
  [SECCOMP_RET.ERRNO, 'errno'],
  [SECCOMP_RET.USER_NOTIF, 'user_notif'],
  [SECCOMP_RET.TRACE, 'trace'],
  [SECCOMP_RET.LOG, 'log'],
  [SECCOMP_RET.ALLOW, 'allow'],
]);

/** Most restrictive first: the kernel's order when several filters answer (KILL_PROCESS wins). */
export const ACTION_PRECEDENCE: readonly ActionKind[] = [
  'kill_process',
  'kill_thread',
  'trap',
  'errno',
  'user_notif',
  'trace',
  'log',
  'allow',
];

/** A filter's 32-bit return value as the kernel acts on it (unknown actions kill the process). */
export function actionFromRet(ret: number): Action {
  const r = ret >>> 0;
  const kind = KIND_OF.get((r & RET_ACTION_FULL) >>> 0) ?? 'kill_process';
  const raw = r & RET_DATA;
  if (kind === 'errno') return { kind, data: Math.min(raw, MAX_ERRNO) };
  if (kind === 'trap' || kind === 'trace') return { kind, data: raw };
  return { kind, data: 0 };
}

export const rank = (a: Action): number => ACTION_PRECEDENCE.indexOf(a.kind);

/**
 * Combines the answers of stacked filters, given newest filter first: the kernel walks from the
 * newest and keeps an answer only if strictly more restrictive, so among equals the newest wins.
 */
export function combineActions(newestFirst: Action[]): Action {
  let best: Action = { kind: 'allow', data: 0 };
  for (const a of newestFirst) if (rank(a) < rank(best)) best = a;
  return best;
}

export const sameAction = (a: Action, b: Action): boolean => a.kind === b.kind && a.data === b.data;

const ERRNO_BY_NAME = new Map(ERRNO_NAMES.map(([name, n]) => [name, n]));

export const errnoNumber = (name: string): number | undefined => ERRNO_BY_NAME.get(name);

/** "ALLOW", "ERRNO(EPERM)", "TRAP(3)", "KILL_PROCESS": one naming for the agent, the GUI and the reports. */
export { actionText, errnoName } from '../../../shared/seccomp/actions.js';

/** A stable key for grouping equal actions. */
export const actionKey = (a: Action): string => `${a.kind}:${a.data}`;
