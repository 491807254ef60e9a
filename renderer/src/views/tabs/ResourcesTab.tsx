// Resources: live graphs of the container's history (CPU, memory against its limit, IO,
// network, pids against pids max, throttling, PSI) over a 1/5/15-minute window, with pause.
import type { ReactNode } from 'react';
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
const count = (v: number) => formatCount(Math.round(v));

export function ResourcesTab({ container: c }: { container: Container }) {
  const all = useContainerHistory(c.id);
  const paused = useStore((s) => s.paused);
  const setPaused = useStore((s) => s.setPaused);
  const windowMs = useStore((s) => s.windowMs);
  const setWindow = useStore((s) => s.setWindow);
  const pausedAt = useStore((s) => s.pausedAt);
  // Paused: the view stays on the window that ended when Pause was pressed; recording goes on.
  const end = pausedAt ?? (all.length ? all[all.length - 1]!.t : Date.now());
  const start = end - windowMs;
  const points = all.filter((p) => p.t >= start && p.t <= end);
  const l = c.cgroup.limits;

  /** Why a series is empty: still collecting, or the collector reports none (with the reason when known). */
  const absent = (keys: SeriesKey[], field: string | null, isRate: boolean, extra?: ReactNode): ReactNode => {
    if (points.length === 0) return <span className="muted">Waiting for samples…</span>;
    if (isRate && points.length < 2) return <span className="muted">Waiting for a second sample to compute a rate…</span>;
    const unknown = field !== null && c.unavailable.some((u) => u.field === field || u.field.startsWith(field + '.'));
    return (
      <>
        <strong>not available</strong>
        {extra ? <> — {extra}</> : unknown ? <> — <Unavailable list={c.unavailable} field={field!} /></> : <> — the collector reports no {keys.length > 1 ? 'values' : 'value'} for it</>}
      </>
    );
  };
  const s = (key: SeriesKey, name: string, color: Series['color']): Series => ({ key, name, color });
  const cpuLimit = l.cpuQuota !== null && l.cpuPeriod ? (l.cpuQuota / l.cpuPeriod) * 100 : null;
  const common = { points, start, end };
  const psiNote =
    c.cgroup.version !== 'v2' ? (
      <>pressure stall information exists only on cgroup v2; this container’s cgroups are {c.cgroup.version ?? 'of an unknown version'}</>
    ) : undefined;

  return (
    <div className="tab resources-tab">
      <div className="toolbar">
        <span className="seg" role="group" aria-label="Time window">
          {WINDOWS.map((w) => (
            <button key={w.ms} type="button" aria-pressed={windowMs === w.ms} className={windowMs === w.ms ? 'on' : ''} onClick={() => setWindow(w.ms)}>
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
          {all.length ? ` · last sample ${formatTime(end)} · ${points.length} point${points.length === 1 ? '' : 's'} in view` : ''}
        </Note>
      </div>
      <div className="chart-grid">
        <TimeChart
          {...common}
          title="CPU"
          series={[s('cpuPercent', 'used', 1)]}
          format={pct}
          minTop={cpuLimit ? Math.min(cpuLimit, 10) : 10}
          reference={cpuLimit !== null ? { y: cpuLimit, label: `limit ${formatCpus(l.cpuQuota!, l.cpuPeriod!)} = ${pct(cpuLimit)}` } : null}
          absent={absent(['cpuPercent'], 'cgroup.usage.cpuUsageNs', true)}
          footer={<Note>100 % = one full CPU{cpuLimit === null ? ' · no CPU limit' : ''}</Note>}
        />
        <TimeChart
          {...common}
          title="Memory"
          series={[s('memoryBytes', 'in use', 2)]}
          format={bytes}
          bytes
          minTop={1024 * 1024}
          reference={l.memoryMax !== null ? { y: l.memoryMax, label: `limit ${formatBytes(l.memoryMax)}` } : null}
          absent={absent(['memoryBytes'], 'cgroup.usage.memoryCurrent', false)}
          footer={l.memoryMax === null ? <Note>no memory limit{c.unavailable.some((u) => u.field === 'cgroup.limits.memoryMax') ? ' known (unreadable)' : ''}</Note> : null}
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
            c.namespaces.net.sharedWithHost === true ? 'it uses the host’s network namespace, whose traffic is the host’s, so none is counted for it' : undefined,
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
          footer={<Note>{cpuLimit === null ? 'no CPU limit: it is never throttled by its quota' : 'periods per second in which the CPU quota ran out'}</Note>}
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
