// Markdown summaries for tickets: short, and safe to paste. Every value from a snapshot is
// an inline code span or backslash-escaped prose, so it renders as text. Pure.
import { isolationAreas } from '../areas/registry.js';
import { has } from '../areas/types.js';
import type { IsolationDiff } from '../diff/types.js';
import { badges } from '../rules/isolation.js';
import type { Snapshot } from '../snapshot/schema.js';
import { formatBytes } from '../format/bytes.js';
import { shortId } from '../format/ids.js';
import { auditSnapshot } from '../findings/audit.js';
import { CIS_VERSION } from '../findings/references.js';
import { diffFindingsMarkdown, findingsMarkdown } from './findingsReport.js';
import { codeMd as code, escapeMd as md } from './escape.js';
import { eventsOf, isolationMarkdown } from './isolationReport.js';
import { explainMarkdown } from './explainReport.js';
import type { IsolationTimeline } from '../snapshot/isolationEvents.js';

export function snapshotMarkdown(s: Snapshot, isolation: IsolationTimeline = {}): string {
  const h = s.host;
  const lines = [
    `## Isoscope snapshot: ${code(h.hostname ?? 'unknown host')}`,
    '',
    `Taken ${code(s.takenAt)}${s.source && s.source.host !== 'local' ? ` on ${code(s.source.host)}` : ''} · kernel ${code(h.kernel ?? '?')} · cgroup ${code(h.cgroupVersion ?? '?')} · LSMs ${code(h.lsms?.join(',') ?? 'unknown')} · collector ${code(h.collector.version)} as uid ${h.collector.euid}${h.collector.privileged ? '' : ' (not root: some processes may be hidden)'}`,
    '',
  ];
  if (s.containers.length === 0) return lines.concat('No containers or sandboxes found.', '').join('\n');
  lines.push('| Container | Runtime | Init PID | Isolation | Memory limit |', '|---|---|---|---|---|');
  const findings: string[] = [];
  for (const c of s.containers) {
    const bs = badges(c);
    const mem =
      c.cgroup.limits.memoryMax !== null
        ? formatBytes(c.cgroup.limits.memoryMax)
        : bs.find((b) => b.key === 'memory')?.level === 'unknown'
          ? 'unknown'
          : 'unlimited';
    const name = `${code(c.name ?? shortId(c.id))} ${c.name && c.name !== c.id ? code(shortId(c.id)) : ''}`.trim();
    lines.push(
      `| ${name} | ${code(c.runtime)}${c.role === 'pod-sandbox' ? ' (pod sandbox)' : ''} | ${c.initPid} | ${bs.map((b) => `${b.level === 'good' ? '' : `**${b.level}** `}${code(b.label)}`).join(' ')} | ${mem} |`,
    );
    for (const b of bs.filter((x) => x.level === 'bad' || x.level === 'warn'))
      findings.push(`- ${code(c.name ?? shortId(c.id))} (**${b.level}**): ${md(b.why)}`);
  }
  if (findings.length) lines.push('', '### Isolation warnings', '', ...findings);
  const changes = s.containers.flatMap((c) => isolationMarkdown(c.name ?? shortId(c.id), eventsOf(isolation, c.id)));
  if (changes.length) lines.push('', '### Isolation changes seen live', ...changes);
  for (const area of isolationAreas()) {
    const section = has(area.report) ? area.report.markdown : undefined;
    const areaLines = section ? s.containers.flatMap((c) => section.lines(c.name ?? shortId(c.id), c)) : [];
    if (section && areaLines.length) lines.push('', `### ${section.title}`, '', ...areaLines);
  }
  lines.push(
    '',
    '### Why it matters here',
    '',
    ...s.containers.flatMap((c) => explainMarkdown(c.name ?? shortId(c.id), c, s.host)),
  );
  lines.push('', `### Findings (${CIS_VERSION}, Pod Security Standards)`, '', ...findingsMarkdown(auditSnapshot(s)));
  return lines.join('\n') + '\n';
}

export function diffMarkdown(d: IsolationDiff): string {
  const who = (s: IsolationDiff['a']) =>
    `${code(s.label)}${s.runtime ? ` (${code(s.runtime)}${s.id && s.id !== s.label ? ` ${code(shortId(s.id))}` : ''})` : ''}`;
  const lines = [`## Isoscope diff: A ${who(d.a)} vs B ${who(d.b)}`, '', md(d.summary), ''];
  if (d.differences.length === 0) return lines.join('\n');
  lines.push('| Area | Field | A | B | Less isolated | Meaning |', '|---|---|---|---|---|---|');
  for (const x of d.differences) {
    const less = x.unknown ? 'unknown' : x.lessIsolated ? `**${x.lessIsolated.toUpperCase()}**` : '—';
    lines.push(`| ${x.area} | ${code(x.field)} | ${code(x.a)} | ${code(x.b)} | ${less} | ${md(x.meaning)} |`);
  }
  lines.push(...diffFindingsMarkdown(d));
  return lines.join('\n') + '\n';
}
