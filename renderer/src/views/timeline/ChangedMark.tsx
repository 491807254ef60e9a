// "changed": the container's isolation changed since the collector first saw it (the sidebar and
// the Timeline tab). Red when a change weakened it.
import type { IsolationEvent } from '../../../../shared/snapshot/isolationEvents.js';
import { useStore } from '../../store/store.js';
import './timeline.css';

const EMPTY: IsolationEvent[] = [];

export function ChangedMark({ id }: { id: string }) {
  const events = useStore((s) => (Object.hasOwn(s.isolation, id) ? s.isolation[id]! : EMPTY));
  if (events.length === 0) return null;
  const weaker = events.filter((e) => e.weakens === true).length;
  const title = `Isolation changed ${events.length} time${events.length === 1 ? '' : 's'} since the collector first saw it${weaker ? ` (${weaker} weakening)` : ''}: see Timeline`;
  return (
    <span className={`changed-mark${weaker ? ' weaker' : ''}`} title={title} data-changed={events.length} aria-label={title}>
      changed
    </span>
  );
}
