// Cgroups: version, paths, whether the cgroup is the container's alone, and each limit next to
// its usage (the file each number came from on hover), then IO limits, PSI and memory.stat.
import type { ReactNode } from 'react';
import { unreadable } from '../../../../shared/rules/isolation.js';
import type { Container } from '../../../../shared/snapshot/schema.js';
import { formatBytes, formatCount, formatCpus, formatNs } from '../../lib/format.js';
import { Unavailable } from '../Unavailable.js';
import { IoLimits, MemoryStat, PressureTable } from './cgroupDetails.js';
import { IoPerDevice, MemoryEventsTable, MemoryLadder, NewerFacts, NewerNotCollected } from './cgroupNewer.js';
import { Limit, Meter, Note, sourceOf, Usage } from './common.js';

const VERSION_TEXT: Record<string, string> = {
  v1: 'v1 (one hierarchy per controller)',
  v2: 'v2 (unified hierarchy)',
  hybrid: 'hybrid (v1 controllers plus the v2 unified tree)',
};

export function CgroupsTab({ container: c }: { container: Container }) {
  const { version, exclusive, paths } = c.cgroup;
  // Usually every controller sits at the same path: one row per distinct path, its controllers listed.
  const byPath = new Map<string, string[]>();
  for (const k of Object.keys(paths).sort((a, b) => (a === 'unified' ? 1 : b === 'unified' ? -1 : a.localeCompare(b)))) {
    byPath.set(paths[k]!, [...(byPath.get(paths[k]!) ?? []), k === 'unified' ? 'unified (v2)' : k]);
  }
  return (
    <div className="tab cgroups-tab">
      <dl className="facts">
        <dt>Version</dt>
        <dd>{version ? VERSION_TEXT[version] : <Unavailable list={c.unavailable} field="cgroup.version" />}</dd>
        <dt>Its own cgroup?</dt>
        <dd>
          {exclusive === null ? (
            <Unavailable list={c.unavailable} field="cgroup.exclusive" />
          ) : exclusive ? (
            'Yes: only the container’s processes are in it.'
          ) : (
            <strong className="warn-text">
              No: processes outside the container share this cgroup. The limits bind them too, and the usage below counts them as
              well.
            </strong>
          )}
        </dd>
      </dl>

      <h2>Limits and usage</h2>
      <table className="grid limits-table">
        <thead>
          <tr>
            <th>Resource</th>
            <th>Limit</th>
            <th>Usage</th>
          </tr>
        </thead>
        <tbody>
          <LimitRows c={c} />
        </tbody>
      </table>
      <p className="note">Hover a number to see the file it was read from.</p>

      <NewerNotCollected c={c} />
      <MemoryLadder c={c} />
      <MemoryEventsTable c={c} />
      <NewerFacts c={c} />
      <IoLimits c={c} />
      <IoPerDevice c={c} />
      <PressureTable c={c} />
      <MemoryStat c={c} />

      <h2>Paths</h2>
      {byPath.size === 0 ? (
        <Unavailable list={c.unavailable} field="cgroup.paths" />
      ) : (
        <table className="grid paths-table">
          <thead>
            <tr>
              <th>Path in the hierarchy</th>
              <th>Controllers</th>
            </tr>
          </thead>
          <tbody>
            {[...byPath].map(([path, ctrls]) => (
              <tr key={path}>
                <td>
                  <code>{path}</code>
                </td>
                <td>{ctrls.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function Row({ name, hint, limit, usage }: { name: string; hint?: string; limit: ReactNode; usage?: ReactNode }) {
  return (
    <tr>
      <th scope="row">
        {name}
        {hint && <div className="note">{hint}</div>}
      </th>
      <td>{limit}</td>
      <td>{usage ?? <span className="muted">—</span>}</td>
    </tr>
  );
}

/** Show an optional row when it has a value, a source file, or an unavailable entry. */
function present(c: Container, field: string, value: unknown): boolean {
  return value !== null || sourceOf(c, `limits.${field}`) !== undefined || unreadable(c, `cgroup.limits.${field}`);
}

function LimitRows({ c }: { c: Container }) {
  const l = c.cgroup.limits;
  const u = c.cgroup.usage;
  const bytes = (v: number) => formatBytes(v);
  const count = (v: number) => formatCount(v);
  const swapIsMemsw = (sourceOf(c, 'limits.memorySwapMax') ?? '').includes('memsw');
  const v1 = c.cgroup.version === 'v1' || c.cgroup.version === 'hybrid';
  return (
    <>
      <Row
        name="Memory max"
        hint="Above it the kernel reclaims, then OOM-kills"
        limit={<Limit c={c} field="memoryMax" value={l.memoryMax} format={bytes} />}
        usage={
          <>
            <Usage c={c} field="memoryCurrent" value={u.memoryCurrent} format={bytes} />
            {l.memoryMax !== null && u.memoryCurrent !== null && (
              <>
                {' '}
                <Meter value={u.memoryCurrent} max={l.memoryMax} />{' '}
                <Note>{((u.memoryCurrent / l.memoryMax) * 100).toFixed(1)} %</Note>
              </>
            )}
            <div>
              <Note>peak </Note>
              <Usage c={c} field="memoryPeak" value={u.memoryPeak} format={bytes} />
            </div>
          </>
        }
      />
      {present(c, 'memoryHigh', l.memoryHigh) && (
        <Row
          name="Memory high"
          hint="Above it the kernel throttles and reclaims hard"
          limit={<Limit c={c} field="memoryHigh" value={l.memoryHigh} format={bytes} />}
        />
      )}
      <Row
        name="Swap max"
        hint={swapIsMemsw ? 'v1: the memsw limit (memory + swap) minus the memory limit' : 'Swap it may use on top of memory'}
        limit={<Limit c={c} field="memorySwapMax" value={l.memorySwapMax} format={bytes} />}
      />
      {present(c, 'memoryReservation', l.memoryReservation) && (
        <Row
          name="Memory reservation"
          hint={v1 ? 'v1 soft limit' : 'v2 memory.low: protected from reclaim'}
          limit={<Limit c={c} field="memoryReservation" value={l.memoryReservation} format={bytes} />}
        />
      )}
      <Row
        name="Pids max"
        hint="Processes and threads"
        limit={<Limit c={c} field="pidsMax" value={l.pidsMax} format={count} />}
        usage={
          <>
            <Usage c={c} field="pidsCurrent" value={u.pidsCurrent} format={count} />
            {l.pidsMax !== null && u.pidsCurrent !== null && (
              <>
                {' '}
                <Meter value={u.pidsCurrent} max={l.pidsMax} /> <Note>of {formatCount(l.pidsMax)}</Note>
              </>
            )}
          </>
        }
      />
      <Row
        name="CPU bandwidth"
        hint="Quota per period"
        limit={
          l.cpuQuota !== null && l.cpuPeriod ? (
            <span title={sourceOf(c, 'limits.cpuQuota')}>
              <strong>{formatCpus(l.cpuQuota, l.cpuPeriod)}</strong>{' '}
              <Note>
                ({formatCount(l.cpuQuota)} µs every {formatCount(l.cpuPeriod)} µs)
              </Note>
            </span>
          ) : (
            <Limit c={c} field="cpuQuota" value={l.cpuQuota} format={count} />
          )
        }
        usage={
          <>
            <Usage c={c} field="cpuUsageNs" value={u.cpuUsageNs} format={formatNs} /> <Note>CPU time</Note>
            {u.cpuUserNs !== null && u.cpuSystemNs !== null && (
              <div>
                <Note>
                  user {formatNs(u.cpuUserNs)} · system {formatNs(u.cpuSystemNs)}
                </Note>
              </div>
            )}
          </>
        }
      />
      {present(c, 'cpuShares', l.cpuShares) && (
        <Row
          name="CPU shares"
          hint="v1, relative; default 1024"
          limit={<Limit c={c} field="cpuShares" value={l.cpuShares} format={count} />}
        />
      )}
      {present(c, 'cpuWeight', l.cpuWeight) && (
        <Row
          name="CPU weight"
          hint="v2, relative; default 100"
          limit={<Limit c={c} field="cpuWeight" value={l.cpuWeight} format={count} />}
        />
      )}
      {present(c, 'cpusetCpus', l.cpusetCpus) && (
        <Row name="Cpuset CPUs" hint="CPUs it may run on" limit={<Limit c={c} field="cpusetCpus" value={l.cpusetCpus} />} />
      )}
      {present(c, 'cpusetMems', l.cpusetMems) && (
        <Row name="Cpuset memory nodes" limit={<Limit c={c} field="cpusetMems" value={l.cpusetMems} />} />
      )}
      <Row
        name="Throttling"
        hint="Periods in which the quota ran out"
        limit={<span className="muted">follows the CPU bandwidth</span>}
        usage={
          <>
            <Usage c={c} field="nrThrottled" value={u.nrThrottled} format={count} /> <Note>throttled of</Note>{' '}
            <Usage c={c} field="nrPeriods" value={u.nrPeriods} format={count} /> <Note>periods</Note>
            <div>
              <Note>time throttled </Note>
              <Usage c={c} field="throttledNs" value={u.throttledNs} format={formatNs} />
            </div>
          </>
        }
      />
      <Row
        name="OOM"
        hint="Times memory ran out / processes killed for it"
        limit={<span className="muted">follows memory max</span>}
        usage={
          <>
            <Note>events </Note>
            <Usage c={c} field="oomEvents" value={u.oomEvents} format={count} />
            <Note> · kills </Note>
            <Usage c={c} field="oomKillEvents" value={u.oomKillEvents} format={count} />
          </>
        }
      />
      <Row
        name="IO total"
        hint="Bytes read and written since the cgroup was made"
        limit={
          <span className="muted">
            {l.io.length ? `${l.io.length} device limit${l.io.length > 1 ? 's' : ''} below` : 'no device limits'}
          </span>
        }
        usage={
          <>
            <Note>read </Note>
            <Usage c={c} field="ioReadBytes" value={u.ioReadBytes} format={bytes} />
            <Note> · written </Note>
            <Usage c={c} field="ioWriteBytes" value={u.ioWriteBytes} format={bytes} />
          </>
        }
      />
    </>
  );
}
