// Findings only one side of a comparison has ("B fails CIS 5.10 … where A passes"), most severe
// first, from the diff engine's findings (shared/findings/compare.ts). Hidden when a side is the
// host (no container to audit).
import { deltaHeadline, type FindingsComparison } from '../../../../shared/findings/compare.js';
import '../findings/findings.css';

const LEVEL = { high: 'bad', medium: 'warn', low: 'unknown' } as const;

export function FindingsDelta({ findings }: { findings: FindingsComparison | undefined }) {
  if (!findings) return null;
  const rows = [...findings.onlyB.map((d) => ({ d, fails: 'B' as const })), ...findings.onlyA.map((d) => ({ d, fails: 'A' as const }))];
  return (
    <>
      <h2>Findings on one side only</h2>
      {rows.length === 0 ? (
        <p className="muted" data-testid="findings-delta">No finding fails on one side and passes on the other.</p>
      ) : (
        <ul className="findings findings-delta" data-testid="findings-delta">
          {rows.map(({ d, fails }) => (
            <li key={`${fails}.${d.rule}`} className={`finding sev-${d.severity}`} data-side={fails.toLowerCase()} data-rule={d.rule}>
              <span className={`sev ${LEVEL[d.severity]}`}>{d.severity}</span> <strong>{deltaHeadline(d, fails)}</strong>
              <span className="refs"> · {d.title}</span>
              <div className="meaning">{d.meaning}</div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
