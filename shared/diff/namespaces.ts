// Namespaces and user-namespace maps: which side shares what with the host, which namespaces
// the two sides share with each other or with other containers (pods), and (diffUserns) where
// root inside each side lands on the host. Pure.
import { shortId as short } from '../format/ids.js';
import type { Container, IdMapEntry, NamespaceType } from '../snapshot/schema.js';
import { type Difference, type Side, distinctOnOneBoot, sameSubject } from './types.js';
import { diff, known, type Known, LETTER, reasonFor, unavailableFor, unknownBecause, unknownDiff, type Which } from './values.js';

export const COMPARED_NAMESPACES: NamespaceType[] = ['mnt', 'pid', 'net', 'ipc', 'uts', 'user', 'cgroup', 'time'];

/** What sharing the host's namespace of each type exposes. */
const HOST_SHARED: Record<string, string> = {
  mnt: "mount namespace: it sees the host's mounts, and with CAP_SYS_ADMIN can change them",
  net: "network namespace: it sees and can bind the host's interfaces",
  pid: 'PID namespace: it sees every host process and can signal or trace those its credentials allow',
  ipc: "IPC namespace: it can reach the host's System V IPC objects and POSIX message queues",
  uts: "UTS namespace: it sees the host's hostname (and with CAP_SYS_ADMIN can change it)",
  user: 'user namespace: root inside is root on the host, and its capabilities count against the host',
  cgroup: "cgroup namespace: it sees the host's whole cgroup tree and its own place in it",
  time: 'time namespace: its monotonic and boot clocks are the host’s (few runtimes unshare it)',
};

interface NsView {
  inode: number;
  host: boolean;
  /** Other containers in the same namespace (when it is not the host's). */
  peers: string[];
  sandboxId: string | null;
}

function view(s: Side, t: NamespaceType): Known<NsView> {
  if (!s.container) {
    const inode = s.host.namespaces[t] ?? null;
    if (inode === null) return unknownBecause(unavailableFor(s.host.unavailable, `namespaces.${t}`)?.reason ?? 'unreadable');
    return known({ inode, host: true, peers: [], sandboxId: null });
  }
  const c = s.container;
  const info = c.namespaces[t];
  if (info.inode === null || info.sharedWithHost === null) return unknownBecause(reasonFor(c, `namespaces.${t}`));
  return known({
    inode: info.inode,
    host: info.sharedWithHost,
    peers: info.sharedWithHost ? [] : info.sharedWith,
    sandboxId: c.pod?.sandboxId ?? null,
  });
}

function text(s: Side, t: NamespaceType, v: NsView): string {
  const where = !s.container ? 'host' : v.host ? "host's" : 'own';
  const peers = v.peers.length ? `, shared with ${v.peers.map(short).join(', ')}` : '';
  return `${where} ${t}:[${v.inode}]${peers}`;
}

function peerText(v: NsView): string {
  const n = v.peers.length;
  const withSandbox = v.sandboxId !== null && v.peers.includes(v.sandboxId);
  return `${n} other container${n > 1 ? 's' : ''}${withSandbox ? ' of its pod' : ''} (${v.peers.map(short).join(', ')})`;
}

export function diffNamespaces(a: Side, b: Side): Difference[] {
  const out: Difference[] = [];
  const same = sameSubject(a, b);
  for (const t of COMPARED_NAMESPACES) {
    const va = view(a, t);
    const vb = view(b, t);
    const unknown = unknownDiff('namespaces', t, `The ${t} namespace`, va, vb, String, same);
    if (unknown) out.push(unknown);
    if (!va.known || !vb.known) continue;
    const [x, y] = [va.value, vb.value];
    const show = (w: Which) => text(w === 'a' ? a : b, t, w === 'a' ? x : y);
    if (x.host !== y.host) {
      const w: Which = x.host ? 'a' : 'b';
      const isHost = !(w === 'a' ? a : b).container;
      out.push(
        diff(
          'namespaces',
          t,
          show('a'),
          show('b'),
          w,
          `${LETTER[w]} ${isHost ? 'is in' : 'shares'} the host's ${HOST_SHARED[t]}.`,
        ),
      );
      continue;
    }
    if (x.host || same) continue;
    if (x.inode === y.inode && distinctOnOneBoot(a, b)) {
      out.push(
        diff(
          'namespaces',
          t,
          show('a'),
          show('b'),
          null,
          `A and B are in one ${t} namespace: they are not isolated from each other there.`,
        ),
      );
      continue;
    }
    // Namespaces shared with other containers (pods), the other side not counted.
    const px = x.peers.filter((id) => id !== b.container?.id);
    const py = y.peers.filter((id) => id !== a.container?.id);
    if (px.length > 0 !== py.length > 0) {
      const w: Which = px.length > 0 ? 'a' : 'b';
      const v = w === 'a' ? { ...x, peers: px } : { ...y, peers: py };
      out.push(diff('namespaces', t, show('a'), show('b'), w, `${LETTER[w]} shares its ${t} namespace with ${peerText(v)}.`));
    }
  }
  return out;
}

/** Host uid ranges [start, end] that a uid map covers. */
const ranges = (map: IdMapEntry[]) => map.filter((e) => e.count > 0).map((e) => [e.outside, e.outside + e.count - 1] as const);
const mapText = (map: IdMapEntry[]) =>
  map.length ? map.map((e) => `${e.inside}→${e.outside} (${e.count})`).join(', ') : 'empty';
const rootOf = (map: IdMapEntry[]) => map.find((e) => e.inside === 0)?.outside ?? null;

/** Where root inside a container with its own user namespace lands on the host, as a sentence part; null without one (or an unreadable map). */
export function rootMapping(c: Container): string | null {
  const map = c.userNamespace.uidMap;
  if (!map || c.namespaces.user.sharedWithHost !== false) return null;
  const root = map.find((e) => e.inside === 0);
  return root ? `root inside = uid ${root.outside} on the host` : 'root inside is not mapped to any host uid';
}

function uidMap(s: Side): Known<IdMapEntry[]> | null {
  const c = s.container;
  if (!c || c.namespaces.user.sharedWithHost !== false) return null; // no user namespace of its own
  if (c.userNamespace.uidMap === null)
    return unknownBecause(reasonFor(c, 'userNamespace.uidMap', 'userNamespace.uid_map', 'userNamespace'));
  return known(c.userNamespace.uidMap);
}

/** Where root inside each side lands on the host, and host uids both sides map to (sides with a user namespace of their own). */
export function diffUserns(a: Side, b: Side, same: boolean): Difference[] {
  const ma = uidMap(a);
  const mb = uidMap(b);
  if (!ma || !mb) return []; // a side without its own user namespace: covered by the namespace itself
  const unknown = unknownDiff('userns', 'uidMap', 'The uid map', ma, mb, mapText, same);
  if (unknown) return [unknown];
  if (!ma.known || !mb.known || same) return [];
  const out: Difference[] = [];
  const [x, y] = [ma.value, mb.value];
  if (mapText(x) !== mapText(y)) {
    const rx = rootOf(x);
    const ry = rootOf(y);
    const w: Which | null = rx === 0 && ry !== 0 ? 'a' : ry === 0 && rx !== 0 ? 'b' : null;
    const root = (r: number | null) => (r === null ? 'not mapped' : `uid ${r} on the host`);
    const meaning = w
      ? `Root inside ${LETTER[w]} is uid 0 on the host: its user namespace does not protect the host's files.`
      : `Root inside A is ${root(rx)}; root inside B is ${root(ry)}.`;
    out.push(diff('userns', 'uidMap', mapText(x), mapText(y), w, meaning));
  }
  if (distinctOnOneBoot(a, b)) {
    const overlap = ranges(x).flatMap(([s1, e1]) =>
      ranges(y)
        .filter(([s2, e2]) => s1 <= e2 && s2 <= e1)
        .map(([s2, e2]) => [Math.max(s1, s2), Math.min(e1, e2)] as const),
    );
    if (overlap.length > 0) {
      const r = overlap.map(([s, e]) => (s === e ? `${s}` : `${s}–${e}`)).join(', ');
      out.push(
        diff(
          'userns',
          'uidMap overlap',
          mapText(x),
          mapText(y),
          null,
          `A and B map to the same host uids (${r}): a process that escapes one owns the other's files.`,
        ),
      );
    }
  }
  return out;
}
