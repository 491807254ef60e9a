// The report section for a container's mounts: the flagged mounts with their reasons, the
// default masked/read-only paths not in force, then every mount in a table (HTML) — and the
// flagged ones plus missing masks in Markdown. Pure; every value is escaped.
import type { Mounts } from '../snapshot/mounts.js';
import type { Container } from '../snapshot/schema.js';
import { codeMd as code, escapeMd as md, html, type Raw } from './escape.js';

/** Most mounts listed in the HTML table (the flagged ones are always listed above it). */
const MAX_ROWS = 300;

const hostText = (m: Mounts['mounts'][number]): string =>
  m.host.kind === 'host'
    ? m.host.path!
    : m.host.kind === 'ambiguous'
      ? `ambiguous: ${m.host.candidates.join(' | ')}`
      : m.host.kind === 'own'
        ? `— (own ${m.fsType})`
        : 'unresolved';

const kubeUserns = (c: Container): boolean => c.pod !== null && c.namespaces.user.sharedWithHost === false;

export function mountsHtml(c: Container): Raw {
  if (c.mounts === undefined) return html`<h3>Mounts</h3><p class="muted">Not collected in this snapshot.</p>`;
  if (c.mounts === null) {
    const u = c.unavailable.find((x) => x.field === 'mounts');
    return html`<h3>Mounts</h3><p class="unknown">Unavailable: ${u?.reason ?? 'unreadable'}${u?.detail ? ` (${u.detail})` : ''}</p>`;
  }
  const m = c.mounts;
  const flagged = m.mounts.filter((x) => x.flags.length > 0);
  const missing = m.protections.paths.filter((p) => p.state === 'exposed' || p.state === 'unknown');
  const idmapped = m.mounts.filter((x) => x.idmapped);
  const rows = m.mounts
    .slice(0, MAX_ROWS)
    .map(
      (x) =>
        html`<tr><td><code>${x.target}</code></td><td><code>${hostText(x)}</code></td><td>${x.fsType}</td><td>${x.readOnly ? 'ro' : 'rw'}</td><td>${x.propagation}</td><td>${x.idmapped ? 'idmapped' : ''}</td></tr>`,
    );
  return html`<h3>Mounts (${m.mounts.length}${m.truncated ? ', list cut' : ''})</h3>
<p class="muted">From <code>${m.source}</code>; host sources through <code>${m.hostReference}</code>.</p>
${kubeUserns(c) ? html`<p>Kubernetes user namespace (<code>hostUsers: false</code>): ${idmapped.length} idmapped mount(s)${idmapped.length ? html`: ${idmapped.map((x) => html`<code>${x.target}</code> `)}` : ''}.</p>` : ''}
${flagged.length ? html`<ul class="plain">${flagged.flatMap((x) => x.flags.map((f) => html`<li class="${f.severity === 'high' ? 'bad' : 'warn'}"><code>${x.target}</code>: ${f.reason}</li>`))}</ul>` : html`<p class="good">No mount flagged.</p>`}
<p>Masked and read-only paths against the ${m.protections.defaultName} (<span class="muted">${m.protections.defaultSource}</span>): ${missing.length === 0 ? 'all in force (or absent from this kernel).' : html`${missing.map((p) => html`<code>${p.path}</code> ${p.state === 'exposed' ? `is not ${p.expected === 'masked' ? 'masked' : 'read-only'}` : 'could not be checked'}; `)}`}</p>
<table><thead><tr><th>Target</th><th>Host source</th><th>FS</th><th>rw/ro</th><th>Propagation</th><th>idmap</th></tr></thead><tbody>${rows}</tbody></table>
${m.mounts.length > MAX_ROWS ? html`<p class="muted">… and ${m.mounts.length - MAX_ROWS} more.</p>` : ''}`;
}

/** Markdown lines: flagged mounts and missing masks of one container (empty when there are none). */
export function mountsMarkdown(name: string, c: Container): string[] {
  if (!c.mounts) return [];
  const out: string[] = [];
  for (const x of c.mounts.mounts)
    for (const f of x.flags) out.push(`- ${code(name)} ${code(x.target)} (**${f.severity}**): ${md(f.reason)}`);
  for (const p of c.mounts.protections.paths.filter((q) => q.state === 'exposed')) {
    out.push(
      `- ${code(name)} ${code(p.path)}: missing from the ${md(c.mounts.protections.defaultName)}, not ${p.expected === 'masked' ? 'masked' : 'read-only'}`,
    );
  }
  return out;
}
