// What the runtime declared (its OCI bundle's config.json, carried in the snapshot) beside what
// the kernel enforces, aspect by aspect; a disagreement is marked, an unknown side says so.
import { declaredRows } from '../../../../shared/findings/declaredRows.js';
import type { CheckResult } from '../../../../shared/findings/types.js';
import type { Container, Host } from '../../../../shared/snapshot/schema.js';
import { Marker } from '../tabs/common.js';

export function DeclaredTable({
  container,
  host,
  check,
}: {
  container: Container;
  host: Host | null;
  check: CheckResult | undefined;
}) {
  const d = container.declared;
  if (!d) {
    return (
      <p className="declared-none muted" data-testid="declared-vs-effective" data-state={d === null ? 'unavailable' : 'absent'}>
        Declared vs effective:{' '}
        {check?.reason ?? (d === null ? 'the declared configuration could not be read' : 'not collected in this snapshot')}.
      </p>
    );
  }
  const rows = declaredRows(container, d, host?.capabilityBounding?.set.names ?? null);
  const differ = rows.filter((r) => r.agree === false).length;
  return (
    <details
      className="declared-table"
      data-testid="declared-vs-effective"
      data-state={differ ? 'differs' : 'matches'}
      open={differ > 0}
    >
      <summary>
        <Marker level={differ ? 'bad' : 'good'} /> Declared vs effective:{' '}
        {differ
          ? `${differ === 1 ? '1 aspect differs' : `${differ} aspects differ`} from what the runtime declared`
          : 'the kernel enforces what the runtime declared'}{' '}
        <span className="muted">— {d.source}</span>
      </summary>
      <table className="grid">
        <thead>
          <tr>
            <th>Aspect</th>
            <th>Declared</th>
            <th>Kernel</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr
              key={r.aspect}
              data-aspect={r.aspect}
              data-agree={r.agree === null ? 'unknown' : String(r.agree)}
              className={r.agree === false ? 'differs' : undefined}
            >
              <td>{r.aspect}</td>
              <td>{r.declared}</td>
              <td>{r.kernel}</td>
              <td>
                {r.agree === null ? (
                  <span className="muted">—</span>
                ) : r.agree ? (
                  'same'
                ) : (
                  <strong className="bad-text">differs</strong>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
