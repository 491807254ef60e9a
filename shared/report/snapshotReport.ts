// A snapshot as one self-contained HTML page: the host, a table of containers with their
// isolation badges, then each container in detail, with its resource charts when history is
// given. Pure.
import type { HistoryPoint } from '../ipc/contract.js';
import { CAPABILITY_INFO } from '../rules/capabilityInfo.js';
import { badges, rootMapping } from '../rules/isolation.js';
import type { CapabilitySet, Container, Host, IdMapEntry, Snapshot, Unavailable } from '../snapshot/schema.js';
import { formatBytes } from '../format/bytes.js';
import { shortId } from '../format/ids.js';
import { auditContainer } from '../findings/audit.js';
import type { ContainerAudit } from '../findings/types.js';
import { historyCharts } from './chart.js';
import { findingsHtml, postureLine } from './findingsReport.js';
import { html, type Raw } from './escape.js';
import { htmlPage } from './page.js';
import { eventsOf, isolationHtml } from './isolationReport.js';
import { mountsHtml } from './mountsReport.js';
import { explainHtml } from './explainReport.js';
import type { IsolationEvent, IsolationTimeline } from '../snapshot/isolationEvents.js';

export type History = Record<string, HistoryPoint[]>;

/** One container's history (own property only: ids are the containers' to choose, and a plain
 * `{}` would hand a container named `constructor` or `__proto__` Object's own members). */
export function historyOf(history: History, id: string): HistoryPoint[] | undefined {
  return Object.hasOwn(history, id) ? history[id] : undefined;
}

const MAX_PROCESSES = 200;
export const containerTitle = (c: Container) => c.name ?? shortId(c.id);

export function badgeList(c: Container): Raw {
  return html`${badges(c).map((b) => html`<span class="badge ${b.level}" title="${b.why}">${b.label}</span>`)}`;
}

function limitText(c: Container, key: 'memoryMax' | 'pidsMax', fmt: (n: number) => string): string {
  const v = c.cgroup.limits[key];
  if (v !== null) return fmt(v);
  return c.unavailable.some((u) => u.field === `cgroup.limits.${key}` || u.field === 'cgroup') ? 'unknown' : 'unlimited';
}

function hostHeader(s: Snapshot): Raw {
  const h = s.host;
  return html`<header><h1>Isoscope snapshot — ${h.hostname ?? 'unknown host'}</h1>
<p class="muted">Taken ${s.takenAt} · kernel ${h.kernel ?? '?'} · cgroup ${h.cgroupVersion ?? '?'} · LSMs ${h.lsms?.join(', ') ?? 'unknown'} ·
collector ${h.collector.version} as uid ${h.collector.euid}${h.collector.privileged ? '' : ' (not root: other users’ processes may be hidden)'} · ${s.containers.length} container(s)</p></header>
${unavailableList(h.unavailable, 'Host facts that could not be read')}`;
}

function overview(s: Snapshot): Raw {
  if (s.containers.length === 0) return html`<p>No containers or sandboxes found.</p>`;
  return html`<table><thead><tr><th>Container</th><th>Runtime</th><th>Init PID</th><th>Isolation</th><th>Memory limit</th><th>Findings</th></tr></thead><tbody>
${s.containers.map((c, i) => html`<tr><td><a href="#c${i}">${containerTitle(c)}</a><br><code>${shortId(c.id)}</code></td><td>${c.runtime}${c.role === 'pod-sandbox' ? ' (pod sandbox)' : ''}</td><td>${c.initPid}</td><td>${badgeList(c)}</td><td>${limitText(c, 'memoryMax', formatBytes)}</td><td>${postureLine(auditContainer(s, c))}</td></tr>\n`)}
</tbody></table>`;
}

function unavailableList(list: Unavailable[], title: string): Raw {
  if (list.length === 0) return html``;
  return html`<details><summary>${title} (${list.length})</summary><ul class="plain">${list.map((u) => html`<li><code>${u.field}</code>: ${u.reason}${u.detail ? html` — <span class="mono">${u.detail}</span>` : ''}</li>`)}</ul></details>`;
}

const mapText = (m: IdMapEntry[] | null) => (m === null ? 'unknown' : m.length === 0 ? 'empty' : m.map((e) => `${e.inside} → ${e.outside} (${e.count})`).join(', '));

function namespaces(c: Container): Raw {
  const rows = Object.entries(c.namespaces).map(([t, n]) => {
    const where = n.sharedWithHost === null ? html`<span class="unknown">unknown</span>` : n.sharedWithHost ? html`<span class="warn">host’s</span>` : html`<span class="good">own</span>`;
    return html`<tr><td>${t}</td><td><code>${n.inode ?? '—'}</code></td><td>${where}</td><td>${n.sharedWith.length && !n.sharedWithHost ? n.sharedWith.map(shortId).join(', ') : ''}</td></tr>`;
  });
  return html`<h3>Namespaces</h3><table><thead><tr><th>Type</th><th>Inode</th><th>Whose</th><th>Also used by</th></tr></thead><tbody>${rows}</tbody></table>
<p>User namespace: uid map <code>${mapText(c.userNamespace.uidMap)}</code>, gid map <code>${mapText(c.userNamespace.gidMap)}</code>${rootMapping(c) ? ` — ${rootMapping(c)}` : ''}.</p>`;
}

function capSet(s: CapabilitySet | null): Raw {
  if (!s) return html`<span class="unknown">unknown</span>`;
  if (s.names.length === 0 && s.unknownBits.length === 0) return html`<span class="muted">none</span>`;
  const names = s.names.map((n) => html`<code class="${CAPABILITY_INFO[n]?.dangerous ? 'bad' : ''}" title="${CAPABILITY_INFO[n]?.meaning ?? ''}">${n}</code> `);
  return html`${names}${s.unknownBits.map((b) => html`<code>bit ${b}</code> `)}`;
}

function privileges(c: Container): Raw {
  const caps = c.capabilities;
  const dangerous = (caps.effective?.names ?? []).filter((n) => CAPABILITY_INFO[n]?.dangerous);
  const lsm = c.lsm.apparmor
    ? `AppArmor ${c.lsm.apparmor.profile}${c.lsm.apparmor.mode ? ` (${c.lsm.apparmor.mode})` : ''}`
    : c.lsm.selinux
      ? `SELinux ${c.lsm.raw ?? c.lsm.selinux.type}`
      : c.unavailable.find((u) => u.field === 'lsm')?.detail ?? 'none';
  return html`<h3>Capabilities</h3><table><tbody>
${(['effective', 'permitted', 'bounding', 'inheritable', 'ambient'] as const).map((k) => html`<tr><th>${k}</th><td>${capSet(caps[k])}</td></tr>`)}
</tbody></table>
${dangerous.length ? html`<ul class="plain">${dangerous.map((n) => html`<li class="bad"><code>${n}</code>: ${CAPABILITY_INFO[n]!.meaning}</li>`)}</ul>` : ''}
<h3>Confinement</h3><table><tbody>
<tr><th>Seccomp</th><td>${c.seccomp.mode ?? 'unknown'}${c.seccomp.mode === 'filter' ? ` (${c.seccomp.filters ?? '?'} filter(s))` : ''}</td></tr>
<tr><th>NoNewPrivs</th><td>${c.seccomp.noNewPrivs === null ? 'unknown' : c.seccomp.noNewPrivs ? 'yes' : 'no'}</td></tr>
<tr><th>LSM</th><td>${lsm}</td></tr>
<tr><th>Root filesystem</th><td>${c.rootfsReadOnly === null ? 'unknown' : c.rootfsReadOnly ? 'read-only' : 'writable'}</td></tr>
</tbody></table>`;
}

function cgroup(c: Container): Raw {
  const l = c.cgroup.limits;
  const unavailable = (k: string) => c.unavailable.some((u) => u.field === `cgroup.limits.${k}` || u.field === 'cgroup');
  const show = (k: keyof typeof l, fmt: (v: never) => string = String) => {
    const v = l[k];
    if (v !== null && !(Array.isArray(v) && v.length === 0)) return fmt(v as never);
    return unavailable(k) ? 'unknown' : 'unlimited';
  };
  const cpu = l.cpuQuota !== null && l.cpuPeriod ? `${(l.cpuQuota / l.cpuPeriod).toFixed(2)} CPU (${l.cpuQuota}/${l.cpuPeriod} µs)` : show('cpuQuota');
  return html`<h3>Cgroup</h3><p>cgroup ${c.cgroup.version ?? '?'}${c.cgroup.exclusive === false ? ', shared with processes outside the container' : ''}: ${Object.entries(c.cgroup.paths).map(([k, p]) => html`<code>${k}:${p}</code> `)}</p>
<table><tbody>
<tr><th>Memory</th><td>${show('memoryMax', formatBytes)}</td><th>memory.high</th><td>${show('memoryHigh', formatBytes)}</td></tr>
<tr><th>Swap</th><td>${show('memorySwapMax', formatBytes)}</td><th>Reservation</th><td>${show('memoryReservation', formatBytes)}</td></tr>
<tr><th>CPU</th><td>${cpu}</td><th>Shares / weight</th><td>${l.cpuShares ?? '—'} / ${l.cpuWeight ?? '—'}</td></tr>
<tr><th>Processes</th><td>${show('pidsMax')}</td><th>cpuset</th><td>${l.cpusetCpus ?? '—'} (mems ${l.cpusetMems ?? '—'})</td></tr>
</tbody></table>`;
}

function processes(c: Container): Raw {
  const shown = c.processes.slice(0, MAX_PROCESSES);
  const rows = shown.map((p) => html`<tr><td>${p.pid}</td><td>${p.nspid.at(-1) ?? ''}</td><td>${p.ppid}</td><td>${p.uid ? p.uid.effective : '?'}</td><td><code>${p.comm}</code></td><td class="mono">${p.cmdline.join(' ').slice(0, 300)}</td></tr>`);
  const more = c.processes.length - shown.length;
  return html`<h3>Processes (${c.processes.length})</h3><table><thead><tr><th>PID</th><th>PID inside</th><th>PPID</th><th>UID</th><th>Command</th><th>Command line</th></tr></thead><tbody>${rows}</tbody></table>${more > 0 ? html`<p class="muted">… and ${more} more.</p>` : ''}`;
}

export function containerSection(c: Container, i: number, history: History, audit?: ContainerAudit, events: IsolationEvent[] = [], host: Host | null = null): Raw {
  const image = c.image ? html` · image <code>${c.image}</code>` : '';
  const pod = c.pod?.name ? html` · pod <code>${c.pod.namespace ? `${c.pod.namespace}/` : ''}${c.pod.name}</code>` : '';
  return html`<section id="c${i}"><h2>${containerTitle(c)} <small>${c.runtime} · <code>${c.id}</code></small></h2>
<p>init pid ${c.initPid}${image}${pod}</p><p>${badgeList(c)}</p>
${historyCharts(historyOf(history, c.id))}
${explainHtml(c, host)}
${audit ? findingsHtml(audit) : ''}
${isolationHtml(events)}
${namespaces(c)}${privileges(c)}${cgroup(c)}${mountsHtml(c)}${processes(c)}
${unavailableList(c.unavailable, 'Values that could not be read')}
</section>`;
}

/** The whole snapshot report; `history` maps container ids to recent points (may be empty). */
export function snapshotHtml(s: Snapshot, history: History = {}, generatedBy = 'Isoscope', isolation: IsolationTimeline = {}): string {
  const body = html`${hostHeader(s)}<h2>Containers</h2>${overview(s)}${s.containers.map((c, i) => containerSection(c, i, history, auditContainer(s, c), eventsOf(isolation, c.id), s.host))}`;
  return htmlPage(`Isoscope snapshot — ${s.host.hostname ?? 'host'}`, body, `${generatedBy} · snapshot taken ${s.takenAt} · this page runs no scripts and loads nothing.`);
}
