// Devices: the kernel lets the container open and create every device node (cgroup v1
// devices.list "a *:* rwm", or a cgroup v2 device program that allows everything). That is what
// --privileged does to the device controller; with CAP_MKNOD (default in Docker) any disk or
// /dev/mem of the host can then be created and opened. Not a Pod Security control of its own
// (privileged decides that), so it does not change the posture; the privileged rule can take
// deviceAccess() as one more signal.
import { allowsEverything } from '../../diff/devices.js';
import type { Container } from '../../snapshot/schema.js';
import { fail, notApplicable, pass, unknown } from '../facts.js';
import type { CheckResult, Evidence, RuleInput } from '../types.js';

/** CIS Docker Benchmark v1.6.0 5.18. */
const CIS_DEVICES = { id: '5.18', title: 'Ensure that host devices are not directly exposed to containers' };

/** What the device rules of a container say: every device allowed, restricted, or unknown. */
export function deviceAccess(c: Container): { all: boolean | null; evidence: Evidence[]; reason: string | null } {
  const d = c.devices;
  if (!d) return { all: null, evidence: [], reason: 'devices were not collected in this snapshot' };
  const evidence: Evidence[] = [];
  let all: boolean | null = null;
  let restricted = false;
  if (d.v1) {
    const everything = allowsEverything(d.v1.rules);
    evidence.push({
      fact: 'cgroup v1 device whitelist',
      value: everything ? 'a *:* rwm (every device)' : `${d.v1.rules.length} rules`,
      source: d.v1.source,
    });
    if (everything) all = true;
    else restricted = true;
  }
  if (d.v2) {
    if (d.v2.programs.length === 0) {
      evidence.push({ fact: 'cgroup v2 device programs', value: 'none attached', source: `BPF_PROG_QUERY ${d.v2.source}` });
      // No program on v2 restricts nothing there; it decides only when there is no v1 controller.
      if (!d.v1) all = true;
    } else {
      for (const p of d.v2.programs) {
        const everything = p.rules !== null && allowsEverything(p.rules, p.defaultAllow ?? false);
        evidence.push({
          fact: `cgroup v2 device program ${p.id}`,
          value:
            p.rules === null
              ? `attached, tag ${p.tag} (not decoded)`
              : everything
                ? 'allows every device'
                : `${p.rules.length} rules, default ${p.defaultAllow ? 'allow' : 'deny'}`,
          source: `BPF_PROG_QUERY ${d.v2.source}`,
        });
        if (everything && !restricted) all = true;
        else if (p.rules !== null) restricted = true;
      }
    }
  }
  // The kernel checks both hierarchies: one restriction is enough.
  if (restricted) return { all: false, evidence, reason: null };
  if (all) return { all: true, evidence, reason: null };
  const why = d.unavailable.filter((u) => u.field === 'v1' || u.field === 'v2').map((u) => `${u.field}: ${u.reason}`);
  return {
    all: null,
    evidence,
    reason: why.length ? `the device rules could not be read (${why.join(', ')})` : 'no device rules were read',
  };
}

export function allDevices(i: RuleInput): CheckResult {
  const c = i.container;
  const base = {
    rule: 'devices.all',
    title: 'Every device allowed',
    severity: 'high' as const,
    cis: CIS_DEVICES,
    pss: null,
    tab: 'mounts' as const,
    fix: {
      docker: 'Run without --privileged and without --device-cgroup-rule "a *:* rwm"; pass single devices with --device.',
      podman: 'Run without --privileged; pass single devices with --device.',
      kubernetes: 'Set securityContext.privileged: false; expose devices through a device plugin, not a privileged pod.',
    },
  };
  if (!c.devices) return notApplicable(base, 'devices were not collected in this snapshot');
  if (
    !c.devices.v1 &&
    !c.devices.v2 &&
    c.devices.unavailable.every((u) => u.reason === 'not-present' || u.reason === 'fixture-root' || u.field === 'nodes')
  ) {
    return notApplicable(base, 'no device cgroup (v1 devices controller or v2 hierarchy) applies to it');
  }
  const r = deviceAccess(c);
  if (r.all === null) return unknown(base, r.reason ?? 'unknown', r.evidence);
  if (!r.all) return pass(base, 'The kernel refuses the devices its rules do not list.', r.evidence);
  // mknod of a device in a user namespace of its own is refused by the kernel whatever the rules.
  if (c.namespaces.user.sharedWithHost === false) {
    return fail(
      base,
      'The device rules allow every device; it cannot create device nodes in its own user namespace, but any host device node bound into it can be opened.',
      r.evidence,
      'medium',
    );
  }
  const mknod = c.capabilities.bounding?.names.includes('CAP_MKNOD');
  return fail(
    base,
    `The kernel lets it read, write and create every device node${mknod ? ", and it may create them (CAP_MKNOD): the host's disks and memory are one mknod away" : ''}.`,
    r.evidence,
  );
}
