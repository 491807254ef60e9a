// Namespaces: all ten types with their inode, whether the container has its own, shares the
// host's, or shares one with other containers; then the user namespace's id maps.
import { rootMapping } from '../../../../shared/rules/isolation.js';
import { NAMESPACE_TYPES, type Container, type IdMapEntry, type NamespaceType } from '../../../../shared/snapshot/schema.js';
import { shortId } from '../../lib/format.js';
import { describeRange, isIdentityMap } from '../../lib/idMap.js';
import { useStore } from '../../store/store.js';
import { Unavailable } from '../Unavailable.js';
import { FoldedList } from './common.js';

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
            <NamespaceRow key={t} c={c} t={t} />
          ))}
        </tbody>
      </table>
      <UserNamespace c={c} />
    </div>
  );
}

function NamespaceRow({ c, t }: { c: Container; t: NamespaceType }) {
  const containers = useStore((s) => s.containers);
  const select = useStore((s) => s.select);
  const ns = c.namespaces[t];
  const field = `namespaces.${t}`;
  let whose;
  if (ns.sharedWithHost === null) whose = ns.inode === null ? <span className="muted">—</span> : <Unavailable list={c.unavailable} field={field} />;
  else if (!ns.sharedWithHost) whose = <span className="badge good">its own</span>;
  else if (USUALLY_HOST.includes(t)) whose = <span className="badge unknown" title="Runtimes rarely create time namespaces: sharing the host's is the norm">the host’s (usual)</span>;
  else whose = <span className={`badge ${SEVERE.includes(t) ? 'bad' : 'warn'}`}>the host’s</span>;

  const others = ns.sharedWith.map((id) => {
    const o = containers[id];
    return (
      <button key={id} type="button" className="link" onClick={() => select(id)} title={id}>
        {o?.name ?? shortId(id)}
        {o && o.role === 'pod-sandbox' ? ' (pod sandbox)' : ''}
      </button>
    );
  });
  return (
    <tr data-ns={t}>
      <th scope="row">
        <code>{t}</code>
      </th>
      <td className="note">{MEANING[t]}</td>
      <td className="mono">{ns.inode ?? <Unavailable list={c.unavailable} field={field} />}</td>
      <td>{whose}</td>
      <td className="also">
        {ns.sharedWithHost ? (
          <>
            the host
            {others.length > 0 && (
              <>
                {' '}
                and <FoldedList items={others} max={0} more={`${others.length} container${others.length > 1 ? 's' : ''}`} />
              </>
            )}
          </>
        ) : (
          <FoldedList items={others} max={3} empty={ns.inode === null ? '—' : 'no other container'} />
        )}
      </td>
    </tr>
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
            <span className="badge warn">none of its own</span> Ids inside are the host’s: <strong>root inside is root (uid 0) on the host</strong>.
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
                <td className="mono">{isIdentityMap([e]) ? <span title="Every id is itself: the map of the host's own user namespace">identity</span> : describeRange(e)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
