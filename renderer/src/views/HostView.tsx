// The host: kernel, cgroup layout, LSMs, the host's own findings, the namespaces that count as
// "the host's", and what the collector could not read.
import { useMemo } from 'react';
import { NAMESPACE_TYPES } from '../../../shared/snapshot/schema.js';
import { useStore } from '../store/store.js';
import { Unavailable } from './Unavailable.js';
import { HostFindings } from './findings/HostFindings.js';
import { KernelFeatures } from './host/KernelFeatures.js';

export function HostView() {
  const host = useStore((s) => s.host);
  const containers = useStore((s) => s.containers);
  const list = useMemo(() => Object.values(containers), [containers]);
  const count = list.length;
  if (!host) return <div className="empty">Waiting for the collector…</div>;
  return (
    <section className="host-view">
      <h1>Host {host.hostname ?? ''}</h1>
      <dl className="facts">
        <dt>Kernel</dt>
        <dd>{host.kernel ?? <Unavailable list={host.unavailable} field="kernel" />}</dd>
        <dt>Cgroups</dt>
        <dd>{host.cgroupVersion ?? <Unavailable list={host.unavailable} field="cgroupVersion" />}</dd>
        <dt id="host-fact-lsms">Active LSMs</dt>
        <dd>{host.lsms ? host.lsms.join(', ') || 'none' : <Unavailable list={host.unavailable} field="lsms" />}</dd>
        <dt>Containers</dt>
        <dd>{count}</dd>
        <dt>Collector</dt>
        <dd>
          {host.collector.privileged ? 'root' : `uid ${host.collector.euid} (unprivileged)`} · version {host.collector.version}
          {host.collector.root !== '/' ? ` · reading ${host.collector.root}` : ''}
        </dd>
        <dt>Host namespaces</dt>
        <dd title={host.namespaceReference.why}>
          as seen by pid {host.namespaceReference.pid} — {host.namespaceReference.why}
        </dd>
      </dl>
      <HostFindings host={host} containers={list} />
      <KernelFeatures host={host} />
      <table className="grid">
        <thead>
          <tr>
            <th>Namespace</th>
            <th>Inode</th>
          </tr>
        </thead>
        <tbody>
          {NAMESPACE_TYPES.map((t) => (
            <tr key={t}>
              <td>{t}</td>
              <td className="mono">{host.namespaces[t] ?? <Unavailable list={host.unavailable} field={`namespaces.${t}`} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {host.unavailable.length > 0 && (
        <>
          <h2>Not readable</h2>
          <ul className="unavailable-list">
            {host.unavailable.map((u, i) => (
              <li key={i}>
                <code>{u.field}</code>: {u.reason}
                {u.detail ? ` — ${u.detail}` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
