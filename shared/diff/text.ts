// The diff as plain text for a terminal (`isoscope diff`). Pure.
import { deltaText } from '../findings/compare.js';
import type { Difference, IsolationDiff } from './types.js';
import { AREAS } from '../areas/registry.js';

export function verdict(d: Difference): string {
  if (d.unknown) return 'unknown';
  return d.lessIsolated ? `${d.lessIsolated.toUpperCase()} less isolated` : 'different';
}

function who(s: IsolationDiff['a']): string {
  const id = s.id && s.id !== s.label ? ` ${s.id}` : '';
  return s.runtime ? `${s.label}  (${s.runtime}${id})` : s.label;
}

/** Printable text from untrusted strings: control characters (escape sequences) shown as \xNN. */
export const printable = (s: string): string =>
  // eslint-disable-next-line no-control-regex
  s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (ch) => `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}`);

export function diffText(d: IsolationDiff): string {
  const lines = [`A  ${who(d.a)}`, `B  ${who(d.b)}`, '', d.summary];
  for (const area of AREAS) {
    const items = d.differences.filter((x) => x.area === area);
    if (items.length === 0) continue;
    lines.push('', area);
    for (const x of items) {
      lines.push(`  ${x.field}: A ${x.a} | B ${x.b}  [${verdict(x)}]`);
      lines.push(`    ${x.meaning}`);
    }
  }
  const f = d.findings;
  if (f && f.onlyA.length + f.onlyB.length > 0) {
    lines.push('', 'findings (CIS Docker Benchmark v1.6.0, Pod Security Standards)');
    for (const x of f.onlyB) lines.push(`  ${deltaText(x, 'B')}`);
    for (const x of f.onlyA) lines.push(`  ${deltaText(x, 'A')}`);
  }
  return lines.map(printable).join('\n') + '\n';
}
