// Privileges: privileged (every capability the host has), capabilities beyond the defaults,
// root inside without a user namespace of its own, and NoNewPrivs.
import type { CapabilitySet } from '../../snapshot/schema.js';
import { CAPABILITY_INFO } from '../../rules/capabilityInfo.js';
import { capsText, fail, insideUid, pass, short, statusFile, unavailableReason, unknown } from '../facts.js';
import { CIS, PSS, PSS_BASELINE_CAPS, PSS_RESTRICTED_CAPS } from '../references.js';
import type { CheckResult, Evidence, RuleInput } from '../types.js';

/** All capability names Isoscope knows (bit 0 … CAP_CHECKPOINT_RESTORE = 40). */
const KNOWN_CAPS = Object.keys(CAPABILITY_INFO);

/** Capabilities a default container has without anything added: PSS baseline's list plus NET_RAW (Docker's and containerd's default set). */
export const DEFAULT_CONTAINER_CAPS = [...PSS_BASELINE_CAPS, 'CAP_NET_RAW'];

export function dangerousIn(set: CapabilitySet): string[] {
  return set.names.filter((n) => CAPABILITY_INFO[n]?.dangerous);
}

const ownUserns = (i: RuleInput) => i.container.namespaces.user.sharedWithHost === false;

function union(sets: CapabilitySet[]): CapabilitySet {
  const names = KNOWN_CAPS.filter((n) => sets.some((s) => s.names.includes(n)));
  const unknownBits = [...new Set(sets.flatMap((s) => s.unknownBits))].sort((a, b) => a - b);
  // hex comes from snapshots, which may be files from elsewhere: only well-formed masks are combined.
  const valid = sets.every((s) => /^[0-9a-fA-F]{1,16}$/.test(s.hex));
  const hex = valid
    ? sets
        .reduce((m, s) => m | BigInt('0x' + s.hex), 0n)
        .toString(16)
        .padStart(16, '0')
    : '?';
  return { names, unknownBits, hex };
}

/**
 * The capabilities the container holds or can gain. Without NoNewPrivs, executing a setuid-root
 * binary (or being root) fills the permitted set up to the bounding set; with it, a process keeps
 * at most what its permitted, effective and ambient sets hold now.
 */
export function reachableCaps(i: RuleInput): { set: CapabilitySet; evidence: Evidence[] } | { set: null; reason: string } {
  const c = i.container;
  const { bounding, permitted, effective, ambient } = c.capabilities;
  const nnp = c.seccomp.noNewPrivs;
  if (nnp === true && permitted && effective && ambient) {
    return {
      set: union([permitted, effective, ambient]),
      evidence: [
        {
          fact: 'CapPrm ∪ CapEff ∪ CapAmb of the init process (NoNewPrivs is set, so it cannot gain more)',
          value: capsText(union([permitted, effective, ambient])),
          source: statusFile(c),
        },
        { fact: 'CapBnd of the init process', value: capsText(bounding), source: statusFile(c) },
      ],
    };
  }
  if (!bounding) return { set: null, reason: unavailableReason(c, 'capabilities.bounding') ?? 'the bounding set was not read' };
  return {
    set: bounding,
    evidence: [
      {
        fact: `CapBnd of the init process (what it holds or can gain${nnp === false ? ': NoNewPrivs is off' : ''})`,
        value: capsText(bounding),
        source: statusFile(c),
      },
      { fact: 'CapEff of the init process', value: capsText(effective), source: statusFile(c) },
    ],
  };
}

export function privileged(i: RuleInput): CheckResult {
  const c = i.container;
  const base = {
    rule: 'privileged',
    title: 'Privileged container',
    severity: 'high' as const,
    cis: CIS.privileged,
    pss: PSS.privileged,
    tab: 'capabilities' as const,
    fix: {
      docker: 'Run without --privileged; add only the capabilities it needs (--cap-drop ALL --cap-add …).',
      podman: 'Run without --privileged; add only the capabilities it needs (--cap-drop all --cap-add …).',
      kubernetes: 'Set securityContext.privileged: false (the default) and list only needed capabilities.add.',
    },
  };
  const reach = reachableCaps(i);
  if (!reach.set) return unknown(base, reach.reason);
  const bnd = reach.set;
  const signals: Evidence[] = [
    ...reach.evidence,
    { fact: 'seccomp mode', value: c.seccomp.mode ?? 'unreadable', source: statusFile(c) },
  ];
  if (c.lsm.apparmor)
    signals.push({
      fact: 'AppArmor profile',
      value: `${c.lsm.apparmor.profile}${c.lsm.apparmor.mode ? ` (${c.lsm.apparmor.mode})` : ''}`,
      source: `/proc/${c.initPid}/attr/current`,
    });
  if (c.lsm.selinux) signals.push({ fact: 'SELinux type', value: c.lsm.selinux.type, source: `/proc/${c.initPid}/attr/current` });
  const host = i.context.hostCapabilities;
  let missing: string[];
  let against: string;
  if (host) {
    missing = host.set.names
      .filter((n) => !bnd.names.includes(n))
      .concat(host.set.unknownBits.filter((b) => !bnd.unknownBits.includes(b)).map((b) => `bit ${b}`));
    against = `the host's bounding set (${host.set.names.length + host.set.unknownBits.length} capabilities)`;
    signals.unshift({ fact: "the host's bounding set (host reference)", value: capsText(host.set), source: host.source });
  } else {
    missing = KNOWN_CAPS.filter((n) => !bnd.names.includes(n));
    against = `all ${KNOWN_CAPS.length} capabilities Isoscope knows (the host's own set was not read)`;
    // Without the host's set, a missing capability might simply not exist on this kernel; only
    // a capability every container kernel has (CAP_SYS_ADMIN) proves the set is not complete.
    if (missing.length > 0 && bnd.names.includes('CAP_SYS_ADMIN')) {
      return unknown(
        base,
        `it holds CAP_SYS_ADMIN but lacks ${short(missing)}, and the host's own capability set is not known to tell whether this kernel has those`,
        signals,
      );
    }
  }
  if (missing.length > 0)
    return pass(
      base,
      `It lacks ${missing.length} of ${against}: ${short(missing.slice(0, 6))}${missing.length > 6 ? ', …' : ''}.`,
      signals,
    );
  const extra = [
    c.seccomp.mode === 'disabled' && 'no seccomp filter',
    c.lsm.apparmor?.profile === 'unconfined' && 'AppArmor unconfined',
  ].filter(Boolean);
  if (ownUserns(i)) {
    return fail(
      base,
      `It holds every capability of ${against}${extra.length ? `, with ${extra.join(' and ')}` : ''}, but only over what its own user namespace owns.`,
      signals,
      'medium',
    );
  }
  return fail(
    base,
    `It holds every capability of ${against} in the host's user namespace${extra.length ? `, with ${extra.join(' and ')}` : ''}: it can do nearly anything the host's root can.`,
    signals,
  );
}

export function capabilitiesBaseline(i: RuleInput): CheckResult {
  const base = {
    rule: 'capabilities.added',
    title: 'Capabilities beyond the default set',
    severity: 'high' as const,
    cis: CIS.capabilities,
    pss: PSS.capabilities,
    tab: 'capabilities' as const,
    fix: {
      docker: 'Remove the --cap-add flags it does not need (better: --cap-drop ALL and add back the few it needs).',
      podman: 'Remove the --cap-add flags it does not need (better: --cap-drop all and add back the few it needs).',
      kubernetes: 'Remove entries from securityContext.capabilities.add beyond the baseline list.',
    },
  };
  const reach = reachableCaps(i);
  if (!reach.set) return unknown(base, reach.reason);
  const bnd = reach.set;
  const extra = bnd.names.filter((n) => !DEFAULT_CONTAINER_CAPS.includes(n));
  const unnamed = bnd.unknownBits.map((b) => `bit ${b}`);
  const evidence = reach.evidence;
  if (extra.length + unnamed.length === 0)
    return pass(base, 'Its capabilities are within the default set a container gets.', evidence);
  const danger = dangerousIn({ ...bnd, names: extra });
  const inUserns = ownUserns(i) ? ' (bounded by its own user namespace)' : '';
  const severity = danger.length > 0 ? (ownUserns(i) ? 'medium' : 'high') : 'medium';
  return fail(
    base,
    `It can use ${extra.length + unnamed.length} capabilit${extra.length + unnamed.length === 1 ? 'y' : 'ies'} beyond the default set${inUserns}: ${[short(extra), ...unnamed].filter(Boolean).join(', ')}${danger.length ? `; dangerous: ${short(danger)}` : ''}.`,
    evidence,
    severity,
  );
}

export function capabilitiesRestricted(i: RuleInput): CheckResult {
  const base = {
    rule: 'capabilities.not-dropped',
    title: 'Capabilities not dropped',
    severity: 'low' as const,
    cis: CIS.capabilities,
    pss: PSS.capabilitiesRestricted,
    tab: 'capabilities' as const,
    fix: {
      docker: '--cap-drop ALL, then --cap-add NET_BIND_SERVICE only if it binds ports below 1024.',
      podman: '--cap-drop all, then --cap-add NET_BIND_SERVICE only if it binds ports below 1024.',
      kubernetes: 'securityContext.capabilities: { drop: [ALL], add: [NET_BIND_SERVICE] (only if needed) }.',
    },
  };
  const reach = reachableCaps(i);
  if (!reach.set) return unknown(base, reach.reason);
  const bnd = reach.set;
  const kept = bnd.names.filter((n) => !PSS_RESTRICTED_CAPS.includes(n));
  const evidence = reach.evidence;
  if (kept.length + bnd.unknownBits.length === 0)
    return pass(base, 'Every capability is dropped (NET_BIND_SERVICE at most).', evidence);
  return fail(
    base,
    `${kept.length + bnd.unknownBits.length} capabilit${kept.length === 1 ? 'y is' : 'ies are'} kept that the restricted level drops: ${short(kept)}${bnd.unknownBits.length ? ` and ${bnd.unknownBits.length} unnamed` : ''}.`,
    evidence,
  );
}

export function rootUser(i: RuleInput): CheckResult {
  const c = i.container;
  const base = {
    rule: 'user.root',
    title: 'Runs as root',
    severity: 'medium' as const,
    cis: CIS.user,
    pss: PSS.nonRoot,
    tab: 'processes' as const,
    fix: {
      docker: 'Run as a non-root user (--user UID:GID or USER in the image); or enable user namespaces (dockerd --userns-remap).',
      podman: 'Run as a non-root user (--user UID:GID), or map root elsewhere (--userns=auto, or rootless Podman).',
      kubernetes: 'securityContext.runAsNonRoot: true and runAsUser: <non-zero>; hostUsers: false for a user namespace.',
    },
  };
  const init = c.processes.find((p) => p.pid === c.initPid);
  if (!init?.uid)
    return unknown(base, unavailableReason(c, `processes.${c.initPid}.uid`) ?? 'the init process credentials were not read');
  const shared = c.namespaces.user.sharedWithHost;
  if (shared === null) return unknown(base, unavailableReason(c, 'namespaces.user') ?? 'its user namespace was not read');
  const hostUid = init.uid.effective;
  const evidence: Evidence[] = [
    { fact: 'effective uid of the init process (as the host sees it)', value: String(hostUid), source: statusFile(c) },
  ];
  if (shared) {
    evidence.push({ fact: 'user namespace', value: "the host's", source: `/proc/${c.initPid}/ns/user` });
    if (hostUid !== 0) return pass(base, `It runs as uid ${hostUid}, not root.`, evidence);
    return fail(base, "It runs as root in the host's user namespace: root inside is root on the host.", evidence);
  }
  const map = c.userNamespace.uidMap;
  if (!map) return unknown(base, unavailableReason(c, 'userNamespace.uidMap') ?? 'its uid map was not read', evidence);
  evidence.push({
    fact: 'uid map of its own user namespace',
    value: map.map((e) => `${e.inside}→${e.outside} (${e.count})`).join(', '),
    source: `/proc/${c.initPid}/uid_map`,
  });
  const inside = insideUid(hostUid, map);
  if (inside !== 0) return pass(base, `It runs as uid ${inside ?? '(unmapped)'} inside its own user namespace.`, evidence);
  if (hostUid === 0) return fail(base, 'It runs as root, and its user namespace maps root inside to root on the host.', evidence);
  return fail(
    base,
    `It runs as root inside, mapped to unprivileged uid ${hostUid} on the host; the restricted level still asks for a non-root user.`,
    evidence,
    'low',
  );
}

export function noNewPrivs(i: RuleInput): CheckResult {
  const c = i.container;
  const base = {
    rule: 'no-new-privileges',
    title: 'Privilege escalation allowed (NoNewPrivs off)',
    severity: 'medium' as const,
    cis: CIS.noNewPrivileges,
    pss: PSS.privilegeEscalation,
    tab: 'security' as const,
    fix: {
      docker: '--security-opt no-new-privileges (or "no-new-privileges": true in daemon.json).',
      podman: '--security-opt no-new-privileges.',
      kubernetes: 'securityContext.allowPrivilegeEscalation: false.',
    },
  };
  const v = c.seccomp.noNewPrivs;
  if (v === null) return unknown(base, unavailableReason(c, 'seccomp.noNewPrivs') ?? 'NoNewPrivs was not read');
  const evidence = [{ fact: 'NoNewPrivs of the init process', value: v ? '1' : '0', source: statusFile(c) }];
  return v
    ? pass(base, 'NoNewPrivs is set: setuid binaries and file capabilities cannot raise its privileges.', evidence)
    : fail(
        base,
        'NoNewPrivs is off: a setuid binary or file capability inside can raise a process to more privileges.',
        evidence,
      );
}
