// Decodes stacked seccomp filters into a policy per ABI: for every syscall of the ABI's table, the
// action the kernel takes, or, when the filters look at the arguments, each possible action with the
// argument conditions that lead to it.
import { archInfo, type TableArch } from './arch.js';
import { actionKey, combineActions, type Action, type BpfProgram } from './bpf.js';
import { describeConds, feasible, type Cond } from './conditions.js';
import { DEFAULT_PATH_LIMIT, explore, type PathOutcome } from './symbolic.js';

export interface ConditionalOutcome {
  action: Action;
  /** Alternatives (OR) of conditions (AND) under which this action is taken. */
  when: Cond[][];
  /** The same, as text: one entry per alternative. */
  whenText: string[];
}

export interface SyscallDecision {
  name: string;
  nr: number;
  /** The action, when it does not depend on the arguments; null when it does (see outcomes). */
  action: Action | null;
  outcomes?: ConditionalOutcome[];
  /** The path limit stopped the exploration: outcomes may be incomplete. */
  truncated?: boolean;
  /** The filter could not be decoded for this syscall (e.g. it returns a value it loaded). */
  error?: string;
}

/** Numbers not in the ABI's table, grouped in runs that get the same action. */
export interface UnnamedRange {
  from: number;
  to: number;
  action: Action | null;
}

export interface ArchPolicy {
  arch: TableArch;
  auditArch: number;
  syscalls: SyscallDecision[];
  unnamed: UnnamedRange[];
}

/** How far past the table's last number unnamed numbers are decoded. */
export const UNNAMED_LOOKAHEAD = 64;
const COMBINATION_LIMIT = 4096;

/** Cross product of each filter's outcomes, newest filter first, keeping feasible combinations. */
function combinePaths(perFilterNewestFirst: PathOutcome[][]): { outcomes: PathOutcome[]; truncated: boolean } {
  let acc: { actions: Action[]; conds: Cond[] }[] = [{ actions: [], conds: [] }];
  let truncated = false;
  for (const outcomes of perFilterNewestFirst) {
    const next: typeof acc = [];
    for (const a of acc) {
      for (const o of outcomes) {
        const conds = [...a.conds, ...o.conds];
        if (o.conds.length > 0 && a.conds.length > 0 && !feasible(conds)) continue;
        if (next.length >= COMBINATION_LIMIT) truncated = true;
        else next.push({ actions: [...a.actions, o.action], conds });
      }
    }
    acc = next;
  }
  return { outcomes: acc.map((a) => ({ action: combineActions(a.actions), conds: a.conds })), truncated };
}

/** The decision for one syscall number of one ABI. filters: PTRACE_SECCOMP_GET_FILTER order (oldest first). */
export function decideSyscall(
  filters: readonly BpfProgram[],
  auditArch: number,
  nr: number,
  name: string,
  pathLimit = DEFAULT_PATH_LIMIT,
): SyscallDecision {
  if (filters.length === 0) return { name, nr, action: { kind: 'allow', data: 0 } };
  let explored;
  try {
    explored = [...filters].reverse().map((f) => explore(f, nr, auditArch, pathLimit));
  } catch (e) {
    return { name, nr, action: null, error: (e as Error).message };
  }
  const { outcomes, truncated } = combinePaths(explored.map((x) => x.outcomes));
  const anyTruncated = truncated || explored.some((x) => x.truncated);
  const groups = new Map<string, ConditionalOutcome>();
  for (const o of outcomes) {
    const key = actionKey(o.action);
    const g = groups.get(key) ?? { action: o.action, when: [], whenText: [] };
    g.when.push(o.conds);
    g.whenText.push(describeConds(o.conds));
    groups.set(key, g);
  }
  const list = [...groups.values()];
  const out: SyscallDecision =
    list.length === 1 && !anyTruncated ? { name, nr, action: list[0]!.action } : { name, nr, action: null, outcomes: list };
  if (anyTruncated) out.truncated = true;
  return out;
}

/** The policy of stacked filters (oldest first) for every syscall of one ABI. */
export function decodeArch(filters: readonly BpfProgram[], arch: TableArch): ArchPolicy {
  const info = archInfo(arch);
  const syscalls = info.syscalls.map(([name, nr]) => decideSyscall(filters, info.auditArch, nr, name));
  const named = new Set(info.syscalls.map(([, nr]) => nr));
  const last = Math.max(...info.syscalls.map(([, nr]) => nr));
  const unnamed: UnnamedRange[] = [];
  for (let nr = info.base; nr <= last + UNNAMED_LOOKAHEAD; nr++) {
    if (named.has(nr)) continue;
    const action = decideSyscall(filters, info.auditArch, nr, `#${nr}`).action;
    const prev = unnamed.at(-1);
    const same =
      prev &&
      prev.to === nr - 1 &&
      (prev.action && action ? actionKey(prev.action) === actionKey(action) : prev.action === action);
    if (prev && same) prev.to = nr;
    else unnamed.push({ from: nr, to: nr, action });
  }
  return { arch, auditArch: info.auditArch, syscalls, unnamed };
}
