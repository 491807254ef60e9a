// Two seccomp facts beside the decoded filter: the flags the kernel reports for each filter
// (PTRACE_SECCOMP_GET_METADATA: LOG only, and the panel says so), and, when a syscall's action
// is USER_NOTIF, the processes holding a seccomp notify listener — named, with the container
// they belong to when the collector knows it. The kernel does not say which filter a listener
// serves: neither does this.
import type { SeccompReport } from '../../../../shared/seccomp/report.js';
import type { Container } from '../../../../shared/snapshot/schema.js';
import { shortId } from '../../../../shared/format/ids.js';
import { useStore } from '../../store/store.js';

const FLAGS_NOTE =
  'The kernel reports only SECCOMP_FILTER_FLAG_LOG per filter; TSYNC, SPEC_ALLOW, NEW_LISTENER, TSYNC_ESRCH and WAIT_KILLABLE_RECV leave no record it would report.';

function ownerOf(pid: number, containers: Record<string, Container>): Container | undefined {
  return Object.values(containers).find((c) => c.processes.some((p) => p.pid === pid));
}

export function FilterFlags({ report }: { report: SeccompReport }) {
  const flags = report.filterFlags;
  if (report.mode !== 'filter') return null;
  return (
    <div className="seccomp-flags" data-testid="seccomp-flags">
      <h3>Filter flags</h3>
      {!flags ? (
        <p className="muted">not collected in this report</p>
      ) : (
        <ul>
          {flags.map((f) => (
            <li key={f.index}>
              filter #{f.index} {f.index === 0 ? '(oldest)' : ''}:{' '}
              {f.error ? (
                <span className="unavailable">unreadable: {f.error}</span>
              ) : f.names.length ? (
                <code>{f.names.join(' | ')}</code>
              ) : (
                'no flag reported'
              )}
            </li>
          ))}
        </ul>
      )}
      <p className="note">{FLAGS_NOTE}</p>
    </div>
  );
}

export function NotifyListeners({ report }: { report: SeccompReport }) {
  const containers = useStore((s) => s.containers);
  const n = report.notifyListeners;
  if (!n) return null;
  return (
    <div className="seccomp-notify" data-testid="seccomp-notify">
      <h3>User notification (USER_NOTIF)</h3>
      <p>
        Some syscalls are not decided by the kernel: it asks the process holding the filter’s notify listener, which answers for
        it.
      </p>
      {n.holders === null ? (
        <p className="unavailable">listeners not scanned: {n.reason}</p>
      ) : n.holders.length === 0 ? (
        <p className="warn-text">
          No process holds a seccomp notify listener{n.truncated ? ' among those scanned (the scan stopped early)' : ''}: those
          syscalls fail with ENOSYS.
        </p>
      ) : (
        <table className="grid">
          <thead>
            <tr>
              <th>Holder (pid)</th>
              <th>Command</th>
              <th>fd</th>
              <th>Container</th>
            </tr>
          </thead>
          <tbody>
            {n.holders.map((h) => {
              const c = ownerOf(h.pid, containers);
              return (
                <tr key={`${h.pid}:${h.fd}`} data-holder-pid={h.pid}>
                  <td>{h.pid}</td>
                  <td>
                    <code>{h.comm ?? '?'}</code>
                  </td>
                  <td title={h.fdinfo ?? undefined}>{h.fd}</td>
                  <td>{c ? (c.name ?? shortId(c.id)) : <span className="muted">the host (no container)</span>}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <p className="note">
        Found by the link text <code>anon_inode:seccomp notify</code> in /proc/&lt;pid&gt;/fd of {n.scannedProcesses} processes.
        The kernel does not say which filter a listener serves.
      </p>
    </div>
  );
}
