// The Mounts tab: the kernel's mount table for the container's init, the mounts that give a
// way out or in first (with the reason for each), the masked and read-only paths against the
// runtime's default, then every mount with its host source. Values a container chose (targets,
// roots, sources) are rendered as text only.
import { Fragment } from 'react';
import type { Container } from '../../../../shared/snapshot/schema.js';
import { DevicesSection } from '../devices/DevicesSection.js';
import { Unavailable } from '../Unavailable.js';
import { flaggedMounts, hostSourceText, isKubeUserns, nodeText, STATE_TEXT, stateLevel } from './mountsView.js';
import './mounts.css';

/** A path that may wrap after its slashes (never in the middle of a name). */
function PathText({ path, className }: { path: string; className?: string }) {
  const parts = path.split('/');
  return (
    <code className={className}>
      {parts.map((p, i) => (
        <Fragment key={i}>
          {i > 0 && (
            <>
              /<wbr />
            </>
          )}
          {p}
        </Fragment>
      ))}
    </code>
  );
}

/** "/proc/1/mountinfo (pid 1, the host reference)" → the path as code, the why as text. */
function Reference({ text }: { text: string }) {
  const at = text.indexOf(' ');
  return at < 0 ? (
    <code>{text}</code>
  ) : (
    <>
      <code>{text.slice(0, at)}</code>
      {text.slice(at)}
    </>
  );
}

export function MountsTab({ container }: { container: Container }) {
  return (
    <>
      <MountsPart container={container} />
      <DevicesSection container={container} />
    </>
  );
}

function MountsPart({ container: c }: { container: Container }) {
  if (c.mounts === undefined)
    return <p className="muted">Mounts: not collected in this snapshot (it was taken before Isoscope read them).</p>;
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
        {m.truncated && <strong> (list cut: the namespace holds more)</strong>}; host sources resolved by major:minor and root
        through <Reference text={m.hostReference} />.
      </p>

      {isKubeUserns(c) && (
        <section className="mounts-userns" aria-label="Kubernetes user namespace">
          <h3>Kubernetes user namespace (hostUsers: false)</h3>
          <p>
            This pod's containers run in a user namespace of their own: root inside is not root on the host.{' '}
            {idmapped.length === 0
              ? 'No mount is idmapped.'
              : `${idmapped.length} idmapped mount${idmapped.length > 1 ? 's' : ''} translate file owners for it:`}
          </p>
          {idmapped.length > 0 && (
            <ul className="plain">
              {idmapped.map((r) => (
                <li key={r.id}>
                  <PathText path={r.target} /> ← <PathText path={hostSourceText(r)} />
                </li>
              ))}
            </ul>
          )}
        </section>
      )}

      <section aria-label="Flagged mounts">
        <h3>What gives a way out or in</h3>
        {flagged.length === 0 ? (
          <p className="good-text">
            No mount is flagged: no runtime socket, sensitive host directory, host device, shared propagation or writable kernel
            settings.
          </p>
        ) : (
          <ul className="mount-flags">
            {flagged.map((r) => (
              <li key={r.id} className="mount-flag" data-target={r.target}>
                <div className="mount-flag-head">
                  <PathText className="mount-target" path={r.target} />
                  <span className="muted" title={r.host.how}>
                    {r.host.kind === 'host' ? (
                      <>
                        from the host’s <PathText path={hostSourceText(r)} />
                      </>
                    ) : (
                      hostSourceText(r)
                    )}{' '}
                    · {r.readOnly ? 'read-only' : 'writable'}
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
          Against the {m.protections.defaultName} (from <span className="mono">{m.protections.defaultSource}</span>)
          {missing.length > 0 ? ':' : ': every one is in force or absent from this kernel.'}
        </p>
        {missing.length > 0 && (
          <p className="bad-text missing-defaults">
            Missing from the default:{' '}
            {missing.map((p) => `${p.path} is not ${p.expected === 'masked' ? 'masked' : 'read-only'}`).join('; ')}.
          </p>
        )}
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
              <tr
                key={r.id}
                data-target={r.target}
                className={r.flags.length ? 'flagged' : ''}
                title={`${m.source}, mount ${r.id} (parent ${r.parentId}), ${r.majorMinor} root ${r.root}`}
              >
                <td>
                  <PathText path={r.target} />
                </td>
                <td title={r.host.how}>
                  {r.host.kind === 'own' ? (
                    <span className="muted">{hostSourceText(r)}</span>
                  ) : (
                    <PathText path={hostSourceText(r)} />
                  )}
                  {nodeText(r) && <span className="badge unknown node">{nodeText(r)}</span>}
                </td>
                <td>{r.fsType}</td>
                <td title={`per mount: ${r.mountReadOnly ? 'ro' : 'rw'}; superblock: ${r.superReadOnly ? 'ro' : 'rw'}`}>
                  {r.readOnly ? 'ro' : <strong>rw</strong>}
                </td>
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
