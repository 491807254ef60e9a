// What the user brought in or set side by side: an imported snapshot file (read-only, shown as
// if live), and the two sides of a comparison. Kept apart from the live store.
import { create } from 'zustand';
import type { HistoryPoint } from '../../../shared/ipc/contract.js';
import { keyedCopy } from '../../../shared/ipc/keyed.js';
import { parseRecording, stateAt, type Recording } from '../../../shared/recording/format.js';
import { parseSnapshotFile } from '../../../shared/snapshot/migrate.js';
import type { Snapshot } from '../../../shared/snapshot/schema.js';
import type { IsolationEvent } from '../../../shared/snapshot/isolationEvents.js';

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
  /** Container id → isolation changes saved in the file or recorded (null-prototype). */
  isolation: Record<string, IsolationEvent[]>;
  exportedAt: string | null;
  migratedFrom: number | null;
}

interface WorkspaceState {
  imported: ImportedSnapshot | null;
  /** A recording being replayed: `imported` then shows its state at `at`. */
  replay: { recording: Recording; at: number } | null;
  importError: string | null;
  compare: { a: SideRef; b: SideRef } | null;
  onlyDifferences: boolean;
  importText(name: string, text: string): boolean;
  importRecording(name: string, text: string): boolean;
  seek(at: number): void;
  closeImported(): void;
  startCompare(a: SideRef, b: SideRef): void;
  setSide(which: 'a' | 'b', ref: SideRef): void;
  closeCompare(): void;
  setOnlyDifferences(v: boolean): void;
}

/** The read-only view of a recording at one moment. */
function replayView(name: string, rec: Recording, at: number): ImportedSnapshot {
  const { containers, history, isolation } = stateAt(rec, at);
  return {
    name,
    snapshot: { schemaVersion: 1, takenAt: new Date(at).toISOString(), host: rec.header.host!, containers },
    history,
    isolation,
    exportedAt: null,
    migratedFrom: null,
  };
}

export const useWorkspace = create<WorkspaceState>()((set, get) => ({
  imported: null,
  replay: null,
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
      // Keyed by container ids from the file: a null-prototype copy (shared/ipc/keyed.ts).
      imported: {
        name,
        snapshot: r.snapshot,
        history: keyedCopy(r.history ?? {}),
        isolation: keyedCopy(r.isolation ?? {}),
        exportedAt: r.exportedAt ?? null,
        migratedFrom: r.migratedFrom ?? null,
      },
      replay: null,
      importError: null,
    });
    return true;
  },
  importRecording(name, text) {
    const r = parseRecording(text);
    if (!r.ok) {
      set({ importError: `${name}: ${r.error}` });
      return false;
    }
    if (!r.recording.header.host) {
      set({ importError: `${name}: the recording has no host facts` });
      return false;
    }
    const at = r.recording.end;
    set({ replay: { recording: r.recording, at }, imported: replayView(name, r.recording, at), importError: null });
    return true;
  },
  seek(at) {
    const { replay, imported } = get();
    if (!replay || !imported) return;
    set({ replay: { ...replay, at }, imported: replayView(imported.name, replay.recording, at) });
  },
  closeImported() {
    const c = get().compare;
    const usesSnapshot = c && (c.a.source === 'snapshot' || c.b.source === 'snapshot');
    set({ imported: null, replay: null, compare: usesSnapshot ? null : c });
  },
  startCompare: (a, b) => set({ compare: { a, b } }),
  setSide(which, ref) {
    const c = get().compare;
    if (c) set({ compare: { ...c, [which]: ref } });
  },
  closeCompare: () => set({ compare: null }),
  setOnlyDifferences: (onlyDifferences) => set({ onlyDifferences }),
}));
