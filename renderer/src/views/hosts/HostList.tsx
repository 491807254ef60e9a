// The host list: every host watched, its connection and, when refused, why in words and what to
// do. Add an SSH host (ssh://[user@]host[:port], an identity file, sudo on the remote), remove
// one, or try one again. A host key is never accepted from here: an unknown or changed key is
// for the user to check (ssh-keyscan and the host's own fingerprint, or ssh once by hand).
import { useState, type FormEvent } from 'react';
import { useHosts } from '../../store/hosts.js';
import { formatTime } from '../../lib/format.js';
import { hostName, hostStateWords } from './hostWords.js';
import { useNow } from './useNow.js';

export function HostList() {
  const hosts = useHosts((s) => s.hosts);
  const error = useHosts((s) => s.error);
  const busy = useHosts((s) => s.busy);
  const { add, remove, reconnect, setOpen } = useHosts.getState();
  const [url, setUrl] = useState('');
  const [identity, setIdentity] = useState('');
  const [sudo, setSudo] = useState(false);
  const now = useNow(hosts.some((h) => h.state === 'reconnecting'));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void add(url.trim(), sudo, identity.trim() || null).then((ok) => {
      if (ok) {
        setUrl('');
        setIdentity('');
        setSudo(false);
      }
    });
  };
  return (
    <section className="host-list" role="dialog" aria-label="Hosts">
      <h2>Hosts</h2>
      <table>
        <thead>
          <tr>
            <th>Host</th>
            <th>Connection</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {hosts.map((h) => (
            <tr key={h.id} data-host={h.url} data-state={h.state}>
              <td>
                {hostName(h)}
                {h.sudo && <span className="chip">sudo</span>}
                {h.identityFile && <div className="muted">key {h.identityFile}</div>}
              </td>
              <td>
                <div className="host-conn">{hostStateWords(h, now)}</div>
                {h.reason && h.state !== 'connected' && <div className="reason">{h.reason}</div>}
                {h.state === 'connected' && h.lastSampleAt !== null && (
                  <div className="muted">updated {formatTime(h.lastSampleAt)}</div>
                )}
              </td>
              <td>
                {h.state !== 'connected' && (
                  <button type="button" className="link" onClick={() => void reconnect(h.id)}>
                    Reconnect
                  </button>
                )}
                {h.id !== 'local' && (
                  <button type="button" className="link" onClick={() => void remove(h.id)}>
                    Remove
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={submit} aria-label="Add a host">
        <input
          type="text"
          placeholder="ssh://user@host[:port]"
          aria-label="Host address"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          required
        />
        <input
          type="text"
          placeholder="identity file (optional, absolute path)"
          aria-label="Identity file"
          value={identity}
          onChange={(e) => setIdentity(e.target.value)}
        />
        <label>
          <input type="checkbox" checked={sudo} onChange={(e) => setSudo(e.target.checked)} /> sudo on the remote
        </label>
        <button type="submit" className="btn primary" disabled={busy || url.trim() === ''}>
          Add
        </button>
        <button type="button" className="btn" onClick={() => setOpen(false)}>
          Close
        </button>
      </form>
      {error && <p className="error">{error}</p>}
      <p className="muted">
        The system ssh client connects with your keys and agent, and checks the host key against known_hosts: an unknown or
        changed key is refused, never accepted from here. Check it yourself (ssh-keyscan, then compare the fingerprint with the
        host’s own), or connect once with ssh.
      </p>
    </section>
  );
}
