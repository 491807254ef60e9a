// Escaping for the reports. HTML is built only through the `html` tag below: every
// interpolated value is escaped unless it is already-built `Raw` markup, so untrusted text
// (container names, labels, command lines) can never become markup. Pure.

/** Markup that was built by `html` (or is a trusted constant). */
export class Raw {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
  '\0': '\ufffd',
};

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"'`\0]/g, (ch) => HTML_ESCAPES[ch]!);
}

type Value = Raw | string | number | boolean | null | undefined | Value[];

function render(v: Value): string {
  if (v instanceof Raw) return v.html;
  if (Array.isArray(v)) return v.map(render).join('');
  if (v === null || v === undefined || v === false) return '';
  return escapeHtml(String(v));
}

/** Tagged template: the literal parts are markup, every `${value}` is escaped text (or Raw). */
export function html(strings: TemplateStringsArray, ...values: Value[]): Raw {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1]!;
  });
  return new Raw(out);
}

/**
 * Text for Markdown prose: markup characters are backslash-escaped (so `<img …>` stays text,
 * `|` cannot end a table cell, `[`/`*`/`_` make no links or emphasis) and autolinks (`://`,
 * `www.`, `@`) are broken; newlines become spaces.
 */
export function escapeMd(s: string): string {
  return s
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_[\]<>|~@]/g, '\\$&')
    .replace(/:\/\//g, '\\://')
    .replace(/www\./gi, (m) => `${m.slice(0, 3)}\\.`);
}

/** An inline code span for untrusted values: no markup, no autolinks, safe inside tables. */
export function codeMd(s: string): string {
  const flat = s.replace(/[\r\n]+/g, ' ').replace(/\|/g, '\\|');
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || flat === '' ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}
