// "Why it matters here" in the reports: one sentence per kernel feature (namespaces, cgroups,
// capabilities, seccomp, MAC) from the container's facts (shared/explain). Pure; every value
// escaped (sentences carry profile names, types and paths read from the host).
import { hereSummary, type Tone } from '../explain/index.js';
import type { Container, Host } from '../snapshot/schema.js';
import { codeMd as code, escapeMd as md, html, type Raw } from './escape.js';

const TONE_CLASS: Record<Tone, string> = { good: 'good', warn: 'warn', bad: 'bad', unknown: 'unknown', info: 'muted' };
const TONE_WORD: Record<Tone, string> = { good: 'good', warn: 'weak', bad: 'bad', unknown: 'unavailable', info: 'note' };

export function explainHtml(c: Container, host: Host | null): Raw {
  const lines = hereSummary({ container: c, host });
  if (lines.length === 0) return html``;
  return html`<h3>Why it matters here</h3><ul class="plain">${lines.map((l) => html`<li><span class="${TONE_CLASS[l.line.tone]}">${TONE_WORD[l.line.tone]}</span> · <span class="area">${l.title}</span>: ${l.line.text}</li>`)}</ul>`;
}

export function explainMarkdown(label: string, c: Container, host: Host | null): string[] {
  const lines = hereSummary({ container: c, host });
  if (lines.length === 0) return [];
  return [
    `- ${code(label)}`,
    ...lines.map(
      (l) =>
        `  - ${l.line.tone === 'bad' || l.line.tone === 'warn' ? `**${TONE_WORD[l.line.tone]}** ` : ''}${md(l.title)}: ${md(l.line.text)}`,
    ),
  ];
}
