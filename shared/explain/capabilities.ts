// Capabilities: capabilities(7) in our own words; the dangerous ones this container's init
// holds, each with what it allows, and whether they count over the host.
import { CAPABILITY_INFO } from '../rules/capabilityInfo.js';
import type { Container, Host } from '../snapshot/schema.js';
import { capName, line, list, man, plural, unreadable } from './facts.js';
import type { Explanation, HereLine } from './types.js';

export function explainCapabilities(c: Container, host: Host | null): Explanation {
  const here: HereLine[] = [];
  const eff = c.capabilities.effective;
  if (eff === null) here.push(line('unknown', `CapEff of its init process ${unreadable(c, 'status.CapEff')}.`));
  else if (eff.names.length === 0 && eff.unknownBits.length === 0)
    here.push(line('good', 'CapEff is empty: its init process holds no capability, like an ordinary user.'));
  else {
    const dangerous = eff.names.filter((n) => Object.hasOwn(CAPABILITY_INFO, n) && CAPABILITY_INFO[n]!.dangerous);
    here.push(
      line(
        dangerous.length ? 'warn' : 'info',
        `CapEff holds ${plural(eff.names.length + eff.unknownBits.length, 'capability', 'capabilities')}${dangerous.length ? `, ${dangerous.length} of them host-level` : ', none of them host-level'}.`,
      ),
    );
    // The first few with what they allow; the rest named on one line (the table below explains each).
    for (const n of dangerous.slice(0, 3))
      here.push(line('bad', `CapEff has ${n}: ${CAPABILITY_INFO[n]!.meaning.replace(/^./, (ch) => ch.toLowerCase())}.`));
    if (dangerous.length > 3) here.push(line('bad', `Also host-level: ${list(dangerous.slice(3).map(capName))}.`));
  }
  const bnd = c.capabilities.bounding;
  const hostBnd = host?.capabilityBounding?.set ?? null;
  if (bnd && hostBnd && hostBnd.names.length > 0 && hostBnd.names.every((n) => bnd.names.includes(n))) {
    here.push(
      line(
        'bad',
        "Its bounding set is the host's whole set: nothing caps what it can regain through exec — as privileged as a process of the host.",
      ),
    );
  }
  const amb = c.capabilities.ambient;
  if (amb && amb.names.length > 0)
    here.push(
      line(
        'warn',
        `${plural(amb.names.length, 'capability', 'capabilities')} in the ambient set (${amb.names.length > 5 ? `${amb.names.slice(0, 5).map(capName).join(', ')}, …` : list(amb.names.map(capName))}): kept across exec even by programs that carry no file capabilities.`,
      ),
    );
  const userns = c.namespaces.user.sharedWithHost;
  if (eff && eff.names.length > 0) {
    if (userns === false)
      here.push(
        line(
          'good',
          'Its user namespace is its own: these capabilities act on what that namespace owns, not on the host’s resources.',
        ),
      );
    else if (userns === true)
      here.push(
        line(
          'warn',
          "It is in the host's user namespace: these capabilities act on the host's resources (within what its other namespaces let it reach).",
        ),
      );
  }
  return {
    area: 'capabilities',
    title: 'Capabilities',
    what: [
      "Linux splits root's power into about forty capabilities (CAP_NET_ADMIN, CAP_SYS_ADMIN, …): the kernel checks the one an operation needs, not whether the uid is 0.",
      'Each process has five sets: effective (checked now), permitted (may be made effective), bounding (the ceiling for what exec can give), inheritable and ambient (what passes across exec).',
      'Runtimes start containers with a reduced set; a few capabilities — CAP_SYS_ADMIN above all — are close to full root over whatever the namespaces let the container reach.',
    ],
    here,
    links: [man('capabilities', 7), man('user_namespaces', 7)],
  };
}
