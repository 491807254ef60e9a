// Host namespaces: a namespace whose inode equals the host reference's is the host's own.
import type { NamespaceType } from '../../snapshot/schema.js';
import { fail, hostReference, nsLink, pass, unavailableReason, unknown } from '../facts.js';
import { CIS, PSS } from '../references.js';
import type { CheckResult, CisRef, Fix, PssRef, RuleInput, Severity } from '../types.js';

interface NsRule {
  type: NamespaceType;
  severity: Severity;
  cis: CisRef | null;
  pss: PssRef | null;
  what: string;
  fix: Fix;
}

const NS_RULES: NsRule[] = [
  {
    type: 'pid',
    severity: 'high',
    cis: CIS.hostPid,
    pss: PSS.hostNamespaces,
    what: 'it sees every process of the host and, with the right capabilities, can signal or trace them',
    fix: { docker: 'Do not use --pid=host.', podman: 'Do not use --pid=host.', kubernetes: 'spec.hostPID: false (the default).' },
  },
  {
    type: 'net',
    severity: 'high',
    cis: CIS.hostNetwork,
    pss: PSS.hostNamespaces,
    what: "it uses the host's interfaces, ports and localhost services directly",
    fix: {
      docker: 'Do not use --network host.',
      podman: 'Do not use --network host.',
      kubernetes: 'spec.hostNetwork: false (the default).',
    },
  },
  {
    type: 'mnt',
    severity: 'high',
    cis: null,
    pss: null,
    what: "it sees and changes the host's mount table and file systems",
    fix: {
      docker: 'Run it as a container (a new mount namespace is the default).',
      podman: 'Run it as a container (a new mount namespace is the default).',
      kubernetes: 'Not configurable: every container gets its own mount namespace.',
    },
  },
  {
    type: 'ipc',
    severity: 'medium',
    cis: CIS.hostIpc,
    pss: PSS.hostNamespaces,
    what: "it can attach to the host's System V shared memory, semaphores and message queues",
    fix: { docker: 'Do not use --ipc=host.', podman: 'Do not use --ipc=host.', kubernetes: 'spec.hostIPC: false (the default).' },
  },
  {
    type: 'user',
    severity: 'medium',
    cis: CIS.hostUser,
    pss: null,
    what: "its uid 0 is the host's uid 0, so its capabilities count against the host's resources",
    fix: {
      docker: 'Do not use --userns=host; enable dockerd --userns-remap.',
      podman: 'Use --userns=auto (or rootless Podman); not --userns=host.',
      kubernetes: 'spec.hostUsers: false.',
    },
  },
  {
    type: 'uts',
    severity: 'low',
    cis: CIS.hostUts,
    pss: null,
    what: "it can change the host's hostname and domain name (with CAP_SYS_ADMIN)",
    fix: {
      docker: 'Do not use --uts=host.',
      podman: 'Do not use --uts=host.',
      kubernetes: 'Not configurable: every pod gets its own UTS namespace.',
    },
  },
  {
    type: 'cgroup',
    severity: 'low',
    cis: null,
    pss: null,
    what: "it sees the host's whole cgroup tree and its own place in it",
    fix: {
      docker: '--cgroupns private (the default on cgroup v2).',
      podman: '--cgroupns private (the default on cgroup v2).',
      kubernetes: 'Use cgroup v2 nodes: the runtime then gives each container its own cgroup namespace.',
    },
  },
];

function nsCheck(r: NsRule, i: RuleInput): CheckResult {
  const c = i.container;
  const ns = c.namespaces[r.type];
  const base = {
    rule: `namespace.host-${r.type}`,
    title: `Host ${r.type} namespace`,
    severity: r.severity,
    cis: r.cis,
    pss: r.pss,
    fix: r.fix,
    tab: 'namespaces' as const,
  };
  const hostInode = i.snapshot.host.namespaces[r.type];
  if (ns.sharedWithHost === null) {
    const why =
      ns.inode === null
        ? (unavailableReason(c, `namespaces.${r.type}`) ?? `${nsLink(c, r.type)} was not read`)
        : `the host's ${r.type} namespace was not read${hostInode === null ? ` (${unavailableReason({ ...c, unavailable: i.snapshot.host.unavailable }, `namespaces.${r.type}`) ?? 'host reference unreadable'})` : ''}`;
    return unknown(base, why);
  }
  const evidence = [
    { fact: `${r.type} namespace of the init process`, value: `${r.type}:[${ns.inode}]`, source: nsLink(c, r.type) },
    { fact: `the host's ${r.type} namespace`, value: `${r.type}:[${hostInode}]`, source: hostReference(i.snapshot) },
  ];
  return ns.sharedWithHost
    ? fail(base, `It shares the host's ${r.type} namespace: ${r.what}.`, evidence)
    : pass(base, `It has its own ${r.type} namespace.`, evidence);
}

export function hostNamespaces(i: RuleInput): CheckResult[] {
  return NS_RULES.map((r) => nsCheck(r, i));
}
