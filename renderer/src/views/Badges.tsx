import { badges, type Badge } from '../../../shared/rules/isolation.js';
import { factsOwner, HYPERVISOR_LABEL, RUNTIME_LABEL } from '../../../shared/snapshot/sandbox.js';
import type { Container } from '../../../shared/snapshot/schema.js';
import { useContainerHost } from '../store/hosts.js';

/** The isolation rules' badges, plus the sandbox boundary. */
export type ShownBadge = Omit<Badge, 'key'> & { key: Badge['key'] | 'boundary' };

/** Badges about a process's facts: on a gVisor/Kata container they are the sandbox process's. */
const PROCESS_BADGES = new Set(['namespaces', 'seccomp', 'lsm', 'privileged']);

/** A gVisor or Kata container's badges: the boundary first, and process badges said to be the sandbox's. */
export function sandboxedBadges(c: Container, list: Badge[]): ShownBadge[] {
  const s = c.sandbox;
  if (!s) return list;
  const owner = factsOwner(s);
  const boundary: ShownBadge =
    s.kind === 'user-space-kernel'
      ? {
          key: 'boundary',
          label: RUNTIME_LABEL[s.runtime],
          level: 'good',
          why: `${RUNTIME_LABEL[s.runtime]}: the workload runs on a user-space kernel, not directly on the host kernel.`,
        }
      : {
          key: 'boundary',
          label: 'VM',
          level: 'good',
          why: `${RUNTIME_LABEL[s.runtime]}: the workload runs in a virtual machine${s.hypervisor ? ` (${HYPERVISOR_LABEL[s.hypervisor]})` : ''} with its own kernel.`,
        };
  return [
    boundary,
    ...list.map((b) =>
      PROCESS_BADGES.has(b.key)
        ? { ...b, label: `host: ${b.label}`, why: `${owner} on the host, not the workload: ${b.why}` }
        : b,
    ),
  ];
}

export function Badges({ container, compact = false }: { container: Container; compact?: boolean }) {
  // The host's own bounding set (when the snapshot carries it) decides "privileged-like": the
  // container's own host's, for a remote container.
  const host = useContainerHost(container.id);
  return (
    <span className={`badges${compact ? ' compact' : ''}`}>
      {sandboxedBadges(container, badges(container, host)).map((b) => (
        <span key={b.key} className={`badge ${b.level}`} title={b.why} data-badge={b.key}>
          {b.label}
        </span>
      ))}
    </span>
  );
}
