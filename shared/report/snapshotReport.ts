// A snapshot as one self-contained HTML page: the host, a table of containers with their
// isolation badges, then each container in detail, with its resource charts when history is
// given. Pure.
import type { HistoryPoint } from '../ipc/contract.js';
import { isolationAreas } from '../areas/registry.js';
import { has } from '../areas/types.js';
import { badges } from '../rules/isolation.js';
import type { Container, Host, Snapshot, Unavailable } from '../snapshot/schema.js';
import { formatBytes } from '../format/bytes.js';
import { shortId } from '../format/ids.js';
import { auditContainer } from '../findings/audit.js';
import type { ContainerAudit } from '../findings/types.js';
import { historyCharts } from './chart.js';
import { findingsHtml, postureLine } from './findingsReport.js';
import { html, type Raw } from './escape.js';
import { htmlPage } from './page.js';
import { eventsOf, isolationHtml } from './isolationReport.js';
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
<p class="muted">Taken ${s.takenAt}${s.source && s.source.host !== 'local' ? html` on <code>${s.source.host}</code>` : ''} · kernel ${h.kernel ?? '?'} · cgroup ${h.cgroupVersion ?? '?'} · LSMs ${h.lsms?.join(', ') ?? 'unknown'} ·
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

/** Each isolation area's section (shared/areas), in the registry's order. */
function areaSections(c: Container, host: Host | null): Raw[] {
  return isolationAreas().flatMap((area) =>
    has(area.report) && area.report.html ? [html`${area.report.html(c, { host })}`] : [],
  );
}

function processes(c: Container): Raw {
  const shown = c.processes.slice(0, MAX_PROCESSES);
  const rows = shown.map(
    (p) =>
      html`<tr><td>${p.pid}</td><td>${p.nspid.at(-1) ?? ''}</td><td>${p.ppid}</td><td>${p.uid ? p.uid.effective : '?'}</td><td><code>${p.comm}</code></td><td class="mono">${p.cmdline.join(' ').slice(0, 300)}</td></tr>`,
  );
  const more = c.processes.length - shown.length;
  return html`<h3>Processes (${c.processes.length})</h3><table><thead><tr><th>PID</th><th>PID inside</th><th>PPID</th><th>UID</th><th>Command</th><th>Command line</th></tr></thead><tbody>${rows}</tbody></table>${more > 0 ? html`<p class="muted">… and ${more} more.</p>` : ''}`;
}

export function containerSection(
  c: Container,
  i: number,
  history: History,
  audit?: ContainerAudit,
  events: IsolationEvent[] = [],
  host: Host | null = null,
): Raw {
  const image = c.image ? html` · image <code>${c.image}</code>` : '';
  const pod = c.pod?.name ? html` · pod <code>${c.pod.namespace ? `${c.pod.namespace}/` : ''}${c.pod.name}</code>` : '';
  return html`<section id="c${i}"><h2>${containerTitle(c)} <small>${c.runtime} · <code>${c.id}</code></small></h2>
<p>init pid ${c.initPid}${image}${pod}</p><p>${badgeList(c)}</p>
${historyCharts(historyOf(history, c.id))}
${explainHtml(c, host)}
${audit ? findingsHtml(audit) : ''}
${isolationHtml(events)}
${areaSections(c, host)}${processes(c)}
${unavailableList(c.unavailable, 'Values that could not be read')}
</section>`;
}

/** The whole snapshot report; `history` maps container ids to recent points (may be empty). */
export function snapshotHtml(
  s: Snapshot,
  history: History = {},
  generatedBy = 'Isoscope',
  isolation: IsolationTimeline = {},
): string {
  const body = html`${hostHeader(s)}<h2>Containers</h2>${overview(s)}${s.containers.map((c, i) => containerSection(c, i, history, auditContainer(s, c), eventsOf(isolation, c.id), s.host))}`;
  return htmlPage(
    `Isoscope snapshot — ${s.host.hostname ?? 'host'}`,
    body,
    `${generatedBy} · snapshot taken ${s.takenAt} · this page runs no scripts and loads nothing.`,
  );
}
