// What the user brought in or set side by side: an imported snapshot file (read-only, shown as
// if live), and the two sides of a comparison. Kept apart from the live store.
import { create } from 'zustand';
import type { HistoryPoint } from '../../../shared/ipc/contract.js';
import { parseSnapshotFile } from '../../../shared/snapshot/migrate.js';
import type { Snapshot } from '../../../shared/snapshot/schema.js';

export const SNAP_PREFIX = 'snap:';

/** One side of a comparison: the live host or a live container, or one from the imported snapshot. */
export interface SideRef {
  source: 'live' | 'snapshot';
  /** A container id, or HOST_ID for the host. */
  id: string;
}

export interface ImportedSnapshot {
  name: string;
  snapshot: Snapshot;
  history: Record<string, HistoryPoint[]>;
  exportedAt: string | null;
  migratedFrom: number | null;
}

interface WorkspaceState {
  imported: ImportedSnapshot | null;
  importError: string | null;
  compare: { a: SideRef; b: SideRef } | null;
  onlyDifferences: boolean;
  importText(name: string, text: string): boolean;
  closeImported(): void;
  startCompare(a: SideRef, b: SideRef): void;
  setSide(which: 'a' | 'b', ref: SideRef): void;
  closeCompare(): void;
  setOnlyDifferences(v: boolean): void;
}

export const useWorkspace = create<WorkspaceState>()((set, get) => ({
  imported: null,
  importError: null,
  compare: null,
  onlyDifferences: true,

  importText(name, text) {
    const r = parseSnapshotFile(text);
    if (!r.ok) {
      set({ importError: `${name}: ${r.error}` });
      return false;
    }
    set({
      imported: { name, snapshot: r.snapshot, history: r.history ?? {}, exportedAt: r.exportedAt ?? null, migratedFrom: r.migratedFrom ?? null },
      importError: null,
    });
    return true;
  },
  closeImported() {
    const c = get().compare;
    const usesSnapshot = c && (c.a.source === 'snapshot' || c.b.source === 'snapshot');
    set({ imported: null, compare: usesSnapshot ? null : c });
  },
  startCompare: (a, b) => set({ compare: { a, b } }),
  setSide(which, ref) {
    const c = get().compare;
    if (c) set({ compare: { ...c, [which]: ref } });
  },
  closeCompare: () => set({ compare: null }),
  setOnlyDifferences: (onlyDifferences) => set({ onlyDifferences }),
}));
