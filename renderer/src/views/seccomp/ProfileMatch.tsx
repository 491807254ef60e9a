// The name of the policy the kernel runs ("Docker default", "custom", …) and how it differs from
// the known profile it was compared with: +allowed, −denied, changed, each with the profile's
// action against the process's.
import type { SeccompProfileMatch, SeccompReport } from '../../../../shared/seccomp/report.js';

type Diff = SeccompProfileMatch['differences'][number];

/** Names shown on the line of a folded list. */
const PREVIEW = 8;

const KINDS: { kind: Diff['kind']; sign: string; title: string; meaning: (p: string) => string }[] = [
  { kind: 'allowed', sign: '+', title: 'allowed', meaning: (p) => `${p} refuses these, this filter lets them through` },
  { kind: 'denied', sign: '−', title: 'denied', meaning: (p) => `${p} allows these, this filter refuses them` },
  { kind: 'changed', sign: '~', title: 'changed', meaning: () => 'refused either way, but with another action or error' },
];

export function ProfileMatch({ report }: { report: SeccompReport }) {
  const p = report.profile;
  if (report.mode === 'disabled') {
    return (
      <div className="profile-match none" data-profile="unconfined">
        <div className="profile-line">
          <span className="profile-label">Profile</span>
          <strong className="profile-name">unconfined</strong>
          <span className="badge bad">no seccomp</span>
        </div>
        <p className="profile-explain">
          No seccomp filter: every system call reaches the kernel, including mount, unshare, bpf and the other dangerous ones.
          Only capabilities, namespaces and the LSM stand in the way.
        </p>
      </div>
    );
  }
  if (report.mode === 'strict') {
    return (
      <div className="profile-match" data-profile="strict">
        <div className="profile-line">
          <span className="profile-label">Profile</span>
          <strong className="profile-name">strict mode</strong>
        </div>
        <p className="profile-explain">Only read, write, _exit and sigreturn are allowed; any other call kills the process.</p>
      </div>
    );
  }
  if (!p) {
    return (
      <div className="profile-match" data-profile="unknown">
        <div className="profile-line">
          <span className="profile-label">Profile</span>
          <strong className="profile-name">custom</strong>
        </div>
        <p className="profile-explain">No known profile was compared with this filter.</p>
      </div>
    );
  }
  const exact = p.differences.length === 0 && p.name === p.profileName;
  const counts = [p.allowed && `+${p.allowed} allowed`, p.denied && `−${p.denied} denied`, p.changed && `${p.changed} changed`]
    .filter(Boolean)
    .join(', ');
  return (
    <div className={`profile-match${exact ? ' exact' : ''}`} data-profile={p.name}>
      <div className="profile-line">
        <span className="profile-label">Profile</span>
        <strong className="profile-name">{p.name}</strong>
        {exact && <span className="badge good">exact match</span>}
        <span className="note">
          {exact ? p.variant : `compared with ${p.profileName} (${p.variant})${counts ? `: ${counts}` : ''}`}
        </span>
      </div>
      {p.name === 'custom' && (
        <p className="profile-explain">
          No known profile matches
          {p.profileName === 'unconfined'
            ? ': against “allow everything”, the differences below are exactly what this filter refuses.'
            : `; the closest is ${p.profileName}.`}
        </p>
      )}
      {p.differences.length > 0 && (
        <div className="diff-lists">
          {KINDS.map(({ kind, sign, title, meaning }) => {
            const rows = p.differences.filter((d) => d.kind === kind);
            if (rows.length === 0) return null;
            return (
              <details key={kind} className={`diff-list ${kind}`} open={p.differences.length <= 12} data-diff={kind}>
                <summary>
                  <span className="diff-sign">{sign}</span> {rows.length} {title}{' '}
                  <span className="note">
                    — {meaning(p.profileName === 'unconfined' ? 'allowing everything' : p.profileName)}
                  </span>
                  <span className="diff-preview">
                    {rows.slice(0, PREVIEW).map((d) => (
                      <code key={d.name}>{d.name}</code>
                    ))}
                    {rows.length > PREVIEW && <span className="note">+{rows.length - PREVIEW} more</span>}
                  </span>
                </summary>
                <table className="grid diff-table">
                  <colgroup>
                    <col className="col-name" />
                    <col />
                    <col />
                  </colgroup>
                  <thead>
                    <tr>
                      <th>Syscall</th>
                      <th>{p.profileName} expects</th>
                      <th>This process gets</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((d) => (
                      <tr key={d.name} data-syscall={d.name}>
                        <td>
                          <code>{d.name}</code>
                        </td>
                        <td className="mono action-text">{d.expected}</td>
                        <td className="mono action-text">{d.actual}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </details>
            );
          })}
        </div>
      )}
    </div>
  );
}
