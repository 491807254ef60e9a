// What a profile run saw: the coverage curve (has it levelled off?), the busiest syscalls, and
// when done the generated profile with why each call is in it, to download.
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ProfileProgress, SeccompReport, SyscallDecision } from '../../../../shared/seccomp/report.js';
import type { Container } from '../../../../shared/snapshot/schema.js';
import { fileName, saveFile } from '../../lib/download.js';
import { shortId } from '../../lib/format.js';
import { useChartTheme } from '../tabs/charts.js';
import { FoldedList } from '../tabs/common.js';
import { areaOf } from './areas.js';
import { reachOf } from '../../../../shared/rules/danger.js';
import { ActionChip } from './Decision.js';
import { newlyDenied, summarizeGenerated } from './generated.js';

export const seconds = (ms: number) =>
  ms >= 60_000 && ms % 60_000 === 0
    ? `${ms / 60_000} min`
    : ms < 10_000 && ms % 1000 !== 0
      ? `${(ms / 1000).toFixed(1)} s`
      : `${Math.round(ms / 1000)} s`;

const TOP = 15;

export function ProfileResults({
  progress: p,
  report,
  container,
}: {
  progress: ProfileProgress;
  report: SeccompReport | null;
  container: Container;
}) {
  return (
    <div className="profile-results">
      <div className="profile-charts">
        <Coverage p={p} />
        <TopSyscalls p={p} report={report} />
      </div>
      {p.generated && <Generated generated={p.generated} report={report} container={container} />}
    </div>
  );
}

function Coverage({ p }: { p: ProfileProgress }) {
  const theme = useChartTheme();
  const points = [...(p.coverage[0]?.[0] === 0 ? [] : [{ s: 0, n: 0 }]), ...p.coverage.map(([ms, n]) => ({ s: ms / 1000, n }))];
  const lastNew = p.coverage.reduce((at, [ms, n], i) => (i === 0 || n > p.coverage[i - 1]![1] ? ms : at), 0);
  const quiet = p.elapsedMs - lastNew;
  const top = niceTop(Math.max(5, p.distinct, ...p.coverage.map(([, n]) => n)));
  const levelled = p.distinct > 0 && quiet >= Math.max(5_000, p.elapsedMs / 3);
  return (
    <section className="chart-card coverage-card" data-chart="coverage">
      <header>
        <h3>Distinct syscalls over time</h3>
        {p.distinct > 0 && (
          <span className={`chart-legend ${levelled ? 'levelled' : 'rising'}`}>
            {levelled ? `levelled off: nothing new in the last ${seconds(quiet)}` : `last new one at ${seconds(lastNew)}`}
          </span>
        )}
      </header>
      <div className="chart-body">
        <ResponsiveContainer width="100%" height={170}>
          <LineChart data={points} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
            <CartesianGrid stroke={theme.grid} strokeDasharray="3 3" vertical={false} />
            <XAxis
              dataKey="s"
              type="number"
              domain={[0, p.durationMs / 1000]}
              allowDataOverflow
              tickFormatter={(s: number) => `${s} s`}
              stroke={theme.axis}
              tick={{ fill: theme.axis, fontSize: 11 }}
            />
            <YAxis
              dataKey="n"
              allowDecimals={false}
              domain={[0, top]}
              ticks={[0, 1, 2, 3, 4, 5].map((i) => (top * i) / 5)}
              width={40}
              stroke={theme.axis}
              tick={{ fill: theme.axis, fontSize: 11 }}
            />
            <Tooltip
              isAnimationActive={false}
              content={({ active, payload }) => {
                const pt = payload?.[0]?.payload as { s: number; n: number } | undefined;
                if (!active || !pt) return null;
                return (
                  <div className="chart-tooltip">
                    <div className="tt-time">at {pt.s.toFixed(1)} s</div>
                    <strong>{pt.n}</strong> distinct syscalls
                  </div>
                );
              }}
            />
            <Line dataKey="n" type="stepAfter" stroke={theme.series[0]} strokeWidth={1.8} dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </section>
  );
}

/** A round axis top ≥ v that divides into 5 whole steps: 5, 10, 25, 50, 100, 250, … */
function niceTop(v: number): number {
  for (let unit = 1; ; unit *= 10) for (const m of [5, 10, 25]) if (m * unit >= v) return m * unit;
}

function TopSyscalls({ p, report }: { p: ProfileProgress; report: SeccompReport | null }) {
  const all = Object.entries(p.syscalls).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const top = all.slice(0, TOP);
  const max = top[0]?.[1] ?? 1;
  const current = new Map<string, SyscallDecision>((report?.arches[0]?.syscalls ?? []).map((d) => [d.name, d]));
  const refusedNow = top.filter(([name]) => current.has(name) && reachOf(current.get(name)!) !== 'allowed').length;
  return (
    <section className="chart-card top-card" data-chart="top-syscalls">
      <header>
        <h3>Most frequent syscalls</h3>
        <span className="chart-legend">
          {all.length} distinct · {all.reduce((n, [, k]) => n + k, 0).toLocaleString()} calls
        </span>
      </header>
      {top.length === 0 ? (
        <div className="chart-absent">
          <p>{p.state === 'running' ? 'Waiting for the first system calls…' : 'No system call was seen.'}</p>
        </div>
      ) : (
        <table className="top-syscalls">
          <tbody>
            {top.map(([name, n]) => {
              const d = current.get(name);
              return (
                <tr key={name} data-syscall={name}>
                  <td>
                    <code>{name}</code> <span className="note">{areaOf(name)}</span>
                  </td>
                  <td className="bar-cell">
                    <span className="bar" style={{ width: `${Math.max(2, (n / max) * 100)}%` }} />
                  </td>
                  <td className="num">{n.toLocaleString()}</td>
                  <td className="now">
                    {d &&
                      reachOf(d) !== 'allowed' &&
                      (d.action ? (
                        <ActionChip action={d.action} />
                      ) : (
                        <span className="action-chip conditional">conditional</span>
                      ))}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {all.length > TOP && <p className="note">… and {all.length - TOP} more.</p>}
      {refusedNow > 0 && (
        <p className="note">
          A chip next to a call: the filter running now does not simply allow it, so the container got that answer.
        </p>
      )}
    </section>
  );
}

function Generated({
  generated,
  report,
  container,
}: {
  generated: NonNullable<ProfileProgress['generated']>;
  report: SeccompReport | null;
  container: Container;
}) {
  const summary = summarizeGenerated(generated.profile);
  const denied = summary && report ? newlyDenied(summary, report) : null;
  const explanations = Object.entries(generated.explanations).sort((a, b) => a[0].localeCompare(b[0]));
  const json = JSON.stringify(generated.profile, null, 2);
  const download = () =>
    saveFile(fileName(`seccomp-${container.name ?? shortId(container.id)}`, 'json'), 'application/json', json + '\n');
  return (
    <section className="generated-profile">
      <div className="generated-head">
        <h3>Generated profile</h3>
        {summary && (
          <span className="note">
            default <code>{summary.defaultAction}</code> · {summary.allowed.size} syscalls allowed
          </span>
        )}
        <span className="sep" />
        <button type="button" className="btn primary" onClick={download}>
          Download profile (JSON)
        </button>
      </div>
      {!summary && (
        <p className="warn-text">
          The generated JSON has no defaultAction: it is not a seccomp profile this view can read (download it to look).
        </p>
      )}
      {denied && (
        <p className={`would-deny ${denied.length ? 'some' : 'none'}`} data-count={denied.length}>
          <strong>
            {denied.length} syscall{denied.length === 1 ? '' : 's'} would be denied that the current filter allows
          </strong>
          {denied.length > 0 && (
            <>
              {' '}
              <span className="note">({report!.arches[0]!.arch}):</span>{' '}
              <FoldedList
                items={denied.map((n) => (
                  <code key={n}>{n}</code>
                ))}
                max={12}
              />
            </>
          )}
        </p>
      )}
      {explanations.length > 0 && (
        <details className="explanations-wrap" open={explanations.length <= 40}>
          <summary>Why each syscall is in it ({explanations.length})</summary>
          <table className="grid explanations">
            <thead>
              <tr>
                <th>Syscall</th>
                <th>Why it is allowed</th>
              </tr>
            </thead>
            <tbody>
              {explanations.map(([name, why]) => (
                <tr key={name} data-syscall={name}>
                  <td>
                    <code>{name}</code>
                  </td>
                  <td>{why}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
      <details className="profile-json">
        <summary>The profile as JSON</summary>
        <pre>{json}</pre>
      </details>
    </section>
  );
}
