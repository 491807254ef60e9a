// Explores every path of a seccomp filter for one syscall number and arch: nr and arch are known,
// instruction_pointer and args are not. Each load of an unknown word is tracked (as `word & mask`)
// through the comparisons made on it, so each outcome comes with the argument conditions that lead
// to it. Paths the conditions rule out are dropped; a path limit keeps pathological filters bounded.
import {
  actionFromRet,
  BPF,
  BPF_MEMWORDS,
  cls,
  fieldName,
  miscop,
  mode,
  op,
  rval,
  SECCOMP_DATA_SIZE,
  src,
  type Action,
  type BpfProgram,
} from './bpf.js';
import { FULL, implied, type Cond, type CondOp } from './conditions.js';
import { alu, BpfError } from './evaluate.js';

/** A value in a register or scratch slot: known, `word[offset] & mask`, or computed (opaque). */
type Val = { c: number } | { offset: number; mask: number; opaque?: string };

export interface PathOutcome {
  action: Action;
  conds: Cond[];
}

export interface Exploration {
  outcomes: PathOutcome[];
  /** True when the path limit stopped the exploration (outcomes are then incomplete). */
  truncated: boolean;
}

interface State {
  pc: number;
  A: Val;
  X: Val;
  mem: Val[];
  conds: Cond[];
}

export const DEFAULT_PATH_LIMIT = 4096;

const isConst = (v: Val): v is { c: number } => 'c' in v;
const describe = (v: Val): string =>
  isConst(v)
    ? String(v.c)
    : (v.opaque ?? (v.mask === FULL ? fieldName(v.offset) : `(${fieldName(v.offset)} & 0x${v.mask.toString(16)})`));

function aluVal(operation: number, a: Val, b: Val): Val | null {
  if (isConst(a) && isConst(b)) {
    const r = alu(operation, a.c, b.c);
    return r === null ? null : { c: r };
  }
  if (!isConst(a) && !a.opaque && isConst(b) && operation === BPF.AND) return { offset: a.offset, mask: (a.mask & b.c) >>> 0 };
  const offset = isConst(a) ? (b as { offset: number }).offset : a.offset;
  return { offset, mask: FULL, opaque: `f(${describe(a)}, ${describe(b)})` };
}

const JUMP_OP: Record<number, CondOp> = { [BPF.JEQ]: 'eq', [BPF.JGT]: 'gt', [BPF.JGE]: 'ge', [BPF.JSET]: 'set' };

/** Explores `prog` with nr and arch fixed; every other seccomp_data word is unknown. */
export function explore(prog: BpfProgram, nr: number, arch: number, pathLimit = DEFAULT_PATH_LIMIT): Exploration {
  const outcomes: PathOutcome[] = [];
  const stack: State[] = [
    { pc: 0, A: { c: 0 }, X: { c: 0 }, mem: Array.from({ length: BPF_MEMWORDS }, () => ({ c: 0 })), conds: [] },
  ];
  let paths = 0;
  const load = (offset: number): Val => {
    if (offset === 0) return { c: nr >>> 0 };
    if (offset === 4) return { c: arch >>> 0 };
    return { offset, mask: FULL };
  };
  while (stack.length > 0) {
    const s = stack.pop()!;
    if (++paths > pathLimit) return { outcomes, truncated: true };
    for (;;) {
      const insn = prog[s.pc];
      if (!insn) throw new BpfError(`fell off the end of the program at ${s.pc}`);
      const { code, jt, jf, k } = insn;
      let next = s.pc + 1;
      const c = cls(code);
      if (c === BPF.RET) {
        const v = rval(code) === BPF.A ? s.A : { c: k >>> 0 };
        if (!isConst(v)) throw new BpfError(`returns ${describe(v)}, a value taken from the syscall's data`);
        outcomes.push({ action: actionFromRet(v.c), conds: s.conds });
        break;
      } else if (c === BPF.LD || c === BPF.LDX) {
        const m = mode(code);
        let v: Val;
        if (m === BPF.ABS && c === BPF.LD) v = load(k);
        else if (m === BPF.IMM) v = { c: k >>> 0 };
        else if (m === BPF.MEM) v = s.mem[k]!;
        else if (m === BPF.LEN) v = { c: SECCOMP_DATA_SIZE };
        else throw new BpfError(`load mode 0x${m.toString(16)} not allowed in seccomp`);
        if (c === BPF.LD) s.A = v;
        else s.X = v;
      } else if (c === BPF.ST || c === BPF.STX) {
        s.mem = [...s.mem];
        s.mem[k] = c === BPF.ST ? s.A : s.X;
      } else if (c === BPF.ALU) {
        const r = aluVal(op(code), s.A, src(code) === BPF.X ? s.X : { c: k >>> 0 });
        if (r === null) {
          outcomes.push({ action: actionFromRet(0), conds: s.conds });
          break;
        }
        s.A = r;
      } else if (c === BPF.MISC) {
        if (miscop(code) === BPF.TAX) s.X = s.A;
        else s.A = s.X;
      } else if (op(code) === BPF.JA) {
        next += k;
      } else {
        const operation = op(code);
        const b: Val = src(code) === BPF.X ? s.X : { c: k >>> 0 };
        const condOp = JUMP_OP[operation];
        if (!condOp) throw new BpfError(`unknown jump 0x${operation.toString(16)}`);
        if (isConst(s.A) && isConst(b)) {
          const a = s.A.c;
          const taken = condOp === 'eq' ? a === b.c : condOp === 'gt' ? a > b.c : condOp === 'ge' ? a >= b.c : (a & b.c) !== 0;
          next += taken ? jt : jf;
        } else if (jt === jf) {
          next += jt;
        } else {
          const cond = condFor(s.A, b, condOp);
          const known = implied(s.conds, cond);
          if (known !== null) next += known ? jt : jf;
          else {
            stack.push({ ...s, pc: s.pc + 1 + jf, conds: [...s.conds, { ...cond, holds: false }] });
            s.conds = [...s.conds, cond];
            next += jt;
          }
        }
      }
      if (next >= prog.length) throw new BpfError(`jump out of the program at ${s.pc}`);
      s.pc = next;
    }
  }
  return { outcomes, truncated: false };
}

/** The condition "jump taken" for A <op> b where at least one side is unknown. */
function condFor(a: Val, b: Val, condOp: CondOp): Cond {
  if (!isConst(a) && isConst(b)) {
    const cond: Cond = { offset: a.offset, mask: a.mask, op: condOp, k: b.c, holds: true };
    if (a.opaque) cond.opaque = a.opaque;
    return cond;
  }
  const offset = isConst(a) ? (b as { offset: number }).offset : a.offset;
  return { offset, mask: FULL, op: condOp, k: 0, holds: true, opaque: describe(a), against: describe(b) };
}
