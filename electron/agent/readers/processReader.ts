// Reads one process's isolation facts from /proc/PID. A process that vanishes while it is read
// is reported as `null` (dropped without error); anything else that cannot be read becomes a
// null value plus an `unavailable` entry with the errno.
import { NAMESPACE_TYPES } from '../../../shared/snapshot/schema.js';
import type {
  Capabilities,
  IdSet,
  LsmContext,
  NamespaceIds,
  NamespaceType,
  Seccomp,
  Unavailable,
} from '../../../shared/snapshot/schema.js';
import { parseCgroupMembership, type CgroupMembership } from '../parsers/cgroupMembership.js';
import type { LsmModuleContext, TimeNamespace } from '../../../shared/snapshot/kernelFeatures.js';
import { cleanAttr, contextModules, parseAppArmor, parseLsmList, parseSelinux } from '../parsers/lsmContext.js';
import { parseTimensOffsets } from '../parsers/timens.js';
import { parseNsLink } from '../parsers/nsLink.js';
import { parseCmdline, parseStat } from '../parsers/stat.js';
import { parseStatus } from '../parsers/status.js';
import type { ExeInfo, HostFs, Read } from './hostFs.js';

export interface RawProcess {
  pid: number;
  ppid: number;
  comm: string;
  state: string;
  startTime: number;
  /** Read lazily (readCmdline): only container members and launchers need it. */
  cmdline: string[] | null;
  uid: IdSet | null;
  gid: IdSet | null;
  nspid: number[];
  capabilities: Capabilities;
  seccomp: Seccomp;
  cgroup: CgroupMembership | null;
  namespaces: NamespaceIds;
  lsm: LsmContext;
  /** Fields relative to the process: `namespaces.net`, `capabilities`, `cmdline`, ... */
  unavailable: Unavailable[];
  /**
   * The executable, read only for processes whose name is a runtime launcher's (conmon,
   * containerd-shim, lxc-start, systemd-nspawn): a launcher names containers only if it is
   * what it says (discovery/launcher.ts). Absent when not read.
   */
  exe?: ExeInfo | null;
}

/** comm values of the runtime launchers whose command lines name containers. */
export const LAUNCHER_COMMS = /^(?:conmon|containerd-shim.*|lxc-start|systemd-nspawn)$/;

/**
 * Which LSM's context to read, decided once per host. `einval`: the kernel answered EINVAL for
 * the collector's own attr/current — no LSM provides process contexts on this host, so the
 * same answer is recorded for every process without asking again.
 */
export type LsmSource = 'selinux' | 'apparmor' | 'unknown' | 'none' | 'einval';

const VANISHED = new Set(['ENOENT', 'ESRCH']);

export class ProcessVanished extends Error {}

/** Lists the numeric entries of /proc. */
export function listPids(fs: HostFs): number[] {
  const dir = fs.listDir('/proc');
  if (!dir.ok) return [];
  const pids: number[] = [];
  for (const name of dir.value) if (/^\d+$/.test(name)) pids.push(Number(name));
  return pids.sort((a, b) => a - b);
}

/** Namespace types added in later kernels: a missing link means the kernel lacks them. */
const LATER_TYPES = new Set<NamespaceType>(['cgroup', 'pid_for_children', 'time', 'time_for_children']);

/** A process's ns links read once, in NAMESPACE_TYPES order: each link's text or its errno. */
export function readNsLinks(fs: HostFs, pid: number): Read<string>[] {
  return NAMESPACE_TYPES.map((type) => fs.readLink(`/proc/${pid}/ns/${type}`));
}

/** The namespace ids of links read by readNsLinks (unreadable ones null, with their reason). */
export function namespacesFrom(links: readonly Read<string>[], unavailable: Unavailable[], zombie = false): NamespaceIds {
  const ids = {} as Record<NamespaceType, number | null>;
  NAMESPACE_TYPES.forEach((type, i) => {
    const link = links[i]!;
    const parsed = link.ok ? parseNsLink(link.value) : null;
    ids[type] = parsed ? parsed.inode : null;
    if (!link.ok) {
      // A zombie has no namespaces left; a kernel without time namespaces has no ns/time link.
      const reason = zombie ? 'zombie' : link.reason === 'ENOENT' && LATER_TYPES.has(type) ? 'kernel-lacks' : link.reason;
      unavailable.push({ field: `namespaces.${type}`, reason });
    } else if (!parsed) unavailable.push({ field: `namespaces.${type}`, reason: 'unparsable', detail: link.value });
  });
  return ids;
}

export function readNamespaces(fs: HostFs, pid: number, unavailable: Unavailable[], zombie = false): NamespaceIds {
  return namespacesFrom(readNsLinks(fs, pid), unavailable, zombie);
}

/** The status lines live facts come from; their text is compared before anything is parsed. */
const KEY_LINES = [
  'PPid',
  'Uid',
  'Gid',
  'CapInh',
  'CapPrm',
  'CapEff',
  'CapBnd',
  'CapAmb',
  'NoNewPrivs',
  'Seccomp',
  'Seccomp_filters',
];

/** The live-fact lines of a status text, as one string (a missing line is an empty slot). */
export function statusKey(text: string): string {
  let key = '';
  for (const name of KEY_LINES) {
    const at = text.indexOf(`\n${name}:`);
    if (at < 0) {
      key += '|';
      continue;
    }
    const end = text.indexOf('\n', at + 1);
    key += text.slice(at + 1, end < 0 ? undefined : end) + '|';
  }
  return key;
}

/**
 * Everything a process's live facts (liveFacts.ts) were parsed from, as one string: the status
 * lines, the ns links, the LSM context read and whether it is a zombie. Equal keys, equal facts.
 */
export function liveKey(
  statusText: string,
  links: readonly Read<string>[],
  lsm: LsmContext,
  lsmUnavailable: readonly Unavailable[],
  zombie: boolean,
): string {
  let key = statusKey(statusText);
  for (const link of links) key += (link.ok ? link.value : `!${link.reason}`) + ',';
  key += `${lsm.raw ?? ''}|${lsmUnavailable.map((u) => u.reason).join(',')}|${zombie ? 'Z' : ''}`;
  // Per-module contexts (only for the host's context-keeping LSMs; none read on a host without them).
  if (lsm.modules) for (const m of lsm.modules) key += `|${m.lsm}=${m.raw ?? `!${m.reason ?? ''}`}`;
  return key;
}

/**
 * The live key each process object's facts were read with: set by a full read (readProcess) and
 * by every re-read (refreshLive), so the first re-check of a process just read costs the same
 * reads as any later one (it used to read its ns links twice: 3608 operations for 2436).
 */
export const liveKeys = new WeakMap<RawProcess, string>();

/** Per HostFs: the host's active LSMs that keep process contexts, and the modules whose attr/<lsm>/ the kernel lacks. */
const lsmHost = new WeakMap<HostFs, { modules: string[]; noDir: Set<string> }>();

/** The active LSMs (/sys/kernel/security/lsm, read once per host) that keep process contexts, in the host's order. */
export function contextLsms(fs: HostFs): { modules: string[]; noDir: Set<string> } {
  let h = lsmHost.get(fs);
  if (!h) {
    const r = fs.readText('/sys/kernel/security/lsm');
    h = { modules: r.ok ? contextModules(parseLsmList(r.value)) : [], noDir: new Set() };
    lsmHost.set(fs, h);
  }
  return h;
}

/**
 * Each context-keeping module's own context, /proc/PID/attr/<lsm>/current, for the modules the
 * host runs (only those: on a host without them nothing is read). `legacy` is what the legacy
 * attr/current (or attr/apparmor/current) read gave, so a file already read is not read again.
 */
function readLsmModules(
  fs: HostFs,
  pid: number,
  legacy: { path: string; raw: string; kind: 'selinux' | 'apparmor' | null } | null,
): LsmModuleContext[] | undefined {
  const host = contextLsms(fs);
  if (host.modules.length === 0) return undefined;
  const out: LsmModuleContext[] = [];
  for (const lsm of host.modules) {
    const path = `/proc/${pid}/attr/${lsm}/current`;
    if (legacy && legacy.path === path) {
      out.push({ lsm, raw: legacy.raw, source: path });
      continue;
    }
    if (!host.noDir.has(lsm)) {
      const r = fs.readText(path);
      if (r.ok) {
        out.push({ lsm, raw: cleanAttr(r.value), source: path });
        continue;
      }
      // ENOENT while the process's attr/ directory is there: this kernel has no attr/<lsm>/.
      if (r.reason !== 'ENOENT' || !fs.readText(`/proc/${pid}/attr/current`).ok) {
        out.push({ lsm, raw: null, source: path, reason: r.reason });
        continue;
      }
      host.noDir.add(lsm);
    }
    // Upstream kernels give only AppArmor and Smack an attr/<lsm>/ directory; SELinux's context
    // is the legacy attr/current, which belongs to the first active module with process attributes.
    if (legacy && legacy.kind === lsm) {
      out.push({
        lsm,
        raw: legacy.raw,
        source: legacy.path,
        detail: `this kernel has no /proc/PID/attr/${lsm}/: the legacy attr/current, which ${lsm} provides as the first active module with process attributes`,
      });
    } else {
      out.push({
        lsm,
        raw: null,
        source: null,
        reason: 'kernel-lacks',
        detail: `this kernel has no /proc/PID/attr/${lsm}/ (upstream Linux provides it for AppArmor and Smack only), and the legacy attr/current is not ${lsm}'s`,
      });
    }
  }
  return out;
}

export function readLsm(fs: HostFs, pid: number, source: LsmSource, unavailable: Unavailable[]): LsmContext {
  const withModules = (c: LsmContext, legacy: Parameters<typeof readLsmModules>[2]): LsmContext => {
    const modules = readLsmModules(fs, pid, legacy);
    return modules ? { ...c, modules } : c;
  };
  if (source === 'none') return withModules({ raw: null }, null);
  if (source === 'einval') {
    unavailable.push({ field: 'lsm', reason: 'EINVAL', detail: 'no active LSM provides process contexts' });
    return withModules({ raw: null }, null);
  }
  const paths =
    source === 'apparmor' ? [`/proc/${pid}/attr/apparmor/current`, `/proc/${pid}/attr/current`] : [`/proc/${pid}/attr/current`];
  let reason = 'ENOENT';
  for (const path of paths) {
    const text = fs.readText(path);
    if (!text.ok) {
      reason = text.reason;
      if (text.reason === 'ENOENT') continue;
      break;
    }
    const raw = cleanAttr(text.value);
    const selinux = source !== 'apparmor' ? parseSelinux(raw) : null;
    const apparmor = source !== 'selinux' && !selinux ? parseAppArmor(raw) : null;
    const legacy = { path, raw, kind: selinux ? ('selinux' as const) : apparmor ? ('apparmor' as const) : null };
    if (selinux) return withModules({ raw, selinux }, legacy);
    if (apparmor) return withModules({ raw, apparmor }, legacy);
    unavailable.push({ field: 'lsm', reason: 'unparsable', detail: raw });
    return withModules({ raw }, legacy);
  }
  const detail = reason === 'EINVAL' ? 'no active LSM provides process contexts' : undefined;
  unavailable.push(detail ? { field: 'lsm', reason, detail } : { field: 'lsm', reason });
  return withModules({ raw: null }, null);
}

/**
 * The offsets of a time namespace (Linux 5.6+). The kernel prints in /proc/PID/timens_offsets
 * the offsets of PID's time_for_children namespace, so `reader` must be a process whose
 * time_for_children is the namespace wanted (the process itself when its time and
 * time_for_children are one). Null with an `unavailable` entry under `field` when the file is
 * missing (kernel-lacks) or unreadable.
 */
export function readTimeNamespace(
  fs: HostFs,
  reader: number,
  unavailable: Unavailable[],
  field = 'timeNamespace',
): TimeNamespace | null {
  const pid = reader;
  const source = `/proc/${pid}/timens_offsets`;
  const r = fs.readText(source);
  if (!r.ok) {
    unavailable.push(
      r.reason === 'ENOENT' && fs.readText(`/proc/${pid}/stat`).ok
        ? { field, reason: 'kernel-lacks', detail: `${source} does not exist (time namespaces: Linux 5.6+, CONFIG_TIME_NS)` }
        : { field, reason: r.reason, detail: source },
    );
    return null;
  }
  const offsets = parseTimensOffsets(r.value);
  if (!offsets) {
    unavailable.push({ field, reason: 'unparsable', detail: r.value.slice(0, 80) });
    return null;
  }
  return { offsets, source };
}

function must<T>(r: { ok: true; value: T } | { ok: false; reason: string }): T {
  if (r.ok) return r.value;
  if (VANISHED.has(r.reason)) throw new ProcessVanished();
  throw new Error(r.reason);
}

/** Fills in p.cmdline (once); an unreadable one is [] with an `unavailable` entry. */
export function readCmdline(fs: HostFs, p: RawProcess): string[] {
  if (p.cmdline !== null) return p.cmdline;
  const r = fs.readText(`/proc/${p.pid}/cmdline`);
  if (!r.ok && !VANISHED.has(r.reason)) p.unavailable.push({ field: 'cmdline', reason: r.reason });
  p.cmdline = r.ok ? parseCmdline(r.value) : [];
  return p.cmdline;
}

/** Reads /proc/PID; null when the process is gone (or is a kernel thread). */
export function readProcess(fs: HostFs, pid: number, lsmSource: LsmSource): RawProcess | null {
  try {
    return readProcessOrThrow(fs, pid, lsmSource);
  } catch (err) {
    if (err instanceof ProcessVanished) return null;
    throw err;
  }
}

function readProcessOrThrow(fs: HostFs, pid: number, lsmSource: LsmSource): RawProcess | null {
  const unavailable: Unavailable[] = [];
  const statText = fs.readText(`/proc/${pid}/stat`);
  if (!statText.ok) {
    if (VANISHED.has(statText.reason)) return null;
    throw new Error(`/proc/${pid}/stat: ${statText.reason}`);
  }
  const stat = parseStat(statText.value);
  if (!stat) return null;
  // Kernel threads (kthreadd and its children) are not processes anyone isolates.
  if (pid === 2 || stat.ppid === 2) return null;

  const statusText = must(fs.readText(`/proc/${pid}/status`));
  const status = parseStatus(statusText);
  for (const key of status.missing) {
    if (['Seccomp', 'Seccomp_filters', 'NoNewPrivs', 'NSpid', 'CapAmb'].includes(key)) {
      unavailable.push({ field: `status.${key}`, reason: 'kernel-lacks' });
    }
  }
  const cgroupText = fs.readText(`/proc/${pid}/cgroup`);
  if (!cgroupText.ok && VANISHED.has(cgroupText.reason)) return null;
  if (!cgroupText.ok) unavailable.push({ field: 'cgroup', reason: cgroupText.reason });
  const cgroup = cgroupText.ok ? parseCgroupMembership(cgroupText.value) : null;

  const zombie = stat.state === 'Z';
  const links = readNsLinks(fs, pid);
  const namespaces = namespacesFrom(links, unavailable, zombie);
  const lsmUnavailable: Unavailable[] = [];
  const lsm = readLsm(fs, pid, lsmSource, lsmUnavailable);
  unavailable.push(...lsmUnavailable);

  // A process that exited while we read it leaves ENOENT/ESRCH behind: drop it.
  if (unavailable.some((u) => VANISHED.has(u.reason)) && !fs.readText(`/proc/${pid}/stat`).ok) return null;

  const comm = status.name ?? stat.comm;
  let exe: ExeInfo | null | undefined;
  if (LAUNCHER_COMMS.test(comm)) {
    const e = fs.exeOf(pid);
    exe = e.ok ? e.value : null;
  }

  const p: RawProcess = {
    ...(exe !== undefined ? { exe } : {}),
    pid,
    ppid: status.ppid ?? stat.ppid,
    comm,
    state: stat.state,
    startTime: stat.startTime,
    cmdline: null,
    uid: status.uid ?? null,
    gid: status.gid ?? null,
    nspid: status.nspid ?? [pid],
    capabilities: status.capabilities,
    seccomp: status.seccomp,
    cgroup,
    namespaces,
    lsm,
    unavailable,
  };
  liveKeys.set(p, liveKey(statusText, links, lsm, lsmUnavailable, zombie));
  return p;
}
