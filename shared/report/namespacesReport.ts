// The report sections for a container's namespaces (type, inode, whose, shared with) and its
// user-namespace maps. Pure; every value is escaped.
import { shortId } from '../format/ids.js';
import { rootMapping } from '../diff/namespaces.js';
import type { Container, IdMapEntry } from '../snapshot/schema.js';
import { html, type Raw } from './escape.js';

const mapText = (m: IdMapEntry[] | null) =>
  m === null ? 'unknown' : m.length === 0 ? 'empty' : m.map((e) => `${e.inside} → ${e.outside} (${e.count})`).join(', ');

export function namespacesHtml(c: Container): Raw {
  const rows = Object.entries(c.namespaces).map(([t, n]) => {
    const where =
      n.sharedWithHost === null
        ? html`<span class="unknown">unknown</span>`
        : n.sharedWithHost
          ? html`<span class="warn">host’s</span>`
          : html`<span class="good">own</span>`;
    return html`<tr><td>${t}</td><td><code>${n.inode ?? '—'}</code></td><td>${where}</td><td>${n.sharedWith.length && !n.sharedWithHost ? n.sharedWith.map(shortId).join(', ') : ''}</td></tr>`;
  });
  return html`<h3>Namespaces</h3><table><thead><tr><th>Type</th><th>Inode</th><th>Whose</th><th>Also used by</th></tr></thead><tbody>${rows}</tbody></table>
`;
}

export function userNamespaceHtml(c: Container): Raw {
  return html`<p>User namespace: uid map <code>${mapText(c.userNamespace.uidMap)}</code>, gid map <code>${mapText(c.userNamespace.gidMap)}</code>${rootMapping(c) ? ` — ${rootMapping(c)}` : ''}.</p>`;
}
