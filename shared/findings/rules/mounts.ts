// Mount findings, from the mount table the kernel has for the container's init (Container.mounts):
// runtime sockets, sensitive host directories, shared propagation, Kubernetes hostPath
// volumes, the default /proc and /sys masks, writable kernel settings.
//
// CIS Docker Benchmark v1.6.0 numbers, looked up in docker/docker-bench-security
// tests/5_container_runtime.sh at ff26d67f25be (the commit references.ts cites): 5.6 "Ensure
// sensitive host system directories are not mounted on containers", 5.20 "Ensure mount
// propagation mode is not set to shared", 5.32 "Ensure that the Docker socket is not mounted
// inside any containers". (Older benchmark versions number them 5.5, 5.19 and 5.31.)
// Pod Security Standards (baseline): "HostPath Volumes" and "/proc Mount Type".
import type { MountRecord } from '../../snapshot/mounts.js';
import type { Container } from '../../snapshot/schema.js';
import { fail, notApplicable, pass, unavailableReason, unknown } from '../facts.js';
import type { CheckResult, CisRef, Evidence, Fix, PssRef, RuleInput, Severity } from '../types.js';

const cis = (id: string, title: string): CisRef => ({ id, title });
export const MOUNT_CIS = {
  sensitiveDirs: cis('5.6', 'Ensure sensitive host system directories are not mounted on containers'),
  propagation: cis('5.20', 'Ensure mount propagation mode is not set to shared'),
  dockerSocket: cis('5.32', 'Ensure that the Docker socket is not mounted inside any containers'),
} as const;
export const MOUNT_PSS = {
  hostPath: { level: 'baseline', control: 'HostPath Volumes' } as PssRef,
  procMount: { level: 'baseline', control: '/proc Mount Type' } as PssRef,
} as const;

interface Base {
  rule: string;
  title: string;
  severity: Severity;
  cis: CisRef | null;
  pss: PssRef | null;
  fix: Fix;
  tab: 'mounts';
}

/** Why the mounts cannot be judged (unreadable), or null. */
function missing(c: Container): string | null {
  if (c.mounts === null) return unavailableReason(c, 'mounts') ?? 'the mount table could not be read';
  return null;
}

/** Snapshots taken before mounts were collected: the rules do not apply (and do not change their posture). */
const NOT_COLLECTED = 'mounts were not collected in this snapshot (taken before Isoscope read them)';

const evidenceOf = (c: Container, m: MountRecord, reason: string): Evidence => ({
  fact: `mount ${m.id} at ${m.target} (${m.fsType}, ${m.readOnly ? 'ro' : 'rw'}${m.host.path ? `, host ${m.host.path}` : ''})`,
  value: reason,
  source: c.mounts?.source ?? `/proc/${c.initPid}/mountinfo`,
});

function byFlag(i: RuleInput, base: Base, kinds: string[], passText: string, failText: (n: number) => string): CheckResult {
  const c = i.container;
  if (c.mounts === undefined) return notApplicable(base, NOT_COLLECTED);
  const why = missing(c);
  if (why) return unknown(base, why);
  const hits = c.mounts!.mounts.flatMap((m) => m.flags.filter((f) => kinds.includes(f.kind)).map((f) => ({ m, f })));
  if (hits.length === 0)
    return pass(base, passText, [
      {
        fact: 'mounts of the init process',
        value: `${c.mounts!.mounts.length} mounts, none of this kind`,
        source: c.mounts!.source,
      },
    ]);
  const severity = hits.some((h) => h.f.severity === 'high')
    ? 'high'
    : hits.some((h) => h.f.severity === 'medium')
      ? 'medium'
      : 'low';
  return fail(
    base,
    failText(hits.length),
    hits.map((h) => evidenceOf(c, h.m, h.f.reason)),
    severity,
  );
}

export function runtimeSocket(i: RuleInput): CheckResult {
  const base: Base = {
    rule: 'mounts.runtimeSocket',
    title: 'Container runtime socket mounted',
    severity: 'high',
    cis: MOUNT_CIS.dockerSocket,
    pss: null,
    tab: 'mounts',
    fix: {
      docker: 'Remove -v /var/run/docker.sock:… (use a socket proxy that allows only the calls needed, if any).',
      podman: 'Remove -v /run/podman/podman.sock:….',
      kubernetes: 'Remove the hostPath volume of the runtime socket (containerd.sock, crio.sock, docker.sock).',
    },
  };
  return byFlag(
    i,
    base,
    ['runtime-socket'],
    'No container runtime socket is mounted in.',
    (n) =>
      `A container runtime's API socket is reachable from inside (${n} mount${n > 1 ? 's' : ''}): whoever can write to it controls the host's containers, and so the host.`,
  );
}

export function sensitiveHostDirs(i: RuleInput): CheckResult {
  const base: Base = {
    rule: 'mounts.sensitiveHostDirs',
    title: 'Sensitive host directory or device mounted',
    severity: 'high',
    cis: MOUNT_CIS.sensitiveDirs,
    pss: null,
    tab: 'mounts',
    fix: {
      docker:
        'Bind only the directories the application needs (never /, /etc, /proc, /sys, /run, /var/lib/docker, host devices); add :ro where it only reads.',
      podman: 'Bind only the directories the application needs; add :ro where it only reads.',
      kubernetes: 'Use emptyDir, configMap, secret or persistent volumes instead of hostPath volumes of host system directories.',
    },
  };
  return byFlag(
    i,
    base,
    ['host-directory', 'host-device'],
    'No sensitive host directory or host device node is mounted in.',
    (n) => `${n} mount${n > 1 ? 's give' : ' gives'} the container a host system directory or device node.`,
  );
}

export function sharedPropagation(i: RuleInput): CheckResult {
  const base: Base = {
    rule: 'mounts.sharedPropagation',
    title: 'Mount shared with the host',
    severity: 'medium',
    cis: MOUNT_CIS.propagation,
    pss: null,
    tab: 'mounts',
    fix: {
      docker: 'Drop bind-propagation=shared/rshared from --mount (the default is rprivate).',
      podman: 'Drop shared/rshared from the volume options.',
      kubernetes: 'Remove mountPropagation: Bidirectional from the volumeMount.',
    },
  };
  return byFlag(
    i,
    base,
    ['shared-propagation'],
    'No mount is in a peer group with the host.',
    (n) =>
      `${n} mount${n > 1 ? 's are' : ' is'} shared with the host: mounts made inside appear on the host, and the other way round.`,
  );
}

export function kernelSettingsWritable(i: RuleInput): CheckResult {
  const base: Base = {
    rule: 'mounts.kernelWritable',
    title: '/proc/sys or /sys writable',
    severity: 'medium',
    cis: null,
    pss: null,
    tab: 'mounts',
    fix: {
      docker: 'Do not run --privileged; keep the default read-only /proc/sys and /sys.',
      podman: 'Do not run --privileged; keep the default read-only /proc/sys and /sys.',
      kubernetes: 'Do not set privileged: true; keep procMount: Default.',
    },
  };
  return byFlag(
    i,
    base,
    ['proc-sys-writable', 'sys-writable'],
    '/proc/sys and /sys are read-only (or not mounted).',
    () =>
      'Kernel settings under /proc/sys or /sys are writable from inside: with the matching capability the container changes them for the whole host.',
  );
}

export function hostPathVolumes(i: RuleInput): CheckResult {
  const c = i.container;
  const base: Base = {
    rule: 'mounts.hostPath',
    title: 'Kubernetes hostPath volume',
    severity: 'medium',
    cis: null,
    pss: MOUNT_PSS.hostPath,
    tab: 'mounts',
    fix: {
      docker: '—',
      podman: '—',
      kubernetes: 'Replace hostPath volumes with emptyDir, configMap, secret or persistent volumes.',
    },
  };
  if (c.pod === null)
    return notApplicable(base, 'not a container of a Kubernetes pod (its host bind mounts are judged by CIS 5.6 and 5.32)');
  return byFlag(
    i,
    base,
    ['hostpath'],
    'Every host-backed mount is kubelet-managed (pods/<uid>/volumes, etc-hosts) or the runtime’s own.',
    (n) => `${n} hostPath volume${n > 1 ? 's' : ''}: host directories outside the kubelet's pod volumes are mounted in.`,
  );
}

export function procMasks(i: RuleInput): CheckResult {
  const c = i.container;
  const base: Base = {
    rule: 'mounts.procMasks',
    title: 'Default /proc and /sys masks missing',
    severity: 'medium',
    cis: null,
    pss: MOUNT_PSS.procMount,
    tab: 'mounts',
    fix: {
      docker: 'Do not run --privileged or --security-opt systempaths=unconfined.',
      podman: 'Do not run --privileged or --security-opt unmask=….',
      kubernetes: 'Keep securityContext.procMount: Default (not Unmasked).',
    },
  };
  if (c.mounts === undefined) return notApplicable(base, NOT_COLLECTED);
  const why = missing(c);
  if (why) return unknown(base, why);
  const p = c.mounts!.protections;
  // Baseline fails on what every runtime's default covers; entries only newer defaults add
  // (Docker's /proc/interrupts, …) are named but do not fail it: an older runtime's default
  // container still has "procMount: Default". Snapshots without `everywhere` count every path.
  const exposedAll = p.paths.filter((x) => x.state === 'exposed');
  const exposed = exposedAll.filter((x) => x.everywhere !== false);
  const newer = exposedAll.filter((x) => x.everywhere === false);
  const unknownPaths = p.paths.filter((x) => x.state === 'unknown' && x.everywhere !== false);
  const evidence = (list: typeof exposed): Evidence[] =>
    list.map((x) => ({
      fact: `${x.path} (${x.expected} by the ${p.defaultName})`,
      value: `${x.state}: ${x.how}`,
      source: c.mounts!.source,
    }));
  if (exposed.length)
    return fail(
      base,
      `Missing from the ${p.defaultName}: ${exposed.map((x) => `${x.path} is not ${x.expected === 'masked' ? 'masked' : 'read-only'}`).join('; ')}.`,
      evidence(exposed),
    );
  if (unknownPaths.length)
    return unknown(
      base,
      `whether ${unknownPaths.map((x) => x.path).join(', ')} exist on this kernel could not be checked`,
      evidence(unknownPaths),
    );
  if (newer.length)
    return pass(
      base,
      `Every path all runtimes' defaults mask or make read-only is covered; newer entries of the ${p.defaultName} are not: ${newer.map((x) => x.path).join(', ')}.`,
      evidence(newer),
    );
  return pass(base, `Every path the ${p.defaultName} masks or makes read-only is covered (or absent from this kernel).`, [
    {
      fact: 'masked and read-only paths',
      value: `${p.paths.length} checked against ${p.defaultSource}`,
      source: c.mounts!.source,
    },
  ]);
}

export function mountRules(i: RuleInput): CheckResult[] {
  return [
    runtimeSocket(i),
    sensitiveHostDirs(i),
    sharedPropagation(i),
    kernelSettingsWritable(i),
    hostPathVolumes(i),
    procMasks(i),
  ];
}
