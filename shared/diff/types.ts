// What the diff engine compares and what it answers. Pure.
import { shortId } from '../format/ids.js';
import type { Container, Host, Snapshot } from '../snapshot/schema.js';
import type { FindingsComparison } from '../findings/compare.js';

/** A section of the diff (`namespaces`, `cgroups`, …): the id of an isolation area that is its own section (shared/areas/registry.ts lists them, `AREAS`). */
export type Area = string;

/** One side of a comparison: a container, or the host itself as a pseudo-container. */
export interface Side {
  /** How the user named it (shown next to "A"/"B"). */
  label: string;
  /** The container, or null for the host (only its namespaces are compared then). */
  container: Container | null;
  /** The host of the snapshot the side comes from. */
  host: Host;
  /** Identifies the snapshot (e.g. file + takenAt): the same container of the same snapshot is equal to itself even where unreadable. */
  snapshotId: string;
}

export interface Difference {
  area: Area;
  /** What was compared: a namespace type, `effective.CAP_SYS_ADMIN`, `memoryMax`, ... */
  field: string;
  /** The value on each side, as text ("64 MiB", "unlimited", "unknown (EACCES)"). */
  a: string;
  b: string;
  /** The side this makes less isolated; null when neither is (just different, or unknown). */
  lessIsolated: 'a' | 'b' | null;
  /** True when a value could not be read on either side: nothing is guessed. */
  unknown: boolean;
  /** One sentence, naming the sides "A" and "B". */
  meaning: string;
}

export interface IsolationDiff {
  a: { label: string; id: string | null; runtime: string | null };
  b: { label: string; id: string | null; runtime: string | null };
  equal: boolean;
  /** "B is less isolated than A in 5 ways: …", or that they are equally isolated. */
  summary: string;
  differences: Difference[];
  /** Areas not compared (the host side has no container settings). */
  skipped: Area[];
  /** Findings (shared/findings) one side fails where the other passes; absent against the host. */
  findings?: FindingsComparison;
}

export const sideLabel = (c: Container): string => c.name ?? shortId(c.id);

export function containerSide(snapshot: Snapshot, container: Container, opts: { label?: string; source?: string } = {}): Side {
  return {
    label: opts.label ?? sideLabel(container),
    container,
    host: snapshot.host,
    snapshotId: `${opts.source ?? ''}@${snapshot.takenAt}`,
  };
}

export function hostSide(snapshot: Snapshot, opts: { label?: string; source?: string } = {}): Side {
  return {
    label: opts.label ?? `host ${snapshot.host.hostname ?? ''}`.trim(),
    container: null,
    host: snapshot.host,
    snapshotId: `${opts.source ?? ''}@${snapshot.takenAt}`,
  };
}

/** Both sides are the very same container (or host) of the very same snapshot. */
export function sameSubject(a: Side, b: Side): boolean {
  return a.snapshotId === b.snapshotId && (a.container?.id ?? null) === (b.container?.id ?? null);
}

/**
 * Both sides come from one boot of one machine, so namespace inodes, SELinux categories and
 * host uids can be compared between them (inodes are reused across boots).
 */
export function sameBoot(a: Side, b: Side): boolean {
  if (a.snapshotId === b.snapshotId) return true;
  return a.host.bootTime !== null && a.host.bootTime === b.host.bootTime && a.host.hostname === b.host.hostname;
}

/** Two different containers (or a container and the host) on one boot: they can share things. */
export function distinctOnOneBoot(a: Side, b: Side): boolean {
  return sameBoot(a, b) && (a.container?.id ?? null) !== (b.container?.id ?? null);
}
