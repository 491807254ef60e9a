// The configuration a runtime declared for a container, from its OCI bundle's config.json
// (runc, crun, containerd, CRI-O and Podman keep one). Pure: takes the parsed JSON, whose every
// field is checked for its type, because the file is data, not something to trust.
import { DECLARED_NAMESPACE_TYPES } from '../snapshot/declared.js';
import type { DeclaredConfig } from './types.js';

type DeclaredNs = (typeof DECLARED_NAMESPACE_TYPES)[number];
const OCI_NS: Record<string, DeclaredNs> = {
  pid: 'pid',
  network: 'net',
  mount: 'mnt',
  ipc: 'ipc',
  uts: 'uts',
  user: 'user',
  cgroup: 'cgroup',
  time: 'time',
};
const CAP_SETS = ['bounding', 'effective', 'permitted', 'inheritable', 'ambient'] as const;

const obj = (v: unknown): Record<string, unknown> | null =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
const bool = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null);
const strings = (v: unknown): string[] | null =>
  Array.isArray(v) && v.every((s) => typeof s === 'string') ? (v as string[]) : null;

/** A limit: a positive number, null (declared unlimited: absent or -1/0 as runtimes write it). */
function limit(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : null;
}

export function parseOciDeclared(json: unknown, source: string): DeclaredConfig | null {
  const root = obj(json);
  if (!root) return null;
  const process = obj(root.process);
  const linux = obj(root.linux);
  const capsObj = obj(process?.capabilities);
  let capabilities: DeclaredConfig['capabilities'] = null;
  if (capsObj) {
    capabilities = {};
    for (const set of CAP_SETS) {
      const names = strings(capsObj[set]);
      if (names) capabilities[set] = names.map((n) => n.toUpperCase());
    }
  }
  let namespaces: DeclaredConfig['namespaces'] = null;
  if (Array.isArray(linux?.namespaces)) {
    namespaces = {};
    for (const n of linux.namespaces) {
      const entry = obj(n);
      const type = typeof entry?.type === 'string' && Object.hasOwn(OCI_NS, entry.type) ? OCI_NS[entry.type] : undefined;
      if (type && DECLARED_NAMESPACE_TYPES.includes(type))
        namespaces[type] = typeof entry?.path === 'string' && entry.path !== '' ? 'joined' : 'own';
    }
  }
  const resources = obj(linux?.resources);
  return {
    source,
    readonlyRootfs: bool(obj(root.root)?.readonly) ?? (obj(root.root) ? false : null),
    noNewPrivileges: process ? (bool(process.noNewPrivileges) ?? false) : null,
    capabilities,
    namespaces,
    seccomp: linux ? (obj(linux.seccomp) ? 'profile' : 'none') : null,
    memoryLimit: linux ? limit(obj(resources?.memory)?.limit) : undefined,
    pidsLimit: linux ? limit(obj(resources?.pids)?.limit) : undefined,
    cpuQuota: linux ? limit(obj(resources?.cpu)?.quota) : undefined,
  };
}
