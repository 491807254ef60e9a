// The report section for a container's cgroup: version, paths, whether it is its own, and the
// limits (a null limit is "unlimited", or "unknown" where it could not be read). Pure; every
// value is escaped.
import { formatBytes } from '../format/bytes.js';
import type { Container } from '../snapshot/schema.js';
import { html, type Raw } from './escape.js';

export function cgroupHtml(c: Container): Raw {
  const l = c.cgroup.limits;
  const unavailable = (k: string) => c.unavailable.some((u) => u.field === `cgroup.limits.${k}` || u.field === 'cgroup');
  const show = (k: keyof typeof l, fmt: (v: never) => string = String) => {
    const v = l[k];
    if (v !== null && !(Array.isArray(v) && v.length === 0)) return fmt(v as never);
    return unavailable(k) ? 'unknown' : 'unlimited';
  };
  const cpu =
    l.cpuQuota !== null && l.cpuPeriod
      ? `${(l.cpuQuota / l.cpuPeriod).toFixed(2)} CPU (${l.cpuQuota}/${l.cpuPeriod} µs)`
      : show('cpuQuota');
  return html`<h3>Cgroup</h3><p>cgroup ${c.cgroup.version ?? '?'}${c.cgroup.exclusive === false ? ', shared with processes outside the container' : ''}: ${Object.entries(c.cgroup.paths).map(([k, p]) => html`<code>${k}:${p}</code> `)}</p>
<table><tbody>
<tr><th>Memory</th><td>${show('memoryMax', formatBytes)}</td><th>memory.high</th><td>${show('memoryHigh', formatBytes)}</td></tr>
<tr><th>Swap</th><td>${show('memorySwapMax', formatBytes)}</td><th>Reservation</th><td>${show('memoryReservation', formatBytes)}</td></tr>
<tr><th>CPU</th><td>${cpu}</td><th>Shares / weight</th><td>${l.cpuShares ?? '—'} / ${l.cpuWeight ?? '—'}</td></tr>
<tr><th>Processes</th><td>${show('pidsMax')}</td><th>cpuset</th><td>${l.cpusetCpus ?? '—'} (mems ${l.cpusetMems ?? '—'})</td></tr>
</tbody></table>`;
}
