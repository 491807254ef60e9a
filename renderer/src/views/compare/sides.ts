// The two things a comparison puts side by side, resolved from references: the live host or a
// live container, or the host or a container of the imported snapshot.
import { containerSide, hostSide, type Side } from '../../../../shared/diff/diff.js';
import type { HistoryPoint } from '../../../../shared/ipc/contract.js';
import type { Container, Host, Snapshot } from '../../../../shared/snapshot/schema.js';
import { shortId } from '../../lib/format.js';
import { HOST_ID } from '../../store/store.js';
import type { ImportedSnapshot, SideRef } from '../../store/workspace.js';

export interface Live {
  host: Host | null;
  containers: Record<string, Container>;
  history: Record<string, HistoryPoint[]>;
}

function liveSnapshot(live: Live): Snapshot | null {
  if (!live.host) return null;
  return { schemaVersion: 1, takenAt: 'live', host: live.host, containers: Object.values(live.containers) };
}

export function resolveSide(ref: SideRef, live: Live, imported: ImportedSnapshot | null): Side | null {
  const snap = ref.source === 'live' ? liveSnapshot(live) : (imported?.snapshot ?? null);
  if (!snap) return null;
  const where = ref.source === 'live' ? 'live' : `snapshot ${imported!.name}`;
  if (ref.id === HOST_ID) return hostSide(snap, { label: `host (${where})`, source: where });
  const c = snap.containers.find((x) => x.id === ref.id);
  return c ? containerSide(snap, c, { label: `${c.name ?? shortId(c.id)}${ref.source === 'snapshot' ? ' (snapshot)' : ''}`, source: where }) : null;
}

export function historyOf(ref: SideRef, live: Live, imported: ImportedSnapshot | null): HistoryPoint[] {
  if (ref.id === HOST_ID) return [];
  return (ref.source === 'live' ? live.history[ref.id] : imported?.history[ref.id]) ?? [];
}

export interface SideOption {
  key: string;
  ref: SideRef;
  label: string;
}

export const refKey = (r: SideRef) => `${r.source}:${r.id}`;

export function sideOptions(live: Live, imported: ImportedSnapshot | null): { group: string; options: SideOption[] }[] {
  const opt = (source: SideRef['source'], c: Container): SideOption => ({
    key: `${source}:${c.id}`,
    ref: { source, id: c.id },
    label: `${c.name ?? shortId(c.id)} — ${c.runtime}, pid ${c.initPid}`,
  });
  const groups = [
    {
      group: 'Live',
      options: [
        { key: `live:${HOST_ID}`, ref: { source: 'live' as const, id: HOST_ID }, label: 'Host' },
        ...Object.values(live.containers).map((c) => opt('live', c)),
      ],
    },
  ];
  if (imported) {
    groups.push({
      group: `Snapshot ${imported.name}`,
      options: [
        { key: `snapshot:${HOST_ID}`, ref: { source: 'snapshot', id: HOST_ID }, label: 'Host (snapshot)' },
        ...imported.snapshot.containers.map((c) => opt('snapshot', c)),
      ],
    });
  }
  return groups;
}
