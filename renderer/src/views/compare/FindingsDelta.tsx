// Findings only one side of a comparison has ("B fails CIS 5.10 … where A passes"), most severe
// first, from the diff engine's findings (shared/findings/compare.ts), and declared vs effective
// on each side (the runtime's configuration against the kernel). Hidden when a side is the host
// (no container to audit).
import { deltaHeadline, type DeclaredSide, type FindingsComparison } from '../../../../shared/findings/compare.js';
import { Marker } from '../tabs/common.js';
import '../findings/findings.css';

const LEVEL = { high: 'bad', medium: 'warn', low: 'unknown' } as const;
const OUTCOME_LEVEL = { pass: 'good', fail: 'bad', unknown: 'unknown', 'not-applicable': 'unknown' } as const;

function DeclaredLine({ side, d }: { side: 'A' | 'B'; d: DeclaredSide | null }) {
  if (!d) return null;
  return (
    <li data-side={side.toLowerCase()} data-outcome={d.outcome}>
      <Marker level={OUTCOME_LEVEL[d.outcome]} /> <strong>{side}</strong>:{' '}
      {d.outcome === 'unknown' ? `could not check — ${d.text}` : d.text}
      {d.evidence.length > 0 && (
        <ul className="evidence">
          {d.evidence.map((e, i) => (
            <li key={i}>
              {e.fact}: <code>{e.value}</code> <span className="muted">— {e.source}</span>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

export function FindingsDelta({ findings }: { findings: FindingsComparison | undefined }) {
  if (!findings) return null;
  const rows = [
    ...findings.onlyB.map((d) => ({ d, fails: 'B' as const })),
    ...findings.onlyA.map((d) => ({ d, fails: 'A' as const })),
  ];
  return (
    <>
      <h2>Findings on one side only</h2>
      {rows.length === 0 ? (
        <p className="muted" data-testid="findings-delta">
          No finding fails on one side and passes on the other.
        </p>
      ) : (
        <ul className="findings findings-delta" data-testid="findings-delta">
          {rows.map(({ d, fails }) => (
            <li
              key={`${fails}.${d.rule}`}
              className={`finding sev-${d.severity}`}
              data-side={fails.toLowerCase()}
              data-rule={d.rule}
            >
              <span className={`sev ${LEVEL[d.severity]}`}>{d.severity}</span> <strong>{deltaHeadline(d, fails)}</strong>
              <span className="refs"> · {d.title}</span>
              <div className="meaning">{d.meaning}</div>
            </li>
          ))}
        </ul>
      )}
      {findings.declared && (
        <>
          <h3>Declared vs effective</h3>
          <ul className="declared-sides" data-testid="declared-sides">
            <DeclaredLine side="A" d={findings.declared.a} />
            <DeclaredLine side="B" d={findings.declared.b} />
          </ul>
        </>
      )}
    </>
  );
}
