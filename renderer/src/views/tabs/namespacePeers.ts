// Which other containers are in a container's namespace, for the Namespaces tab. Pure.
//
// The collector lists peers (`namespaces.*.sharedWith`) only for namespaces that are not the
// host's: in the host's, every container with the same inode is a peer, and listing them all in
// each container made a snapshot grow with N² (shared/snapshot/schema.ts). Here those peers are
// counted by inode among the containers the view has from the same machine — the live store's
// containers of that host, or an opened snapshot's containers — and said to be exactly that, never
// more. Snapshots taken before the change still carry the full list; it is used as it is.
import { remoteKey } from '../../../../shared/ipc/contract.js';
import type { Container, NamespaceType } from '../../../../shared/snapshot/schema.js';

/** The containers a view knows on one machine, and how a collector's container id becomes a key it can select. */
export interface PeerScope {
  /** 'live': every container the collector of that host reports; 'snapshot': those in the file (a file may hold a few). */
  kind: 'live' | 'snapshot';
  /** Key → container, for the containers of the same machine as the one on screen. */
  candidates: ReadonlyMap<string, Container>;
  /** The key of a container id as the collector wrote it (in `sharedWith`). */
  keyOf(id: string): string;
}

export interface NamespacePeers {
  /**
   * The other containers in the namespace: the key to select each, and its id as the collector
   * wrote it (a key may be absent from `candidates`: a file's list can name containers it does not hold).
   */
  peers: { key: string; id: string }[];
  /**
   * Where they come from: 'collector' (its `sharedWith`: the pod peers, or an old snapshot's full
   * list), 'inode' (counted here among `candidates`, for the host's namespaces), 'none' (the inode
   * is unknown: no peer can be named).
   */
  from: 'collector' | 'inode' | 'none';
}

/** The other containers in container `self`'s (under `selfKey`) namespace of type `t`. */
export function namespacePeers(self: Container, selfKey: string, t: NamespaceType, scope: PeerScope): NamespacePeers {
  const ns = self.namespaces[t];
  if (ns.inode === null) return { peers: [], from: 'none' };
  // Not the host's (or not known to be): the collector's list is complete. The host's, listed in a
  // snapshot taken before the list was dropped for them: that list, as it was shown then.
  if (ns.sharedWithHost !== true || ns.sharedWith.length > 0)
    return { peers: ns.sharedWith.map((id) => ({ key: scope.keyOf(id), id })), from: 'collector' };
  const peers: { key: string; id: string }[] = [];
  for (const [key, other] of scope.candidates) {
    if (key !== selfKey && other.namespaces[t]?.inode === ns.inode) peers.push({ key, id: other.id });
  }
  return { peers, from: 'inode' };
}

/** The containers a live view has on the machine of the container under `selfKey` (`hostOf`: key → remote host id). */
export function liveScope(
  containers: Readonly<Record<string, Container>>,
  hostOf: Readonly<Record<string, string>>,
  selfKey: string,
): PeerScope {
  const hostId = Object.hasOwn(hostOf, selfKey) ? hostOf[selfKey]! : null;
  const candidates = new Map<string, Container>();
  for (const [key, c] of Object.entries(containers)) {
    const h = Object.hasOwn(hostOf, key) ? hostOf[key]! : null;
    if (h === hostId) candidates.set(key, c);
  }
  // A remote host's containers are keyed `id@hostId` (shared/ipc/contract.ts remoteKey); their lists hold the host's own ids.
  return { kind: 'live', candidates, keyOf: hostId === null ? (id) => id : (id) => remoteKey(hostId, id) };
}

/** The containers of an opened snapshot file, keyed as the sidebar selects them (`prefix` + id). */
export function snapshotScope(containers: readonly Container[], prefix: string): PeerScope {
  return { kind: 'snapshot', candidates: new Map(containers.map((c) => [prefix + c.id, c])), keyOf: (id) => prefix + id };
}
