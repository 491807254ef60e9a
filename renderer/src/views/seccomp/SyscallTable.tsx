// The decoded syscalls of one ABI: search, filter by action, grouped by area with counts, the
// dangerous ones the filter lets through highlighted, numbers without a name at the end.
import { useMemo, useState } from 'react';
import type { SeccompArchSummary, SyscallDecision } from '../../../../shared/seccomp/report.js';
import { actionText, decisionKey, keyCounts, keyLabel } from './actions.js';
import { AREA_MEANING, AREAS, areaOf, type Area } from './areas.js';
import { dangerOf, reachOf, refusesNamespaceFlags } from '../../../../shared/rules/danger.js';
import { DecisionCell } from './Decision.js';

interface Row {
  d: SyscallDecision;
  area: Area;
  key: string;
  danger: ReturnType<typeof dangerOf>;
}

export function SyscallTable({ arch }: { arch: SeccompArchSummary }) {
  const [query, setQuery] = useState('');
  const [action, setAction] = useState<string | null>(null);
  const [onlyDanger, setOnlyDanger] = useState(false);
  const [closed, setClosed] = useState<ReadonlySet<Area>>(new Set());

  const rows = useMemo<Row[]>(
    () => arch.syscalls.map((d) => ({ d, area: areaOf(d.name), key: decisionKey(d), danger: dangerOf(d) })),
    [arch],
  );
  const counts = useMemo(() => keyCounts(arch.syscalls), [arch]);
  const activeAction = action && counts.some(([k]) => k === action) ? action : null;
  const q = query.trim().toLowerCase();
  const shown = rows.filter(
    (r) =>
      (!q || r.d.name.includes(q) || nrText(arch.arch, r.d.nr) === q) &&
      (!activeAction || r.key === activeAction) &&
      (!onlyDanger || r.danger),
  );
  const filtering = q !== '' || activeAction !== null || onlyDanger;

  const toggle = (a: Area) => {
    const next = new Set(closed);
    if (next.has(a)) next.delete(a);
    else next.add(a);
    setClosed(next);
  };

  return (
    <div className="syscall-table-wrap" data-arch={arch.arch}>
      <div className="toolbar syscall-toolbar">
        <input
          type="search"
          className="syscall-search"
          placeholder="Search name or number"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          aria-label="Search syscalls"
        />
        <span className="seg action-filter" role="group" aria-label="Filter by action">
          <button type="button" className={activeAction === null ? 'on' : ''} onClick={() => setAction(null)}>
            all <span className="count">{arch.syscalls.length}</span>
          </button>
          {counts.map(([k, n]) => (
            <button
              key={k}
              type="button"
              className={activeAction === k ? 'on' : ''}
              onClick={() => setAction(activeAction === k ? null : k)}
              data-filter={k}
            >
              {keyLabel(k)} <span className="count">{n}</span>
            </button>
          ))}
        </span>
        <label>
          <input type="checkbox" checked={onlyDanger} onChange={(e) => setOnlyDanger(e.target.checked)} /> only dangerous ones let
          through
        </label>
        <span className="sep" />
        <button
          type="button"
          className="mini"
          disabled={filtering}
          onClick={() => setClosed(closed.size ? new Set() : new Set(AREAS))}
        >
          {closed.size ? 'expand all' : 'collapse all'}
        </button>
      </div>
      <table className="grid syscall-table">
        <colgroup>
          <col className="col-nr" />
          <col className="col-name" />
          <col />
        </colgroup>
        <thead>
          <tr>
            <th
              className="num"
              title={
                arch.arch === 'x32'
                  ? 'x32 numbers carry the x32 bit: 0x40000000 + the number shown'
                  : 'The syscall number on this ABI'
              }
            >
              NR
            </th>
            <th>Syscall</th>
            <th>Action</th>
          </tr>
        </thead>
        {AREAS.map((area) => {
          const all = rows.filter((r) => r.area === area);
          const inArea = shown.filter((r) => r.area === area);
          if (all.length === 0 || (filtering && inArea.length === 0)) return null;
          const open = filtering || !closed.has(area);
          return (
            <tbody key={area} className="area-group" data-area={area}>
              <tr className="area-row">
                <th colSpan={3} scope="rowgroup">
                  <button
                    type="button"
                    className="area-toggle"
                    onClick={() => toggle(area)}
                    aria-expanded={open}
                    disabled={filtering}
                  >
                    <span className="caret" aria-hidden>
                      {open ? '▾' : '▸'}
                    </span>
                    {area}
                  </button>
                  <AreaCounts all={all} shown={inArea} filtering={filtering} />
                  <span className="note area-meaning">{AREA_MEANING[area]}</span>
                </th>
              </tr>
              {open &&
                inArea.map((r) => (
                  <tr
                    key={r.d.nr}
                    className={`reach-${reachOf(r.d)}${r.danger ? ` danger ${r.danger.reach}` : ''}`}
                    data-syscall={r.d.name}
                    data-action={r.key}
                  >
                    <td className="num mono muted">{nrText(arch.arch, r.d.nr)}</td>
                    <td>
                      <code className="syscall-name">{r.d.name}</code>
                      {r.danger && (
                        <span
                          className={`badge ${r.danger.reach === 'allowed' ? 'bad' : 'warn'} danger-flag`}
                          title={r.danger.why}
                        >
                          {r.danger.reach === 'allowed' ? 'dangerous, allowed' : 'dangerous, conditional'}
                        </span>
                      )}
                    </td>
                    <td className={r.d.action ? 'decision simple' : 'decision'}>
                      <DecisionCell d={r.d} />
                      {r.danger && <span className="note why">{r.danger.why}</span>}
                      {!r.danger && NS_CALLS.has(r.d.name) && refusesNamespaceFlags(r.d) && (
                        <span className="note why">only without namespace flags (CLONE_NEW*): it cannot create namespaces</span>
                      )}
                    </td>
                  </tr>
                ))}
            </tbody>
          );
        })}
        {shown.length === 0 && (
          <tbody>
            <tr>
              <td colSpan={3} className="muted">
                No syscall matches.
              </td>
            </tr>
          </tbody>
        )}
      </table>
      <Unnamed arch={arch} />
    </div>
  );
}

const NS_CALLS = new Set(['clone', 'unshare']);
const X32_BIT = 0x40000000;

/** The syscall number as shown: x32's without the x32 bit (the column header says so). */
function nrText(arch: string, nr: number): string {
  return arch === 'x32' && nr >= X32_BIT ? String(nr - X32_BIT) : String(nr);
}

function AreaCounts({ all, shown, filtering }: { all: Row[]; shown: Row[]; filtering: boolean }) {
  const allowed = all.filter((r) => reachOf(r.d) === 'allowed').length;
  const conditional = all.filter((r) => reachOf(r.d) === 'conditional').length;
  const danger = all.filter((r) => r.danger?.reach === 'allowed').length;
  const dangerIf = all.filter((r) => r.danger?.reach === 'conditional').length;
  return (
    <span className="area-counts">
      <strong>{filtering ? `${shown.length} of ${all.length}` : all.length}</strong>
      <span className="muted"> · {allowed} allowed</span>
      {all.length - allowed - conditional > 0 && <span className="muted"> · {all.length - allowed - conditional} refused</span>}
      {conditional > 0 && <span className="muted"> · {conditional} conditional</span>}
      {danger > 0 && <span className="badge bad">{danger} dangerous allowed</span>}
      {dangerIf > 0 && <span className="badge warn">{dangerIf} dangerous, conditional</span>}
    </span>
  );
}

function Unnamed({ arch }: { arch: SeccompArchSummary }) {
  if (arch.unnamed.length === 0) return null;
  return (
    <details className="unnamed">
      <summary>
        Numbers without a name on {arch.arch}: {arch.unnamed.length} range{arch.unnamed.length === 1 ? '' : 's'}
      </summary>
      <p className="note">Gaps in the syscall table and numbers past its end: what the filter does with them.</p>
      <span className="chips">
        {arch.unnamed.map((u) => (
          <span key={u.from} className="chip-mono">
            {u.from === u.to ? nrText(arch.arch, u.from) : `${nrText(arch.arch, u.from)}–${nrText(arch.arch, u.to)}`}{' '}
            {u.action ? actionText(u.action) : 'conditional'}
          </span>
        ))}
      </span>
    </details>
  );
}
