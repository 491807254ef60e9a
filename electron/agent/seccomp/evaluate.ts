// Runs a seccomp classic-BPF program on one concrete seccomp_data, as the kernel does, and
// combines stacked filters into the action the kernel takes.
import {
  actionFromRet,
  BPF,
  BPF_MEMWORDS,
  cls,
  combineActions,
  miscop,
  mode,
  op,
  rval,
  SECCOMP_DATA_SIZE,
  src,
  type Action,
  type BpfProgram,
} from './bpf.js';

/** What a filter sees for one syscall. args and ip are 64-bit; missing args are 0. */
export interface SeccompData {
  nr: number;
  arch: number;
  ip?: bigint;
  args?: readonly bigint[];
}

export class BpfError extends Error {}

const MASK32 = 0xffffffffn;

/** The 16 little-endian 32-bit words of struct seccomp_data (x86_64, aarch64: little-endian). */
export function dataWords(d: SeccompData): Uint32Array {
  const w = new Uint32Array(SECCOMP_DATA_SIZE / 4);
  w[0] = d.nr >>> 0;
  w[1] = d.arch >>> 0;
  const put = (i: number, v: bigint) => {
    w[i] = Number(v & MASK32);
    w[i + 1] = Number((v >> 32n) & MASK32);
  };
  put(2, d.ip ?? 0n);
  for (let i = 0; i < 6; i++) put(4 + 2 * i, d.args?.[i] ?? 0n);
  return w;
}

/** 32-bit ALU operation; null for a division by zero (the program then returns 0). */
export function alu(operation: number, a: number, b: number): number | null {
  switch (operation) {
    case BPF.ADD:
      return (a + b) >>> 0;
    case BPF.SUB:
      return (a - b) >>> 0;
    case BPF.MUL:
      return Math.imul(a, b) >>> 0;
    case BPF.DIV:
      return b === 0 ? null : Math.floor(a / b) >>> 0;
    case BPF.MOD:
      return b === 0 ? null : (a % b) >>> 0;
    case BPF.OR:
      return (a | b) >>> 0;
    case BPF.AND:
      return (a & b) >>> 0;
    case BPF.XOR:
      return (a ^ b) >>> 0;
    case BPF.LSH:
      return (a << (b & 31)) >>> 0;
    case BPF.RSH:
      return a >>> (b & 31);
    case BPF.NEG:
      return -a >>> 0;
    default:
      throw new BpfError(`unknown ALU operation 0x${operation.toString(16)}`);
  }
}

/** Whether a conditional jump is taken (a, b unsigned 32-bit). */
export function jumpTaken(operation: number, a: number, b: number): boolean {
  switch (operation) {
    case BPF.JEQ:
      return a === b;
    case BPF.JGT:
      return a > b;
    case BPF.JGE:
      return a >= b;
    case BPF.JSET:
      return (a & b) !== 0;
    default:
      throw new BpfError(`unknown jump 0x${operation.toString(16)}`);
  }
}

/** Checks the shapes the kernel's seccomp loader guarantees, so fixtures cannot mislead. */
export function checkProgram(prog: BpfProgram): void {
  if (prog.length === 0) throw new BpfError('empty program');
  prog.forEach((insn, pc) => {
    const c = cls(insn.code);
    if (c === BPF.JMP) {
      const targets = op(insn.code) === BPF.JA ? [insn.k] : [insn.jt, insn.jf];
      for (const t of targets) if (pc + 1 + t >= prog.length) throw new BpfError(`jump out of the program at ${pc}`);
    }
    if (c === BPF.LD && mode(insn.code) === BPF.ABS && (insn.k % 4 !== 0 || insn.k >= SECCOMP_DATA_SIZE)) {
      throw new BpfError(`load outside seccomp_data at ${pc} (offset ${insn.k})`);
    }
  });
  if (cls(prog[prog.length - 1]!.code) !== BPF.RET) throw new BpfError('program does not end in a return');
}

/** The 32-bit value a filter returns for `data`. */
export function runProgram(prog: BpfProgram, data: SeccompData | Uint32Array): number {
  const words = data instanceof Uint32Array ? data : dataWords(data);
  const mem = new Uint32Array(BPF_MEMWORDS);
  let A = 0;
  let X = 0;
  for (let pc = 0; pc < prog.length; pc++) {
    const { code, jt, jf, k } = prog[pc]!;
    switch (cls(code)) {
      case BPF.LD:
        if (mode(code) === BPF.ABS) A = words[k / 4]!;
        else if (mode(code) === BPF.IMM) A = k >>> 0;
        else if (mode(code) === BPF.MEM) A = mem[k]!;
        else if (mode(code) === BPF.LEN) A = SECCOMP_DATA_SIZE;
        else throw new BpfError(`load mode 0x${mode(code).toString(16)} not allowed in seccomp`);
        break;
      case BPF.LDX:
        if (mode(code) === BPF.IMM) X = k >>> 0;
        else if (mode(code) === BPF.MEM) X = mem[k]!;
        else if (mode(code) === BPF.LEN) X = SECCOMP_DATA_SIZE;
        else throw new BpfError(`ldx mode 0x${mode(code).toString(16)} not allowed in seccomp`);
        break;
      case BPF.ST:
        mem[k] = A;
        break;
      case BPF.STX:
        mem[k] = X;
        break;
      case BPF.ALU: {
        const r = alu(op(code), A, src(code) === BPF.X ? X : k >>> 0);
        if (r === null) return 0;
        A = r;
        break;
      }
      case BPF.JMP:
        if (op(code) === BPF.JA) pc += k;
        else pc += jumpTaken(op(code), A, src(code) === BPF.X ? X : k >>> 0) ? jt : jf;
        break;
      case BPF.RET:
        return (rval(code) === BPF.A ? A : k) >>> 0;
      case BPF.MISC:
        if (miscop(code) === BPF.TAX) X = A;
        else A = X;
        break;
    }
  }
  throw new BpfError('fell off the end of the program');
}

/**
 * The action the kernel takes for `data` under stacked filters, given in PTRACE_SECCOMP_GET_FILTER
 * order (index 0 = the oldest). The kernel runs every filter and keeps the most restrictive answer.
 */
export function evaluateFilters(filters: readonly BpfProgram[], data: SeccompData): Action {
  if (filters.length === 0) return { kind: 'allow', data: 0 };
  const words = dataWords(data);
  return combineActions([...filters].reverse().map((f) => actionFromRet(runProgram(f, words))));
}
