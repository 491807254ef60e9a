// Seccomp profiles as written for engines (Docker's and containers-common's format, with archMap and
// includes/excludes) and as OCI runtimes take them (`linux.seccomp`), and the engines' resolution of
// the first into the second for a container's capabilities, the native arch and the kernel version.
import { GOARCH, SCMP_ARCH, type TableArch } from './arch.js';
import { errnoNumber, type Action } from './bpf.js';

export interface ProfileArg {
  index: number;
  value: number;
  valueTwo?: number;
  op: string;
}

interface RuleFilter {
  caps?: string[] | null;
  arches?: string[] | null;
  minKernel?: string | null;
}

export interface ProfileRule {
  names?: string[] | null;
  name?: string;
  action: string;
  errnoRet?: number | null;
  errno?: string;
  args?: ProfileArg[] | null;
  includes?: RuleFilter | null;
  excludes?: RuleFilter | null;
  comment?: string;
}

/** Docker/containers-common profile, or an OCI `linux.seccomp` (no archMap, no includes/excludes). */
export interface SeccompProfile {
  defaultAction: string;
  defaultErrnoRet?: number | null;
  defaultErrno?: string;
  architectures?: string[] | null;
  archMap?: { architecture: string; subArchitectures: string[] | null }[] | null;
  syscalls?: ProfileRule[] | null;
  flags?: string[] | null;
  listenerPath?: string;
}

/** A runtime-ready rule: what an OCI runtime hands to libseccomp. */
export interface OciRule {
  names: string[];
  action: string;
  errnoRet?: number;
  args?: ProfileArg[];
}

export interface OciSeccomp {
  defaultAction: string;
  defaultErrnoRet?: number;
  architectures: string[];
  syscalls: OciRule[];
}

export interface ResolveContext {
  /** The machine's native arch (Docker resolves includes/excludes.arches against it only). */
  arch: TableArch;
  /** The container's bounding capabilities, e.g. ['CAP_CHOWN', ...]. */
  caps: readonly string[];
  /** Kernel release (uname -r), for minKernel. */
  kernel: string;
}

const kernelParts = (v: string): number[] => (/^(\d+)\.(\d+)/.exec(v) ?? ['', '0', '0']).slice(1, 3).map(Number);

/** Kernel release `have` is at least `want` ("4.8"): major.minor comparison, as moby does. */
export function kernelAtLeast(have: string, want: string): boolean {
  const [hM, hm] = kernelParts(have) as [number, number];
  const [wM, wm] = kernelParts(want) as [number, number];
  return hM > wM || (hM === wM && hm >= wm);
}

function included(rule: ProfileRule, ctx: ResolveContext): boolean {
  const goarch = GOARCH[ctx.arch];
  const inc = rule.includes ?? {};
  const exc = rule.excludes ?? {};
  if (inc.caps?.length && !inc.caps.every((c) => ctx.caps.includes(c))) return false;
  if (inc.arches?.length && !inc.arches.includes(goarch)) return false;
  if (inc.minKernel && !kernelAtLeast(ctx.kernel, inc.minKernel)) return false;
  if (exc.caps?.length && exc.caps.some((c) => ctx.caps.includes(c))) return false;
  if (exc.arches?.length && exc.arches.includes(goarch)) return false;
  return true;
}

const errnoOf = (ret: number | null | undefined, name: string | undefined): number | undefined =>
  ret ?? (name !== undefined ? errnoNumber(name) : undefined);

/** Resolves archMap and includes/excludes as Docker and Podman do before starting a container. */
export function resolveProfile(p: SeccompProfile, ctx: ResolveContext): OciSeccomp {
  const native = SCMP_ARCH[ctx.arch];
  const architectures = p.archMap?.length
    ? p.archMap.filter((a) => a.architecture === native).flatMap((a) => [a.architecture, ...(a.subArchitectures ?? [])])
    : [...(p.architectures ?? [])];
  const syscalls: OciRule[] = [];
  for (const r of p.syscalls ?? []) {
    if (!included(r, ctx)) continue;
    const names = r.names?.length ? r.names : r.name ? [r.name] : [];
    const rule: OciRule = { names, action: r.action };
    const errnoRet = errnoOf(r.errnoRet, r.errno);
    if (errnoRet !== undefined) rule.errnoRet = errnoRet;
    // valueTwo 0 is the same as none (engines drop it: omitempty).
    if (r.args?.length) rule.args = r.args.map(({ valueTwo, ...a }) => (valueTwo ? { ...a, valueTwo } : a));
    syscalls.push(rule);
  }
  const out: OciSeccomp = { defaultAction: p.defaultAction, architectures, syscalls };
  const defaultErrnoRet = errnoOf(p.defaultErrnoRet, p.defaultErrno);
  if (defaultErrnoRet !== undefined) out.defaultErrnoRet = defaultErrnoRet;
  return out;
}

const EPERM = 1;

/** An OCI action as runc gives it to libseccomp (ERRNO and TRACE default to EPERM). */
export function ociAction(action: string, errnoRet: number | undefined): Action {
  switch (action) {
    case 'SCMP_ACT_KILL':
    case 'SCMP_ACT_KILL_THREAD':
      return { kind: 'kill_thread', data: 0 };
    case 'SCMP_ACT_KILL_PROCESS':
      return { kind: 'kill_process', data: 0 };
    case 'SCMP_ACT_TRAP':
      return { kind: 'trap', data: 0 };
    case 'SCMP_ACT_ERRNO':
      return { kind: 'errno', data: errnoRet ?? EPERM };
    case 'SCMP_ACT_TRACE':
      return { kind: 'trace', data: errnoRet ?? EPERM };
    case 'SCMP_ACT_ALLOW':
      return { kind: 'allow', data: 0 };
    case 'SCMP_ACT_LOG':
      return { kind: 'log', data: 0 };
    case 'SCMP_ACT_NOTIFY':
      return { kind: 'user_notif', data: 0 };
    default:
      throw new Error(`unknown seccomp action ${action}`);
  }
}
