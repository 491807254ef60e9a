// Two sides compared: pickers, the verdict, the facts side by side per area with differences
// marked (and the side left less isolated), every difference explained, and both sides'
// graphs on the same axes. Live sides change as the containers change.
import { useMemo } from 'react';
import { AREAS, diffIsolation, type Area } from '../../../../shared/diff/diff.js';
import { exportDiff } from '../../lib/exporting.js';
import { useStore } from '../../store/store.js';
import { useWorkspace } from '../../store/workspace.js';
import { useHosts } from '../../store/hosts.js';
import { factRows } from './facts.js';
import { FindingsDelta } from './FindingsDelta.js';
import { OverlaidGraphs } from './OverlaidGraphs.js';
import { SyscallDiff } from './SyscallDiff.js';
import { historyOf, refKey, resolveSide, sideOptions, type Live } from './sides.js';

const AREA_TITLE: Record<Area, string> = {
  namespaces: 'Namespaces',
  userns: 'User namespace',
  capabilities: 'Capabilities',
  seccomp: 'Seccomp',
  mac: 'MAC (AppArmor / SELinux)',
  cgroups: 'Cgroup limits',
  rootfs: 'Root filesystem',
  user: 'User',
};

export function CompareView() {
  const host = useStore((s) => s.host);
  const containers = useStore((s) => s.containers);
  const history = useStore((s) => s.history);
  const hostOf = useStore((s) => s.hostOf);
  const facts = useHosts((s) => s.facts);
  const hosts = useHosts((s) => s.hosts);
  const { compare, imported, onlyDifferences, setOnlyDifferences, setSide, closeCompare } = useWorkspace();
  const live: Live = useMemo(
    () => ({ host, containers, history, hostOf, facts, hosts }),
    [host, containers, history, hostOf, facts, hosts],
  );
  if (!compare) return null;
  const a = resolveSide(compare.a, live, imported);
  const b = resolveSide(compare.b, live, imported);
  const groups = sideOptions(live, imported);

  const picker = (which: 'a' | 'b') => (
    <label className="side-picker">
      <span className={`side-letter ${which}`}>{which.toUpperCase()}</span>
      <select
        value={refKey(compare[which])}
        onChange={(e) => {
          const opt = groups.flatMap((g) => g.options).find((o) => o.key === e.target.value);
          if (opt) setSide(which, opt.ref);
        }}
        aria-label={`Side ${which.toUpperCase()}`}
      >
        {groups.map((g) => (
          <optgroup key={g.group} label={g.group}>
            {g.options.map((o) => (
              <option key={o.key} value={o.key}>
                {o.label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </label>
  );

  const diff = a && b ? diffIsolation(a, b) : null;
  const rows = a && b && diff ? factRows(a, b, diff.differences) : [];
  return (
    <section className="compare-view">
      <header className="compare-header">
        <h1>Compare</h1>
        {picker('a')}
        {picker('b')}
        <span className="sep" />
        {diff && (
          <span className="export-buttons" aria-label="Export the comparison">
            Export{' '}
            {(['html', 'md', 'json'] as const).map((f) => (
              <button key={f} type="button" onClick={() => exportDiff(f, diff)}>
                {f.toUpperCase()}
              </button>
            ))}
          </span>
        )}
        <button type="button" onClick={closeCompare} title="Close the comparison (Esc)">
          Close
        </button>
      </header>
      {!a || !b ? (
        <p className="empty">
          {!a ? 'Side A' : 'Side B'} is gone (the container stopped, or the snapshot was closed). Pick another.
        </p>
      ) : (
        <>
          <p className={`verdict ${diff!.equal ? 'equal' : 'different'}`} data-testid="verdict">
            {diff!.summary}
          </p>
          <label className="only-diffs">
            <input type="checkbox" checked={onlyDifferences} onChange={(e) => setOnlyDifferences(e.target.checked)} /> only
            differences
          </label>
          <table className="grid compare-table">
            <thead>
              <tr>
                <th>Fact</th>
                <th>A: {a.label}</th>
                <th>B: {b.label}</th>
              </tr>
            </thead>
            {AREAS.map((area) => {
              const inArea = rows.filter((r) => r.area === area && (!onlyDifferences || r.differs));
              const diffs = diff!.differences.filter((d) => d.area === area);
              const count = Math.max(diffs.length, rows.filter((r) => r.area === area && r.differs).length);
              if (diff!.skipped.includes(area) || (inArea.length === 0 && diffs.length === 0)) return null;
              return (
                <tbody key={area} data-area={area}>
                  <tr className="area-row">
                    <th colSpan={3}>
                      {AREA_TITLE[area]}{' '}
                      {count === 0 ? (
                        <span className="badge good">same</span>
                      ) : (
                        <span className="badge warn">
                          {count} difference{count > 1 ? 's' : ''}
                        </span>
                      )}
                    </th>
                  </tr>
                  {inArea.map((r) => (
                    <tr key={`${r.area}.${r.field}`} className={r.differs ? 'differs' : ''}>
                      <td>{r.label}</td>
                      <td className={r.lessIsolated === 'a' ? 'less' : ''}>{r.a}</td>
                      <td className={r.lessIsolated === 'b' ? 'less' : ''}>{r.b}</td>
                    </tr>
                  ))}
                  {diffs.map((d, i) => (
                    <tr key={`m${i}`} className={`meaning ${d.unknown ? 'unknown' : ''}`} data-field={d.field}>
                      <td colSpan={3}>
                        {d.lessIsolated ? (
                          <span className={`badge bad side-${d.lessIsolated}`}>{d.lessIsolated.toUpperCase()} less isolated</span>
                        ) : d.unknown ? (
                          <span className="badge unknown">unknown</span>
                        ) : (
                          <span className="badge unknown">different</span>
                        )}{' '}
                        {d.meaning}{' '}
                        <span className="muted">
                          ({d.a} → {d.b})
                        </span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              );
            })}
          </table>
          {diff!.skipped.length > 0 && (
            <p className="muted">Not compared for the host: {diff!.skipped.map((s) => AREA_TITLE[s]).join(', ')}.</p>
          )}
          <FindingsDelta findings={diff!.findings} />
          <h2>Seccomp, syscall by syscall</h2>
          <SyscallDiff a={compare.a} b={compare.b} />
          <h2>Resources, on the same axes</h2>
          <OverlaidGraphs
            a={{ label: a.label, points: historyOf(compare.a, live, imported) }}
            b={{ label: b.label, points: historyOf(compare.b, live, imported) }}
          />
        </>
      )}
    </section>
  );
}
