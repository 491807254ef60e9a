// Confinement: the seccomp filter, and the MAC label (AppArmor profile or SELinux type and MCS
// categories) the kernel enforces on the init process.
import type { Container } from '../../snapshot/schema.js';
import { fail, notApplicable, pass, statusFile, unavailableReason, unknown } from '../facts.js';
import { CIS, PSS, PSS_SELINUX_TYPES } from '../references.js';
import type { CheckResult, RuleInput } from '../types.js';

export function seccompOff(i: RuleInput): CheckResult {
  const c = i.container;
  const base = {
    rule: 'seccomp.off',
    title: 'No seccomp filter',
    severity: 'high' as const,
    cis: CIS.seccomp,
    pss: PSS.seccomp,
    tab: 'security' as const,
    fix: {
      docker: 'Do not use --security-opt seccomp=unconfined (nor --privileged); the default profile applies otherwise.',
      podman: 'Do not use --security-opt seccomp=unconfined (nor --privileged); the default profile applies otherwise.',
      kubernetes: 'securityContext.seccompProfile.type: RuntimeDefault (or Localhost with a profile).',
    },
  };
  const { mode, filters } = c.seccomp;
  if (mode === null) return unknown(base, unavailableReason(c, 'seccomp.mode') ?? 'the seccomp mode was not read');
  const evidence = [
    {
      fact: 'Seccomp and Seccomp_filters of the init process',
      value: `${mode}${filters !== null ? `, ${filters} filter(s)` : ''}`,
      source: statusFile(c),
    },
  ];
  if (mode === 'disabled')
    return fail(
      base,
      'No seccomp filter: every system call of the kernel is open to it, including the rarely used ones most kernel exploits go through.',
      evidence,
    );
  return pass(
    base,
    mode === 'strict'
      ? 'Seccomp strict mode: only read, write, exit and sigreturn.'
      : `${filters ?? 'Some'} seccomp filter(s) restrict its system calls.`,
    evidence,
  );
}

/** Whether a MAC module provides process contexts here: 'apparmor' | 'selinux' | 'none' | null (unknown). */
function activeMac(i: RuleInput): { lsm: 'apparmor' | 'selinux' | 'none' | null; why: string } {
  const { host } = i.snapshot;
  const c = i.container;
  if (c.lsm.apparmor) return { lsm: 'apparmor', why: 'AppArmor label present' };
  if (c.lsm.selinux) return { lsm: 'selinux', why: 'SELinux label present' };
  if (host.lsms?.includes('selinux')) return { lsm: 'selinux', why: 'selinux is an active LSM' };
  if (host.lsms?.includes('apparmor')) return { lsm: 'apparmor', why: 'apparmor is an active LSM' };
  if (host.lsms) return { lsm: 'none', why: `active LSMs: ${host.lsms.join(',') || 'none'} (/sys/kernel/security/lsm)` };
  const u = c.unavailable.find((x) => x.field === 'lsm');
  // EINVAL from attr/current: the kernel says no LSM provides process contexts.
  if (u?.reason === 'EINVAL') return { lsm: 'none', why: u.detail ?? 'no active LSM provides process contexts' };
  return { lsm: null, why: u ? `lsm: ${u.reason}${u.detail ? ` (${u.detail})` : ''}` : 'the host’s LSMs are unknown' };
}

const labelSource = (c: Container) => `/proc/${c.initPid}/attr/current`;

export function apparmor(i: RuleInput): CheckResult {
  const c = i.container;
  const base = {
    rule: 'apparmor.unconfined',
    title: 'AppArmor unconfined or complaining',
    severity: 'medium' as const,
    cis: CIS.apparmor,
    pss: PSS.apparmor,
    tab: 'security' as const,
    fix: {
      docker:
        'Do not use --security-opt apparmor=unconfined; docker-default applies otherwise (or --security-opt apparmor=<profile> in enforce mode).',
      podman: 'Do not use --security-opt apparmor=unconfined; containers-default applies otherwise.',
      kubernetes: 'securityContext.appArmorProfile.type: RuntimeDefault (or Localhost), never Unconfined.',
    },
  };
  const mac = activeMac(i);
  if (mac.lsm === null) return unknown(base, mac.why);
  if (mac.lsm !== 'apparmor') return notApplicable(base, `AppArmor is not active on this host (${mac.why})`);
  const a = c.lsm.apparmor;
  if (!a) return unknown(base, unavailableReason(c, 'lsm') ?? 'the AppArmor label was not read');
  const evidence = [
    {
      fact: 'AppArmor label of the init process',
      value: c.lsm.raw ?? `${a.profile}${a.mode ? ` (${a.mode})` : ''}`,
      source: labelSource(c),
    },
  ];
  if (a.profile === 'unconfined')
    return fail(base, 'AppArmor leaves it unconfined: no profile limits its files, mounts or capabilities.', evidence);
  if (a.mode === 'complain')
    return fail(base, `AppArmor profile ${a.profile} only complains: violations are logged, not stopped.`, evidence);
  return pass(base, `AppArmor profile ${a.profile} is enforced.`, evidence);
}

const UNCONFINED_TYPES = ['spc_t', 'unconfined_t', 'kernel_t', 'init_t', 'unconfined_service_t'];

export function selinuxType(i: RuleInput): CheckResult {
  const c = i.container;
  const base = {
    rule: 'selinux.type',
    title: 'SELinux type not a container type',
    severity: 'medium' as const,
    cis: CIS.selinux,
    pss: PSS.selinux,
    tab: 'security' as const,
    fix: {
      docker: 'Do not use --security-opt label=disable (nor --privileged); run dockerd with --selinux-enabled.',
      podman: 'Do not use --security-opt label=disable (nor --privileged); the container_t label applies otherwise.',
      kubernetes: 'Leave securityContext.seLinuxOptions.type unset (or one of container_t, container_init_t, container_kvm_t).',
    },
  };
  const mac = activeMac(i);
  if (mac.lsm === null) return unknown(base, mac.why);
  if (mac.lsm !== 'selinux') return notApplicable(base, `SELinux is not active on this host (${mac.why})`);
  const s = c.lsm.selinux;
  if (!s) return unknown(base, unavailableReason(c, 'lsm') ?? 'the SELinux label was not read');
  const evidence = [
    { fact: 'SELinux context of the init process', value: c.lsm.raw ?? `${s.user}:${s.role}:${s.type}`, source: labelSource(c) },
  ];
  if (UNCONFINED_TYPES.includes(s.type))
    return fail(base, `SELinux type ${s.type} is unconfined: the policy lets it do what the host's root can.`, evidence, 'high');
  if (!PSS_SELINUX_TYPES.includes(s.type))
    return fail(base, `SELinux type ${s.type} is not one of the container types (${PSS_SELINUX_TYPES.join(', ')}).`, evidence);
  return pass(base, `SELinux confines it as ${s.type}.`, evidence);
}

const samePod = (a: Container, b: Container) =>
  (a.pod?.uid != null && a.pod.uid === b.pod?.uid) || (a.pod?.sandboxId != null && a.pod.sandboxId === b.pod?.sandboxId);

export function selinuxCategories(i: RuleInput): CheckResult {
  const c = i.container;
  const base = {
    rule: 'selinux.shared-mcs',
    title: 'SELinux MCS categories shared with another container',
    severity: 'medium' as const,
    cis: CIS.selinux,
    pss: null,
    tab: 'security' as const,
    fix: {
      docker: 'Do not set the same --security-opt label=level:… on two containers; let the engine pick unique categories.',
      podman: 'Do not set the same --security-opt label=level:… on two containers; let Podman pick unique categories.',
      kubernetes: 'Leave securityContext.seLinuxOptions.level unset so each pod gets its own categories.',
    },
  };
  const mac = activeMac(i);
  if (mac.lsm === null) return unknown(base, mac.why);
  if (mac.lsm !== 'selinux') return notApplicable(base, `SELinux is not active on this host (${mac.why})`);
  const s = c.lsm.selinux;
  if (!s) return unknown(base, unavailableReason(c, 'lsm') ?? 'the SELinux label was not read');
  if (UNCONFINED_TYPES.includes(s.type)) return notApplicable(base, `type ${s.type} is not confined by categories`);
  const key = (x: number[]) => [...x].sort((a, b) => a - b).join(',');
  const mine = key(s.categories);
  const others = i.snapshot.containers.filter(
    (o) =>
      o.id !== c.id &&
      !samePod(o, c) &&
      o.lsm.selinux &&
      !UNCONFINED_TYPES.includes(o.lsm.selinux.type) &&
      key(o.lsm.selinux.categories) === mine,
  );
  const evidence = [{ fact: 'SELinux level of the init process', value: s.level ?? '(none)', source: labelSource(c) }];
  if (others.length === 0) {
    return s.categories.length === 0
      ? fail(base, 'It has no MCS categories: every other container without categories can reach its files.', evidence, 'low')
      : pass(base, `Its categories (${s.level}) are its own.`, evidence);
  }
  for (const o of others)
    evidence.push({
      fact: `SELinux level of ${o.name ?? o.id}`,
      value: o.lsm.selinux!.level ?? '(none)',
      source: `/proc/${o.initPid}/attr/current`,
    });
  return fail(
    base,
    `It shares its MCS categories (${s.level ?? 'none'}) with ${others.map((o) => o.name ?? o.id).join(', ')}: SELinux does not keep them from each other's files.`,
    evidence,
  );
}
