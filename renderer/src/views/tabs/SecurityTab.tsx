// Seccomp & MAC: the init process's seccomp mode, filter count and NoNewPrivs, the profile its
// decoded filter matches, its AppArmor or SELinux context, which LSMs the host runs, the syscall
// profiler, and the decoded filter syscall by syscall (views/seccomp/). The host facts are the
// container's own host's (a remote container is judged against its host, not this machine).
import type { ReactNode } from 'react';
import type { AppArmorContext, Container, Host, SelinuxContext } from '../../../../shared/snapshot/schema.js';
import { useContainerHost } from '../../store/hosts.js';
import { useHostOfContainer } from './useHostOfContainer.js';
import { ProfilerPanel } from '../seccomp/ProfilerPanel.js';
import { SeccompSummary, SeccompSyscalls, useSeccompView } from '../seccomp/Seccomp.js';
import { Unavailable } from '../Unavailable.js';
import { Marker, Note } from './common.js';

const SECCOMP_MODE: Record<string, string> = {
  disabled: 'No filter: every system call reaches the kernel.',
  strict: 'Strict: only read, write, _exit and sigreturn are allowed.',
  filter: 'BPF filters decide, call by call, what is allowed, denied or logged.',
};

const APPARMOR_MODE: Record<string, string> = {
  enforce: 'The profile’s rules are enforced: denied access fails.',
  complain: 'Violations are only logged, nothing is denied.',
  kill: 'A violation kills the process.',
  unconfined: 'No profile applies.',
};

function Fact({ term, children, explain }: { term: string; children: ReactNode; explain?: ReactNode }) {
  return (
    <>
      <dt>{term}</dt>
      <dd>
        {children}
        {explain && <div className="note">{explain}</div>}
      </dd>
    </>
  );
}

export function SecurityTab({ container: c }: { container: Container }) {
  const { mode, filters, noNewPrivs } = c.seccomp;
  const seccomp = useSeccompView(c);
  const host = useContainerHost(c.id);
  return (
    <div className="tab security-tab">
      <h2 className="first">Seccomp</h2>
      <dl className="facts">
        <Fact term="Mode" explain={mode ? SECCOMP_MODE[mode] : undefined}>
          {mode === null ? (
            <Unavailable list={c.unavailable} field="seccomp.mode" />
          ) : (
            <>
              <Marker level={mode === 'disabled' ? 'bad' : 'good'} /> <strong>{mode}</strong>
            </>
          )}
        </Fact>
        <Fact term="Filters" explain="How many BPF programs are attached (each one can only narrow what the others allow).">
          {filters === null ? (
            mode === 'filter' || unavailableHas(c, 'seccomp.filters') ? (
              <Unavailable list={c.unavailable} field="seccomp.filters" />
            ) : (
              <span className="muted">—</span>
            )
          ) : (
            <strong>{filters}</strong>
          )}
        </Fact>
        <Fact
          term="NoNewPrivs"
          explain="When set, execve can never grant more privileges: setuid bits and file capabilities are ignored."
        >
          {noNewPrivs === null ? (
            <Unavailable list={c.unavailable} field="seccomp.noNewPrivs" />
          ) : noNewPrivs ? (
            <>
              <Marker level="good" /> set
            </>
          ) : (
            <>
              <Marker level="warn" /> not set
            </>
          )}
        </Fact>
      </dl>
      <SeccompSummary view={seccomp} />

      <h2>Mandatory access control</h2>
      <Mac c={c} host={host} />

      <h2>The host’s LSMs</h2>
      <HostLsms id={c.id} host={host} />

      <h2>Syscall profiler</h2>
      <ProfilerPanel container={c} report={seccomp.state.status === 'ok' ? seccomp.state.report : null} />

      <h2>Syscalls, decoded from the filter the kernel runs</h2>
      <SeccompSyscalls view={seccomp} />
    </div>
  );
}

function unavailableHas(c: Container, field: string): boolean {
  return c.unavailable.some((u) => u.field === field);
}

function Mac({ c, host }: { c: Container; host: Host | null }) {
  const { apparmor, selinux, raw } = c.lsm;
  return (
    <dl className="facts">
      {apparmor && <AppArmor a={apparmor} />}
      {selinux && <Selinux s={selinux} />}
      {!apparmor && !selinux && (
        <Fact
          term="Context"
          explain="Without an AppArmor profile or SELinux type, only namespaces, capabilities and seccomp confine it."
        >
          {raw === null ? (
            <Unavailable list={c.unavailable} field="lsm" />
          ) : (
            <span className="muted">no AppArmor or SELinux context</span>
          )}
        </Fact>
      )}
      <Fact term="Raw context" explain="Exactly as the kernel reports it (/proc/PID/attr/current).">
        {raw === null ? <Unavailable list={c.unavailable} field="lsm" /> : <code className="select-all">{raw}</code>}
      </Fact>
      <Fact
        term="Per module"
        explain="With stacked LSMs each module keeps its own context: /proc/PID/attr/<lsm>/current, read for the host's active modules that keep one."
      >
        <LsmModules c={c} host={host} />
      </Fact>
    </dl>
  );
}

function LsmModules({ c, host }: { c: Container; host: Host | null }) {
  const modules = c.lsm.modules;
  if (modules === undefined) {
    const ctx = host?.lsms?.filter((l) => ['selinux', 'apparmor', 'smack'].includes(l));
    if (host && host.lsms === null)
      return <span className="muted">the host’s LSM list could not be read (no securityfs), so no module was asked</span>;
    if (ctx && ctx.length === 0) return <span className="muted">the host runs no module that keeps process contexts</span>;
    return <span className="muted not-collected">not collected in this snapshot</span>;
  }
  if (modules.length === 0) return <span className="muted">no active module keeps process contexts</span>;
  return (
    <table className="grid lsm-modules" data-testid="lsm-modules">
      <thead>
        <tr>
          <th>Module</th>
          <th>Context</th>
          <th>Read from</th>
        </tr>
      </thead>
      <tbody>
        {modules.map((m) => (
          <tr key={m.lsm} data-lsm={m.lsm}>
            <th scope="row">
              <code>{m.lsm}</code>
            </th>
            <td>
              {m.raw === null ? (
                <span className="unavailable" title={m.detail}>
                  unavailable{m.reason ? `: ${m.reason}` : ''}
                </span>
              ) : (
                <code className="select-all">{m.raw}</code>
              )}
            </td>
            <td className="note" title={m.detail}>
              {m.source ?? '—'}
              {m.detail && m.raw !== null && <div>{m.detail}</div>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function AppArmor({ a }: { a: AppArmorContext }) {
  const unconfined = a.profile === 'unconfined';
  const modeKey = a.mode ?? (unconfined ? 'unconfined' : '');
  return (
    <>
      <Fact term="AppArmor profile" explain={unconfined ? 'The process runs without any AppArmor profile.' : undefined}>
        <Marker level={unconfined || a.mode === 'complain' ? 'bad' : 'good'} /> <code>{a.profile}</code>
      </Fact>
      <Fact term="AppArmor mode" explain={APPARMOR_MODE[modeKey]}>
        {a.mode ?? (unconfined ? 'unconfined' : <span className="muted">not given</span>)}
      </Fact>
    </>
  );
}

const UNCONFINED_TYPES = ['spc_t', 'unconfined_t', 'kernel_t', 'init_t'];

function Selinux({ s }: { s: SelinuxContext }) {
  const unconfined = UNCONFINED_TYPES.includes(s.type);
  return (
    <>
      <Fact
        term="SELinux type"
        explain={
          unconfined
            ? `${s.type} is not confined: the policy lets it do nearly anything (a “super privileged container”).`
            : 'The domain the policy confines the process to.'
        }
      >
        <Marker level={unconfined ? 'bad' : 'good'} /> <code>{s.type}</code>
      </Fact>
      <Fact term="User / role">
        <code>{s.user}</code> / <code>{s.role}</code>
      </Fact>
      <Fact term="Level" explain="Multi-level security range: sensitivity then categories.">
        {s.level === null ? <span className="muted">none</span> : <code>{s.level}</code>}
        {s.sensitivity && <Note> · sensitivity {s.sensitivity}</Note>}
      </Fact>
      <Fact
        term="MCS categories"
        explain={
          s.categories.length
            ? 'Two containers can touch each other’s files only if their categories allow it: unique categories keep them apart.'
            : 'No categories: it is not separated from other containers of the same type by MCS.'
        }
      >
        {s.categories.length === 0 ? (
          <span className="warn-text">none</span>
        ) : (
          <span className="chips">
            {s.categories.slice(0, 64).map((n) => (
              <span key={n} className="chip-mono">
                c{n}
              </span>
            ))}
            {s.categories.length > 64 && (
              <Note>
                {' '}
                … {s.categories.length} in all (c{s.categories[0]}–c{s.categories[s.categories.length - 1]})
              </Note>
            )}
          </span>
        )}
      </Fact>
    </>
  );
}

/** The LSMs of the container's own host, saying which host that is when it is not this machine. */
function HostLsms({ id, host }: { id: string; host: Host | null }) {
  const on = useHostOfContainer(id);
  return (
    <div className="host-lsms" data-testid="host-lsms" data-host={on?.url ?? 'local'}>
      {on && <p className="muted">On {on.name}:</p>}
      <HostLsmList host={host} />
    </div>
  );
}

function HostLsmList({ host }: { host: Host | null }) {
  if (!host) return <p className="muted">Waiting for the host’s facts…</p>;
  if (host.lsms === null) return <Unavailable list={host.unavailable} field="lsms" />;
  if (host.lsms.length === 0) return <p className="muted">None active.</p>;
  const mac = host.lsms.filter((l) => ['apparmor', 'selinux', 'smack', 'tomoyo'].includes(l));
  return (
    <p>
      <span className="chips">
        {host.lsms.map((l) => (
          <span key={l} className={`chip-mono${mac.includes(l) ? ' strong' : ''}`}>
            {l}
          </span>
        ))}
      </span>
      <Note>
        {' '}
        ·{' '}
        {mac.length
          ? `${mac.join(' and ')} can give containers a context`
          : 'none of these gives processes an AppArmor or SELinux context'}
      </Note>
      <span className="note" style={{ display: 'block' }}>
        In the kernel’s order (/sys/kernel/security/lsm): every module must allow an access; the legacy /proc/PID/attr/current
        belongs to the first one that keeps process contexts{mac.length ? ` (${mac[0]})` : ''}.
      </span>
    </p>
  );
}
