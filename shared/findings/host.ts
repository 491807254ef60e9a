// Findings about the host itself: what every container on it inherits or misses.
import { fail, pass, unknown } from './facts.js';
import { CIS } from './references.js';
import type { CheckResult } from './types.js';
import type { Snapshot } from '../snapshot/schema.js';

export function auditHost(snapshot: Snapshot): CheckResult[] {
  const h = snapshot.host;
  const mac = {
    rule: 'host.no-mac',
    title: 'No mandatory access control on the host',
    severity: 'medium' as const,
    cis: CIS.apparmor,
    pss: null,
    tab: 'security' as const,
    fix: {
      docker:
        'Boot the host with AppArmor (Debian/Ubuntu) or SELinux (Fedora/RHEL) enabled; dockerd then confines containers with docker-default or container_t.',
      podman: 'Boot the host with SELinux or AppArmor enabled; Podman then labels every container.',
      kubernetes: 'Run nodes with AppArmor or SELinux enabled so RuntimeDefault profiles apply.',
    },
  };
  const lsmUnavailable = h.unavailable.find((u) => u.field === 'lsms');
  let macCheck: CheckResult;
  if (h.lsms === null) {
    // securityfs missing: the containers' own attr/current may still tell (EINVAL = no LSM provides contexts).
    const einval = snapshot.containers.some((c) => c.unavailable.some((u) => u.field === 'lsm' && u.reason === 'EINVAL'));
    const labelled = snapshot.containers.some((c) => c.lsm.apparmor || c.lsm.selinux);
    if (labelled) macCheck = pass(mac, 'Containers carry AppArmor or SELinux labels.', []);
    else if (einval)
      macCheck = fail(mac, 'No LSM provides process contexts on this host: no container is confined by AppArmor or SELinux.', [
        { fact: 'attr/current of container processes', value: 'EINVAL', source: '/proc/PID/attr/current' },
      ]);
    else
      macCheck = unknown(
        mac,
        lsmUnavailable
          ? `lsms: ${lsmUnavailable.reason}${lsmUnavailable.detail ? ` (${lsmUnavailable.detail})` : ''}`
          : 'the active LSMs were not read',
      );
  } else {
    const evidence = [{ fact: 'active LSMs', value: h.lsms.join(',') || '(none)', source: '/sys/kernel/security/lsm' }];
    macCheck =
      h.lsms.includes('apparmor') || h.lsms.includes('selinux')
        ? pass(mac, `${h.lsms.includes('selinux') ? 'SELinux' : 'AppArmor'} is active.`, evidence)
        : fail(mac, 'Neither AppArmor nor SELinux is active: no container can be confined by a MAC profile.', evidence);
  }
  return [macCheck];
}
