// Findings about the host itself (shared/findings/host.ts), most severe first, in the look of a
// container's Findings panel: each links to the host fact it rests on (scrolled to and
// highlighted in this view); what could not be checked is listed with its reason.
import { useMemo } from 'react';
import { bySeverity } from '../../../../shared/findings/audit.js';
import { auditHost } from '../../../../shared/findings/host.js';
import type { Container, Host } from '../../../../shared/snapshot/schema.js';
import { Finding } from './FindingsPanel.js';
import './findings.css';

/** The fact of the host view that shows a host rule's evidence (element id), by rule. */
const EVIDENCE_FACT: Record<string, { label: string; id: string }> = {
  'host.no-mac': { label: 'Active LSMs', id: 'host-fact-lsms' },
};

function showFact(id: string): void {
  const el = document.getElementById(id);
  if (!el) return;
  el.scrollIntoView({ block: 'center' });
  el.classList.remove('flash');
  void el.offsetWidth; // restart the highlight animation
  el.classList.add('flash');
}

export function HostFindings({ host, containers }: { host: Host; containers: Container[] }) {
  const checks = useMemo(() => auditHost({ schemaVersion: 1, takenAt: '', host, containers }), [host, containers]);
  const findings = checks.filter((r) => r.outcome === 'fail').sort(bySeverity);
  const unknown = checks.filter((r) => r.outcome === 'unknown');
  const passed = checks.filter((r) => r.outcome === 'pass');
  return (
    <section className="findings-panel host-findings" data-testid="host-findings">
      <h2>Host findings</h2>
      <p className="posture muted">
        {findings.length} finding{findings.length === 1 ? '' : 's'} · {passed.length} passed · {unknown.length} could not be
        checked — what every container on this host inherits or misses.
      </p>
      {findings.length === 0 ? (
        <p className="muted">No host findings: every host check that could be made passes.</p>
      ) : (
        <ul className="findings">
          {findings.map((f) => {
            const fact = Object.hasOwn(EVIDENCE_FACT, f.rule) ? EVIDENCE_FACT[f.rule]! : null;
            return <Finding key={f.rule} f={f} link={fact ? { label: fact.label, open: () => showFact(fact.id) } : null} />;
          })}
        </ul>
      )}
      {unknown.length > 0 && (
        <details className="unknown-checks">
          <summary>Could not check ({unknown.length})</summary>
          <ul>
            {unknown.map((u) => (
              <li key={u.rule}>
                <code>{u.rule}</code>: {u.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
