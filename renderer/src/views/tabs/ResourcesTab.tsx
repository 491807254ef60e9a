// Resources: live graphs of the container's history (CPU, memory against its limit, IO,
// network, pids against pids max, throttling, PSI; memory peak and swap, memory events per
// interval, CPU bursts) over a 1/5/15-minute window, with pause.
import { useMemo, useState, type ReactNode } from 'react';
import type { HistoryPoint, NewerHistoryPoint } from '../../../../shared/ipc/contract.js';
import { NEWER_POINT_KEYS, type NewerPointKey } from '../../../../shared/ipc/newerPoint.js';
import type { Container } from '../../../../shared/snapshot/schema.js';
import { formatBytes, formatCount, formatCpus, formatTime } from '../../lib/format.js';
import { useStore } from '../../store/store.js';
import { useContainerHistory } from '../sourceContext.js';
import { Unavailable } from '../Unavailable.js';
import { TimeChart, type Series, type SeriesKey } from './charts.js';
import { Note } from './common.js';

const WINDOWS = [
  { ms: 60_000, label: '1 min' },
  { ms: 5 * 60_000, label: '5 min' },
  { ms: 15 * 60_000, label: '15 min' },
];

const trim = (v: number, digits: number) => String(parseFloat(v.toFixed(digits)));
const pct = (v: number) => (v > 0 && v < 0.01 ? '< 0.01 %' : `${trim(v, v < 10 ? 2 : 1)} %`);
const bytes = (v: number) => formatBytes(v);
const rate = (v: number) => `${formatBytes(v)}/s`;
const perSec = (v: number) => `${trim(v, 2)}/s`;
/** formatCount's text from one formatter made once (toLocaleString builds one per call, per tick label). */
const COUNT = new Intl.NumberFormat('en-US');
const count = (v: number) => (Number.isFinite(v) ? COUNT.format(Math.round(v)) : formatCount(v));

/**
 * The newer fields as chart series: TimeChart reads any number|null field of a point, and these
 * are kept out of HistoryPoint's type (see shared/ipc/newerPoint.ts), hence the cast.
 */
const newerKey = (k: NewerPointKey) => k as unknown as SeriesKey;

/**
 * Points whose newer fields are number|null, never missing (a history recorded before them has
 * none: filled with null, and `collected` says so). Live points already have them: no copy.
 */
function withNewer(points: HistoryPoint[]): { points: HistoryPoint[]; collected: boolean } {
  const all = points as NewerHistoryPoint[];
  const collected = all.some((p) => p.memoryPeakBytes !== undefined);
  if (all.every((p) => NEWER_POINT_KEYS.every((k) => p[k] !== undefined))) return { points, collected };
  const filled = all.map((p) => {
    const q: NewerHistoryPoint = { ...p };
    for (const k of NEWER_POINT_KEYS) q[k] ??= null;
    return q;
  });
  return { points: filled, collected };
}

/**
 * The same array as last time when it holds the same points (history points are never changed in
 * place): while paused, samples keep coming but the window's points do not change, and the
 * charts, whose props then keep their identity, are not redrawn.
 */
function useSamePoints(points: HistoryPoint[]): HistoryPoint[] {
  const [kept, setKept] = useState(points);
  const same = kept === points || (kept.length === points.length && kept.every((p, i) => p === points[i]));
  if (!same) setKept(points); // React's "adjust state while rendering": this render is redone at once
  return same ? kept : points;
}

export function ResourcesTab({ container: c }: { container: Container }) {
  const all = useContainerHistory(c.id);
  const paused = useStore((s) => s.paused);
  const setPaused = useStore((s) => s.setPaused);
  const windowMs = useStore((s) => s.windowMs);
  const setWindow = useStore((s) => s.setWindow);
  const pausedAt = useStore((s) => s.pausedAt);
  // Paused: the view stays on the window that ended when Pause was pressed; recording goes on.
  // eslint-disable-next-line react-hooks/purity -- no sample yet: the (empty) window ends now
  const end = pausedAt ?? (all.length ? all[all.length - 1]!.t : Date.now());
  const start = end - windowMs;
  const inWindow = useSamePoints(all.filter((p) => p.t >= start && p.t <= end));
  const { points, collected } = useMemo(() => withNewer(inWindow), [inWindow]);
  const l = c.cgroup.limits;

  /** Why a series is empty: still collecting, or the collector reports none (with the reason when known). */
  const absent = (keys: SeriesKey[], field: string | null, isRate: boolean, extra?: ReactNode): ReactNode => {
    if (points.length === 0) return <span className="muted">Waiting for samples…</span>;
    if (isRate && points.length < 2) return <span className="muted">Waiting for a second sample to compute a rate…</span>;
    const unknown = field !== null && c.unavailable.some((u) => u.field === field || u.field.startsWith(field + '.'));
    return (
      <>
        <strong>not available</strong>
        {extra ? (
          <> — {extra}</>
        ) : unknown ? (
          <>
            {' '}
            — <Unavailable list={c.unavailable} field={field!} />
          </>
        ) : (
          <> — the collector reports no {keys.length > 1 ? 'values' : 'value'} for it</>
        )}
      </>
    );
  };
  const s = (key: SeriesKey, name: string, color: Series['color']): Series => ({ key, name, color });
  const cpuLimit = l.cpuQuota !== null && l.cpuPeriod ? (l.cpuQuota / l.cpuPeriod) * 100 : null;
  const common = { points, start, end };
  // The newer series: drawn only when they have data; otherwise one line saying why.
  const has = (k: NewerPointKey) => points.some((p) => (p as NewerHistoryPoint)[k] != null);
  const notCollected = collected ? undefined : 'not collected in this history (recorded before these counters were sampled)';
  /** Why a newer line inside another chart is missing (peak, swap). */
  const whyNot = (label: string, field: string, v1Note?: string): ReactNode => {
    if (points.length === 0) return null;
    const reason = notCollected ?? (v1Note && c.cgroup.version !== 'v2' ? v1Note : findReason(field));
    return (
      <Note>
        {label}: not available — {reason}
      </Note>
    );
  };
  const findReason = (field: string): ReactNode =>
    c.unavailable.some((u) => u.field === field) ? (
      <Unavailable list={c.unavailable} field={field} />
    ) : (
      'the collector reports no value for it'
    );
  const memorySeries = [s('memoryBytes', 'in use', 2)];
  if (has('memoryPeakBytes')) memorySeries.push(s(newerKey('memoryPeakBytes'), 'peak', 4));
  if (has('swapBytes')) memorySeries.push(s(newerKey('swapBytes'), 'swap', 3));
  const eventSeries = (
    [
      ['oomKillEvents', 'oom_kill', 4],
      ['oomEvents', 'oom', 1],
      ['maxEvents', 'max', 3],
      ['highEvents', 'high', 2],
    ] as const
  )
    .filter(([k]) => has(k))
    .map(([k, name, color]) => s(newerKey(k), name, color));
  const eventsNote =
    notCollected ??
    (c.cgroup.version !== 'v2'
      ? 'cgroup v1 has no memory.events, and this container’s memory.oom_control gave no oom_kill count'
      : undefined);
  const burstNote = notCollected;
  const psiNote =
    c.cgroup.version !== 'v2' ? (
      <>
        pressure stall information exists only on cgroup v2; this container’s cgroups are{' '}
        {c.cgroup.version ?? 'of an unknown version'}
      </>
    ) : undefined;

  return (
    <div className="tab resources-tab">
      <div className="toolbar">
        <span className="seg" role="group" aria-label="Time window">
          {WINDOWS.map((w) => (
            <button
              key={w.ms}
              type="button"
              aria-pressed={windowMs === w.ms}
              className={windowMs === w.ms ? 'on' : ''}
              onClick={() => setWindow(w.ms)}
            >
              {w.label}
            </button>
          ))}
        </span>
        <button type="button" className={`pause${paused ? ' on' : ''}`} onClick={() => setPaused(!paused)} aria-pressed={paused}>
          {paused ? '▶ Resume' : '❚❚ Pause'}
        </button>
        <span className="sep" />
        <Note>
          {paused ? <strong className="warn-text">Paused: graphs frozen</strong> : 'Live'}
          {all.length
            ? ` · last sample ${formatTime(end)} · ${points.length} point${points.length === 1 ? '' : 's'} in view`
            : ''}
        </Note>
      </div>
      <div className="chart-grid">
        <TimeChart
          {...common}
          title="CPU"
          series={[s('cpuPercent', 'used', 1)]}
          format={pct}
          minTop={cpuLimit ? Math.min(cpuLimit, 10) : 10}
          reference={
            cpuLimit !== null ? { y: cpuLimit, label: `limit ${formatCpus(l.cpuQuota!, l.cpuPeriod!)} = ${pct(cpuLimit)}` } : null
          }
          absent={absent(['cpuPercent'], 'cgroup.usage.cpuUsageNs', true)}
          footer={<Note>100 % = one full CPU{cpuLimit === null ? ' · no CPU limit' : ''}</Note>}
        />
        <TimeChart
          {...common}
          title="Memory"
          series={memorySeries}
          format={bytes}
          bytes
          minTop={1024 * 1024}
          reference={l.memoryMax !== null ? { y: l.memoryMax, label: `limit ${formatBytes(l.memoryMax)}` } : null}
          absent={absent(['memoryBytes'], 'cgroup.usage.memoryCurrent', false)}
          footer={
            <>
              {l.memoryMax === null ? (
                <Note>
                  no memory limit{c.unavailable.some((u) => u.field === 'cgroup.limits.memoryMax') ? ' known (unreadable)' : ''}
                </Note>
              ) : null}
              {!has('memoryPeakBytes') && whyNot('peak', 'cgroup.usage.memoryPeak')}
              {!has('swapBytes') &&
                whyNot(
                  'swap',
                  'cgroup.usage.swapCurrent',
                  'cgroup v1 counts swap only together with memory (memory.memsw.*), so swap alone would be a guess',
                )}
            </>
          }
        />
        <TimeChart
          {...common}
          title="Disk IO"
          series={[s('ioReadBps', 'read', 1), s('ioWriteBps', 'write', 3)]}
          format={rate}
          bytes
          minTop={1024}
          absent={absent(['ioReadBps', 'ioWriteBps'], 'cgroup.usage.ioReadBytes', true)}
        />
        <TimeChart
          {...common}
          title="Network"
          series={[s('netRxBps', 'received', 1), s('netTxBps', 'sent', 3)]}
          format={rate}
          bytes
          minTop={1024}
          absent={absent(
            ['netRxBps', 'netTxBps'],
            null,
            true,
            c.namespaces.net.sharedWithHost === true
              ? 'it uses the host’s network namespace, whose traffic is the host’s, so none is counted for it'
              : undefined,
          )}
        />
        <TimeChart
          {...common}
          title="Processes"
          series={[s('pids', 'pids', 2)]}
          format={count}
          integer
          minTop={l.pidsMax !== null ? Math.min(l.pidsMax, 10) : 10}
          reference={l.pidsMax !== null ? { y: l.pidsMax, label: `pids max ${formatCount(l.pidsMax)}` } : null}
          absent={absent(['pids'], 'cgroup.usage.pidsCurrent', false)}
          footer={l.pidsMax === null ? <Note>no pids limit</Note> : null}
        />
        <TimeChart
          {...common}
          title="CPU throttling"
          series={[s('throttledPerSec', 'throttled periods', 4)]}
          format={perSec}
          minTop={1}
          absent={absent(['throttledPerSec'], 'cgroup.usage.nrThrottled', true)}
          footer={
            <Note>
              {cpuLimit === null
                ? 'no CPU limit: it is never throttled by its quota'
                : 'periods per second in which the CPU quota ran out'}
            </Note>
          }
        />
        <TimeChart
          {...common}
          title="Memory events"
          series={eventSeries}
          format={count}
          integer
          minTop={1}
          absent={absent(
            ['oomEvents', 'oomKillEvents'].map((k) => newerKey(k as NewerPointKey)),
            'cgroup.usage.memoryEvents',
            true,
            eventsNote,
          )}
          footer={
            <Note>
              events per sample interval: OOM kills, OOMs, allocations over memory.max and memory.high
              {c.cgroup.version !== 'v2' ? ' (cgroup v1: oom_kill only, from memory.oom_control)' : ''}
            </Note>
          }
        />
        <TimeChart
          {...common}
          title="CPU bursts"
          series={has('burstsPerSec') ? [s(newerKey('burstsPerSec'), 'bursts', 4)] : []}
          format={perSec}
          minTop={1}
          absent={absent([newerKey('burstsPerSec')], 'cgroup.usage.nrBursts', true, burstNote)}
          footer={<Note>periods per second that ran on burst capacity beyond the CPU quota (cpu.stat nr_bursts)</Note>}
        />
        <TimeChart
          {...common}
          title="Pressure (PSI some, avg10)"
          series={[s('psiCpu', 'cpu', 1), s('psiMemory', 'memory', 2), s('psiIo', 'io', 3)]}
          format={pct}
          minTop={1}
          absent={absent(['psiCpu', 'psiMemory', 'psiIo'], 'cgroup.usage.psi', false, psiNote)}
          footer={<Note>share of time some task waited for the resource</Note>}
        />
      </div>
    </div>
  );
}
