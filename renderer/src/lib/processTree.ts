// A container's processes as a tree by parent pid, and how each differs from the init process.
import { NAMESPACE_TYPES, type Container, type NamespaceIds, type Process } from '../../../shared/snapshot/schema.js';

export interface TreeRow {
  process: Process;
  depth: number;
  /** Last child of its parent (for the tree guides). */
  last: boolean;
}

/** Depth-first rows: roots are processes whose parent is not in the container, children by pid. */
export function processTree(processes: Process[]): TreeRow[] {
  const pids = new Set(processes.map((p) => p.pid));
  const children = new Map<number, Process[]>();
  const roots: Process[] = [];
  for (const p of processes) {
    if (p.ppid !== p.pid && pids.has(p.ppid)) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
    else roots.push(p);
  }
  const rows: TreeRow[] = [];
  const seen = new Set<number>();
  const walk = (list: Process[], depth: number) => {
    const sorted = [...list].sort((a, b) => a.pid - b.pid);
    sorted.forEach((p, i) => {
      if (seen.has(p.pid)) return;
      seen.add(p.pid);
      rows.push({ process: p, depth, last: i === sorted.length - 1 });
      walk(children.get(p.pid) ?? [], depth + 1);
    });
  };
  walk(roots, 0);
  return rows;
}

/** The pid inside the container's pid namespace (last of NSpid). */
export function pidInside(p: Process): number | null {
  return p.nspid.length > 0 ? p.nspid[p.nspid.length - 1]! : null;
}

export function commandLine(p: Process): string {
  return p.cmdline.length > 0 ? p.cmdline.join(' ') : `[${p.comm}]`;
}

/** Short notes on what differs from init: "own net ns", "caps +CAP_X −CAP_Y", "seccomp disabled". */
export function differencesFromInit(c: Container, p: Process, hostNs: NamespaceIds | null): string[] {
  const out: string[] = [];
  if (p.namespaces) {
    const differ = NAMESPACE_TYPES.filter((t) => p.namespaces![t] !== undefined && p.namespaces![t] !== c.namespaces[t].inode);
    const host = differ.filter((t) => hostNs !== null && p.namespaces![t] !== null && p.namespaces![t] === hostNs[t]);
    if (differ.length > 0)
      out.push(
        `other ${differ.join(', ')} namespace${differ.length > 1 ? 's' : ''}${host.length ? ` (${host.join(', ')} = host's)` : ''}`,
      );
  }
  if (p.capabilities) {
    const mine = p.capabilities.effective?.names ?? null;
    const init = c.capabilities.effective?.names ?? null;
    if (mine && init) {
      const plus = mine.filter((n) => !init.includes(n));
      const minus = init.filter((n) => !mine.includes(n));
      out.push(
        plus.length + minus.length === 0
          ? 'other capability sets (effective same)'
          : `effective caps ${[...plus.map((n) => `+${n}`), ...minus.map((n) => `−${n}`)].join(' ')}`,
      );
    } else out.push('other capabilities');
  }
  if (p.seccomp) {
    const parts: string[] = [];
    if (p.seccomp.mode !== c.seccomp.mode) parts.push(`seccomp ${p.seccomp.mode ?? '?'}`);
    if (p.seccomp.filters !== c.seccomp.filters) parts.push(`${p.seccomp.filters ?? '?'} filters`);
    if (p.seccomp.noNewPrivs !== c.seccomp.noNewPrivs)
      parts.push(`NoNewPrivs ${p.seccomp.noNewPrivs === null ? '?' : p.seccomp.noNewPrivs ? 'on' : 'off'}`);
    out.push(parts.length ? parts.join(', ') : 'other seccomp state');
  }
  if (p.lsm) out.push(`LSM ${p.lsm.raw ?? 'context unreadable'}`);
  return out;
}
