// The explanations for a container view's tab, and one line per kernel feature for overviews
// (the Overview tab, the reports).
import type { Container } from '../snapshot/schema.js';
import { explainCapabilities } from './capabilities.js';
import { explainCgroups, explainResources } from './cgroups.js';
import { explainMac, explainSeccomp } from './confinement.js';
import { line, list, man } from './facts.js';
import { explainNamespaces } from './namespaces.js';
import { explainMounts, explainProcesses, explainTimeline } from './processes.js';
import type { ExplainArea, ExplainInput, Explanation, HereLine } from './types.js';

export type { ExplainArea, ExplainInput, Explanation, HereLine, ManLink, Tone } from './types.js';
export { EXPLAIN_AREAS } from './types.js';

export function explainArea(area: ExplainArea, i: ExplainInput): Explanation {
  const c = i.container;
  switch (area) {
    case 'overview':
      return explainOverview(i);
    case 'processes':
      return explainProcesses(c);
    case 'namespaces':
      return explainNamespaces(c, i.host);
    case 'mounts':
      return explainMounts(c);
    case 'cgroups':
      return explainCgroups(c);
    case 'resources':
      return explainResources(c);
    case 'capabilities':
      return explainCapabilities(c, i.host);
    case 'seccomp':
      return explainSeccomp(c);
    case 'mac':
      return explainMac(c, i.host);
    case 'timeline':
      return explainTimeline(c, i.events);
  }
}

/** Which explanations a container view's tab shows (Seccomp & MAC has two); none for tabs it does not know. */
const TAB_AREAS: Record<string, ExplainArea[]> = {
  overview: ['overview'],
  processes: ['processes'],
  namespaces: ['namespaces'],
  mounts: ['mounts'],
  cgroups: ['cgroups'],
  resources: ['resources'],
  capabilities: ['capabilities'],
  security: ['seccomp', 'mac'],
  timeline: ['timeline'],
};

export function explainTab(tab: string, i: ExplainInput): Explanation[] {
  return Object.hasOwn(TAB_AREAS, tab) ? TAB_AREAS[tab]!.map((a) => explainArea(a, i)) : [];
}

/** The most telling sentence of an area (bad first, then unknown, warn, good, info). */
function headline(e: Explanation): HereLine | undefined {
  for (const tone of ['bad', 'unknown', 'warn', 'good', 'info'] as const) {
    const found = e.here.find((h) => h.tone === tone);
    if (found) return found;
  }
  return undefined;
}

/** One sentence per kernel feature for this container: the Overview's intro and the reports. */
export function hereSummary(i: ExplainInput): { area: ExplainArea; title: string; line: HereLine }[] {
  const out: { area: ExplainArea; title: string; line: HereLine }[] = [];
  for (const area of ['namespaces', 'cgroups', 'capabilities', 'seccomp', 'mac'] as const) {
    const e = explainArea(area, i);
    const h = headline(e);
    if (h) out.push({ area, title: e.title, line: h });
  }
  return out;
}

function explainOverview(i: ExplainInput): Explanation {
  const c: Container = i.container;
  const shared = (['pid', 'net', 'mnt', 'user', 'ipc', 'uts', 'cgroup'] as const).filter(
    (t) => c.namespaces[t].sharedWithHost === true,
  );
  const here: HereLine[] = [
    shared.length
      ? line(
          shared.some((t) => ['pid', 'net', 'mnt', 'user'].includes(t)) ? 'bad' : 'warn',
          `It shares the host's ${list(shared)} namespace${shared.length === 1 ? '' : 's'} (Namespaces tab).`,
        )
      : line(
          Object.values(c.namespaces).some((n) => n.sharedWithHost === null) ? 'unknown' : 'good',
          Object.values(c.namespaces).some((n) => n.sharedWithHost === null)
            ? 'Whether it shares namespaces with the host is partly unavailable (Namespaces tab).'
            : 'It shares none of the isolating namespaces with the host.',
        ),
    ...hereSummary(i)
      .filter((s) => s.area !== 'namespaces')
      .map((s) => s.line),
  ];
  return {
    area: 'overview',
    title: 'How a container is isolated',
    what: [
      'Five kernel features make a container: namespaces (what it sees), cgroups (what it may consume), capabilities (which of root’s powers it keeps), seccomp (which system calls it may make) and MAC — AppArmor or SELinux (what a policy lets it touch).',
      'Each can be loosened on its own, and the runtime’s configuration says what was asked for; what follows is what the kernel enforces now, and the findings weigh it against CIS and Pod Security.',
    ],
    here,
    links: [man('namespaces', 7), man('cgroups', 7), man('capabilities', 7), man('seccomp', 2)],
  };
}
