// At-a-glance isolation facts of a container, derived from the snapshot: which badges to show
// and why. Pure; the renderer and the command line both use it.
import { auditContainer, withSnapshotFacts } from '../findings/audit.js';
import { privileged } from '../findings/rules/privileges.js';
import type { CheckResult, ContainerAudit } from '../findings/types.js';
import { NAMESPACE_TYPES, type Container, type Host, type NamespaceType } from '../snapshot/schema.js';
import { CAPABILITY_INFO } from './capabilityInfo.js';

export const ISOLATING_NAMESPACES: NamespaceType[] = ['mnt', 'pid', 'net', 'ipc', 'uts', 'user', 'cgroup'];

export type Level = 'good' | 'warn' | 'bad' | 'unknown';

export interface Badge {
  key: 'identity' | 'namespaces' | 'seccomp' | 'lsm' | 'privileged' | 'memory' | 'userns';
  label: string;
  level: Level;
  /** One sentence a user can act on. */
  why: string;
}

export function hostShared(c: Container): NamespaceType[] {
  return ISOLATING_NAMESPACES.filter((t) => c.namespaces[t].sharedWithHost === true);
}

export function unreadable(c: Container, prefix: string): boolean {
  return c.unavailable.some((u) => u.field === prefix || u.field.startsWith(prefix + '.'));
}

/** Dangerous capabilities in the effective set. */
export function dangerousCaps(c: Container): string[] {
  return (c.capabilities.effective?.names ?? []).filter((n) => CAPABILITY_INFO[n]?.dangerous);
}

/**
 * The findings (shared/findings) of one container, for at-a-glance levels where only the
 * container is at hand: without a `host` carrying its bounding set (host.capabilityBounding),
 * "privileged" is judged against every capability Isoscope knows (see rules/privileges.ts).
 */
export function containerChecks(c: Container, host: Host = UNKNOWN_HOST): CheckResult[] {
  return auditContainer({ schemaVersion: 1, takenAt: '', host, containers: [c] }, c).checks;
}

/** The whole audit of one container (posture, findings by severity) for a view: `others` lets cross-container rules (shared SELinux categories) see the rest. */
export function containerAudit(c: Container, host: Host | null, others: Container[] = []): ContainerAudit {
  const containers = others.some((o) => o.id === c.id) ? others : [...others, c];
  return auditContainer({ schemaVersion: 1, takenAt: '', host: host ?? UNKNOWN_HOST, containers }, c);
}

const UNKNOWN_HOST: Host = {
  hostname: null,
  kernel: null,
  cgroupVersion: null,
  lsms: null,
  bootTime: null,
  clockTicks: null,
  namespaces: Object.fromEntries(NAMESPACE_TYPES.map((t) => [t, null])) as Host['namespaces'],
  namespaceReference: { pid: 0, why: 'the host is not known here' },
  collector: { euid: -1, privileged: false, version: '', root: '/' },
  unavailable: [],
};

/**
 * Why the container is privileged or as good as: every capability (the findings rule; against
 * the host's bounding set when `host` carries it, else every capability Isoscope knows), or
 * CAP_SYS_ADMIN in the host's user namespace with no seccomp filter (mount and cgroup
 * release_agent escapes are then open). Empty when neither holds.
 */
export function privilegedReasons(c: Container, host?: Host | null): string[] {
  const snapshot = { schemaVersion: 1 as const, takenAt: '', host: host ?? UNKNOWN_HOST, containers: [c] };
  const r = privileged({ snapshot, container: c, context: withSnapshotFacts(snapshot, {}) });
  if (r.outcome === 'fail') return [r.meaning];
  if (
    c.capabilities.effective?.names.includes('CAP_SYS_ADMIN') &&
    c.namespaces.user.sharedWithHost === true &&
    c.seccomp.mode === 'disabled'
  ) {
    return ["CAP_SYS_ADMIN in the host's user namespace with no seccomp filter: mount and cgroup escapes are open."];
  }
  return [];
}

export function isPrivilegedLike(c: Container, host?: Host | null): boolean {
  return privilegedReasons(c, host).length > 0;
}

/** A level from findings: the worst failure (high → bad, medium/low → warn), else unknown if any could not be checked, else good. */
export function levelOf(checks: CheckResult[], opts: { ignoreLow?: boolean } = {}): Level {
  const fails = checks.filter((r) => r.outcome === 'fail' && !(opts.ignoreLow && r.severity === 'low'));
  if (fails.some((r) => r.severity === 'high')) return 'bad';
  if (fails.length) return 'warn';
  return checks.some((r) => r.outcome === 'unknown') ? 'unknown' : 'good';
}

/** The Overview's level per area, from the findings rules (the sentences stay the renderer's). */
export function overviewLevels(c: Container): Record<string, Level> {
  const checks = containerChecks(c);
  const pick = (...rules: string[]) => checks.filter((r) => rules.includes(r.rule));
  const limits = levelOf(pick('limits.memory', 'limits.pids', 'limits.cpu'), { ignoreLow: true });
  return {
    Namespaces: levelOf(pick(...ISOLATING_NAMESPACES.map((t) => `namespace.host-${t}`))),
    'User namespace': levelOf(pick('namespace.host-user', 'user.root'), { ignoreLow: true }),
    Capabilities: levelOf(pick('privileged', 'capabilities.added')),
    Seccomp: levelOf(pick('seccomp.off')),
    'Cgroup limits': limits === 'good' && c.cgroup.exclusive === false ? 'warn' : limits,
    'Root filesystem': levelOf(pick('rootfs.writable')),
  };
}

export interface IdConflictWarning {
  title: string;
  /** Which init pids claim the id and what this one is shown as. */
  claims: string;
  /** Why the identity cannot be trusted and what to do. */
  advice: string;
}

/**
 * The warning for a container whose runtime id more than one process group claimed (see
 * Container.idConflict): which pids claim it, which one kept the id, and that the identity
 * (id, name, image, labels) could not be trusted. Null without a conflict.
 */
export function idConflictWarning(c: Container): IdConflictWarning | null {
  const k = c.idConflict;
  if (!k) return null;
  const others = k.initPids.filter((p) => p !== c.initPid);
  const keeps = c.id === k.claimedId;
  return {
    title: 'Identity could not be trusted: the container id is claimed twice',
    claims:
      `${k.initPids.length} process groups claim container id ${k.claimedId}: init pids ${k.initPids.join(', ')}. ` +
      (keeps
        ? `This one (init pid ${c.initPid}) keeps the id (root-owned, else the oldest); ${others.length === 1 ? `pid ${others[0]} is` : `pids ${others.join(', ')} are`} shown as ${others.map((p) => `${k.claimedId}~${p}`).join(', ')}.`
        : `This one (init pid ${c.initPid}) is shown as ${c.id}; the id stays with ${others.length === 1 ? `pid ${others[0]}` : `pids ${others.join(', ')}`}.`),
    advice:
      "One of them may be an impostor naming another container's id (e.g. from a user's own cgroup). Its name, image and labels may belong to the other: check the runtime's own state before trusting them.",
  };
}

export function badges(c: Container, host?: Host | null): Badge[] {
  const out: Badge[] = [];
  const conflict = idConflictWarning(c);
  if (conflict) out.push({ key: 'identity', label: 'id conflict', level: 'bad', why: `${conflict.title}. ${conflict.claims}` });
  const shared = hostShared(c);
  const unknownNs = ISOLATING_NAMESPACES.filter((t) => c.namespaces[t].sharedWithHost === null);
  if (unknownNs.length === ISOLATING_NAMESPACES.length) {
    out.push({
      key: 'namespaces',
      label: 'ns ?',
      level: 'unknown',
      why: 'Its namespaces could not be read (run with root privileges).',
    });
  } else if (shared.length === 0) {
    out.push({ key: 'namespaces', label: 'own ns', level: 'good', why: 'Every isolating namespace is its own.' });
  } else {
    const severe = shared.some((t) => t === 'pid' || t === 'net' || t === 'mnt');
    out.push({
      key: 'namespaces',
      label: `host ${shared.join(',')}`,
      level: severe ? 'bad' : 'warn',
      why: `Shares the host's ${shared.join(', ')} namespace${shared.length > 1 ? 's' : ''}.`,
    });
  }
  if (c.seccomp.mode === null)
    out.push({ key: 'seccomp', label: 'seccomp ?', level: 'unknown', why: 'Seccomp state could not be read.' });
  else if (c.seccomp.mode === 'disabled')
    out.push({ key: 'seccomp', label: 'no seccomp', level: 'bad', why: 'Any system call is allowed: no seccomp filter.' });
  else
    out.push({
      key: 'seccomp',
      label: 'seccomp',
      level: 'good',
      why: `Seccomp ${c.seccomp.mode}${c.seccomp.filters ? ` with ${c.seccomp.filters} filter(s)` : ''}.`,
    });

  if (c.lsm.apparmor) {
    const confined = c.lsm.apparmor.profile !== 'unconfined' && c.lsm.apparmor.mode !== 'complain';
    out.push({
      key: 'lsm',
      label: confined ? 'AppArmor' : 'AppArmor off',
      level: confined ? 'good' : 'bad',
      why: `AppArmor profile ${c.lsm.apparmor.profile}${c.lsm.apparmor.mode ? ` (${c.lsm.apparmor.mode})` : ''}.`,
    });
  } else if (c.lsm.selinux) {
    const confined = !['spc_t', 'unconfined_t', 'kernel_t', 'init_t'].includes(c.lsm.selinux.type);
    out.push({
      key: 'lsm',
      label: confined ? 'SELinux' : 'SELinux off',
      level: confined ? 'good' : 'bad',
      why: `SELinux type ${c.lsm.selinux.type}${c.lsm.selinux.level ? ` at ${c.lsm.selinux.level}` : ''}.`,
    });
  } else if (unreadable(c, 'lsm')) {
    const reason = c.unavailable.find((u) => u.field === 'lsm');
    out.push({
      key: 'lsm',
      label: 'no LSM',
      level: 'warn',
      why: reason?.detail ? `No MAC confinement: ${reason.detail}.` : `LSM context unavailable (${reason?.reason}).`,
    });
  } else {
    out.push({ key: 'lsm', label: 'no LSM', level: 'warn', why: 'No AppArmor or SELinux confinement on this host.' });
  }

  const privileged = privilegedReasons(c, host);
  if (privileged.length)
    out.push({ key: 'privileged', label: 'privileged-like', level: 'bad', why: `Privileged-like: ${privileged.join(' ')}` });

  if (c.cgroup.limits.memoryMax !== null)
    out.push({ key: 'memory', label: 'mem limit', level: 'good', why: 'A memory limit is set.' });
  else if (unreadable(c, 'cgroup.limits.memoryMax'))
    out.push({ key: 'memory', label: 'mem ?', level: 'unknown', why: 'The memory limit could not be read.' });
  else
    out.push({
      key: 'memory',
      label: 'no mem limit',
      level: 'warn',
      why: 'No memory limit: it can use all of the host’s memory.',
    });
  return out;
}

/** "root inside = uid 100000 on the host" (one definition, beside the user-namespace diff). */
export { rootMapping } from '../diff/namespaces.js';
