// The facts shown side by side in a comparison, area by area, as text. A row is marked
// different when the diff engine reported a difference in its area and field.
import type { Area, Difference, Side } from '../../../../shared/diff/diff.js';
import { hostShared, ISOLATING_NAMESPACES, rootMapping } from '../../../../shared/rules/isolation.js';
import type { Container } from '../../../../shared/snapshot/schema.js';
import { formatBytes } from '../../lib/format.js';

export interface FactRow {
  area: Area;
  /** Matches Difference.field (or a prefix of it). */
  field: string;
  label: string;
  a: string;
  b: string;
  differs: boolean;
  lessIsolated: 'a' | 'b' | null;
}

type Getter = (c: Container | null, s: Side) => string;

const unknownOr = (v: string | null | undefined) => v ?? 'unknown';
const limit = (c: Container, key: 'memoryMax' | 'pidsMax' | 'cpuQuota', fmt: (n: number) => string) => {
  const v = c.cgroup.limits[key];
  if (v !== null) return fmt(v);
  return c.unavailable.some((u) => u.field === `cgroup.limits.${key}`) ? 'unknown' : 'unlimited';
};

/** "2: runtime-socket /var/run/docker.sock, host-device /dev/sda" or "none"; "not collected" for older snapshots. */
function mountFlagsText(c: Container): string {
  if (c.mounts === undefined) return 'not collected';
  if (c.mounts === null) return 'unknown';
  const flagged = c.mounts.mounts.flatMap((m) => m.flags.map((f) => `${f.kind} ${m.target}`));
  if (flagged.length === 0) return 'none';
  return `${flagged.length}: ${flagged.slice(0, 3).join(', ')}${flagged.length > 3 ? ` and ${flagged.length - 3} more` : ''}`;
}

function masksMissingText(c: Container): string {
  if (c.mounts === undefined) return 'not collected';
  if (c.mounts === null) return 'unknown';
  const exposed = c.mounts.protections.paths.filter((p) => p.state === 'exposed').map((p) => p.path);
  return exposed.length === 0 ? 'none' : exposed.join(', ');
}

const ROWS: { area: Area; field: string; label: string; get: Getter }[] = [
  ...ISOLATING_NAMESPACES.map((t) => ({
    area: 'namespaces' as Area,
    field: t,
    label: `${t} namespace`,
    get: (c: Container | null, s: Side) => {
      if (!c) return `host (${s.host.namespaces[t] ?? '?'})`;
      const shared = c.namespaces[t].sharedWithHost;
      return shared === null ? 'unknown' : `${shared ? 'host’s' : 'own'} (${c.namespaces[t].inode})`;
    },
  })),
  { area: 'userns', field: 'uidMap', label: 'root inside', get: (c) => (c ? (rootMapping(c) ?? (c.namespaces.user.sharedWithHost ? 'host root' : 'unknown')) : 'host root') },
  { area: 'capabilities', field: 'effective', label: 'effective capabilities', get: (c) => (c ? (c.capabilities.effective ? `${c.capabilities.effective.names.length}` : 'unknown') : '—') },
  { area: 'capabilities', field: 'bounding', label: 'bounding set', get: (c) => (c ? (c.capabilities.bounding ? `${c.capabilities.bounding.names.length}` : 'unknown') : '—') },
  { area: 'seccomp', field: 'mode', label: 'seccomp', get: (c) => (c ? unknownOr(c.seccomp.mode) + (c.seccomp.filters ? ` (${c.seccomp.filters} filter${c.seccomp.filters > 1 ? 's' : ''})` : '') : '—') },
  { area: 'seccomp', field: 'noNewPrivs', label: 'NoNewPrivs', get: (c) => (c ? (c.seccomp.noNewPrivs === null ? 'unknown' : c.seccomp.noNewPrivs ? 'set' : 'not set') : '—') },
  { area: 'mac', field: '', label: 'MAC label', get: (c) => (c ? (c.lsm.raw ?? 'none') : '—') },
  { area: 'cgroups', field: 'memoryMax', label: 'memory max', get: (c) => (c ? limit(c, 'memoryMax', formatBytes) : '—') },
  { area: 'cgroups', field: 'pidsMax', label: 'pids max', get: (c) => (c ? limit(c, 'pidsMax', String) : '—') },
  { area: 'cgroups', field: 'cpuQuota', label: 'CPU quota', get: (c) => (c ? limit(c, 'cpuQuota', (q) => `${q} µs / ${c.cgroup.limits.cpuPeriod ?? '?'} µs`) : '—') },
  { area: 'cgroups', field: 'version', label: 'cgroup version', get: (c) => (c ? unknownOr(c.cgroup.version) : '—') },
  { area: 'rootfs', field: 'readOnly', label: 'root filesystem', get: (c) => (c ? (c.rootfsReadOnly === null ? 'unknown' : c.rootfsReadOnly ? 'read-only' : 'writable') : '—') },
  { area: 'rootfs', field: 'mount ', label: 'flagged mounts', get: (c) => (c ? mountFlagsText(c) : '—') },
  { area: 'rootfs', field: 'masked ', label: 'default masks missing', get: (c) => (c ? masksMissingText(c) : '—') },
  { area: 'user', field: 'uid', label: 'init user (uid)', get: (c) => {
    const p = c?.processes.find((x) => x.pid === c.initPid);
    return c ? (p?.uid ? String(p.uid.effective) : 'unknown') : '—';
  } },
];

/** The difference (if any) that concerns a row: same area, and a field that names it. */
function concerning(diffs: Difference[], area: Area, field: string): Difference | undefined {
  return diffs.find((d) => d.area === area && d.field.startsWith(field));
}

export function factRows(a: Side, b: Side, diffs: Difference[]): FactRow[] {
  return ROWS.map((r) => {
    const d = concerning(diffs, r.area, r.field);
    const va = r.get(a.container, a);
    const vb = r.get(b.container, b);
    // Namespace rows carry inodes, which differ between any two containers' own namespaces.
    const textDiffers = r.area !== 'namespaces' && va !== vb;
    return { area: r.area, field: r.field, label: r.label, a: va, b: vb, differs: d !== undefined || textDiffers, lessIsolated: d?.lessIsolated ?? null };
  });
}

export const hostSharedCount = (c: Container) => hostShared(c).length;
