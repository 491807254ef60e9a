// Reports of snapshots and diffs: self-contained HTML (no scripts, strict CSP) and Markdown.
export { snapshotHtml, type History } from './snapshotReport.js';
export { diffHtml } from './diffReport.js';
export { snapshotMarkdown, diffMarkdown } from './markdown.js';
export { reportCsp, REPORT_CSS } from './page.js';
export { escapeHtml, escapeMd, codeMd } from './escape.js';
