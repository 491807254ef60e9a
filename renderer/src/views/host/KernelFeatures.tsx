// Host-wide kernel features beside namespaces and cgroups: Landlock (supported? which ABI?) and
// the BPF LSM programs loaded. Landlock confinement of a process is not something the kernel
// reports, so the panel says that instead of showing a per-container value.
import { KERNEL_PER_PROCESS_LANDLOCK } from '../../../../shared/snapshot/devices.js';
import type { Host } from '../../../../shared/snapshot/schema.js';
import '../devices/devices.css';

const NOT_COLLECTED = 'not collected in this snapshot';

function LandlockFact({ host }: { host: Host }) {
  const l = host.landlock;
  if (!l) return <span className="muted">{NOT_COLLECTED}</span>;
  if (l.abi !== null) return <span data-testid="landlock-abi">supported, ABI version {l.abi}</span>;
  return (
    <span className="unavailable" data-testid="landlock-abi" title={l.source}>
      {l.reason === 'ENOSYS' || l.reason === 'EOPNOTSUPP' ? 'not available' : 'unavailable'}: {l.reason}
      {l.detail ? <span className="muted"> ({l.detail})</span> : null}
    </span>
  );
}

function BpfLsmFact({ host }: { host: Host }) {
  const b = host.bpfLsm;
  if (!b) return <span className="muted">{NOT_COLLECTED}</span>;
  if (b.programs === null) {
    return (
      <span className="unavailable" data-testid="bpf-lsm" title={b.source}>
        unavailable: {b.reason}
        {b.detail ? <span className="muted"> ({b.detail})</span> : null}
      </span>
    );
  }
  if (b.programs.length === 0) return <span data-testid="bpf-lsm">none loaded{b.detail ? ` (${b.detail})` : ''}</span>;
  return (
    <div data-testid="bpf-lsm">
      <table className="grid">
        <thead>
          <tr>
            <th>Id</th>
            <th>Name</th>
            <th>Tag</th>
            <th>LSM hook</th>
          </tr>
        </thead>
        <tbody>
          {b.programs.map((p) => (
            <tr key={p.id}>
              <td>{p.id}</td>
              <td>
                <code>{p.name || '(no name)'}</code>
              </td>
              <td>
                <code>{p.tag}</code>
              </td>
              <td>{p.attach ? <code>{p.attach}</code> : <span className="muted">not named by the kernel</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {b.detail ? <p className="note">{b.detail}</p> : null}
    </div>
  );
}

/** Landlock and BPF LSM facts of the host; rendered by HostView. */
export function KernelFeatures({ host }: { host: Host }) {
  return (
    <section className="kernel-features" data-testid="kernel-features">
      <h2>Newer kernel features</h2>
      <dl className="facts">
        <dt>Landlock</dt>
        <dd>
          <LandlockFact host={host} />
          <p className="note">{KERNEL_PER_PROCESS_LANDLOCK}</p>
        </dd>
        <dt>BPF LSM programs</dt>
        <dd>
          <BpfLsmFact host={host} />
        </dd>
      </dl>
    </section>
  );
}
