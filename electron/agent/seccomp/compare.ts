// Compares the decoded policy of a process with what a profile says, syscall by syscall. Where
// either side looks at the arguments, both are evaluated on the same argument values: the
// constants either side compares with, their neighbours, the high word set, the mask's bits.
import type { TableArch } from './arch.js';
import { actionKey, actionText, type Action, type BpfProgram } from './bpf.js';
import { FULL, type Cond } from './conditions.js';
import type { SyscallDecision } from './decode.js';
import { evaluateFilters } from './evaluate.js';
import { expectedAction, type ExpectedPolicy, type ExpectedSyscall } from './expected.js';

export type DifferenceKind = 'allowed' | 'denied' | 'changed';

export interface Difference {
  name: string;
  nr: number;
  /** allowed: the process may call it where the profile denies; denied: the reverse; changed: other. */
  kind: DifferenceKind;
  expected: string;
  actual: string;
}

const POINT_LIMIT = 20_000;
const permissive = (a: Action) => a.kind === 'allow' || a.kind === 'log';

function describeExpected(e: ExpectedSyscall): string {
  if (e.action) return actionText(e.action);
  const rules = e.rules.map(
    (r) =>
      `${actionText(r.action)} if ${r.args.map((a) => `arg${a.index} ${a.op.replace('SCMP_CMP_', '')} ${a.value}${a.valueTwo ? `/${a.valueTwo}` : ''}`).join(' && ')}`,
  );
  return [...rules, `else ${actionText(e.otherwise)}`].join('; ');
}

function describeDecision(d: SyscallDecision): string {
  if (d.error) return `undecodable: ${d.error}`;
  if (d.action) return actionText(d.action);
  return (d.outcomes ?? []).map((o) => `${actionText(o.action)} if ${o.whenText.join(' || ')}`).join('; ');
}

function addValue(set: Set<bigint>, v: bigint): void {
  const m64 = (1n << 64n) - 1n;
  for (const x of [v, v - 1n, v + 1n, v | (1n << 32n), v + (1n << 32n)]) set.add(x & m64);
}

/** Argument values worth trying, per argument index, for one syscall. */
export function testValues(e: ExpectedSyscall, d: SyscallDecision): Map<number, bigint[]> {
  const per = new Map<number, Set<bigint>>();
  const at = (i: number) => {
    let s = per.get(i);
    if (!s) per.set(i, (s = new Set([0n, 1n, 0xffffffffn, 1n << 32n, (1n << 64n) - 1n])));
    return s;
  };
  for (const r of e.rules) {
    for (const a of r.args) {
      const s = at(a.index);
      addValue(s, BigInt(a.value));
      addValue(s, BigInt(a.valueTwo ?? 0));
      for (let b = 0n; b < 64n; b++)
        if ((BigInt(a.value) >> b) & 1n) s.add((BigInt(a.valueTwo ?? 0) | (1n << b)) & ((1n << 64n) - 1n));
    }
  }
  const conds: Cond[] = (d.outcomes ?? []).flatMap((o) => o.when.flat());
  for (const c of conds) {
    if (c.offset < 16) continue;
    const index = Math.floor((c.offset - 16) / 8);
    const high = c.offset % 8 === 4;
    const s = at(index);
    const words = [c.k, c.k & c.mask, (c.k | ~c.mask) >>> 0].map((w) => BigInt(w >>> 0));
    if (c.mask !== FULL) for (let b = 0; b < 32; b++) if ((c.mask >>> b) & 1) words.push(BigInt((c.k | (1 << b)) >>> 0));
    for (const w of words) addValue(s, high ? w << 32n : w);
  }
  return new Map([...per].map(([i, s]) => [i, [...s]]));
}

/** Cartesian product of the values, or (when too many) each index varied with the others at 0. */
function* argVectors(values: Map<number, bigint[]>): Generator<bigint[]> {
  const indices = [...values.keys()];
  const total = indices.reduce((n, i) => n * values.get(i)!.length, 1);
  if (total <= POINT_LIMIT) {
    const rec = function* (k: number, acc: bigint[]): Generator<bigint[]> {
      if (k === indices.length) {
        yield [...acc];
        return;
      }
      for (const v of values.get(indices[k]!)!) {
        acc[indices[k]!] = v;
        yield* rec(k + 1, acc);
      }
      acc[indices[k]!] = 0n;
    };
    yield* rec(0, [0n, 0n, 0n, 0n, 0n, 0n]);
    return;
  }
  for (const i of indices) for (const v of values.get(i)!) yield Object.assign([0n, 0n, 0n, 0n, 0n, 0n], { [i]: v });
}

/** Compares one syscall; null when the process does what the profile says. */
export function compareSyscall(
  filters: readonly BpfProgram[],
  auditArch: number,
  arch: TableArch,
  e: ExpectedSyscall,
  d: SyscallDecision,
): Difference | null {
  if (e.action && d.action) {
    if (actionKey(e.action) === actionKey(d.action)) return null;
    const kind: DifferenceKind =
      permissive(e.action) === permissive(d.action) ? 'changed' : permissive(d.action) ? 'allowed' : 'denied';
    return { name: e.name, nr: e.nr, kind, expected: actionText(e.action), actual: actionText(d.action) };
  }
  let moreAllowed = false;
  let moreDenied = false;
  let other = false;
  for (const args of argVectors(testValues(e, d))) {
    const want = expectedAction(e, args, arch);
    const got = evaluateFilters(filters, { nr: e.nr, arch: auditArch, args });
    if (actionKey(want) === actionKey(got)) continue;
    if (permissive(got) && !permissive(want)) moreAllowed = true;
    else if (permissive(want) && !permissive(got)) moreDenied = true;
    else other = true;
  }
  if (!moreAllowed && !moreDenied && !other && !d.error) return null;
  const kind: DifferenceKind =
    moreAllowed && !moreDenied && !other ? 'allowed' : moreDenied && !moreAllowed && !other ? 'denied' : 'changed';
  return { name: e.name, nr: e.nr, kind, expected: describeExpected(e), actual: describeDecision(d) };
}

/** Every syscall of the ABI where the process's filters and the profile disagree. */
export function comparePolicy(
  filters: readonly BpfProgram[],
  expected: ExpectedPolicy,
  decided: readonly SyscallDecision[],
  auditArch: number,
): Difference[] {
  const byNr = new Map(decided.map((d) => [d.nr, d]));
  const out: Difference[] = [];
  for (const e of expected.syscalls) {
    const d = byNr.get(e.nr);
    if (!d) continue;
    const diff = compareSyscall(filters, auditArch, expected.arch, e, d);
    if (diff) out.push(diff);
  }
  return out;
}
