// The report sections for a container's capabilities (the five sets, dangerous ones explained)
// and its confinement (seccomp, NoNewPrivs, LSM, read-only root filesystem). Pure; every value
// is escaped.
import { CAPABILITY_INFO } from '../rules/capabilityInfo.js';
import type { CapabilitySet, Container } from '../snapshot/schema.js';
import { html, type Raw } from './escape.js';

function capSet(s: CapabilitySet | null): Raw {
  if (!s) return html`<span class="unknown">unknown</span>`;
  if (s.names.length === 0 && s.unknownBits.length === 0) return html`<span class="muted">none</span>`;
  const names = s.names.map(
    (n) =>
      html`<code class="${CAPABILITY_INFO[n]?.dangerous ? 'bad' : ''}" title="${CAPABILITY_INFO[n]?.meaning ?? ''}">${n}</code> `,
  );
  return html`${names}${s.unknownBits.map((b) => html`<code>bit ${b}</code> `)}`;
}

export function capabilitiesHtml(c: Container): Raw {
  const caps = c.capabilities;
  const dangerous = (caps.effective?.names ?? []).filter((n) => CAPABILITY_INFO[n]?.dangerous);
  return html`<h3>Capabilities</h3><table><tbody>
${(['effective', 'permitted', 'bounding', 'inheritable', 'ambient'] as const).map((k) => html`<tr><th>${k}</th><td>${capSet(caps[k])}</td></tr>`)}
</tbody></table>
${dangerous.length ? html`<ul class="plain">${dangerous.map((n) => html`<li class="bad"><code>${n}</code>: ${CAPABILITY_INFO[n]!.meaning}</li>`)}</ul>` : ''}
`;
}

export function confinementHtml(c: Container): Raw {
  const lsm = c.lsm.apparmor
    ? `AppArmor ${c.lsm.apparmor.profile}${c.lsm.apparmor.mode ? ` (${c.lsm.apparmor.mode})` : ''}`
    : c.lsm.selinux
      ? `SELinux ${c.lsm.raw ?? c.lsm.selinux.type}`
      : (c.unavailable.find((u) => u.field === 'lsm')?.detail ?? 'none');
  return html`<h3>Confinement</h3><table><tbody>
<tr><th>Seccomp</th><td>${c.seccomp.mode ?? 'unknown'}${c.seccomp.mode === 'filter' ? ` (${c.seccomp.filters ?? '?'} filter(s))` : ''}</td></tr>
<tr><th>NoNewPrivs</th><td>${c.seccomp.noNewPrivs === null ? 'unknown' : c.seccomp.noNewPrivs ? 'yes' : 'no'}</td></tr>
<tr><th>LSM</th><td>${lsm}</td></tr>
<tr><th>Root filesystem</th><td>${c.rootfsReadOnly === null ? 'unknown' : c.rootfsReadOnly ? 'read-only' : 'writable'}</td></tr>
</tbody></table>`;
}
