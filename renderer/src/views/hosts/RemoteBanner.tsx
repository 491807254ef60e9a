// Above a remote host's container: which host it is on, and — when that host's connection is down —
// that what is shown is not live, since when, and what the app is doing about it.
import { remoteKey } from '../../../../shared/ipc/contract.js';
import { formatTime } from '../../lib/format.js';
import { useHosts } from '../../store/hosts.js';
import { HOST_ID, useStore } from '../../store/store.js';
import { hostName, hostStateWords } from './hostWords.js';
import { useNow } from './useNow.js';
import './hosts.css';

export function RemoteBanner({ id }: { id: string }) {
  const hostId = useStore((s) => (Object.hasOwn(s.hostOf, id) ? s.hostOf[id]! : null));
  const host = useHosts((s) => (hostId ? s.hosts.find((h) => h.id === hostId) : undefined));
  const now = useNow(host?.state === 'reconnecting');
  if (!hostId) return null;
  if (!host)
    return (
      <p className="stale-banner" role="note">
        On a host that is no longer in the host list — not live.
      </p>
    );
  if (host.state === 'connected') {
    return (
      <p className="muted remote-host" data-host={host.url}>
        On {hostName(host)}
      </p>
    );
  }
  return (
    <p className="stale-banner" role="note" data-host={host.url}>
      Not live: on {hostName(host)}, {hostStateWords(host, now)}
      {host.staleSince !== null ? ` — shown as it was at ${formatTime(host.staleSince)}` : ''}.
    </p>
  );
}

/** The host a container runs on, as a comparison side: its own host, not this machine, for a remote one. */
export function hostSideId(id: string): string {
  const hostOf = useStore.getState().hostOf;
  return Object.hasOwn(hostOf, id) ? remoteKey(hostOf[id]!, HOST_ID) : HOST_ID;
}
