// An isolation diff as one self-contained HTML page: the two sides, the summary, and every
// difference by area with the side it leaves less isolated. Pure.
import { AREAS } from '../areas/registry.js';
import type { IsolationDiff } from '../diff/types.js';
import { historyCharts } from './chart.js';
import { diffFindingsHtml } from './findingsReport.js';
import { html, type Raw } from './escape.js';
import { htmlPage } from './page.js';
import { historyOf, type History } from './snapshotReport.js';

function side(letter: 'A' | 'B', s: IsolationDiff['a'], history: History): Raw {
  const points = s.id === null ? undefined : historyOf(history, s.id);
  return html`<tr><th>${letter}</th><td>${s.label}</td><td>${s.runtime ?? 'host'}</td><td><code>${s.id ?? '—'}</code></td></tr>
${points?.length ? html`<tr><td></td><td colspan="3">${historyCharts(points)}</td></tr>` : ''}`;
}

export function diffBody(d: IsolationDiff, history: History = {}): Raw {
  const areas = AREAS.filter((a) => d.differences.some((x) => x.area === a));
  const verdict = (l: 'a' | 'b' | null, unknown: boolean) =>
    unknown
      ? html`<span class="unknown">unknown</span>`
      : l
        ? html`<span class="bad">${l.toUpperCase()}</span>`
        : html`<span class="muted">neither</span>`;
  return html`<header><h1>Isoscope diff — ${d.a.label} vs ${d.b.label}</h1></header>
<table><tbody>${side('A', d.a, history)}${side('B', d.b, history)}</tbody></table>
<p class="summary">${d.summary}</p>
${areas.map(
  (
    area,
  ) => html`<section><h2>${area}</h2><table><thead><tr><th>Field</th><th>A</th><th>B</th><th>Less isolated</th><th>Meaning</th></tr></thead><tbody>
${d.differences.filter((x) => x.area === area).map((x) => html`<tr><td><code>${x.field}</code></td><td class="mono">${x.a}</td><td class="mono">${x.b}</td><td>${verdict(x.lessIsolated, x.unknown)}</td><td>${x.meaning}</td></tr>\n`)}
</tbody></table></section>`,
)}
${diffFindingsHtml(d)}
${d.skipped.length ? html`<p class="muted">Not compared: ${d.skipped.join(', ')} (the host has no container settings).</p>` : ''}`;
}

export function diffHtml(d: IsolationDiff, history: History = {}, generatedBy = 'Isoscope'): string {
  return htmlPage(
    `Isoscope diff — ${d.a.label} vs ${d.b.label}`,
    diffBody(d, history),
    `${generatedBy} · this page runs no scripts and loads nothing.`,
  );
}
