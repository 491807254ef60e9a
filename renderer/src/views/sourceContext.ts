// Where the container on screen comes from: the live collector, or an imported snapshot file
// (read-only, with the resource history saved in it).
import { createContext, useContext } from 'react';
import type { HistoryPoint } from '../../../shared/ipc/contract.js';
import type { IsolationEvent } from '../../../shared/snapshot/isolationEvents.js';
import { useStore } from '../store/store.js';

export interface ViewSource {
  kind: 'live' | 'snapshot';
  history?: Record<string, HistoryPoint[]>;
  /** Isolation changes saved with the snapshot or recording (container id → events). */
  isolation?: Record<string, IsolationEvent[]>;
}

export const SourceContext = createContext<ViewSource>({ kind: 'live' });

const EMPTY: HistoryPoint[] = [];

/** The resource history of a container from wherever the view's data comes from. */
export function useContainerHistory(id: string): HistoryPoint[] {
  const source = useContext(SourceContext);
  const live = useStore((s) => s.history[id] ?? EMPTY);
  return source.kind === 'live' ? live : (source.history?.[id] ?? EMPTY);
}
