// At-a-glance isolation facts of a container, derived from the snapshot: which badges to show
// and why. Pure; the renderer and the command line both use it.
import type { Container, NamespaceType } from '../snapshot/schema.js';
import { CAPABILITY_INFO } from './capabilityInfo.js';

export const ISOLATING_NAMESPACES: NamespaceType[] = ['mnt', 'pid', 'net', 'ipc', 'uts', 'user', 'cgroup'];

export type Level = 'good' | 'warn' | 'bad' | 'unknown';

export interface Badge {
  key: 'namespaces' | 'seccomp' | 'lsm' | 'privileged' | 'memory' | 'userns';
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

/** Why the container looks like `--privileged`, if it does. */
export function privilegedReasons(c: Container): string[] {
  const eff = c.capabilities.effective;
  const reasons: string[] = [];
  if (eff?.names.includes('CAP_SYS_ADMIN')) reasons.push('has CAP_SYS_ADMIN');
  if (eff && eff.names.length >= 38) reasons.push(`has ${eff.names.length} capabilities (nearly all)`);
  if (c.seccomp.mode === 'disabled') reasons.push('no seccomp filter');
  if (c.lsm.apparmor?.profile === 'unconfined' || c.lsm.selinux?.type === 'spc_t' || c.lsm.selinux?.type === 'unconfined_t') reasons.push('not confined by its LSM');
  if (c.namespaces.user.sharedWithHost === true && eff?.names.includes('CAP_SYS_ADMIN')) reasons.push('root of the host user namespace');
  return reasons;
}

export function isPrivilegedLike(c: Container): boolean {
  const r = privilegedReasons(c);
  return r.includes('has CAP_SYS_ADMIN') && r.length >= 2;
}

export function badges(c: Container): Badge[] {
  const out: Badge[] = [];
  const shared = hostShared(c);
  const unknownNs = ISOLATING_NAMESPACES.filter((t) => c.namespaces[t].sharedWithHost === null);
  if (unknownNs.length === ISOLATING_NAMESPACES.length) {
    out.push({ key: 'namespaces', label: 'ns ?', level: 'unknown', why: 'Its namespaces could not be read (run with root privileges).' });
  } else if (shared.length === 0) {
    out.push({ key: 'namespaces', label: 'own ns', level: 'good', why: 'Every isolating namespace is its own.' });
  } else {
    const severe = shared.some((t) => t === 'pid' || t === 'net' || t === 'mnt');
    out.push({ key: 'namespaces', label: `host ${shared.join(',')}`, level: severe ? 'bad' : 'warn', why: `Shares the host's ${shared.join(', ')} namespace${shared.length > 1 ? 's' : ''}.` });
  }
  if (c.seccomp.mode === null) out.push({ key: 'seccomp', label: 'seccomp ?', level: 'unknown', why: 'Seccomp state could not be read.' });
  else if (c.seccomp.mode === 'disabled') out.push({ key: 'seccomp', label: 'no seccomp', level: 'bad', why: 'Any system call is allowed: no seccomp filter.' });
  else out.push({ key: 'seccomp', label: 'seccomp', level: 'good', why: `Seccomp ${c.seccomp.mode}${c.seccomp.filters ? ` with ${c.seccomp.filters} filter(s)` : ''}.` });

  if (c.lsm.apparmor) {
    const confined = c.lsm.apparmor.profile !== 'unconfined' && c.lsm.apparmor.mode !== 'complain';
    out.push({ key: 'lsm', label: confined ? 'AppArmor' : 'AppArmor off', level: confined ? 'good' : 'bad', why: `AppArmor profile ${c.lsm.apparmor.profile}${c.lsm.apparmor.mode ? ` (${c.lsm.apparmor.mode})` : ''}.` });
  } else if (c.lsm.selinux) {
    const confined = !['spc_t', 'unconfined_t', 'kernel_t', 'init_t'].includes(c.lsm.selinux.type);
    out.push({ key: 'lsm', label: confined ? 'SELinux' : 'SELinux off', level: confined ? 'good' : 'bad', why: `SELinux type ${c.lsm.selinux.type}${c.lsm.selinux.level ? ` at ${c.lsm.selinux.level}` : ''}.` });
  } else if (unreadable(c, 'lsm')) {
    const reason = c.unavailable.find((u) => u.field === 'lsm');
    out.push({ key: 'lsm', label: 'no LSM', level: 'warn', why: reason?.detail ? `No MAC confinement: ${reason.detail}.` : `LSM context unavailable (${reason?.reason}).` });
  } else {
    out.push({ key: 'lsm', label: 'no LSM', level: 'warn', why: 'No AppArmor or SELinux confinement on this host.' });
  }

  if (isPrivilegedLike(c)) out.push({ key: 'privileged', label: 'privileged-like', level: 'bad', why: `Looks like --privileged: ${privilegedReasons(c).join(', ')}.` });

  if (c.cgroup.limits.memoryMax !== null) out.push({ key: 'memory', label: 'mem limit', level: 'good', why: 'A memory limit is set.' });
  else if (unreadable(c, 'cgroup.limits.memoryMax')) out.push({ key: 'memory', label: 'mem ?', level: 'unknown', why: 'The memory limit could not be read.' });
  else out.push({ key: 'memory', label: 'no mem limit', level: 'warn', why: 'No memory limit: it can use all of the host’s memory.' });
  return out;
}

/** "root inside = uid 100000 on the host", or null without a user namespace of its own. */
export function rootMapping(c: Container): string | null {
  const map = c.userNamespace.uidMap;
  if (!map || c.namespaces.user.sharedWithHost !== false) return null;
  const root = map.find((e) => e.inside === 0);
  return root ? `root inside = uid ${root.outside} on the host` : 'root inside is not mapped to any host uid';
}
