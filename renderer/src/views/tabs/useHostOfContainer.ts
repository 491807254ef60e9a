// Which remote host a container of the live store is on, for views that say so beside the host
// facts they judge it against (useContainerHost): null for this machine's containers.
import { useHosts } from '../../store/hosts.js';
import { useStore } from '../../store/store.js';
import { hostName } from '../hosts/hostWords.js';

export interface ContainerHostName {
  hostId: string;
  /** ssh://… as in the host list. */
  url: string;
  /** The URL with the host's name once known ("ssh://root@web1 (web1)"). */
  name: string;
}

export function useHostOfContainer(key: string): ContainerHostName | null {
  const hostId = useStore((s) => (Object.hasOwn(s.hostOf, key) ? s.hostOf[key]! : null));
  const host = useHosts((s) => (hostId !== null ? s.hosts.find((h) => h.id === hostId) : undefined));
  if (hostId === null) return null;
  return host
    ? { hostId, url: host.url, name: hostName(host) }
    : { hostId, url: hostId, name: 'a host no longer in the host list' };
}
