// Declared vs effective: where the runtime's configuration (its OCI bundle) and the kernel
// disagree. Looser in the kernel than declared is severe: the configuration is not what runs.
import type { Container } from '../../snapshot/schema.js';
import { nsLink, short, statusFile } from '../facts.js';
import { fail, pass, unknown } from '../facts.js';
import type { CheckResult, DeclaredConfig, Evidence, RuleInput } from '../types.js';

interface Difference {
  evidence: Evidence;
  looser: boolean;
}

function differences(c: Container, d: DeclaredConfig, hostCaps: string[] | null): Difference[] {
  const out: Difference[] = [];
  const add = (fact: string, declared: string, kernel: string, source: string, looser: boolean) =>
    out.push({ evidence: { fact, value: `declared ${declared} in ${d.source}; the kernel has ${kernel}`, source }, looser });

  if (d.readonlyRootfs !== null && c.rootfsReadOnly !== null && d.readonlyRootfs !== c.rootfsReadOnly) {
    add(
      'root filesystem',
      d.readonlyRootfs ? 'read-only' : 'writable',
      c.rootfsReadOnly ? 'read-only' : 'writable',
      `/proc/${c.initPid}/mountinfo`,
      !c.rootfsReadOnly,
    );
  }
  if (d.noNewPrivileges !== null && c.seccomp.noNewPrivs !== null && d.noNewPrivileges !== c.seccomp.noNewPrivs) {
    add(
      'NoNewPrivs',
      d.noNewPrivileges ? 'on' : 'off',
      c.seccomp.noNewPrivs ? 'on' : 'off',
      statusFile(c),
      !c.seccomp.noNewPrivs,
    );
  }
  if (d.seccomp !== null && c.seccomp.mode !== null) {
    const filtered = c.seccomp.mode !== 'disabled';
    if ((d.seccomp === 'profile') !== filtered)
      add('seccomp', d.seccomp === 'profile' ? 'a profile' : 'no profile', `mode ${c.seccomp.mode}`, statusFile(c), !filtered);
  }
  for (const set of ['bounding', 'effective'] as const) {
    const declared = d.capabilities?.[set];
    const kernel = c.capabilities[set];
    if (!declared || !kernel) continue;
    // A capability the host itself lacks cannot be granted: not a disagreement of the runtime's.
    const grantable = hostCaps ? declared.filter((n) => hostCaps.includes(n)) : declared;
    const more = kernel.names.filter((n) => !grantable.includes(n));
    const fewer = grantable.filter((n) => !kernel.names.includes(n));
    if (more.length)
      add(`${set} capabilities`, `${grantable.length} (${short(grantable)})`, `more: ${short(more)}`, statusFile(c), true);
    if (fewer.length)
      add(
        `${set} capabilities`,
        `${grantable.length} (${short(grantable)})`,
        `fewer: ${short(fewer)} missing`,
        statusFile(c),
        false,
      );
  }
  if (d.namespaces) {
    for (const t of ['pid', 'net', 'mnt', 'ipc', 'uts', 'user', 'cgroup'] as const) {
      const shared = c.namespaces[t].sharedWithHost;
      const want = d.namespaces[t];
      if (shared === null || want === 'joined') continue;
      if (want === 'own' && shared) add(`${t} namespace`, 'a new one', "the host's", nsLink(c, t), true);
      if (want === undefined && !shared)
        add(`${t} namespace`, "none (the runtime's own)", 'a namespace of its own', nsLink(c, t), false);
    }
  }
  const limits = [
    ['memory limit', d.memoryLimit, c.cgroup.limits.memoryMax, 'limits.memoryMax'],
    ['pids limit', d.pidsLimit, c.cgroup.limits.pidsMax, 'limits.pidsMax'],
    ['CPU quota', d.cpuQuota, c.cgroup.limits.cpuQuota, 'limits.cpuQuota'],
  ] as const;
  for (const [label, declared, kernel, field] of limits) {
    if (declared === undefined || c.unavailable.some((u) => u.field === `cgroup.${field}` || u.field === 'cgroup')) continue;
    if (declared === kernel) continue;
    add(
      label,
      declared === null ? 'none' : String(declared),
      kernel === null ? 'none' : String(kernel),
      c.cgroup.sources[field] ?? 'its cgroup',
      kernel === null || (declared !== null && kernel > declared),
    );
  }
  return out;
}

export function declaredVsEffective(i: RuleInput): CheckResult {
  const c = i.container;
  const base = {
    rule: 'declared.differs',
    title: 'Declared configuration differs from the kernel',
    severity: 'high' as const,
    cis: null,
    pss: null,
    tab: 'overview' as const,
    fix: {
      docker:
        'Find what changed the container after start (docker update, a hook, a wrapper) or a daemon option that overrides the config; recreate it.',
      podman: 'Find what changed the container after start (podman update, a hook, containers.conf) and recreate it.',
      kubernetes:
        'Compare the pod spec with the runtime’s config (crictl inspect); look for admission webhooks or runtime-class handlers that change it.',
    },
  };
  // The audit's own declared configs (the CLI's) first, else what the snapshot carries.
  const d = i.context.declared?.get(c.id) ?? c.declared;
  if (!d) {
    if (c.declared === null) {
      const u = c.unavailable.find((x) => x.field === 'declared');
      return unknown(
        base,
        `the runtime's declared configuration could not be read${u ? `: ${u.reason}${u.detail ? ` (${u.detail})` : ''}` : ''}`,
      );
    }
    const bundleKnown = c.labels['oci.bundle'] !== undefined || c.sources.some((p) => p.endsWith('/config.json'));
    if (!bundleKnown)
      return unknown(base, 'no declared configuration is known for this container (its runtime state names no OCI bundle)');
    if (i.context.declared) return unknown(base, "the runtime's declared configuration (OCI bundle) could not be read");
    return unknown(base, "the runtime's declared configuration is not in this snapshot (taken before Isoscope collected it)");
  }
  const host = i.context.hostCapabilities ? i.context.hostCapabilities.set.names : null;
  const diffs = differences(c, d, host);
  if (diffs.length === 0)
    return pass(
      base,
      `The kernel enforces what ${d.source} declares (root filesystem, NoNewPrivs, seccomp, capabilities, namespaces, limits).`,
      [{ fact: 'declared configuration', value: 'matches', source: d.source }],
    );
  const looser = diffs.filter((x) => x.looser);
  return fail(
    base,
    `The kernel and ${d.source} disagree on ${diffs.length === 1 ? `1 point${looser.length ? ', looser than declared' : ''}` : `${diffs.length} points${looser.length ? `, ${looser.length} of them looser than declared` : ''}`}: ${diffs.map((x) => x.evidence.fact).join(', ')}.`,
    diffs.map((x) => x.evidence),
    looser.length ? 'high' : 'low',
  );
}
