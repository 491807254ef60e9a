// A container's isolation changes in reports: an HTML table and Markdown lines, newest first,
// each saying which process, what changed, from what to what, and whether it weakened
// isolation. Every value is escaped (HTML) or a code span (Markdown). Pure.
import type { IsolationEvent, IsolationTimeline } from '../snapshot/isolationEvents.js';
import { changeTitle, describeChange } from '../snapshot/isolationChanges.js';
import { codeMd as code, escapeMd as md, html, type Raw } from './escape.js';

const MAX_ROWS = 200;
const effect = (e: IsolationEvent) => (e.weakens === true ? 'weaker' : e.weakens === false ? 'stronger' : 'neutral');

/** The events of one container (own property only: ids are the containers' to choose). */
export function eventsOf(timeline: IsolationTimeline | undefined, id: string): IsolationEvent[] {
  return timeline && Object.hasOwn(timeline, id) ? (timeline[id] ?? []) : [];
}

export function isolationHtml(events: IsolationEvent[]): Raw | '' {
  if (events.length === 0) return '';
  const shown = [...events].reverse().slice(0, MAX_ROWS);
  const rows = shown.map(
    (e) =>
      html`<tr><td>${new Date(e.t).toISOString()}</td><td><code>${e.comm}</code> pid ${e.pid}</td><td>${changeTitle(e.change)}</td><td>${effect(e)}</td><td>${describeChange(e.change)}</td></tr>`,
  );
  const more = events.length - shown.length;
  return html`<h3>Isolation changes (${events.length})</h3><p class="muted">Seen by the collector while it watched, newest first.</p><table><thead><tr><th>Time</th><th>Process</th><th>Change</th><th>Effect</th><th>From → to</th></tr></thead><tbody>${rows}</tbody></table>${more > 0 ? html`<p class="muted">… and ${more} older.</p>` : ''}`;
}

export function isolationMarkdown(name: string, events: IsolationEvent[]): string[] {
  if (events.length === 0) return [];
  return [
    '',
    `#### Isolation changes of ${code(name)} (${events.length})`,
    '',
    ...[...events]
      .reverse()
      .slice(0, MAX_ROWS)
      .map(
        (e) =>
          `- ${code(new Date(e.t).toISOString())} ${code(e.comm)} pid ${e.pid}: **${md(changeTitle(e.change))}** (${effect(e)}) ${code(describeChange(e.change))}`,
      ),
  ];
}
