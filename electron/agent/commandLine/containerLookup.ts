// The container a command line names, through the one lookup every part of Isoscope uses
// (shared/diff/resolve.ts: exact id, exact name, else a unique id prefix).
import { resolveContainer } from '../../../shared/diff/resolve.js';
import type { Container, Snapshot } from '../../../shared/snapshot/schema.js';
import { UsageError } from './args.js';

/**
 * The container `query` names, or a UsageError with resolveContainer's reason. `pidCommand`:
 * the command also takes a pid, so "not found" says "no process or container" after its name.
 */
export function containerNamed(snapshot: Pick<Snapshot, 'containers'>, query: string, pidCommand?: string): Container {
  const r = resolveContainer(snapshot, query);
  if (r.ok) return r.container;
  if (pidCommand === undefined) throw new UsageError(r.error);
  const none = query === '' || !snapshot.containers.some((c) => c.name === query || c.id.startsWith(query));
  throw new UsageError(`${pidCommand}: ${none ? `no process or container "${query}"` : r.error}`);
}

/** Keeps only the named containers (each must name exactly one), in snapshot order. */
export function selectContainers(snapshot: Snapshot, queries: readonly string[]): Snapshot {
  if (queries.length === 0) return snapshot;
  const ids = new Set(queries.map((q) => containerNamed(snapshot, q).id));
  return { ...snapshot, containers: snapshot.containers.filter((c) => ids.has(c.id)) };
}
