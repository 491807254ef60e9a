// A host's connection in words, the same in the sidebar, the status bar and the host list:
// connected; connecting; reconnecting in N s; refused: the reason; and, when its data on screen
// is not live, "stale since T".
import type { HostStatus } from '../../../../shared/ipc/contract.js';
import { formatTime } from '../../lib/format.js';

export function hostStateWords(h: HostStatus, now: number): string {
  const stale = h.staleSince !== null ? ` — data stale since ${formatTime(h.staleSince)}` : '';
  switch (h.state) {
    case 'connected':
      return 'connected';
    case 'connecting':
      return `connecting…${stale}`;
    case 'reconnecting': {
      const secs = h.retryAt !== null ? Math.max(0, Math.ceil((h.retryAt - now) / 1000)) : null;
      return `${secs !== null && secs > 0 ? `reconnecting in ${secs} s` : 'reconnecting…'}${stale}`;
    }
    case 'refused':
      return `refused${stale}`;
    case 'stopped':
      return `stopped${stale}`;
  }
}

/** "this machine" or the host's URL (ssh:// or k8s://), with its hostname once known. */
export function hostName(h: HostStatus): string {
  const base = h.id === 'local' ? 'This machine' : h.url;
  return h.hostname ? `${base} (${h.hostname})` : base;
}
