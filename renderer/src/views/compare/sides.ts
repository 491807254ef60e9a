// The two things a comparison puts side by side, resolved from references: the live host or a
// live container — of this machine or of an SSH host, each judged against its own host's facts —
// or the host or a container of the imported snapshot. With SSH hosts, every side is labelled
// with the host it is on.
import { containerSide, hostSide, type Side } from '../../../../shared/diff/diff.js';
import { parseRemoteKey, remoteKey, type HistoryPoint, type HostStatus } from '../../../../shared/ipc/contract.js';
import type { Container, Host, Snapshot } from '../../../../shared/snapshot/schema.js';
import { shortId } from '../../lib/format.js';
import { HOST_ID } from '../../store/store.js';
import type { ImportedSnapshot, SideRef } from '../../store/workspace.js';

export interface Live {
  host: Host | null;
  containers: Record<string, Container>;
  history: Record<string, HistoryPoint[]>;
  /** Container key → remote host id (absent: this machine's). */
  hostOf?: Record<string, string>;
  /** Remote host id → its host facts. */
  facts?: Record<string, Host>;
  /** Every host watched (this machine first); more than one: sides say which host. */
  hosts?: HostStatus[];
}

const remoteHosts = (live: Live) => (live.hosts ?? []).filter((h) => h.id !== 'local');
const hostOfKey = (live: Live, key: string): string | null =>
  live.hostOf && Object.hasOwn(live.hostOf, key) ? live.hostOf[key]! : null;

/** The live snapshot of one host: this machine (hostId null) or a remote one. */
function liveSnapshot(live: Live, hostId: string | null): Snapshot | null {
  const host = hostId === null ? live.host : live.facts && Object.hasOwn(live.facts, hostId) ? live.facts[hostId]! : null;
  if (!host) return null;
  const containers = Object.values(live.containers).filter((c) => hostOfKey(live, c.id) === hostId);
  return { schemaVersion: 1, takenAt: 'live', host, containers };
}

/**
 * Where a live side comes from, for the diff engine: one source per host, so that only sides of one
 * host are taken for the same snapshot (namespace inodes of two machines are not comparable).
 */
function liveSource(live: Live, hostId: string | null): string {
  return hostId === null ? 'live' : `live ${(live.hosts ?? []).find((x) => x.id === hostId)?.url ?? hostId}`;
}

/** " on ssh://…" / " on this machine" when several hosts are watched, else nothing. */
function onHost(live: Live, hostId: string | null): string {
  if (remoteHosts(live).length === 0) return '';
  if (hostId === null) return ' on this machine';
  const h = (live.hosts ?? []).find((x) => x.id === hostId);
  return ` on ${h?.url ?? 'a removed host'}`;
}

export function resolveSide(ref: SideRef, live: Live, imported: ImportedSnapshot | null): Side | null {
  if (ref.source === 'snapshot') {
    const snap = imported?.snapshot ?? null;
    if (!snap) return null;
    const where = `snapshot ${imported!.name}`;
    if (ref.id === HOST_ID) return hostSide(snap, { label: `host (${where})`, source: where });
    const c = snap.containers.find((x) => x.id === ref.id);
    return c ? containerSide(snap, c, { label: `${c.name ?? shortId(c.id)} (snapshot)`, source: where }) : null;
  }
  const remoteHostRef = parseRemoteKey(
    ref.id,
    remoteHosts(live).map((h) => h.id),
  );
  if (remoteHostRef && remoteHostRef.id === HOST_ID) {
    const snap = liveSnapshot(live, remoteHostRef.hostId);
    return snap
      ? hostSide(snap, {
          label: `host (live${onHost(live, remoteHostRef.hostId)})`,
          source: liveSource(live, remoteHostRef.hostId),
        })
      : null;
  }
  if (ref.id === HOST_ID) {
    const snap = liveSnapshot(live, null);
    return snap ? hostSide(snap, { label: `host (live${onHost(live, null)})`, source: 'live' }) : null;
  }
  const hostId = hostOfKey(live, ref.id);
  const snap = liveSnapshot(live, hostId);
  const c = snap?.containers.find((x) => x.id === ref.id);
  if (!snap || !c) return null;
  // The container as its host knows it (its own id, not the key it has here): the same container
  // seen through two hosts of one machine is then one container, not two that share namespaces.
  const own = hostId === null ? c : { ...c, id: c.id.slice(0, c.id.lastIndexOf('@')) };
  return containerSide(snap, own, {
    label: `${c.name ?? shortId(own.id)}${onHost(live, hostId)}`,
    source: liveSource(live, hostId),
  });
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
  const remotes = remoteHosts(live);
  const all = Object.values(live.containers);
  const groups = [
    {
      group: remotes.length > 0 ? 'Live — this machine' : 'Live',
      options: [
        { key: `live:${HOST_ID}`, ref: { source: 'live' as const, id: HOST_ID }, label: 'Host' },
        ...all.filter((c) => hostOfKey(live, c.id) === null).map((c) => opt('live', c)),
      ],
    },
    ...remotes.map((h) => ({
      group: `Live — ${h.url}`,
      options: [
        {
          key: `live:${remoteKey(h.id, HOST_ID)}`,
          ref: { source: 'live' as const, id: remoteKey(h.id, HOST_ID) },
          label: `Host ${h.url}`,
        },
        ...all.filter((c) => hostOfKey(live, c.id) === h.id).map((c) => opt('live', c)),
      ],
    })),
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
