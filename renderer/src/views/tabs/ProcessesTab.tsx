// Processes: the container's process tree by parent pid, with host pid ↔ pid inside, the user
// (and what it is inside the user namespace), and what differs from the init process.
import type { Container, Process } from '../../../../shared/snapshot/schema.js';
import { insideUid } from '../../lib/idMap.js';
import { commandLine, differencesFromInit, pidInside, processTree } from '../../lib/processTree.js';
import { useStore } from '../../store/store.js';
import { Unavailable } from '../Unavailable.js';
import { Note } from './common.js';

const STATE: Record<string, string> = {
  R: 'running',
  S: 'sleeping',
  D: 'waiting on I/O (uninterruptible)',
  Z: 'zombie',
  T: 'stopped',
  t: 'stopped by a tracer',
  I: 'idle',
  X: 'dead',
};

export function ProcessesTab({ container: c }: { container: Container }) {
  const hostNs = useStore((s) => s.host?.namespaces ?? null);
  const rows = processTree(c.processes);
  const differing = c.processes.filter((p) => p.namespaces || p.capabilities || p.seccomp || p.lsm).length;
  return (
    <div className="tab processes-tab">
      <p className="lead">
        {c.processes.length} process{c.processes.length === 1 ? '' : 'es'}
        {differing > 0 ? (
          <>
            {' '}
            ·{' '}
            <span className="warn-text">
              {differing} differ{differing === 1 ? 's' : ''} from the init process
            </span>{' '}
            (namespaces, capabilities, seccomp or LSM)
          </>
        ) : (
          ' · all share the init process’s namespaces, capabilities, seccomp and LSM context'
        )}
      </p>
      {c.namespaces.pid.sharedWithHost === true && (
        <p className="lead warn-text">
          It uses the host’s pid namespace: pids inside are the host’s pids, and it can see every process of the host.
        </p>
      )}
      {rows.length === 0 ? (
        <p className="muted">No processes were found in this container.</p>
      ) : (
        <table className="grid process-table">
          <thead>
            <tr>
              <th title="Pid in the host's pid namespace">Host pid</th>
              <th title="Pid inside the container's pid namespace (last of NSpid)">Pid inside</th>
              <th title="Effective uid as the host sees it, and what it is inside the user namespace">User</th>
              <th>State</th>
              <th>Command</th>
              <th>Differs from init</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ process: p, depth, last }) => {
              const diffs = differencesFromInit(c, p, hostNs);
              return (
                <tr key={p.pid} className={diffs.length ? 'differs' : undefined} data-pid={p.pid}>
                  <td className="mono num">{p.pid}</td>
                  <td className="mono num">{pidInside(p) ?? '—'}</td>
                  <td>
                    <UserCell c={c} p={p} />
                  </td>
                  <td title={STATE[p.state] ?? p.state}>
                    <span className="mono">{p.state}</span> <Note>{STATE[p.state] ?? ''}</Note>
                  </td>
                  <td className="command">
                    <span className="tree-guide mono" aria-hidden>
                      {depth > 0 ? '   '.repeat(depth - 1) + (last ? '└─ ' : '├─ ') : ''}
                    </span>
                    <code title={p.cmdline.join(' ') || p.comm}>{commandLine(p)}</code>
                    {p.pid === c.initPid && <span className="tag-init">init</span>}
                  </td>
                  <td>
                    {diffs.length === 0 ? (
                      <span className="muted">—</span>
                    ) : (
                      diffs.map((d) => (
                        <span key={d} className="badge warn diff">
                          {d}
                        </span>
                      ))
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}

function UserCell({ c, p }: { c: Container; p: Process }) {
  if (!p.uid) return <Unavailable list={c.unavailable} field={`processes.${p.pid}.uid`} />;
  const uid = p.uid.effective;
  const ownUserNs = p.namespaces?.user !== undefined && p.namespaces.user !== c.namespaces.user.inode;
  if (ownUserNs) {
    return (
      <span>
        uid {uid} <Note>· in another user namespace</Note>
      </span>
    );
  }
  const inside = insideUid(c, uid);
  let note: string;
  let root = false;
  switch (inside.kind) {
    case 'same':
      root = uid === 0;
      note = root ? 'root, on the host too' : 'same uid inside (no user namespace)';
      break;
    case 'mapped':
      root = inside.uid === 0;
      note = root ? 'root inside' : `uid ${inside.uid} inside`;
      break;
    case 'unmapped':
      note = 'not mapped inside (nobody)';
      break;
    default:
      note = 'inside: unknown (map unreadable)';
  }
  const hostRoot = uid === 0;
  return (
    <span className={hostRoot ? 'host-root' : undefined} title={hostRoot ? 'This process runs as root on the host' : undefined}>
      uid {uid} <Note>· {root ? <strong>{note}</strong> : note}</Note>
    </span>
  );
}
