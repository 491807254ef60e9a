// Namespaces: all ten types with their inode, whether the container has its own, shares the
// host's, or shares one with other containers; then the user namespace's id maps. The host facts
// are the container's own host's (a remote host's for its containers, the file's for a snapshot's).
import { useContext, useMemo } from 'react';
import { rootMapping } from '../../../../shared/rules/isolation.js';
import {
  NAMESPACE_TYPES,
  type Container,
  type Host,
  type IdMapEntry,
  type NamespaceType,
} from '../../../../shared/snapshot/schema.js';
import { shortId } from '../../lib/format.js';
import { describeRange, isIdentityMap } from '../../lib/idMap.js';
import { useContainerHost } from '../../store/hosts.js';
import { useStore } from '../../store/store.js';
import { SNAP_PREFIX, useWorkspace } from '../../store/workspace.js';
import { SourceContext } from '../sourceContext.js';
import { Unavailable } from '../Unavailable.js';
import { FoldedList } from './common.js';
import { liveScope, namespacePeers, snapshotScope, type PeerScope } from './namespacePeers.js';

const MEANING: Record<NamespaceType, string> = {
  cgroup: 'Its view of the cgroup tree',
  ipc: 'System V IPC and POSIX message queues',
  mnt: 'Mount points: the filesystem tree it sees',
  net: 'Interfaces, addresses, routes, ports, firewall',
  pid: 'Which processes it sees and can signal',
  pid_for_children: 'The pid namespace its new children are born into',
  time: 'Offsets of the boot and monotonic clocks',
  time_for_children: 'The time namespace its new children get',
  user: 'User and group ids, and what capabilities apply to',
  uts: 'Hostname and domain name',
};

/** Sharing these with the host is usual (runtimes rarely create time namespaces). */
const USUALLY_HOST: NamespaceType[] = ['time', 'time_for_children'];
const SEVERE: NamespaceType[] = ['pid', 'pid_for_children', 'net', 'mnt'];

export function NamespacesTab({ container: c }: { container: Container }) {
  const source = useContext(SourceContext);
  const snapshot = useWorkspace((s) => (source.kind === 'snapshot' ? (s.imported?.snapshot ?? null) : null));
  const containers = useStore((s) => s.containers);
  const hostOf = useStore((s) => s.hostOf);
  const select = useStore((s) => s.select);
  const liveHost = useContainerHost(c.id);
  // Peers are looked for among the containers of the same machine: the live store's of that host, or the file's.
  const scope = useMemo(
    () => (snapshot ? snapshotScope(snapshot.containers, SNAP_PREFIX) : liveScope(containers, hostOf, c.id)),
    [snapshot, containers, hostOf, c.id],
  );
  return (
    <NamespacesView
      c={c}
      selfKey={snapshot ? SNAP_PREFIX + c.id : c.id}
      scope={scope}
      host={snapshot ? snapshot.host : liveHost}
      onSelect={select}
    />
  );
}

/** The tab's content from what it is given (no store): the container, where its peers are looked for, its host's facts. */
export function NamespacesView({
  c,
  selfKey,
  scope,
  host,
  onSelect,
}: {
  c: Container;
  selfKey: string;
  scope: PeerScope;
  host: Host | null;
  onSelect(key: string): void;
}) {
  return (
    <div className="tab namespaces-tab">
      <table className="grid ns-table">
        <thead>
          <tr>
            <th>Namespace</th>
            <th>Isolates</th>
            <th>Inode</th>
            <th>Whose</th>
            <th>Also used by</th>
          </tr>
        </thead>
        <tbody>
          {NAMESPACE_TYPES.map((t) => (
            <NamespaceRow key={t} c={c} t={t} selfKey={selfKey} scope={scope} onSelect={onSelect} />
          ))}
        </tbody>
      </table>
      <TimeNamespaceSection c={c} host={host} />
      <UserNamespace c={c} />
    </div>
  );
}

const containersText = (n: number) => `${n} other container${n === 1 ? '' : 's'}`;

function NamespaceRow({
  c,
  t,
  selfKey,
  scope,
  onSelect,
}: {
  c: Container;
  t: NamespaceType;
  selfKey: string;
  scope: PeerScope;
  onSelect(key: string): void;
}) {
  const ns = c.namespaces[t];
  const field = `namespaces.${t}`;
  let whose;
  if (ns.sharedWithHost === null)
    whose = ns.inode === null ? <span className="muted">—</span> : <Unavailable list={c.unavailable} field={field} />;
  else if (!ns.sharedWithHost) whose = <span className="badge good">its own</span>;
  else if (USUALLY_HOST.includes(t))
    whose = (
      <span className="badge unknown" title="Runtimes rarely create time namespaces: sharing the host's is the norm">
        the host’s (usual)
      </span>
    );
  else whose = <span className={`badge ${SEVERE.includes(t) ? 'bad' : 'warn'}`}>the host’s</span>;

  const { peers, from } = namespacePeers(c, selfKey, t, scope);
  const others = peers.map(({ key, id }) => {
    const o = scope.candidates.get(key);
    return (
      <button key={key} type="button" className="link" onClick={() => onSelect(key)} title={id}>
        {o?.name ?? shortId(id)}
        {o && o.role === 'pod-sandbox' ? ' (pod sandbox)' : ''}
      </button>
    );
  });
  // Counted by inode among a file's containers: a file may hold only some of the host's, so the count says so.
  const where = from === 'inode' && scope.kind === 'snapshot' ? ' in this snapshot' : '';
  return (
    <tr data-ns={t}>
      <th scope="row">
        <code>{t}</code>
      </th>
      <td className="note">{MEANING[t]}</td>
      <td className="mono">{ns.inode ?? <Unavailable list={c.unavailable} field={field} />}</td>
      <td>{whose}</td>
      <td className="also" data-peers={peers.length}>
        {ns.sharedWithHost ? (
          <>
            the host
            {others.length > 0 ? (
              <>
                {' '}
                and <FoldedList items={others} max={0} more={containersText(others.length) + where} />
              </>
            ) : (
              where && <span className="muted"> (no other container{where})</span>
            )}
          </>
        ) : (
          <FoldedList items={others} max={3} empty={ns.inode === null ? '—' : 'no other container'} />
        )}
      </td>
    </tr>
  );
}

/** "+1 d 2 h 3 min 4 s" for an offset in seconds (sign kept). */
export function formatOffset(seconds: number, ns = 0): string {
  if (seconds === 0 && ns === 0) return '0 s';
  const sign = seconds < 0 ? '−' : '+';
  let s = Math.abs(seconds);
  const parts: string[] = [];
  for (const [unit, n] of [
    ['d', 86400],
    ['h', 3600],
    ['min', 60],
  ] as const) {
    if (s >= n) {
      parts.push(`${Math.floor(s / n)} ${unit}`);
      s %= n;
    }
  }
  if (s || ns || parts.length === 0) parts.push(ns ? `${s}.${String(ns).padStart(9, '0').replace(/0+$/, '')} s` : `${s} s`);
  return sign + parts.join(' ');
}

/** The time namespace's clock offsets (/proc/PID/timens_offsets) and what they mean. */
function TimeNamespaceSection({ c, host }: { c: Container; host: Host | null }) {
  const tn = c.timeNamespace;
  const own = c.namespaces.time.sharedWithHost === false;
  const differing = c.processes.filter((p) => p.timeNamespace !== undefined);
  return (
    <>
      <h2>Time namespace</h2>
      {tn === undefined ? (
        <p className="muted not-collected">Clock offsets: not collected in this snapshot.</p>
      ) : tn === null ? (
        <p>
          Clock offsets: <Unavailable list={c.unavailable} field="timeNamespace" />
        </p>
      ) : (
        <>
          <p className="lead" data-testid="timens-summary">
            {tn.offsets.monotonic.seconds === 0 &&
            tn.offsets.boottime.seconds === 0 &&
            tn.offsets.monotonic.nanoseconds === 0 &&
            tn.offsets.boottime.nanoseconds === 0 ? (
              own ? (
                <>
                  Its own time namespace, with <strong>no offsets</strong>: its clocks read as the host’s.
                </>
              ) : (
                <>The host’s time namespace: its clocks read as the host’s.</>
              )
            ) : (
              <>
                <span className="badge unknown">clocks shifted</span> Its monotonic and boot-time clocks are{' '}
                <strong>shifted for this container</strong>: programs in it see a different uptime than the host (wall-clock time
                is not affected).
              </>
            )}
          </p>
          <table className="grid timens-table">
            <thead>
              <tr>
                <th>Clock</th>
                <th className="num">Offset</th>
                <th>What it sees</th>
              </tr>
            </thead>
            <tbody title={tn.source}>
              <tr data-clock="boottime">
                <th scope="row">
                  <code>CLOCK_BOOTTIME</code>
                </th>
                <td className="num mono">{formatOffset(tn.offsets.boottime.seconds, tn.offsets.boottime.nanoseconds)}</td>
                <td className="note">
                  {tn.offsets.boottime.seconds === 0 && tn.offsets.boottime.nanoseconds === 0 ? (
                    'the host’s uptime (no shift)'
                  ) : (
                    <>
                      /proc/uptime inside = the host’s uptime{' '}
                      {formatOffset(tn.offsets.boottime.seconds, tn.offsets.boottime.nanoseconds)}
                    </>
                  )}
                  {host?.bootTime != null && tn.offsets.boottime.seconds !== 0 && (
                    <>
                      {' '}
                      · it looks booted at{' '}
                      {new Date(host.bootTime - tn.offsets.boottime.seconds * 1000)
                        .toISOString()
                        .replace('T', ' ')
                        .slice(0, 19)}{' '}
                      UTC
                    </>
                  )}
                </td>
              </tr>
              <tr data-clock="monotonic">
                <th scope="row">
                  <code>CLOCK_MONOTONIC</code>
                </th>
                <td className="num mono">{formatOffset(tn.offsets.monotonic.seconds, tn.offsets.monotonic.nanoseconds)}</td>
                <td className="note">
                  {tn.offsets.monotonic.seconds === 0 && tn.offsets.monotonic.nanoseconds === 0 ? (
                    'the host’s monotonic clock (no shift)'
                  ) : (
                    <>
                      timers and timeouts read the host’s monotonic clock{' '}
                      {formatOffset(tn.offsets.monotonic.seconds, tn.offsets.monotonic.nanoseconds)}
                    </>
                  )}
                </td>
              </tr>
            </tbody>
          </table>
          <p className="note">Read from {tn.source}.</p>
        </>
      )}
      {differing.length > 0 && (
        <p className="note">
          {differing.map((p) => (
            <span key={p.pid}>
              pid {p.pid} is in another time namespace:{' '}
              {p.timeNamespace ? (
                `boottime ${formatOffset(p.timeNamespace.offsets.boottime.seconds)}, monotonic ${formatOffset(p.timeNamespace.offsets.monotonic.seconds)}`
              ) : (
                <Unavailable list={c.unavailable} field={`processes.${p.pid}.timeNamespace`} />
              )}
              {'. '}
            </span>
          ))}
        </p>
      )}
    </>
  );
}

function UserNamespace({ c }: { c: Container }) {
  const shared = c.namespaces.user.sharedWithHost;
  const mapping = rootMapping(c);
  return (
    <>
      <h2>User namespace</h2>
      <p className="lead">
        {shared === null ? (
          <>
            Whether it has its own could not be read: <Unavailable list={c.unavailable} field="namespaces.user" />
          </>
        ) : shared ? (
          <>
            <span className="badge warn">none of its own</span> Ids inside are the host’s:{' '}
            <strong>root inside is root (uid 0) on the host</strong>.
          </>
        ) : mapping ? (
          <>
            <span className="badge good">its own</span> <strong>{mapping}</strong>.
          </>
        ) : (
          <>
            <span className="badge good">its own</span> The root mapping is unknown.
          </>
        )}
      </p>
      <div className="idmaps">
        <IdMapTable title="uid_map" map={c.userNamespace.uidMap} c={c} field="userNamespace.uidMap" />
        <IdMapTable title="gid_map" map={c.userNamespace.gidMap} c={c} field="userNamespace.gidMap" />
      </div>
    </>
  );
}

function IdMapTable({ title, map, c, field }: { title: string; map: IdMapEntry[] | null; c: Container; field: string }) {
  return (
    <div className="idmap">
      <h3>
        <code>{title}</code>
      </h3>
      {map === null ? (
        <Unavailable list={c.unavailable} field={field} />
      ) : map.length === 0 ? (
        <p className="muted">Empty: no id is mapped (everything shows as nobody inside).</p>
      ) : (
        <table className="grid">
          <thead>
            <tr>
              <th className="num">Inside</th>
              <th className="num">On the host</th>
              <th className="num">Count</th>
              <th>Range</th>
            </tr>
          </thead>
          <tbody>
            {map.map((e, i) => (
              <tr key={i}>
                <td className="mono num">{e.inside}</td>
                <td className="mono num">{e.outside}</td>
                <td className="mono num">{e.count}</td>
                <td className="mono">
                  {isIdentityMap([e]) ? (
                    <span title="Every id is itself: the map of the host's own user namespace">identity</span>
                  ) : (
                    describeRange(e)
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
