// What the runtime declared (the OCI bundle's linux.seccomp) beside what the kernel enforces.
import type { SeccompReport } from '../../../../shared/seccomp/report.js';

export function DeclaredVsEffective({ report }: { report: SeccompReport }) {
  const d = report.declared;
  if (d === undefined || d === null) {
    return (
      <p className="muted declared" data-testid="declared">
        Declared profile: not known (no OCI bundle recorded for this container, or its config.json is unreadable).
      </p>
    );
  }
  if (d.none) {
    return (
      <p className="declared" data-testid="declared">
        Declared profile: <strong>none</strong> in <code>{d.source}</code> —{' '}
        {d.equal ? 'and none is in force.' : 'yet a filter is in force (added by something else).'}
      </p>
    );
  }
  return (
    <div className="declared" data-testid="declared">
      <p>
        Declared profile in <code>{d.source}</code>:{' '}
        {d.equal ? (
          <strong className="ok">the filter in force matches it, syscall by syscall.</strong>
        ) : (
          <strong className="warn-text">the filter in force differs for {d.differences.length} syscalls.</strong>
        )}
      </p>
      {!d.equal && (
        <details>
          <summary>Declared vs in force</summary>
          <table className="grid">
            <tbody>
              {d.differences.map((x) => (
                <tr key={x.name} data-syscall={x.name}>
                  <td className="mono">{x.name}</td>
                  <td>declared {x.expected}</td>
                  <td>in force {x.actual}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </div>
  );
}
