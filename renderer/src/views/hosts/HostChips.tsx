// The status bar's hosts: with SSH hosts, one chip per host saying its connection (this machine's
// is the collector status beside it); a Hosts button opens the host list.
import { useHosts } from '../../store/hosts.js';
import { HostList } from './HostList.js';
import { hostName, hostStateWords } from './hostWords.js';
import { useNow } from './useNow.js';
import './hosts.css';

export function HostChips() {
  const hosts = useHosts((s) => s.hosts);
  const open = useHosts((s) => s.open);
  const setOpen = useHosts((s) => s.setOpen);
  const remotes = hosts.filter((h) => h.id !== 'local');
  const now = useNow(remotes.some((h) => h.state === 'reconnecting'));
  return (
    <span className="host-chips" data-testid="host-chips">
      {remotes.length > 0 &&
        hosts.map((h) => (
          <button
            key={h.id}
            type="button"
            className="host-chip"
            data-host={h.url}
            data-state={h.state}
            title={h.reason ?? hostName(h)}
            onClick={() => setOpen(true)}
          >
            {h.id === 'local' ? 'this machine' : h.url.replace(/^ssh:\/\//, '')}: {hostStateWords(h, now)}
          </button>
        ))}
      <button
        type="button"
        className="link"
        aria-pressed={open}
        onClick={() => setOpen(!open)}
        title="Watch containers on other machines over SSH"
      >
        Hosts{remotes.length > 0 ? ` (${hosts.length})` : ''}
      </button>
      {open && <HostList />}
    </span>
  );
}
