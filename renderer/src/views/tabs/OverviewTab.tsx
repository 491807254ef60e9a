// Overview: how isolated the container is at a glance (one row per area), then who it is and
// where that identity came from.
import { runtimeLabel } from '../../../../shared/runtimes/registry.js';
import type { Container } from '../../../../shared/snapshot/schema.js';
import { formatDuration, shortId } from '../../lib/format.js';
import { useStore } from '../../store/store.js';
import { Copyable, Marker, Note } from './common.js';
import { IdConflictBox } from './IdConflictBox.js';
import { isolationRows } from './isolationRows.js';
import { FindingsPanel } from '../findings/FindingsPanel.js';

export function OverviewTab({ container: c }: { container: Container }) {
  const rows = isolationRows(c);
  return (
    <div className="tab overview-tab">
      <IdConflictBox container={c} />
      <h2 className="first">Isolation at a glance</h2>
      <table className="grid isolation-summary">
        <tbody>
          {rows.map((r) => (
            <tr key={r.area} className={`level-${r.level}`} data-area={r.area}>
              <th scope="row">{r.area}</th>
              <td className="level-cell">
                <Marker level={r.level} />
              </td>
              <td>{r.sentence}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Findings</h2>
      <FindingsPanel container={c} />

      <h2>Identity</h2>
      <Identity c={c} />

      <h2>Where this identity came from</h2>
      {c.sources.length === 0 ? (
        <p className="muted">No source recorded.</p>
      ) : (
        <ul className="sources">
          {c.sources.map((s) => (
            <li key={s}>
              <code>{s}</code>
            </li>
          ))}
        </ul>
      )}

      <Labels labels={c.labels} />
    </div>
  );
}

function Identity({ c }: { c: Container }) {
  const containers = useStore((s) => s.containers);
  const select = useStore((s) => s.select);
  const init = c.processes.find((p) => p.pid === c.initPid);
  const sandbox = c.pod?.sandboxId ? containers[c.pod.sandboxId] : undefined;
  return (
    <dl className="facts">
      <dt>Id</dt>
      <dd>
        <Copyable text={c.id} />
      </dd>
      <dt>Name</dt>
      <dd>{c.name ?? <span className="muted">none given by the runtime</span>}</dd>
      <dt>Image</dt>
      <dd>{c.image ? <code>{c.image}</code> : <span className="muted">not known (the runtime records none)</span>}</dd>
      <dt>Runtime</dt>
      <dd>{runtimeLabel(c.runtime)}</dd>
      <dt>Role</dt>
      <dd>{c.role === 'pod-sandbox' ? 'pod sandbox (pause/infra container holding the pod’s namespaces)' : 'container'}</dd>
      {c.pod && (
        <>
          <dt>Pod</dt>
          <dd>
            {c.pod.namespace || c.pod.name ? (
              <strong>
                {c.pod.namespace ?? '?'}/{c.pod.name ?? '?'}
              </strong>
            ) : (
              <span className="muted">name not known</span>
            )}
            {c.pod.uid && (
              <>
                {' '}
                <Note>uid</Note> <code>{c.pod.uid}</code>
              </>
            )}
          </dd>
          <dt>Pod sandbox</dt>
          <dd>
            {c.pod.sandboxId === null ? (
              <span className="muted">not known</span>
            ) : c.pod.sandboxId === c.id ? (
              'this container'
            ) : sandbox ? (
              <button type="button" className="link" onClick={() => select(sandbox.id)} title={sandbox.id}>
                {sandbox.name ?? shortId(sandbox.id)}
              </button>
            ) : (
              <code title="not among the containers seen">{shortId(c.pod.sandboxId)}</code>
            )}
          </dd>
        </>
      )}
      <dt>Init process</dt>
      <dd>
        host pid <strong className="mono">{c.initPid}</strong>
        {init && init.nspid.length > 1 ? <> · pid {init.nspid[init.nspid.length - 1]} inside</> : null}
        {init ? (
          <>
            {' '}
            · <code>{init.cmdline.length ? init.cmdline.join(' ') : `[${init.comm}]`}</code>
          </>
        ) : null}
      </dd>
      <dt>Uptime</dt>
      <dd>
        {init?.startedAt ? (
          <span title={`started ${new Date(init.startedAt).toLocaleString()}`}>
            {/* eslint-disable-next-line react-hooks/purity -- uptime at this render (the tab re-renders on every sample) */}
            {formatDuration((Date.now() - init.startedAt) / 1000)}
          </span>
        ) : (
          <span
            className="unavailable"
            title="Uptime needs the host's boot time (btime in /proc/stat) and the clock tick rate (AT_CLKTCK)."
          >
            unavailable: boot time or clock tick rate unknown
          </span>
        )}
        {init?.startedAt ? <Note> · since {new Date(init.startedAt).toLocaleString()}</Note> : null}
      </dd>
    </dl>
  );
}

function Labels({ labels }: { labels: Record<string, string> }) {
  const entries = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) {
    return (
      <>
        <h2>Labels</h2>
        <p className="muted">No labels.</p>
      </>
    );
  }
  return (
    <details className="collapsible">
      <summary>
        <h2>Labels</h2> <span className="count">{entries.length}</span>
      </summary>
      <table className="grid labels">
        <tbody>
          {entries.map(([k, v]) => (
            <tr key={k}>
              <th scope="row">
                <code>{k}</code>
              </th>
              <td>
                <code>{v}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
