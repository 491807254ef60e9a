// Resource limits (cgroup memory, pids, CPU bandwidth) and the root filesystem's writability.
// A null limit with no unavailable entry means "unlimited" (snapshot convention).
import type { CgroupLimits } from '../../snapshot/schema.js';
import { fail, pass, unavailableReason, unknown } from '../facts.js';
import { CIS } from '../references.js';
import type { CheckResult, CisRef, Fix, RuleInput, Severity } from '../types.js';

interface LimitRule {
  id: string;
  field: keyof CgroupLimits;
  label: string;
  severity: Severity;
  cis: CisRef;
  without: string;
  fix: Fix;
}

const LIMITS: LimitRule[] = [
  {
    id: 'limits.memory',
    field: 'memoryMax',
    label: 'memory',
    severity: 'medium',
    cis: CIS.memory,
    without: 'it can take all of the host’s memory and push other workloads into the OOM killer',
    fix: {
      docker: '--memory 512m (and --memory-swap).',
      podman: '--memory 512m.',
      kubernetes: 'resources.limits.memory: 512Mi.',
    },
  },
  {
    id: 'limits.pids',
    field: 'pidsMax',
    label: 'pids',
    severity: 'medium',
    cis: CIS.pids,
    without: 'a fork bomb inside can exhaust the host’s process table',
    fix: {
      docker: '--pids-limit 200.',
      podman: '--pids-limit 200 (containers.conf pids_limit).',
      kubernetes: 'Set the kubelet podPidsLimit (--pod-max-pids).',
    },
  },
  {
    // CIS 5.12 asks for CPU shares; a bandwidth quota is the hard cap this rule reads.
    id: 'limits.cpu',
    field: 'cpuQuota',
    label: 'CPU',
    severity: 'low',
    cis: CIS.cpu,
    without: 'it can keep every CPU of the host busy',
    fix: {
      docker: '--cpus 1.5 (or --cpu-quota/--cpu-period; --cpu-shares for priority).',
      podman: '--cpus 1.5.',
      kubernetes: 'resources.limits.cpu: 1500m.',
    },
  },
];

function limitCheck(r: LimitRule, i: RuleInput): CheckResult {
  const c = i.container;
  const base = {
    rule: r.id,
    title: `No ${r.label} limit`,
    severity: r.severity,
    cis: r.cis,
    pss: null,
    fix: r.fix,
    tab: 'cgroups' as const,
  };
  const value = c.cgroup.limits[r.field] as number | null;
  const source = c.cgroup.sources[`limits.${r.field}`] ?? 'its cgroup';
  if (value === null) {
    const why =
      unavailableReason(c, `cgroup.limits.${r.field}`) ??
      (c.unavailable.some((u) => u.field === 'cgroup') ? unavailableReason(c, 'cgroup') : null);
    if (why) return unknown(base, why);
  }
  const shared = c.cgroup.exclusive === false ? ' (its cgroup is shared with processes outside the container)' : '';
  const evidence = [
    { fact: `${r.label} limit of its cgroup`, value: value === null ? 'max (unlimited)' : String(value), source },
  ];
  if (r.field === 'cpuQuota' && value !== null)
    evidence.push({
      fact: 'CPU period',
      value: String(c.cgroup.limits.cpuPeriod ?? 'unknown'),
      source: c.cgroup.sources['limits.cpuPeriod'] ?? source,
    });
  return value === null
    ? fail(base, `No ${r.label} limit: ${r.without}${shared}.`, evidence)
    : pass(base, `A ${r.label} limit is set${shared}.`, evidence);
}

export function limits(i: RuleInput): CheckResult[] {
  return LIMITS.map((r) => limitCheck(r, i));
}

export function writableRootfs(i: RuleInput): CheckResult {
  const c = i.container;
  const base = {
    rule: 'rootfs.writable',
    title: 'Writable root filesystem',
    severity: 'low' as const,
    cis: CIS.readOnlyRootfs,
    pss: null,
    tab: 'overview' as const,
    fix: {
      docker: '--read-only (with --tmpfs for the paths it writes).',
      podman: '--read-only (with --tmpfs for the paths it writes).',
      kubernetes: 'securityContext.readOnlyRootFilesystem: true (emptyDir for writable paths).',
    },
  };
  if (c.rootfsReadOnly === null) return unknown(base, unavailableReason(c, 'rootfsReadOnly') ?? 'the root mount was not read');
  const evidence = [
    {
      fact: 'mount options of / for the init process',
      value: c.rootfsReadOnly ? 'ro' : 'rw',
      source: `/proc/${c.initPid}/mountinfo`,
    },
  ];
  return c.rootfsReadOnly
    ? pass(base, 'Its root filesystem is read-only.', evidence)
    : fail(
        base,
        'Its root filesystem is writable: a compromised process can change the image’s binaries and leave things behind.',
        evidence,
      );
}
