// The isolation facts a process can change without exec, compared between two readings (what
// changed, from what to what) and against its container's init (is a newly seen process less
// isolated?), plus one-line descriptions of each change. A value that could not be read (null)
// on either side is never a change: unreadable is not "different". Pure.
import type { Capabilities, CapabilitySet, IdSet, LsmContext, NamespaceIds, Seccomp } from './schema.js';
import { NAMESPACE_TYPES } from './schema.js';
import {
  CAP_SET_NAMES,
  type CapSetChange,
  type IsolationChange,
  type IsolationEvent,
  type WeakerFact,
} from './isolationEvents.js';

/** What a process can change about its isolation without exec. */
export interface ProcessIsolation {
  uid: IdSet | null;
  gid: IdSet | null;
  capabilities: Capabilities;
  seccomp: Seccomp;
  namespaces: NamespaceIds;
  lsm: LsmContext;
}

const sameIds = (a: IdSet, b: IdSet) =>
  a.real === b.real && a.effective === b.effective && a.saved === b.saved && a.filesystem === b.filesystem;

function capDiff(set: CapSetChange['set'], a: CapabilitySet | null, b: CapabilitySet | null): CapSetChange | null {
  if (!a || !b || a.hex.toLowerCase() === b.hex.toLowerCase()) return null;
  const before = new Set([...a.names, ...a.unknownBits.map((n) => `bit ${n}`)]);
  const after = new Set([...b.names, ...b.unknownBits.map((n) => `bit ${n}`)]);
  return {
    set,
    fromHex: a.hex,
    toHex: b.hex,
    gained: [...after].filter((n) => !before.has(n)),
    lost: [...before].filter((n) => !after.has(n)),
  };
}

/** Every change between two readings of the same process, in a fixed order. */
export function changesBetween(before: ProcessIsolation, after: ProcessIsolation, hostNs: NamespaceIds): IsolationChange[] {
  const out: IsolationChange[] = [];
  const sets = CAP_SET_NAMES.map((s) => capDiff(s, before.capabilities[s], after.capabilities[s])).filter(
    (c): c is CapSetChange => c !== null,
  );
  if (sets.length > 0) out.push({ kind: 'capabilities', sets });
  const nnpA = before.seccomp.noNewPrivs;
  const nnpB = after.seccomp.noNewPrivs;
  if (nnpA !== null && nnpB !== null && nnpA !== nnpB) out.push({ kind: 'noNewPrivs', from: nnpA, to: nnpB });
  const sa = before.seccomp;
  const sb = after.seccomp;
  const modeChanged = sa.mode !== null && sb.mode !== null && sa.mode !== sb.mode;
  const filtersChanged = sa.filters !== null && sb.filters !== null && sa.filters !== sb.filters;
  if (modeChanged || filtersChanged)
    out.push({ kind: 'seccomp', from: { mode: sa.mode, filters: sa.filters }, to: { mode: sb.mode, filters: sb.filters } });
  if (before.uid && after.uid && !sameIds(before.uid, after.uid)) out.push({ kind: 'uid', from: before.uid, to: after.uid });
  if (before.gid && after.gid && !sameIds(before.gid, after.gid)) out.push({ kind: 'gid', from: before.gid, to: after.gid });
  for (const type of NAMESPACE_TYPES) {
    const a = before.namespaces[type];
    const b = after.namespaces[type];
    if (a === null || a === undefined || b === null || b === undefined || a === b) continue;
    const host = hostNs[type];
    const isHost = (x: number) => (host === null || host === undefined ? null : x === host);
    out.push({ kind: 'namespace', type, from: a, to: b, fromHost: isHost(a), toHost: isHost(b) });
  }
  const la = before.lsm.raw;
  const lb = after.lsm.raw;
  if (la !== null && lb !== null && la !== lb) out.push({ kind: 'lsm', from: la, to: lb });
  return out;
}

const UNCONFINED = /(^|:)(unconfined|unconfined_t|spc_t)(\b|$)/;
const isUnconfined = (raw: string) => raw === 'unconfined' || UNCONFINED.test(raw);

/** true: the change weakens isolation; false: it strengthens it; null: neither. */
export function weakens(c: IsolationChange): boolean | null {
  switch (c.kind) {
    case 'capabilities': {
      const gained = c.sets.some((s) => s.gained.length > 0);
      const lost = c.sets.some((s) => s.lost.length > 0);
      return gained ? true : lost ? false : null;
    }
    case 'noNewPrivs':
      return c.from && !c.to;
    case 'seccomp': {
      const rank = (s: { mode: string | null; filters: number | null }) =>
        s.mode === 'strict' ? 1e9 : s.mode === 'filter' ? 1 + (s.filters ?? 0) : 0;
      const a = rank(c.from);
      const b = rank(c.to);
      return a === b ? null : b < a;
    }
    case 'uid':
    case 'gid':
      if (c.from.effective !== 0 && c.to.effective === 0) return true;
      if (c.from.effective === 0 && c.to.effective !== 0) return false;
      return null;
    case 'namespace':
      if (c.toHost === true && c.fromHost === false) return true;
      if (c.fromHost === true && c.toHost === false) return false;
      return null;
    case 'lsm':
      if (isUnconfined(c.to) && !isUnconfined(c.from)) return true;
      if (isUnconfined(c.from) && !isUnconfined(c.to)) return false;
      return null;
    case 'weakerEntry':
      return true;
  }
}

const idText = (s: IdSet | null) => (s ? `${s.real}/${s.effective}/${s.saved}/${s.filesystem}` : 'unavailable');

/**
 * How a process is less isolated than the container's init: capabilities the init lacks, no
 * (or fewer) seccomp filters, NoNewPrivs off, root where the init is not, the host's namespace
 * where the init has its own, or an unconfined LSM context where the init is confined.
 */
export function weakerThanInit(p: ProcessIsolation, init: ProcessIsolation, hostNs: NamespaceIds): WeakerFact[] {
  const out: WeakerFact[] = [];
  for (const set of ['effective', 'permitted', 'bounding', 'ambient'] as const) {
    const a = init.capabilities[set];
    const b = p.capabilities[set];
    if (!a || !b) continue;
    const has = new Set(a.names);
    const extra = b.names.filter((n) => !has.has(n));
    if (extra.length > 0)
      out.push({
        field: `capabilities.${set}`,
        init: a.names.join(' ') || 'none',
        process: `+${extra.length}: ${extra.join(' ')}`,
      });
  }
  const si = init.seccomp;
  const sp = p.seccomp;
  if (si.mode === 'filter' && sp.mode === 'disabled')
    out.push({ field: 'seccomp', init: `filter (${si.filters ?? '?'})`, process: 'disabled' });
  else if (
    si.mode === 'filter' &&
    sp.mode === 'filter' &&
    si.filters !== null &&
    sp.filters !== null &&
    sp.filters < si.filters
  ) {
    out.push({ field: 'seccomp', init: `${si.filters} filters`, process: `${sp.filters} filters` });
  }
  if (si.noNewPrivs === true && sp.noNewPrivs === false) out.push({ field: 'noNewPrivs', init: 'set', process: 'not set' });
  if (init.uid && p.uid && init.uid.effective !== 0 && p.uid.effective === 0)
    out.push({ field: 'uid', init: idText(init.uid), process: idText(p.uid) });
  for (const type of NAMESPACE_TYPES) {
    const host = hostNs[type];
    const a = init.namespaces[type];
    const b = p.namespaces[type];
    if (host === null || host === undefined || a === null || a === undefined || b === null || b === undefined) continue;
    if (a !== host && b === host) out.push({ field: `namespaces.${type}`, init: `own (${a})`, process: `host's (${b})` });
  }
  const li = init.lsm.raw;
  const lp = p.lsm.raw;
  if (li !== null && lp !== null && li !== lp && isUnconfined(lp) && !isUnconfined(li))
    out.push({ field: 'lsm', init: li, process: lp });
  return out;
}

const list = (names: string[], max = 6) =>
  names.length <= max ? names.join(' ') : `${names.slice(0, max).join(' ')} … (${names.length})`;
const short = (n: string) => n.replace(/^CAP_/, '');

/** One line saying what changed, from what to what. */
export function describeChange(c: IsolationChange): string {
  switch (c.kind) {
    case 'capabilities':
      return c.sets
        .map((s) => {
          const parts = [
            s.lost.length ? `−${list(s.lost.map(short))}` : '',
            s.gained.length ? `+${list(s.gained.map(short))}` : '',
          ].filter(Boolean);
          return `${s.set} ${s.fromHex} → ${s.toHex}${parts.length ? ` (${parts.join(', ')})` : ''}`;
        })
        .join('; ');
    case 'noNewPrivs':
      return `NoNewPrivs ${c.from ? 'set' : 'not set'} → ${c.to ? 'set' : 'not set'}`;
    case 'seccomp': {
      const s = (x: { mode: string | null; filters: number | null }) =>
        `${x.mode ?? '?'}${x.mode === 'filter' ? ` (${x.filters ?? '?'} filter${x.filters === 1 ? '' : 's'})` : ''}`;
      return `seccomp ${s(c.from)} → ${s(c.to)}`;
    }
    case 'uid':
    case 'gid':
      return `${c.kind} (real/effective/saved/fs) ${idText(c.from)} → ${idText(c.to)}`;
    case 'namespace': {
      const where = (inode: number, host: boolean | null) => `${inode}${host === true ? " (host's)" : ''}`;
      return `${c.type} namespace ${where(c.from, c.fromHost)} → ${where(c.to, c.toHost)}`;
    }
    case 'lsm':
      return `LSM context ${c.from} → ${c.to}`;
    case 'weakerEntry':
      return `weaker than init (pid ${c.initPid}): ${c.weaker.map((w) => `${w.field} ${w.process} (init: ${w.init})`).join('; ')}`;
  }
}

/** A short title for the kind of change (timeline rows, reports). */
export function changeTitle(c: IsolationChange): string {
  switch (c.kind) {
    case 'capabilities':
      return 'Capabilities';
    case 'noNewPrivs':
      return 'NoNewPrivs';
    case 'seccomp':
      return 'Seccomp';
    case 'uid':
      return 'User id';
    case 'gid':
      return 'Group id';
    case 'namespace':
      return `Namespace (${c.type})`;
    case 'lsm':
      return 'LSM context';
    case 'weakerEntry':
      return 'Weaker process entered';
  }
}

/** True when the container's isolation changed (any event) since the agent first saw it. */
export function hasChanged(events: readonly IsolationEvent[] | undefined): boolean {
  return (events?.length ?? 0) > 0;
}
