// The Cgroups tab's newer kernel fields: the memory ladder (min ≤ low ≤ high ≤ max with the
// usage against it), memory and OOM events explained, swap and zswap, CPU burst and idle, pids
// peak and refused forks, the freezer, and io counters per device. A field a snapshot does not
// carry reads "not collected in this snapshot"; one the kernel lacks reads "unavailable: kernel-lacks".
import type { ReactNode } from 'react';
import { unreadable } from '../../../../shared/rules/isolation.js';
import type { MemoryEvents } from '../../../../shared/snapshot/kernelFeatures.js';
import type { Container } from '../../../../shared/snapshot/schema.js';
import { formatBytes, formatCount, formatNs } from '../../lib/format.js';
import { Unavailable } from '../Unavailable.js';
import { Meter, Note, sourceOf } from './common.js';

const NOT_COLLECTED = <span className="muted not-collected">not collected in this snapshot</span>;
const bytes = (v: number) => formatBytes(v);
const count = (v: number) => formatCount(v);

/** A limit that may be absent (older snapshot), null (unlimited or unreadable) or a number. */
function LimitValue({
  c,
  field,
  value,
  format,
  unlimited = 'unlimited',
}: {
  c: Container;
  field: string;
  value: number | null | undefined;
  format: (v: number) => string;
  unlimited?: string;
}) {
  if (value === undefined) return NOT_COLLECTED;
  if (value === null) {
    if (unreadable(c, `cgroup.limits.${field}`)) return <Unavailable list={c.unavailable} field={`cgroup.limits.${field}`} />;
    return (
      <span className="unlimited" title={sourceOf(c, `limits.${field}`)}>
        {unlimited}
      </span>
    );
  }
  return <span title={sourceOf(c, `limits.${field}`)}>{format(value)}</span>;
}

/** A usage value that may be absent (older snapshot), null (unreadable) or a number. */
function UsageValue({
  c,
  field,
  value,
  format,
}: {
  c: Container;
  field: string;
  value: number | null | undefined;
  format: (v: number) => string;
}) {
  if (value === undefined) return NOT_COLLECTED;
  if (value === null) return <Unavailable list={c.unavailable} field={`cgroup.usage.${field}`} />;
  return <span title={sourceOf(c, `usage.${field}`)}>{format(value)}</span>;
}

function Flag({
  c,
  path,
  value,
  yes,
  no,
}: {
  c: Container;
  path: string;
  value: boolean | null | undefined;
  yes: ReactNode;
  no: ReactNode;
}) {
  if (value === undefined) return NOT_COLLECTED;
  if (value === null) return <Unavailable list={c.unavailable} field={`cgroup.${path}`} />;
  return <span title={sourceOf(c, path)}>{value ? yes : no}</span>;
}

/** One line for a snapshot taken before the newer fields were collected (nothing is shown as a default). */
export function NewerNotCollected({ c }: { c: Container }) {
  if (
    c.cgroup.limits.memoryMin !== undefined ||
    c.cgroup.usage.memoryEvents !== undefined ||
    c.cgroup.limits.cpuMaxBurst !== undefined
  )
    return null;
  return (
    <p className="muted not-collected" data-testid="cgroup-newer-not-collected">
      Memory protections and events, OOM group, swap and zswap, CPU burst and idle, pids peak, the freezer and io per device: not
      collected in this snapshot.
    </p>
  );
}

/** min ≤ low ≤ high ≤ max, each with what the kernel does there, and where usage sits. */
export function MemoryLadder({ c }: { c: Container }) {
  const l = c.cgroup.limits;
  const u = c.cgroup.usage;
  if (l.memoryMin === undefined && c.cgroup.usage.memoryEvents === undefined) return null;
  const v1 = c.cgroup.version !== 'v2';
  const cur = u.memoryCurrent;
  const rungs: { name: string; file: string; field: string; value: number | null | undefined; does: string; zero: string }[] = [
    {
      name: 'max',
      file: v1 ? 'memory.limit_in_bytes' : 'memory.max',
      field: 'memoryMax',
      value: l.memoryMax,
      does: 'hard limit: above it the kernel reclaims, then OOM-kills',
      zero: 'unlimited',
    },
    {
      name: 'high',
      file: 'memory.high',
      field: 'memoryHigh',
      value: v1 ? undefined : l.memoryHigh,
      does: 'throttle point: above it the cgroup is slowed and reclaimed hard, never killed',
      zero: 'unlimited',
    },
    {
      name: 'low',
      file: v1 ? 'memory.soft_limit_in_bytes' : 'memory.low',
      field: 'memoryReservation',
      value: l.memoryReservation,
      does: v1
        ? 'v1 soft limit: reclaimed down to it first under pressure'
        : 'best-effort protection: reclaimed only when nothing unprotected is left',
      zero: 'unlimited',
    },
    {
      name: 'min',
      file: 'memory.min',
      field: 'memoryMin',
      value: l.memoryMin,
      does: 'hard protection: never reclaimed, even under global pressure',
      zero: 'unlimited',
    },
  ];
  return (
    <>
      <h2>Memory ladder</h2>
      <p className="note">
        Usage now: <UsageValue c={c} field="memoryCurrent" value={cur} format={bytes} />. Each rung is what the kernel does when
        usage crosses it; 0 protection means none.
      </p>
      <table className="grid ladder-table" data-testid="memory-ladder">
        <thead>
          <tr>
            <th>Rung</th>
            <th>File</th>
            <th>Value</th>
            <th>Usage against it</th>
            <th>What the kernel does</th>
          </tr>
        </thead>
        <tbody>
          {rungs.map((r) => (
            <tr key={r.name} data-rung={r.name}>
              <th scope="row">{r.name}</th>
              <td className="mono">{r.file}</td>
              <td>
                {v1 && (r.name === 'min' || r.name === 'high') ? (
                  <span className="muted">no v1 equivalent</span>
                ) : (
                  <LimitValue
                    c={c}
                    field={r.field}
                    value={r.value}
                    format={(v) => (v === 0 && (r.name === 'min' || r.name === 'low') ? 'none (0)' : bytes(v))}
                  />
                )}
              </td>
              <td>
                {typeof r.value === 'number' && r.value > 0 && cur !== null ? (
                  <>
                    <Meter value={cur} max={r.value} /> <Note>{((cur / r.value) * 100).toFixed(1)} %</Note>
                  </>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
              <td className="note">{r.does}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

const EVENT_ROWS: { key: keyof MemoryEvents; file: string; meaning: string }[] = [
  { key: 'low', file: 'low', meaning: 'reclaimed although under memory.low: its protection was overcommitted' },
  { key: 'high', file: 'high', meaning: 'went over memory.high and was throttled' },
  { key: 'max', file: 'max', meaning: 'hit memory.max: an allocation had to reclaim (or fail)' },
  { key: 'oom', file: 'oom', meaning: 'reached the limit with nothing left to reclaim: the OOM killer was invoked' },
  { key: 'oomKill', file: 'oom_kill', meaning: 'processes in it killed by the OOM killer' },
  { key: 'oomGroupKill', file: 'oom_group_kill', meaning: 'times the whole cgroup was killed at once (memory.oom.group = 1)' },
];

/** memory.events (hierarchical) beside memory.events.local (this cgroup alone), each explained. */
export function MemoryEventsTable({ c }: { c: Container }) {
  const u = c.cgroup.usage;
  const l = c.cgroup.limits;
  if (u.memoryEvents === undefined && u.oomControl === undefined) return null;
  const ev = u.memoryEvents;
  const local = u.memoryEventsLocal;
  const cell = (e: MemoryEvents | null | undefined, k: keyof MemoryEvents, field: string) =>
    e === undefined ? (
      NOT_COLLECTED
    ) : e === null ? (
      <Unavailable list={c.unavailable} field={`cgroup.usage.${field}`} />
    ) : e[k] === null ? (
      <Unavailable list={c.unavailable} field={`cgroup.usage.${field}.${k}`} />
    ) : (
      <span title={sourceOf(c, `usage.${field}`)} className={e[k]! > 0 && k.startsWith('oom') ? 'warn-text' : undefined}>
        {formatCount(e[k]!)}
      </span>
    );
  const kills = (ev?.oomKill ?? 0) + (ev?.oomGroupKill ?? 0);
  return (
    <>
      <h2>Memory events and OOM</h2>
      <dl className="facts">
        <dt>OOM kills</dt>
        <dd data-testid="oom-summary">
          {ev ? (
            kills > 0 || (ev.oom ?? 0) > 0 ? (
              <strong className="warn-text">
                The OOM killer ran {formatCount(ev.oom ?? 0)} time{ev.oom === 1 ? '' : 's'} here and killed{' '}
                {formatCount(ev.oomKill ?? 0)} process{ev.oomKill === 1 ? '' : 'es'}
                {ev.oomGroupKill ? `; ${formatCount(ev.oomGroupKill)} whole-group kill${ev.oomGroupKill === 1 ? '' : 's'}` : ''}.
              </strong>
            ) : (
              'None since the cgroup was made.'
            )
          ) : u.oomControl ? (
            <span title={sourceOf(c, 'usage.oomControl')}>
              cgroup v1: <UsageValue c={c} field="oomKillEvents" value={u.oomKillEvents} format={count} /> killed
              (memory.oom_control oom_kill)
            </span>
          ) : (
            <Unavailable list={c.unavailable} field="cgroup.usage.memoryEvents" />
          )}
        </dd>
        <dt>Kill the whole group on OOM</dt>
        <dd>
          {c.cgroup.version === 'v2' ? (
            <Flag
              c={c}
              path="limits.memoryOomGroup"
              value={l.memoryOomGroup}
              yes={<>yes (memory.oom.group = 1): one OOM kill takes every process in it</>}
              no="no: the OOM killer picks single processes"
            />
          ) : (
            <span className="muted">no v1 equivalent (memory.oom.group is cgroup v2)</span>
          )}
        </dd>
        {u.oomControl !== undefined && c.cgroup.version !== 'v2' && (
          <>
            <dt>OOM killer (v1 memory.oom_control)</dt>
            <dd>
              {u.oomControl === null ? (
                <Unavailable list={c.unavailable} field="cgroup.usage.oomControl" />
              ) : (
                <span title={sourceOf(c, 'usage.oomControl')}>
                  {u.oomControl.killDisabled ? (
                    <strong className="warn-text">disabled (oom_kill_disable 1): tasks hang at the limit instead</strong>
                  ) : (
                    'enabled'
                  )}
                  {' · '}
                  {u.oomControl.underOom ? <strong className="warn-text">under OOM now</strong> : 'not under OOM'}
                </span>
              )}
            </dd>
          </>
        )}
      </dl>
      {c.cgroup.version === 'v2' && (
        <table className="grid events-table" data-testid="memory-events">
          <thead>
            <tr>
              <th>Event</th>
              <th className="num">This cgroup and below</th>
              <th className="num">This cgroup alone</th>
              <th>Meaning</th>
            </tr>
          </thead>
          <tbody>
            {EVENT_ROWS.map((r) => (
              <tr key={r.key}>
                <th scope="row" className="mono">
                  {r.file}
                </th>
                <td className="num">{cell(ev, r.key, 'memoryEvents')}</td>
                <td className="num">{cell(local, r.key, 'memoryEventsLocal')}</td>
                <td className="note">{r.meaning}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

const ZSWAP_KEYS = ['zswap', 'zswapped', 'zswpin', 'zswpout', 'zswpwb'];

/** Swap (v2 alone, v1 memory+swap), zswap, CPU burst and idle, pids peak, freezer. */
export function NewerFacts({ c }: { c: Container }) {
  const l = c.cgroup.limits;
  const u = c.cgroup.usage;
  if (l.cpuMaxBurst === undefined && u.frozen === undefined) return null;
  const v2 = c.cgroup.version === 'v2';
  const stat = u.memoryStat ?? {};
  const zs = ZSWAP_KEYS.filter((k) => Object.hasOwn(stat, k));
  return (
    <>
      <h2>Swap, burst, idle, pids and freezer</h2>
      <dl className="facts newer-facts" data-testid="cgroup-newer">
        <dt>Swap in use</dt>
        <dd>
          {v2 ? (
            <>
              <UsageValue c={c} field="swapCurrent" value={u.swapCurrent} format={bytes} /> <Note>· peak </Note>
              <UsageValue c={c} field="swapPeak" value={u.swapPeak} format={bytes} />
            </>
          ) : (
            <>
              <Note>memory + swap (v1 memsw) </Note>
              <UsageValue c={c} field="memswCurrent" value={u.memswCurrent} format={bytes} /> <Note>· peak </Note>
              <UsageValue c={c} field="memswPeak" value={u.memswPeak} format={bytes} />
            </>
          )}
        </dd>
        <dt>zswap</dt>
        <dd>
          {v2 ? (
            <>
              <Note>compressed pool </Note>
              <UsageValue c={c} field="zswapCurrent" value={u.zswapCurrent} format={bytes} /> <Note>of </Note>
              <LimitValue c={c} field="memoryZswapMax" value={l.memoryZswapMax} format={bytes} />
              {zs.length > 0 && (
                <div title={sourceOf(c, 'usage.memoryStat')}>
                  <Note>
                    memory.stat:{' '}
                    {zs.map((k) => `${k} ${k.startsWith('zswp') ? formatCount(stat[k]!) : formatBytes(stat[k]!)}`).join(' · ')}
                  </Note>
                </div>
              )}
            </>
          ) : (
            <span className="muted">no v1 equivalent</span>
          )}
        </dd>
        <dt>CPU burst</dt>
        <dd>
          <LimitValue
            c={c}
            field="cpuMaxBurst"
            value={l.cpuMaxBurst}
            format={(v) => (v === 0 ? 'none (0 µs)' : `${formatCount(v)} µs above the quota`)}
          />
          {' · '}
          <UsageValue
            c={c}
            field="nrBursts"
            value={u.nrBursts}
            format={(v) => `${formatCount(v)} burst period${v === 1 ? '' : 's'}`}
          />{' '}
          <Note>using </Note>
          <UsageValue c={c} field="burstNs" value={u.burstNs} format={formatNs} />
          <div>
            <Note>Unused quota saved up to this much may be spent above the quota in a later period.</Note>
          </div>
        </dd>
        <dt>Idle scheduling</dt>
        <dd>
          <Flag
            c={c}
            path="limits.cpuIdle"
            value={l.cpuIdle}
            yes={<strong>yes (cpu.idle = 1): runs only when nothing else wants the CPU</strong>}
            no="no (cpu.idle = 0)"
          />
        </dd>
        <dt>Pids</dt>
        <dd>
          <Note>peak </Note>
          <UsageValue c={c} field="pidsPeak" value={u.pidsPeak} format={count} /> <Note>· forks refused at pids.max </Note>
          <UsageValue c={c} field="pidsMaxEvents" value={u.pidsMaxEvents} format={(v) => (v > 0 ? formatCount(v) : '0')} />
        </dd>
        <dt>Frozen</dt>
        <dd data-testid="frozen-state">
          {u.frozen === undefined ? (
            NOT_COLLECTED
          ) : u.frozen === null ? (
            <Unavailable list={c.unavailable} field="cgroup.usage.frozen" />
          ) : u.frozen ? (
            <strong className="warn-text" title={sourceOf(c, 'usage.frozen')}>
              frozen: every process in it is stopped until it is thawed
            </strong>
          ) : u.freezeRequested ? (
            <strong title={sourceOf(c, 'usage.frozen')}>freezing: a freeze was asked for and is not complete</strong>
          ) : (
            <span title={sourceOf(c, 'usage.frozen')}>no (running)</span>
          )}
          {u.populated !== undefined && u.populated !== null && <Note> · {u.populated ? 'has processes' : 'empty'}</Note>}
        </dd>
      </dl>
    </>
  );
}

/** io.stat (v2) / blkio.throttle.io_service_bytes + io_serviced (v1) per device. */
export function IoPerDevice({ c }: { c: Container }) {
  const devs = c.cgroup.usage.ioDevices;
  if (devs === undefined) return null;
  return (
    <>
      <h2>IO per device</h2>
      {devs === null ? (
        <Unavailable list={c.unavailable} field="cgroup.usage.ioDevices" />
      ) : devs.length === 0 ? (
        <p className="muted" title={sourceOf(c, 'usage.ioDevices')}>
          No block IO recorded for this cgroup.
        </p>
      ) : (
        <table className="grid io-devices-table" data-testid="io-devices">
          <thead>
            <tr>
              <th>Device</th>
              <th className="num">Read</th>
              <th className="num">Written</th>
              <th className="num">Read ops</th>
              <th className="num">Write ops</th>
              <th className="num">Discarded</th>
              <th className="num">Discard ops</th>
            </tr>
          </thead>
          <tbody>
            {devs.map((d) => {
              const n = (v: number | null, f: (x: number) => string) =>
                v === null ? <span className="muted">not reported</span> : f(v);
              return (
                <tr key={d.device} title={sourceOf(c, 'usage.ioDevices')}>
                  <td>
                    {d.name ? <strong>{d.name}</strong> : null} <span className="mono muted">{d.device}</span>
                  </td>
                  <td className="num">{n(d.rbytes, bytes)}</td>
                  <td className="num">{n(d.wbytes, bytes)}</td>
                  <td className="num">{n(d.rios, count)}</td>
                  <td className="num">{n(d.wios, count)}</td>
                  <td className="num">{n(d.dbytes, bytes)}</td>
                  <td className="num">{n(d.dios, count)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}
