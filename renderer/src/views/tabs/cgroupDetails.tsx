// The Cgroups tab's longer tables: IO limits per device, pressure stall information, and the
// full memory.stat (folded).
import type { Container, PsiLine } from '../../../../shared/snapshot/schema.js';
import { formatBytes, formatCount } from '../../lib/format.js';
import { Unavailable } from '../Unavailable.js';
import { Note, sourceOf } from './common.js';

export function IoLimits({ c }: { c: Container }) {
  const io = c.cgroup.limits.io;
  if (io.length === 0) return null;
  const rate = (v: number | null, unit: 'B' | 'IOPS') =>
    v === null ? <span className="unlimited">unlimited</span> : unit === 'B' ? `${formatBytes(v)}/s` : `${formatCount(v)} IOPS`;
  return (
    <>
      <h2>IO limits per device</h2>
      <table className="grid">
        <thead>
          <tr>
            <th>Device (major:minor)</th>
            <th>Read</th>
            <th>Write</th>
            <th>Read ops</th>
            <th>Write ops</th>
          </tr>
        </thead>
        <tbody>
          {io.map((d) => (
            <tr key={d.device} title={sourceOf(c, 'limits.io')}>
              <td className="mono">{d.device}</td>
              <td title={sourceOf(c, 'limits.io.readBps')}>{rate(d.readBps, 'B')}</td>
              <td title={sourceOf(c, 'limits.io.writeBps')}>{rate(d.writeBps, 'B')}</td>
              <td title={sourceOf(c, 'limits.io.readIops')}>{rate(d.readIops, 'IOPS')}</td>
              <td title={sourceOf(c, 'limits.io.writeIops')}>{rate(d.writeIops, 'IOPS')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

const PSI_RESOURCES = ['cpu', 'memory', 'io'] as const;

function PsiCells({ line }: { line: PsiLine | null }) {
  if (!line) {
    return (
      <td colSpan={4} className="muted">
        not reported
      </td>
    );
  }
  return (
    <>
      <td className="num">{line.avg10.toFixed(2)} %</td>
      <td className="num">{line.avg60.toFixed(2)} %</td>
      <td className="num">{line.avg300.toFixed(2)} %</td>
      <td className="num" title="Total stall time in microseconds">
        {formatCount(line.total)} µs
      </td>
    </>
  );
}

export function PressureTable({ c }: { c: Container }) {
  const psi = c.cgroup.usage.psi;
  return (
    <>
      <h2>Pressure (PSI)</h2>
      {psi === null ? (
        <p>
          <Unavailable list={c.unavailable} field="cgroup.usage.psi" />
          {c.cgroup.version !== 'v2' && <Note> · pressure stall information exists only on cgroup v2</Note>}
        </p>
      ) : (
        <>
          <p className="note">Share of wall time in which some (or all) of its tasks stalled waiting for the resource.</p>
          <table className="grid psi-table">
            <thead>
              <tr>
                <th>Resource</th>
                <th />
                <th className="num">10 s</th>
                <th className="num">60 s</th>
                <th className="num">300 s</th>
                <th className="num">Total</th>
              </tr>
            </thead>
            <tbody>
              {PSI_RESOURCES.map((r) => {
                const p = psi[r];
                if (!p) {
                  return (
                    <tr key={r}>
                      <th scope="row">{r}</th>
                      <td colSpan={5}>
                        <Unavailable list={c.unavailable} field={`cgroup.usage.psi.${r}`} />
                      </td>
                    </tr>
                  );
                }
                return [
                  <tr key={`${r}-some`} title={sourceOf(c, `usage.psi.${r}`)}>
                    <th scope="row" rowSpan={2}>
                      {r}
                    </th>
                    <td className="muted">some</td>
                    <PsiCells line={p.some} />
                  </tr>,
                  <tr key={`${r}-full`} title={sourceOf(c, `usage.psi.${r}`)}>
                    <td className="muted">full</td>
                    <PsiCells line={p.full} />
                  </tr>,
                ];
              })}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}

/** memory.stat keys that count events or pages rather than bytes. */
const COUNT_KEY =
  /^(total_)?(pg|workingset_|thp_|zswpin|zswpout|zswpwb|numa_|hierarchical_.*events)|_events$|^(total_)?(nr_|oom)/;

export function MemoryStat({ c }: { c: Container }) {
  const stat = c.cgroup.usage.memoryStat;
  if (stat === null) {
    return (
      <>
        <h2>memory.stat</h2>
        <Unavailable list={c.unavailable} field="cgroup.usage.memoryStat" />
      </>
    );
  }
  const entries = Object.entries(stat).sort(([a], [b]) => a.localeCompare(b));
  return (
    <details className="collapsible">
      <summary title={sourceOf(c, 'usage.memoryStat')}>
        <h2>memory.stat</h2> <span className="count">{entries.length} keys</span>
      </summary>
      <table className="grid memstat-table">
        <thead>
          <tr>
            <th>Key</th>
            <th className="num">Value</th>
            <th className="num">Raw</th>
          </tr>
        </thead>
        <tbody>
          {entries.map(([k, v]) => (
            <tr key={k}>
              <td className="mono">{k}</td>
              <td className="num">{COUNT_KEY.test(k) ? formatCount(v) : formatBytes(v)}</td>
              <td className="num mono muted">{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
