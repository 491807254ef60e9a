// The boundary of a gVisor or Kata container, in its header: what isolates the workload (a
// user-space kernel, a virtual machine), whose facts the other tabs show (the sandbox's own host
// process, never the workload's), and the runtime's processes on the host with their roles.
import {
  boundaryText,
  HYPERVISOR_LABEL,
  hostSideText,
  ROLE_LABEL,
  RUNTIME_LABEL,
  type Sandbox,
} from '../../../../shared/snapshot/sandbox.js';
import { shortId } from '../../lib/format.js';
import './boundary.css';

function title(s: Sandbox): string {
  if (s.kind === 'user-space-kernel') return `User-space kernel: ${RUNTIME_LABEL[s.runtime]}`;
  return `Virtual machine: ${RUNTIME_LABEL[s.runtime]}${s.hypervisor ? ` (${HYPERVISOR_LABEL[s.hypervisor]})` : ''}`;
}

/** `sandbox` undefined: the snapshot predates the collection; null: an ordinary container (nothing shown). */
export function BoundaryBanner({ sandbox }: { sandbox: Sandbox | null | undefined }) {
  if (sandbox === undefined) {
    return (
      <p className="boundary-unknown" data-boundary="not-collected">
        Sandboxed runtime (gVisor, Kata): not collected in this snapshot.
      </p>
    );
  }
  if (sandbox === null) return null;
  const s = sandbox;
  return (
    <section
      className="boundary-banner"
      role="note"
      aria-label="Isolation boundary"
      data-boundary={s.kind}
      data-runtime={s.runtime}
    >
      <h2>{title(s)}</h2>
      <p>{boundaryText(s)}</p>
      <p className="host-side">{hostSideText(s)}</p>
      <table>
        <thead>
          <tr>
            <th>pid</th>
            <th>role</th>
            <th>name</th>
            <th>executable</th>
            <th>where</th>
          </tr>
        </thead>
        <tbody>
          {s.hostProcesses.map((p) => (
            <tr key={p.pid} data-pid={p.pid} data-role={p.role}>
              <td>{p.pid}</td>
              <td>{ROLE_LABEL[p.role]}</td>
              <td>
                <code>{p.comm}</code>
              </td>
              <td>
                <code>{p.exe ?? 'unavailable'}</code>
              </td>
              <td>{p.member ? "in the container's cgroup" : 'beside it'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {s.workloads.length > 0 && (
        <p>Containers inside this sandbox (per the runtime's state): {s.workloads.map((w) => shortId(w)).join(', ')}</p>
      )}
      <details>
        <summary>How this was recognised</summary>
        <ul>
          {s.sources.map((x) => (
            <li key={x}>{x}</li>
          ))}
          {s.hostProcesses.map((p) => (
            <li key={`p${p.pid}`}>
              pid {p.pid}: {p.source}
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}
