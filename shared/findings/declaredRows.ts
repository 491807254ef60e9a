// Declared vs effective, aspect by aspect, for the views: what the runtime's configuration
// (Container.declared) asked for beside what the kernel enforces, and whether they agree.
// The finding itself (rules/declared.ts) says which disagreements are looser; this lists all.
import { formatBytes } from '../diff/values.js';
import type { DeclaredConfig } from '../snapshot/declared.js';
import type { Container } from '../snapshot/schema.js';

export interface DeclaredRow {
  aspect: string;
  declared: string;
  kernel: string;
  /** null when either side is unknown (not declared, or not read). */
  agree: boolean | null;
}

const onOff = (v: boolean | null | undefined, on: string, off: string) => (v === null || v === undefined ? null : v ? on : off);
const limitText = (v: number | null | undefined, fmt: (n: number) => string) =>
  v === undefined ? null : v === null ? 'none' : fmt(v);

export function declaredRows(c: Container, d: DeclaredConfig, hostCaps: string[] | null = null): DeclaredRow[] {
  const rows: DeclaredRow[] = [];
  const add = (aspect: string, declared: string | null, kernel: string | null, agree?: boolean) =>
    rows.push({
      aspect,
      declared: declared ?? 'not declared',
      kernel: kernel ?? 'unknown',
      agree: declared === null || kernel === null ? null : (agree ?? declared === kernel),
    });
  add('root filesystem', onOff(d.readonlyRootfs, 'read-only', 'writable'), onOff(c.rootfsReadOnly, 'read-only', 'writable'));
  add('NoNewPrivs', onOff(d.noNewPrivileges, 'on', 'off'), onOff(c.seccomp.noNewPrivs, 'on', 'off'));
  add(
    'seccomp',
    d.seccomp === null ? null : d.seccomp === 'profile' ? 'a profile' : 'none',
    c.seccomp.mode === null
      ? null
      : c.seccomp.mode === 'disabled'
        ? 'none'
        : c.seccomp.mode === 'filter'
          ? 'a profile'
          : 'strict',
  );
  for (const set of ['effective', 'bounding'] as const) {
    const declared = d.capabilities?.[set];
    const kernel = c.capabilities[set];
    // A capability the host lacks cannot be granted: compared against what the host has.
    const grantable = declared && hostCaps ? declared.filter((n) => hostCaps.includes(n)) : declared;
    const same =
      !!grantable && !!kernel && grantable.length === kernel.names.length && grantable.every((n) => kernel.names.includes(n));
    add(`${set} capabilities`, grantable ? `${grantable.length}` : null, kernel ? `${kernel.names.length}` : null, same);
  }
  if (d.namespaces) {
    for (const t of ['pid', 'net', 'mnt', 'ipc', 'uts', 'user', 'cgroup'] as const) {
      const want = d.namespaces[t];
      const shared = c.namespaces[t].sharedWithHost;
      const kernel = shared === null ? null : shared ? "the host's" : 'its own';
      if (want === 'joined')
        rows.push({
          aspect: `${t} namespace`,
          declared: 'an existing one (joined by path)',
          kernel: kernel ?? 'unknown',
          agree: null,
        });
      else add(`${t} namespace`, want === 'own' ? 'its own' : "the host's", kernel);
    }
  }
  const cgroupRead = (field: string) => !c.unavailable.some((u) => u.field === `cgroup.${field}` || u.field === 'cgroup');
  const limits = [
    ['memory limit', d.memoryLimit, c.cgroup.limits.memoryMax, 'limits.memoryMax', formatBytes],
    ['pids limit', d.pidsLimit, c.cgroup.limits.pidsMax, 'limits.pidsMax', String],
    ['CPU quota', d.cpuQuota, c.cgroup.limits.cpuQuota, 'limits.cpuQuota', (n: number) => `${n} µs`],
  ] as const;
  for (const [aspect, declared, kernel, field, fmt] of limits)
    add(aspect, limitText(declared, fmt), cgroupRead(field) ? limitText(kernel, fmt) : null);
  return rows;
}
