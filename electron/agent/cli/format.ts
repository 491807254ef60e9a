// Human-readable numbers and the `isoscope list` table.
import { formatBytes as humanBytes } from '../../../shared/format/bytes.js';
import { shortId } from '../../../shared/format/ids.js';
import type { Container, Snapshot } from '../../../shared/snapshot/schema.js';
import { cellSafe, terminalSafe } from '../commandLine/terminalSafe.js';

export function formatBytes(n: number | null): string {
  return n === null ? '-' : humanBytes(n);
}

const OWN_NS = ['cgroup', 'ipc', 'mnt', 'net', 'pid', 'user', 'uts'] as const;

function unavailableFor(c: Container, field: string): boolean {
  return c.unavailable.some((u) => u.field === field || u.field.startsWith(field + '.'));
}

export function ownNamespaces(c: Container): string {
  const own = OWN_NS.filter((t) => c.namespaces[t].sharedWithHost === false);
  const unknown = OWN_NS.filter((t) => c.namespaces[t].sharedWithHost === null);
  const text = own.length === OWN_NS.length ? 'all' : own.length === 0 ? 'none' : own.join(',');
  return unknown.length > 0 ? `${text} (?${unknown.join(',')})` : text;
}

function lsmText(c: Container): string {
  if (c.lsm.apparmor) return `apparmor:${c.lsm.apparmor.profile}${c.lsm.apparmor.mode ? `(${c.lsm.apparmor.mode})` : ''}`;
  if (c.lsm.selinux) return `selinux:${c.lsm.selinux.type}${c.lsm.selinux.level ? ':' + c.lsm.selinux.level : ''}`;
  return unavailableFor(c, 'lsm') ? 'n/a' : 'none';
}

function memText(c: Container): string {
  if (c.cgroup.limits.memoryMax !== null) return formatBytes(c.cgroup.limits.memoryMax);
  return unavailableFor(c, 'cgroup.limits.memoryMax') ? 'n/a' : 'unlimited';
}

export function listRows(s: Snapshot): string[][] {
  const rows = [['ID', 'NAME', 'RUNTIME', 'PID', 'OWN NAMESPACES', 'CAPS', 'SECCOMP', 'LSM', 'MEMORY']];
  for (const c of s.containers) {
    const caps = c.capabilities.effective;
    rows.push([
      shortId(c.id),
      c.name ?? '-',
      c.role === 'pod-sandbox' ? `${c.runtime} (pod)` : c.runtime,
      String(c.initPid),
      ownNamespaces(c),
      caps ? String(caps.names.length + caps.unknownBits.length) : 'n/a',
      c.seccomp.mode === null ? 'n/a' : c.seccomp.mode === 'filter' ? `filter(${c.seccomp.filters ?? '?'})` : c.seccomp.mode,
      lsmText(c),
      memText(c),
    ]);
  }
  return rows;
}

export function table(unsafe: string[][]): string {
  // Cells come from containers: escaped before measuring, so columns line up on what is shown.
  const rows = unsafe.map((r) => r.map(cellSafe));
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')).join('\n') + '\n';
}

function hostLine(s: Snapshot): string {
  return `${s.host.hostname ?? '?'} · kernel ${s.host.kernel ?? '?'} · cgroup ${s.host.cgroupVersion ?? '?'} · LSMs ${s.host.lsms?.join(',') ?? 'unknown'} · ${s.containers.length} container(s)${s.host.collector.privileged ? '' : ' · not root: other users’ processes may be hidden'}`;
}

export function listText(s: Snapshot): string {
  const head = terminalSafe(hostLine(s)) + '\n';
  if (s.containers.length === 0) return head + 'No containers or sandboxes found.\n';
  return head + table(listRows(s));
}

/** `isoscope list --host … --host …`: a line per host, then one table with a HOST column. */
export function multiHostListText(snaps: readonly { host: string; snap: Snapshot }[]): string {
  const heads = snaps.map(({ host, snap }) => terminalSafe(`${host}: ${hostLine(snap)}`) + '\n').join('');
  const rows: string[][] = [['HOST', ...listRows(snaps[0]!.snap)[0]!]];
  for (const { host, snap } of snaps)
    rows.push(
      ...listRows(snap)
        .slice(1)
        .map((r) => [host, ...r]),
    );
  return heads + (rows.length === 1 ? 'No containers or sandboxes found.\n' : table(rows));
}
