// Findings of a container (shared/findings), most severe first: what fails, the kernel facts it
// rests on with their source files, the fix for Docker, Podman and Kubernetes, and a link to
// the tab that shows the evidence. Above them, the Pod Security level it meets and the counts;
// below, what could not be checked and why.
import { useMemo } from 'react';
import { postureText } from '../../../../shared/findings/audit.js';
import type { CheckResult, ContainerAudit, Severity } from '../../../../shared/findings/types.js';
import { containerAudit, type Level } from '../../../../shared/rules/isolation.js';
import type { Container } from '../../../../shared/snapshot/schema.js';
import { useContainerHost } from '../../store/hosts.js';
import { useStore } from '../../store/store.js';
import { Marker } from '../tabs/common.js';
import { tabLabel } from '../tabs/tabList.js';
import { DeclaredTable } from './DeclaredTable.js';
import './findings.css';

const SEVERITY_LEVEL: Record<Severity, Level> = { high: 'bad', medium: 'warn', low: 'unknown' };
const POSTURE_LEVEL: Record<ContainerAudit['posture']['level'], Level> = {
  restricted: 'good',
  baseline: 'warn',
  privileged: 'bad',
  unknown: 'unknown',
};

function refs(f: CheckResult): string {
  return [f.cis ? `CIS ${f.cis.id}` : null, f.pss ? `PSS ${f.pss.level}: ${f.pss.control}` : null].filter(Boolean).join(' · ');
}

/** One finding; `link` opens the view that shows its evidence (a tab, or a fact of the host view). */
export function Finding({ f, link }: { f: CheckResult; link: { label: string; open: () => void } | null }) {
  return (
    <li className={`finding sev-${f.severity}`} data-rule={f.rule} data-severity={f.severity}>
      <div className="finding-head">
        <span className={`sev ${SEVERITY_LEVEL[f.severity]}`}>{f.severity}</span>
        <strong>{f.title}</strong>
        {refs(f) && (
          <span className="refs" title={f.cis ? `CIS Docker Benchmark v1.6.0 ${f.cis.id}: ${f.cis.title}` : undefined}>
            {refs(f)}
          </span>
        )}
        {link && (
          <button type="button" className="link evidence-link" onClick={link.open}>
            see {link.label}
          </button>
        )}
      </div>
      <p className="meaning">{f.meaning}</p>
      <details>
        <summary>Evidence and fix</summary>
        <ul className="evidence">
          {f.evidence.map((e, i) => (
            <li key={i}>
              {e.fact}: <code>{e.value}</code> <span className="muted">— {e.source}</span>
            </li>
          ))}
        </ul>
        <dl className="fixes">
          <dt>Docker</dt>
          <dd>{f.fix.docker}</dd>
          <dt>Podman</dt>
          <dd>{f.fix.podman}</dd>
          <dt>Kubernetes</dt>
          <dd>{f.fix.kubernetes}</dd>
        </dl>
      </details>
    </li>
  );
}

export function FindingsPanel({ container }: { container: Container }) {
  // Judged against its own host's facts, and compared only with containers of that host (two
  // machines' namespace inodes and MCS labels say nothing about each other).
  const host = useContainerHost(container.id);
  const containers = useStore((s) => s.containers);
  const hostOf = useStore((s) => s.hostOf);
  const setTab = useStore((s) => s.setTab);
  const audit = useMemo(() => {
    const hostId = Object.hasOwn(hostOf, container.id) ? hostOf[container.id] : undefined;
    const sameHost = Object.values(containers).filter((c) => (Object.hasOwn(hostOf, c.id) ? hostOf[c.id] : undefined) === hostId);
    return containerAudit(container, host, sameHost);
  }, [container, host, containers, hostOf]);
  const { posture } = audit;
  const unknown = audit.checks.filter((r) => r.outcome === 'unknown');
  return (
    <div className="findings-panel" data-posture={posture.level}>
      <p className="posture">
        <Marker level={POSTURE_LEVEL[posture.level]} /> Pod Security Standards: <strong>{postureText(posture)}</strong> ·{' '}
        {posture.counts.high} high · {posture.counts.medium} medium · {posture.counts.low} low
        {posture.level !== 'restricted' && posture.why.length > 0 && posture.level !== 'unknown' && (
          <span className="muted">
            {' '}
            — {posture.why.slice(0, 3).join('; ')}
            {posture.why.length > 3 ? '; …' : ''}
          </span>
        )}
      </p>
      {audit.findings.length === 0 ? (
        <p className="muted">No findings: every rule that could be checked passes.</p>
      ) : (
        <ul className="findings">
          {audit.findings.map((f) => (
            <Finding key={f.rule} f={f} link={{ label: tabLabel(f.tab), open: () => setTab(f.tab) }} />
          ))}
        </ul>
      )}
      <DeclaredTable container={container} host={host} check={audit.checks.find((r) => r.rule === 'declared.differs')} />
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
      <p className="note muted">
        CIS Docker Benchmark v1.6.0 and Kubernetes Pod Security Standards, judged from what the kernel enforces. “Privileged” is
        judged against the host’s own capability bounding set when the collector could read it, else against every capability
        Isoscope knows.
      </p>
    </div>
  );
}
