// The Mounts tab: the kernel's mount table for the container's init, the mounts that give a
// way out or in first (with the reason for each), the masked and read-only paths against the
// runtime's default, then every mount with its host source. Values a container chose (targets,
// roots, sources) are rendered as text only.
import type { Container } from '../../../../shared/snapshot/schema.js';
import { Unavailable } from '../Unavailable.js';
import { flaggedMounts, hostSourceText, isKubeUserns, nodeText, STATE_TEXT, stateLevel } from './mountsView.js';
import './mounts.css';

export function MountsTab({ container: c }: { container: Container }) {
  if (c.mounts === undefined) return <p className="muted">Mounts: not collected in this snapshot (it was taken before Isoscope read them).</p>;
  if (c.mounts === null) {
    return (
      <p>
        Mounts: <Unavailable list={c.unavailable} field="mounts" />
      </p>
    );
  }
  const m = c.mounts;
  const flagged = flaggedMounts(m);
  const idmapped = m.mounts.filter((r) => r.idmapped);
  const missing = m.protections.paths.filter((p) => p.state === 'exposed');
  return (
    <div className="mounts-tab">
      <p className="muted mounts-source">
        {m.mounts.length} mounts from <code>{m.source}</code>
        {m.truncated && <strong> (list cut: the namespace holds more)</strong>}; host sources resolved by major:minor and root through <code>{m.hostReference}</code>.
      </p>

      {isKubeUserns(c) && (
        <section className="mounts-userns" aria-label="Kubernetes user namespace">
          <h3>Kubernetes user namespace (hostUsers: false)</h3>
          <p>
            This pod's containers run in a user namespace of their own: root inside is not root on the host.{' '}
            {idmapped.length === 0 ? 'No mount is idmapped.' : `${idmapped.length} idmapped mount${idmapped.length > 1 ? 's' : ''} translate file owners for it:`}
          </p>
          {idmapped.length > 0 && (
            <ul className="plain">
              {idmapped.map((r) => (
                <li key={r.id}>
                  <code>{r.target}</code> ← <code>{hostSourceText(r)}</code>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}

      <section aria-label="Flagged mounts">
        <h3>What gives a way out or in</h3>
        {flagged.length === 0 ? (
          <p className="good-text">No mount is flagged: no runtime socket, sensitive host directory, host device, shared propagation or writable kernel settings.</p>
        ) : (
          <ul className="mount-flags">
            {flagged.map((r) => (
              <li key={r.id} className="mount-flag" data-target={r.target}>
                <div className="mount-flag-head">
                  <code className="mount-target">{r.target}</code>
                  <span className="muted">
                    {r.host.kind === 'host' ? 'from the host’s ' : ''}
                    <code title={r.host.how}>{hostSourceText(r)}</code> · {r.readOnly ? 'read-only' : 'writable'}
                  </span>
                </div>
                <ul className="plain">
                  {r.flags.map((f, i) => (
                    <li key={i} data-kind={f.kind}>
                      <span className={`badge ${f.severity === 'high' ? 'bad' : 'warn'}`}>{f.kind}</span> {f.reason}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-label="Masked and read-only paths">
        <h3>Masked and read-only paths</h3>
        <p className="muted">
          Against the {m.protections.defaultName} <span title={m.protections.defaultSource}>(source)</span>
          {missing.length > 0 ? (
            <>
              {' '}
              — <strong className="bad-text">missing from the default: {missing.map((p) => `${p.path} is not ${p.expected === 'masked' ? 'masked' : 'read-only'}`).join('; ')}</strong>
            </>
          ) : (
            ': every one in force or absent from this kernel.'
          )}
        </p>
        <table className="grid mounts-protections">
          <thead>
            <tr>
              <th>Path</th>
              <th>Default</th>
              <th>In force</th>
              <th>How</th>
            </tr>
          </thead>
          <tbody>
            {m.protections.paths.map((p) => (
              <tr key={p.path} data-path={p.path} data-state={p.state}>
                <td>
                  <code>{p.path}</code>
                </td>
                <td>{p.expected === 'masked' ? 'masked' : 'read-only'}</td>
                <td>
                  <span className={`state ${stateLevel(p)}`}>{STATE_TEXT[p.state]}</span>
                </td>
                <td className="muted">{p.how}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-label="All mounts">
        <h3>All mounts</h3>
        <table className="grid mounts-table">
          <thead>
            <tr>
              <th>Target</th>
              <th>Host source</th>
              <th>FS</th>
              <th>rw/ro</th>
              <th>Propagation</th>
              <th>idmapped</th>
            </tr>
          </thead>
          <tbody>
            {m.mounts.map((r) => (
              <tr key={r.id} data-target={r.target} className={r.flags.length ? 'flagged' : ''} title={`${m.source}, mount ${r.id} (parent ${r.parentId}), ${r.majorMinor} root ${r.root}`}>
                <td>
                  <code>{r.target}</code>
                </td>
                <td title={r.host.how}>
                  <code className={r.host.kind === 'own' ? 'muted' : ''}>{hostSourceText(r)}</code>
                  {nodeText(r) && <span className="badge unknown node">{nodeText(r)}</span>}
                </td>
                <td>{r.fsType}</td>
                <td title={`per mount: ${r.mountReadOnly ? 'ro' : 'rw'}; superblock: ${r.superReadOnly ? 'ro' : 'rw'}`}>{r.readOnly ? 'ro' : <strong>rw</strong>}</td>
                <td className={r.sharedGroup !== null ? 'warn-text' : ''}>{r.propagation}</td>
                <td>{r.idmapped ? 'idmapped' : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
