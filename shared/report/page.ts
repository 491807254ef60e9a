// The page shell of every HTML report: one file that opens offline, with a strict
// Content-Security-Policy: no script of any kind, nothing fetched, and only this exact
// stylesheet (allowed by its hash). Pure.
import { html, Raw } from './escape.js';
import { cspHash } from './sha256.js';

export const REPORT_CSS = `
:root{color-scheme:light;--bad:#b3261e;--warn:#8a5a00;--good:#1b6e20;--unknown:#5f6368;--line:#d0d4da}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1180px;padding:24px;color:#1f2328;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
h3{font-size:15px;margin:18px 0 6px}small,.muted{color:#57606a}
code,.mono{font:12.5px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%;margin:6px 0 10px}th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa;font-weight:600}
.badge{display:inline-block;border:1px solid currentColor;border-radius:10px;padding:0 8px;margin:0 4px 4px 0;font-size:12px}
.good{color:var(--good)}.warn{color:var(--warn)}.bad{color:var(--bad)}.unknown{color:var(--unknown)}
.summary{font-size:15px;background:#f6f8fa;border-left:4px solid #57606a;padding:8px 12px}
.charts{display:flex;flex-wrap:wrap;gap:12px}.charts svg{border:1px solid var(--line);background:#fcfcfd}
ul.plain{padding-left:18px;margin:4px 0}
footer{margin-top:32px;color:#57606a;font-size:12px}
@media print{body{max-width:none;padding:0}h2{break-after:avoid}section{break-inside:avoid-page}}
`;

/** No scripts, no fetches, no forms, no base; this stylesheet only. */
export function reportCsp(css = REPORT_CSS): string {
  return [
    `default-src 'none'`,
    `style-src ${cspHash(css)}`,
    `img-src data:`,
    `script-src 'none'`,
    `base-uri 'none'`,
    `form-action 'none'`,
  ].join('; ');
}

export function htmlPage(title: string, body: Raw, footer: string): string {
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${reportCsp()}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${new Raw(REPORT_CSS)}</style>
</head>
<body>
${body}
<footer>${footer}</footer>
</body>
</html>
`.html;
}
