// Readable text of a SeccompReport: the profile name, counts per action for each ABI, the
// differences from the profile, then one line per syscall of the native ABI.
import { actionText } from './bpf.js';
import type { SyscallDecision, UnnamedRange } from './decode.js';
import type { ArchSummary, SeccompReport } from './report.js';
import { terminalSafe } from '../commandLine/terminalSafe.js';
import { FLAGS_NOTE } from './notify.js';

export function decisionText(d: SyscallDecision): string {
  if (d.error) return `undecodable: ${d.error}`;
  if (d.action) return actionText(d.action);
  const outcomes = (d.outcomes ?? []).map((o) => `${actionText(o.action)} if ${o.whenText.join(' || ')}`);
  return `depends on arguments: ${outcomes.join('; ')}${d.truncated ? ' (incomplete: too many paths)' : ''}`;
}

export function countsText(s: ArchSummary): string {
  return Object.entries(s.counts)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
}

function unnamedText(u: UnnamedRange[]): string {
  return u
    .map((r) => `${r.from === r.to ? r.from : `${r.from}-${r.to}`} ${r.action ? actionText(r.action) : 'depends on arguments'}`)
    .join(', ');
}

const pad = (s: string, n: number) => (s.length >= n ? s + ' ' : s + ' '.repeat(n - s.length));

export function reportText(r: SeccompReport, label?: string): string {
  const lines: string[] = [];
  const who = label ? `${label} (pid ${r.pid})` : `pid ${r.pid}`;
  if (r.mode === 'disabled') lines.push(`${who}: no seccomp filter`);
  else if (r.mode === 'strict') lines.push(`${who}: seccomp strict mode (only read, write, exit and sigreturn)`);
  else
    lines.push(
      `${who}: ${r.filterCount} seccomp filter${r.filterCount === 1 ? '' : 's'} (${r.filterLengths.join(' + ')} instructions)`,
    );
  if (r.profile) {
    lines.push(`profile: ${r.profile.name}`);
    if (r.profile.name !== r.profile.profileName || r.profile.differences.length > 0) {
      lines.push(
        `  compared with ${r.profile.profileName} (${r.profile.variant}), resolved for ${r.caps.length} bounding capabilities`,
      );
    } else lines.push(`  ${r.profile.variant}`);
  }
  if (r.declared) {
    const d = r.declared;
    if (d.none) lines.push(`declared: no profile in ${d.source}${d.equal ? '' : ' — yet a filter is in force'}`);
    else
      lines.push(
        `declared: ${d.source} — ${d.equal ? 'the filter in force matches it for every syscall' : `the filter in force differs for ${d.differences.length} syscalls`}`,
      );
  }
  if (r.filterFlags?.length) {
    const text = r.filterFlags
      .map((f) => `#${f.index} ${f.error ? `unreadable (${f.error})` : f.names.length ? f.names.join('|') : 'none'}`)
      .join(', ');
    lines.push(`filter flags (oldest first): ${text}`, `  ${FLAGS_NOTE}`);
  }
  if (r.notifyListeners) {
    const n = r.notifyListeners;
    if (!n.holders) lines.push(`USER_NOTIF: a supervisor decides some syscalls; listeners not scanned: ${n.reason ?? 'unknown'}`);
    else if (n.holders.length === 0)
      lines.push(
        `USER_NOTIF: a supervisor decides some syscalls, but no process holds a seccomp notify listener${n.truncated ? ' among those scanned (scan stopped early)' : ''}: those calls fail with ENOSYS`,
      );
    else {
      lines.push(
        `USER_NOTIF: a supervisor decides some syscalls; processes holding a seccomp notify listener (the kernel does not say which filter each one serves):`,
      );
      for (const h of n.holders) lines.push(`  pid ${h.pid} (${h.comm ?? '?'}) fd ${h.fd}`);
    }
  }
  for (const s of r.arches) lines.push(`${pad(s.arch + ':', 8)}${countsText(s)}`);
  const diffs = r.profile?.differences ?? [];
  if (diffs.length > 0) {
    lines.push('', `differences from ${r.profile!.profileName} (${r.profile!.variant}):`);
    const sign = { allowed: '+', denied: '−', changed: '~' } as const;
    for (const d of diffs) lines.push(`  ${sign[d.kind]} ${pad(d.name, 24)}profile: ${d.expected}  process: ${d.actual}`);
  }
  const native = r.arches[0];
  if (native) {
    lines.push('', `${native.arch} syscalls:`, `  ${pad('NR', 6)}${pad('NAME', 24)}ACTION`);
    for (const d of native.syscalls) lines.push(`  ${pad(String(d.nr), 6)}${pad(d.name, 24)}${decisionText(d)}`);
    if (native.unnamed.length) lines.push(`  numbers without a name: ${unnamedText(native.unnamed)}`);
  }
  // The label is a container's name; declared sources are paths a runtime recorded.
  return terminalSafe(lines.join('\n')) + '\n';
}
