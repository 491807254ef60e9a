// What a runtime-ready (OCI) seccomp profile says for each syscall of one ABI, modelled on how runc
// builds the filter with libseccomp: rules per syscall name (arguments compared on 64 bits, 32 on
// i386), the default action otherwise, names the runtime cannot resolve skipped, and runc's
// "-ENOSYS stub": numbers above the highest syscall the profile names get ENOSYS unless the default
// action is permissive (so that programs probing newer syscalls fall back instead of failing).
// On i386 libseccomp also turns a rule on a socket or SysV IPC call into a rule on the multiplexer
// (socketcall/ipc) with arg0 == the call's number, in place of the rule's own arg0 condition.
import { archInfo, SCMP_ARCH, syscallNumber, type TableArch } from './arch.js';
import { IPC_CALLS, SOCKETCALLS } from './tables/syscallTables.generated.js';
import type { Action } from './bpf.js';
import { ociAction, type OciSeccomp, type ProfileArg } from './profile.js';

export interface ExpectedRule {
  action: Action;
  args: ProfileArg[];
}

export interface ExpectedSyscall {
  name: string;
  nr: number;
  /** The action when the profile does not look at the arguments; else null (see rules). */
  action: Action | null;
  /** Conditional rules, first match wins; `otherwise` when none matches. */
  rules: ExpectedRule[];
  otherwise: Action;
  /** Why the action is not simply the profile's: the ENOSYS stub. */
  note?: 'enosys-stub';
}

export interface ExpectedPolicy {
  arch: TableArch;
  /** False when the profile does not list this ABI (the filter then answers with its bad-arch action). */
  covered: boolean;
  defaultAction: Action;
  /** Numbers above this get ENOSYS (runc's stub); null when no stub applies. */
  enosysAbove: number | null;
  syscalls: ExpectedSyscall[];
}

export interface RuntimeModel {
  /** Whether the runtime's libseccomp resolves `name` on `arch` (default: the name is in our table). */
  knows?: (arch: TableArch, name: string) => boolean;
  /** Model runc's/crun's ENOSYS stub (default true). */
  enosysStub?: boolean;
}

const ENOSYS = 38;
const PERMISSIVE = new Set(['allow', 'log', 'trace']);
const MULTIPLEXED = new Map<string, { via: string; call: number }>([
  ...SOCKETCALLS.map(([name, call]): [string, { via: string; call: number }] => [name, { via: 'socketcall', call }]),
  ...IPC_CALLS.map(([name, call]): [string, { via: string; call: number }] => [name, { via: 'ipc', call }]),
]);

/** The rule libseccomp adds on the i386 multiplexer for a rule on one of its calls. */
function multiplexedRule(rule: ExpectedRule, call: number): ExpectedRule {
  return { action: rule.action, args: [{ index: 0, value: call, op: 'SCMP_CMP_EQ' }, ...rule.args.filter((a) => a.index !== 0)] };
}

export function expectedPolicy(oci: OciSeccomp, arch: TableArch, model: RuntimeModel = {}): ExpectedPolicy {
  const info = archInfo(arch);
  const knows = model.knows ?? ((a: TableArch, name: string) => syscallNumber(a, name) !== undefined);
  const defaultAction = ociAction(oci.defaultAction, oci.defaultErrnoRet);
  const covered = oci.architectures.includes(SCMP_ARCH[arch]);
  const rulesByName = new Map<string, ExpectedRule[]>();
  let highest = -1;
  const add = (name: string, rule: ExpectedRule) => rulesByName.set(name, [...(rulesByName.get(name) ?? []), rule]);
  for (const r of oci.syscalls) {
    const action = ociAction(r.action, r.errnoRet);
    for (const name of r.names) {
      const mux = arch === 'i386' ? MULTIPLEXED.get(name) : undefined;
      if (mux) add(mux.via, multiplexedRule({ action, args: r.args ?? [] }, mux.call));
      if (!knows(arch, name)) continue;
      const nr = syscallNumber(arch, name);
      // libseccomp resolves multiplexed names to negative pseudo numbers: runc's stub ignores them.
      if (nr !== undefined && !mux) highest = Math.max(highest, nr);
      add(name, { action, args: r.args ?? [] });
    }
  }
  const stub = (model.enosysStub ?? true) && !PERMISSIVE.has(defaultAction.kind) && highest >= 0;
  const enosysAbove = stub ? highest : null;
  const syscalls = info.syscalls.map(([name, nr]): ExpectedSyscall => {
    if (enosysAbove !== null && nr > enosysAbove) {
      return {
        name,
        nr,
        action: { kind: 'errno', data: ENOSYS },
        rules: [],
        otherwise: { kind: 'errno', data: ENOSYS },
        note: 'enosys-stub',
      };
    }
    const rules = rulesByName.get(name) ?? [];
    const unconditional = rules.find((r) => r.args.length === 0);
    if (unconditional) return { name, nr, action: unconditional.action, rules: [], otherwise: unconditional.action };
    const conditional = rules.filter((r) => r.args.length > 0);
    return { name, nr, action: conditional.length ? null : defaultAction, rules: conditional, otherwise: defaultAction };
  });
  return { arch, covered, defaultAction, enosysAbove, syscalls };
}

const M32 = 0xffffffffn;

/** Whether one OCI argument comparison holds (libseccomp compares 32 bits on i386 and x32). */
export function argMatches(a: ProfileArg, args: readonly bigint[], bits: 32 | 64): boolean {
  const trunc = (v: bigint) => (bits === 32 ? v & M32 : v);
  const x = trunc(args[a.index] ?? 0n);
  const v = trunc(BigInt(a.value));
  const two = trunc(BigInt(a.valueTwo ?? 0));
  switch (a.op) {
    case 'SCMP_CMP_NE':
      return x !== v;
    case 'SCMP_CMP_LT':
      return x < v;
    case 'SCMP_CMP_LE':
      return x <= v;
    case 'SCMP_CMP_EQ':
      return x === v;
    case 'SCMP_CMP_GE':
      return x >= v;
    case 'SCMP_CMP_GT':
      return x > v;
    case 'SCMP_CMP_MASKED_EQ':
      return (x & v) === two;
    default:
      throw new Error(`unknown seccomp comparison ${a.op}`);
  }
}

/** The profile's action for this syscall called with `args`. */
export function expectedAction(e: ExpectedSyscall, args: readonly bigint[], arch: TableArch): Action {
  if (e.action) return e.action;
  const bits = arch === 'i386' || arch === 'x32' ? 32 : 64;
  return e.rules.find((r) => r.args.every((a) => argMatches(a, args, bits)))?.action ?? e.otherwise;
}
