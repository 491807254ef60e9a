// Everything the command line prints goes through terminalSafe(): names, command lines and
// cgroup paths come from containers and other users, and a terminal obeys what it is sent
// (ESC ]0; retitles the window, ESC [2J clears it, OSC 52 writes the clipboard, U+202E reverses
// the text that follows). Each such character is shown as a visible escape instead:
//   C0 controls but tab and newline, ESC included → \xNN
//   DEL and the C1 controls (U+0080–U+009F, which some terminals obey as CSI, OSC…) → \u00NN
//   bidirectional controls (U+061C, U+200E/F, U+202A–U+202E, U+2066–U+2069) and the line and
//   paragraph separators U+2028/U+2029 → \uNNNN
//   a lone UTF-16 surrogate (what cannot be written as UTF-8) → \uDNNN
// The \u forms are JSON escapes too, and JSON.stringify already escapes every C0 control, so the
// same function makes JSON output safe without changing the value it parses to.

const UNSAFE =
  // eslint-disable-next-line no-control-regex -- these are exactly the characters to escape
  /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function escape(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code < 0x20) return '\\x' + code.toString(16).padStart(2, '0');
  return '\\u' + code.toString(16).padStart(4, '0');
}

/** The text with every control, bidi override and lone surrogate replaced by a visible escape; tab and newline kept. */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, escape);
}

/** For one value inside a line (a table cell, a name): tab and newline escaped too. */
export function cellSafe(text: string): string {
  return terminalSafe(text).replace(/[\t\n]/g, (c) => (c === '\t' ? '\\t' : '\\n'));
}
