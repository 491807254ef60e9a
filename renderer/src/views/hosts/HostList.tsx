// The host list: every host watched, its connection and, when refused, why in words and what to
// do. Add an SSH host (ssh://[user@]host[:port], an identity file, sudo on the remote) or a
// Kubernetes node (k8s://CONTEXT/NODE: its isoscope agent pod, through the API server with the
// kubeconfig of the app's side; ssh settings do not apply), remove one, or try one again. A
// host key is never accepted from here: an unknown or changed key is
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
  const k8s = url.trim().startsWith('k8s://');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void add(url.trim(), k8s ? false : sudo, k8s ? null : identity.trim() || null).then((ok) => {
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
          placeholder="ssh://user@host[:port] or k8s://context/node"
          aria-label="Host address"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          required
        />
        <input
          type="text"
          placeholder="identity file (optional, absolute path)"
          aria-label="Identity file"
          value={k8s ? '' : identity}
          disabled={k8s}
          onChange={(e) => setIdentity(e.target.value)}
        />
        <label>
          <input type="checkbox" checked={!k8s && sudo} disabled={k8s} onChange={(e) => setSudo(e.target.checked)} /> sudo on the
          remote
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
      <p className="muted">
        A Kubernetes node, k8s://CONTEXT/NODE (a kubeconfig context, “/” in its name written %2F), is reached through the API
        server’s port-forward to the isoscope agent pod on that node, with your kubeconfig and its RBAC (docs/cluster.md).
      </p>
    </section>
  );
}
