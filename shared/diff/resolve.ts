// Finding the container a user means: an exact id, an exact name, or a unique id prefix. Pure.
import { shortId } from '../format/ids.js';
import type { Container, Snapshot } from '../snapshot/schema.js';

export type Resolved = { ok: true; container: Container } | { ok: false; error: string };

const describe = (c: Container) => (c.name && c.name !== c.id ? `${shortId(c.id)} (${c.name})` : shortId(c.id));

export function resolveContainer(snapshot: Pick<Snapshot, 'containers'>, query: string): Resolved {
  const cs = snapshot.containers;
  const pick = (found: Container[]): Resolved | null => {
    if (found.length === 1) return { ok: true, container: found[0]! };
    if (found.length > 1) {
      const shown = found.slice(0, 5).map(describe).join(', ');
      return { ok: false, error: `"${query}" matches ${found.length} containers: ${shown}${found.length > 5 ? ', …' : ''}` };
    }
    return null;
  };
  if (query === '') return { ok: false, error: 'an empty container name' };
  return (
    pick(cs.filter((c) => c.id === query)) ??
    pick(cs.filter((c) => c.name === query)) ??
    pick(cs.filter((c) => c.id.startsWith(query))) ?? { ok: false, error: `no container "${query}" among ${cs.length}` }
  );
}
