// The sidebar's host groups: with SSH hosts in the list, containers are grouped by host first
// (this machine, then each remote in the order added), each group titled with the host and its
// connection; a group whose data is not live is marked stale with its time. One host: no groups.
import { useMemo } from 'react';
import type { HostStatus } from '../../../../shared/ipc/contract.js';
import type { Container } from '../../../../shared/snapshot/schema.js';
import { useHosts } from '../../store/hosts.js';
import { useStore } from '../../store/store.js';
import { hostName, hostStateWords } from './hostWords.js';
import { useNow } from './useNow.js';
import './hosts.css';

export interface HostGroup {
  id: string;
  url: string;
  host: HostStatus;
  items: Container[];
  stale: boolean;
}

/** Null with this machine alone (the sidebar is as it always was); else one group per host. */
export function useHostGroups(list: Container[]): HostGroup[] | null {
  const hosts = useHosts((s) => s.hosts);
  const hostOf = useStore((s) => s.hostOf);
  return useMemo(() => {
    if (hosts.filter((h) => h.id !== 'local').length === 0) return null;
    const by = new Map<string, Container[]>(hosts.map((h) => [h.id, []]));
    for (const c of list) {
      const id = Object.hasOwn(hostOf, c.id) ? hostOf[c.id]! : 'local';
      by.get(id)?.push(c);
    }
    return hosts.map((h) => ({
      id: h.id,
      url: h.url,
      host: h,
      items: by.get(h.id) ?? [],
      stale: h.state !== 'connected' && h.staleSince !== null,
    }));
  }, [hosts, hostOf, list]);
}

export function HostGroupTitle({ group }: { group: HostGroup }) {
  const h = group.host;
  const now = useNow(h.state === 'reconnecting');
  return (
    <div className="host-title" title={h.reason ?? undefined}>
      <span className="host-name">
        {hostName(h)} <span className="count">{group.items.length}</span>
      </span>
      <span className="host-state" data-state={h.state}>
        {hostStateWords(h, now)}
      </span>
    </div>
  );
}
