// Findings (shared/findings) in the reports: per container in the HTML and Markdown snapshot
// reports, and "B fails … where A passes" in the diff reports. Pure; every value escaped.
import type { IsolationDiff } from '../diff/types.js';
import { deltaText } from '../findings/compare.js';
import { postureText } from '../findings/audit.js';
import { CIS_VERSION } from '../findings/references.js';
import type { CheckResult, ContainerAudit } from '../findings/types.js';
import { codeMd as code, escapeMd as md, html, type Raw } from './escape.js';

const SEVERITY_CLASS = { high: 'bad', medium: 'warn', low: 'unknown' } as const;
const refs = (r: CheckResult) =>
  [r.cis ? `CIS ${r.cis.id}` : null, r.pss ? `PSS ${r.pss.level}: ${r.pss.control}` : null].filter(Boolean).join(' · ') || '—';

export function postureLine(a: ContainerAudit): string {
  const c = a.posture.counts;
  return `Pod Security: ${postureText(a.posture)} · ${c.high} high · ${c.medium} medium · ${c.low} low${a.posture.unknown ? ` · ${a.posture.unknown} could not be checked` : ''}`;
}

export function findingsHtml(a: ContainerAudit): Raw {
  const unknown = a.checks.filter((r) => r.outcome === 'unknown');
  return html`<h3>Findings</h3><p>${postureLine(a)}</p>
${
  a.findings.length === 0
    ? html`<p class="good">No findings.</p>`
    : html`<table><thead><tr><th>Severity</th><th>Rule</th><th>${CIS_VERSION} / Pod Security</th><th>What it means</th><th>Evidence</th><th>Fix</th></tr></thead><tbody>
${a.findings.map((f) => html`<tr><th class="${SEVERITY_CLASS[f.severity]}">${f.severity}</th><th>${f.title}<br><code>${f.rule}</code></th><td>${refs(f)}</td><td>${f.meaning}</td><td>${f.evidence.map((e) => html`${e.fact}: <code>${e.value}</code> <span class="muted">(${e.source})</span><br>`)}</td><td>Docker: ${f.fix.docker}<br>Podman: ${f.fix.podman}<br>Kubernetes: ${f.fix.kubernetes}</td></tr>\n`)}
</tbody></table>`
}
${unknown.length ? html`<details><summary>Could not be checked (${unknown.length})</summary><ul class="plain">${unknown.map((u) => html`<li><code>${u.rule}</code>: ${u.reason}</li>`)}</ul></details>` : ''}`;
}

export function findingsMarkdown(audits: ContainerAudit[]): string[] {
  const lines: string[] = [];
  for (const a of audits) {
    lines.push(`- ${code(a.name ?? a.id)}: ${md(postureLine(a))}`);
    for (const f of a.findings) lines.push(`  - **${f.severity}** ${code(f.rule)} (${md(refs(f))}): ${md(f.meaning)}`);
  }
  return lines;
}

export function diffFindingsHtml(d: IsolationDiff): Raw {
  const f = d.findings;
  if (!f || f.onlyA.length + f.onlyB.length === 0) return html``;
  return html`<section><h2>Findings only one side has</h2><ul class="plain">
${f.onlyB.map((x) => html`<li class="${SEVERITY_CLASS[x.severity]}">${deltaText(x, 'B')}</li>`)}${f.onlyA.map((x) => html`<li class="${SEVERITY_CLASS[x.severity]}">${deltaText(x, 'A')}</li>`)}
</ul></section>`;
}

export function diffFindingsMarkdown(d: IsolationDiff): string[] {
  const f = d.findings;
  if (!f || f.onlyA.length + f.onlyB.length === 0) return [];
  return [
    '',
    '### Findings only one side has',
    '',
    ...f.onlyB.map((x) => `- ${md(deltaText(x, 'B'))}`),
    ...f.onlyA.map((x) => `- ${md(deltaText(x, 'A'))}`),
  ];
}
