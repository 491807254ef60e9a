// Exports from the GUI: a fresh snapshot of the host or of chosen containers (with their recent
// resource history) as JSON, a self-contained HTML report, or Markdown; and a comparison.
// It reads the app's state through the store handed to it (never imports the store: the store's
// menu commands export too, and a store ↔ exporting import loop would follow).
import type { IsolationDiff } from '../../../shared/diff/diff.js';
import type { AgentStatus, HistoryPoint, IsoscopeApi } from '../../../shared/ipc/contract.js';
import { diffHtml, diffMarkdown, snapshotHtml, snapshotMarkdown } from '../../../shared/report/index.js';
import { snapshotFile } from '../../../shared/snapshot/migrate.js';
import type { Snapshot } from '../../../shared/snapshot/schema.js';
import type { IsolationEvent } from '../../../shared/snapshot/isolationEvents.js';
import { fileName, saveFile } from './download.js';

export type ExportFormat = 'json' | 'html' | 'md';
const MIME: Record<ExportFormat, string> = { json: 'application/json', html: 'text/html', md: 'text/markdown' };

/** The part of the app's store an export reads, and where it reports a failure (`useStore` is one). */
export interface ExportSource {
  getState(): {
    api: IsoscopeApi | null;
    history: Record<string, HistoryPoint[]>;
    status: AgentStatus | null;
    isolation: Record<string, IsolationEvent[]>;
  };
  setState(partial: { lastError: string }): void;
}

export async function exportSnapshot(
  store: ExportSource,
  format: ExportFormat,
  containerIds: string[] | null,
  label: string,
): Promise<void> {
  const { api, history, status, isolation } = store.getState();
  if (!api) return;
  const r = await api.getSnapshot();
  if (!r.ok) {
    store.setState({ lastError: `export failed: ${r.error.message}` });
    return;
  }
  const keep =
    (ids: Set<string>) =>
    (s: Snapshot): Snapshot => ({ ...s, containers: s.containers.filter((c) => ids.has(c.id)) });
  const snapshot = containerIds ? keep(new Set(containerIds))(r.result) : r.result;
  const hist = Object.fromEntries(snapshot.containers.filter((c) => history[c.id]).map((c) => [c.id, history[c.id]!]));
  const changes = Object.fromEntries(
    snapshot.containers.filter((c) => Object.hasOwn(isolation, c.id)).map((c) => [c.id, isolation[c.id]!]),
  );
  const by = `isoscope ${r.result.host.collector.version}${status?.root && status.root !== '/' ? ` (reading ${status.root})` : ''}`;
  const content =
    format === 'json'
      ? JSON.stringify(snapshotFile(snapshot, by, hist, undefined, changes), null, 2)
      : format === 'html'
        ? snapshotHtml(snapshot, hist, by, changes)
        : snapshotMarkdown(snapshot, changes);
  saveFile(fileName(label, format), MIME[format], content);
}

export function exportDiff(format: ExportFormat, diff: IsolationDiff): void {
  const content = format === 'json' ? JSON.stringify(diff, null, 2) : format === 'html' ? diffHtml(diff) : diffMarkdown(diff);
  saveFile(fileName(`${diff.a.label}-vs-${diff.b.label}`, format), MIME[format], content);
}
