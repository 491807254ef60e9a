// What the Mounts tab shows, computed from the snapshot's Container.mounts: the flagged mounts
// (most severe first), the mounts table's rows, and the masked/read-only paths. Pure.
import type { MountFlag, MountRecord, Mounts, PathProtection } from '../../../../shared/snapshot/mounts.js';
import type { Container } from '../../../../shared/snapshot/schema.js';

const RANK: Record<MountFlag['severity'], number> = { high: 0, medium: 1, low: 2 };

/** Mounts with at least one flag, most severe first, then by target. */
export function flaggedMounts(m: Mounts): MountRecord[] {
  const worst = (r: MountRecord) => Math.min(...r.flags.map((f) => RANK[f.severity]));
  return m.mounts.filter((r) => r.flags.length > 0).sort((a, b) => worst(a) - worst(b) || a.target.localeCompare(b.target));
}

/** The host side of a mount in a few words. */
export function hostSourceText(r: MountRecord): string {
  switch (r.host.kind) {
    case 'host':
      return r.host.path ?? '';
    case 'ambiguous':
      return `one of ${r.host.candidates.length}: ${r.host.candidates.join(' · ')}`;
    case 'own':
      return `its own ${r.fsType} (not from the host)`;
    case 'unresolved':
      return 'unresolved';
  }
}

export const nodeText = (r: MountRecord): string | null =>
  r.host.node && r.host.node !== 'directory' && r.host.node !== 'file'
    ? `${r.host.node}${r.host.rdev ? ` ${r.host.rdev}` : ''}`
    : null;

/** A Kubernetes pod container in a user namespace of its own: hostUsers: false. */
export const isKubeUserns = (c: Container): boolean => c.pod !== null && c.namespaces.user.sharedWithHost === false;

const STATE_LEVEL: Record<PathProtection['state'], 'good' | 'bad' | 'unknown' | 'muted'> = {
  masked: 'good',
  readonly: 'good',
  absent: 'muted',
  exposed: 'bad',
  unknown: 'unknown',
};
export const stateLevel = (p: PathProtection) =>
  p.expected === 'masked' && p.state === 'readonly' ? 'warn' : STATE_LEVEL[p.state];

export const STATE_TEXT: Record<PathProtection['state'], string> = {
  masked: 'masked',
  readonly: 'read-only',
  absent: 'not in this kernel',
  exposed: 'exposed',
  unknown: 'unknown',
};
