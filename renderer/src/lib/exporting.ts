// Exports from the GUI: a fresh snapshot of the host or of chosen containers (with their recent
// resource history) as JSON, a self-contained HTML report, or Markdown; and a comparison.
// It reads the app's state through the store handed to it (never imports the store: the store's
// menu commands export too, and a store ↔ exporting import loop would follow).
//
// A remote host's container is taken from that host: the snapshot is asked of its host (the live
// store knows it under `id@hostId`, hostOf says which host), the file holds the container under its
// own id with its own history, and `source.host` says where it was taken.
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
    /** Container key → remote host id (absent: this machine's container). */
    hostOf: Record<string, string>;
  };
  setState(partial: { lastError: string }): void;
}

/** A file ready to save. */
export interface ExportFile {
  name: string;
  mime: string;
  content: string;
  /** The snapshot it was made from (as written in a JSON export). */
  snapshot: Snapshot;
}

/** The host a set of container keys is on: 'local', a remote host id, or an error when they are on several. */
function hostOfKeys(hostOf: Record<string, string>, keys: string[] | null): { hostId: string } | { error: string } {
  const hosts = new Set((keys ?? []).map((k) => (Object.hasOwn(hostOf, k) ? hostOf[k]! : 'local')));
  if (hosts.size > 1) return { error: 'the containers chosen are on different hosts: export them one host at a time' };
  return { hostId: [...hosts][0] ?? 'local' };
}

/** The id a container has on its own host (a remote key is `id@hostId`). */
const ownId = (key: string, hostId: string) => (hostId === 'local' ? key : key.slice(0, key.lastIndexOf('@')));

/**
 * Takes a fresh snapshot from the host the containers are on and makes the export file; null
 * (and `lastError` set) when it could not.
 */
export async function buildSnapshotExport(
  store: ExportSource,
  format: ExportFormat,
  containerIds: string[] | null,
  label: string,
): Promise<ExportFile | null> {
  const { api, history, status, isolation, hostOf } = store.getState();
  if (!api) return null;
  const fail = (message: string) => (store.setState({ lastError: `export failed: ${message}` }), null);
  const where = hostOfKeys(hostOf, containerIds);
  if ('error' in where) return fail(where.error);
  const { hostId } = where;
  const r = await api.getSnapshot(hostId === 'local' ? {} : { hostId });
  if (!r.ok) return fail(r.error.message);
  // Container id on its host → its key in the live store.
  const keyOf = new Map((containerIds ?? []).map((k) => [ownId(k, hostId), k]));
  const snapshot: Snapshot = containerIds
    ? { ...r.result, containers: r.result.containers.filter((c) => keyOf.has(c.id)) }
    : r.result;
  if (containerIds && snapshot.containers.length === 0)
    return fail(
      `${containerIds.length === 1 ? 'the container is' : 'the containers are'} no longer on ${r.result.source?.host ?? 'its host'}`,
    );
  const key = (id: string) => keyOf.get(id) ?? (hostId === 'local' ? id : `${id}@${hostId}`);
  const hist = Object.fromEntries(
    snapshot.containers.filter((c) => Object.hasOwn(history, key(c.id))).map((c) => [c.id, history[key(c.id)]!]),
  );
  // Isolation events are stored under the key too (containerId included): the file names the container's own id.
  const changes = Object.fromEntries(
    snapshot.containers
      .filter((c) => Object.hasOwn(isolation, key(c.id)))
      .map((c) => [c.id, isolation[key(c.id)]!.map((e) => ({ ...e, containerId: c.id }))]),
  );
  const reading = hostId === 'local' && status?.root && status.root !== '/' ? ` (reading ${status.root})` : '';
  const by = `isoscope ${r.result.host.collector.version}${reading}`;
  const content =
    format === 'json'
      ? JSON.stringify(snapshotFile(snapshot, by, hist, undefined, changes), null, 2)
      : format === 'html'
        ? snapshotHtml(snapshot, hist, by, changes)
        : snapshotMarkdown(snapshot, changes);
  return { name: fileName(label, format), mime: MIME[format], content, snapshot };
}

export async function exportSnapshot(
  store: ExportSource,
  format: ExportFormat,
  containerIds: string[] | null,
  label: string,
): Promise<void> {
  const file = await buildSnapshotExport(store, format, containerIds, label);
  if (file) saveFile(file.name, file.mime, file.content);
}

export function exportDiff(format: ExportFormat, diff: IsolationDiff): void {
  const content = format === 'json' ? JSON.stringify(diff, null, 2) : format === 'html' ? diffHtml(diff) : diffMarkdown(diff);
  saveFile(fileName(`${diff.a.label}-vs-${diff.b.label}`, format), MIME[format], content);
}
