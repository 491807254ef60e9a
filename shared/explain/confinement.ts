// Seccomp and MAC: seccomp(2), prctl's no_new_privs, and the AppArmor/SELinux docs in our own
// words; this container's filter, NoNewPrivs and LSM label.
import type { Container, Host } from '../snapshot/schema.js';
import { line, man, plural, unreadable } from './facts.js';
import type { Explanation, HereLine } from './types.js';

export function explainSeccomp(c: Container): Explanation {
  const here: HereLine[] = [];
  const s = c.seccomp;
  if (s.mode === null) here.push(line('unknown', `Its seccomp mode ${unreadable(c, 'status.Seccomp')}.`));
  else if (s.mode === 'disabled')
    here.push(
      line(
        'bad',
        'No seccomp filter: every system call its capabilities allow reaches the kernel, including rarely needed ones with a history of exploits (keyctl, bpf, userfaultfd…).',
      ),
    );
  else if (s.mode === 'strict') here.push(line('good', 'Strict seccomp: only read, write, _exit and sigreturn are allowed.'));
  else
    here.push(
      line(
        'good',
        `A seccomp filter is in force${s.filters !== null ? ` (${plural(s.filters, 'BPF program')})` : ''}: each system call is checked against it before the kernel runs it. The Seccomp tab decodes what it allows.`,
      ),
    );
  if (s.noNewPrivs === null) here.push(line('unknown', `NoNewPrivs ${unreadable(c, 'status.NoNewPrivs')}.`));
  else if (s.noNewPrivs)
    here.push(
      line('good', 'NoNewPrivs is set: no exec can gain privileges (setuid binaries and file capabilities do not raise them).'),
    );
  else
    here.push(
      line(
        'warn',
        'NoNewPrivs is off: a setuid-root program or a file with capabilities inside can raise the privileges of whoever runs it.',
      ),
    );
  return {
    area: 'seccomp',
    title: 'Seccomp',
    what: [
      'Seccomp lets a process attach BPF filters that the kernel runs on every system call it makes: allow it, fail it with an error, or kill the caller. Filters are inherited and can only be added, never removed.',
      'Runtimes install a default profile that refuses a few dozen calls containers rarely need and that widen the kernel’s attack surface.',
      'NoNewPrivs (prctl PR_SET_NO_NEW_PRIVS) makes exec unable to grant privileges; an unprivileged process must set it before it may install a filter.',
    ],
    here,
    links: [
      man('seccomp', 2),
      man('prctl', 2),
      { label: 'seccomp filter (kernel docs)', url: 'https://docs.kernel.org/userspace-api/seccomp_filter.html' },
    ],
  };
}

export function explainMac(c: Container, host: Host | null): Explanation {
  const here: HereLine[] = [];
  const lsms = host?.lsms;
  if (lsms === null) {
    const u = host?.unavailable.find((x) => x.field === 'lsms');
    here.push(
      line(
        'unknown',
        `The host's active security modules are unavailable (${u ? `${u.reason}${u.detail ? `: ${u.detail}` : ''}` : 'not read'}).`,
      ),
    );
  } else if (lsms && !lsms.includes('apparmor') && !lsms.includes('selinux'))
    here.push(
      line(
        'bad',
        `Neither AppArmor nor SELinux is active on this host (LSMs: ${lsms.join(', ') || 'none'}): no MAC policy confines this container; only namespaces, capabilities and seccomp do.`,
      ),
    );
  const { apparmor, selinux } = c.lsm;
  if (apparmor) {
    if (apparmor.profile === 'unconfined')
      here.push(line('bad', 'AppArmor: unconfined — no profile restricts its file, mount or network access.'));
    else if (apparmor.mode === 'complain')
      here.push(line('warn', `AppArmor profile ${apparmor.profile} in complain mode: violations are logged, not refused.`));
    else
      here.push(
        line(
          'good',
          `AppArmor profile ${apparmor.profile}${apparmor.mode ? ` (${apparmor.mode})` : ''} confines it: what the profile does not allow is refused even to root.`,
        ),
      );
  }
  if (selinux) {
    if (/unconfined|spc_t/.test(selinux.type))
      here.push(line('bad', `SELinux type ${selinux.type}: a type the policy does not confine.`));
    else
      here.push(
        line(
          'good',
          `SELinux type ${selinux.type}${selinux.level ? `, level ${selinux.level}` : ''}: the policy decides what it may touch${selinux.categories.length ? '; its MCS categories keep it apart from other containers' : ''}.`,
        ),
      );
  }
  if (!apparmor && !selinux) {
    const u = c.unavailable.find((x) => x.field === 'lsm');
    if (u?.reason === 'EINVAL')
      here.push(line('info', 'Its process carries no LSM label (the kernel answers EINVAL: no module provides contexts).'));
    else if (u) here.push(line('unknown', `Its LSM label is unavailable (${u.reason}${u.detail ? `: ${u.detail}` : ''}).`));
    else if (c.lsm.raw) here.push(line('info', `Its LSM context is ${c.lsm.raw}.`));
  }
  return {
    area: 'mac',
    title: 'Mandatory access control (MAC)',
    what: [
      "A Linux Security Module adds a policy that even root cannot override: AppArmor attaches a profile (paths, mounts, network, capabilities allowed) to a program; SELinux labels every process and file with a type and checks each access against the policy's rules.",
      "Docker and Podman confine containers with docker-default or container_t when the host runs one; SELinux's MCS categories (s0:c1,c2) keep containers from each other's files.",
      'MAC is the layer that still holds when a container escapes its namespaces through a kernel or runtime bug.',
    ],
    here,
    links: [
      { label: 'AppArmor (kernel docs)', url: 'https://docs.kernel.org/admin-guide/LSM/apparmor.html' },
      { label: 'SELinux (kernel docs)', url: 'https://docs.kernel.org/admin-guide/LSM/SELinux.html' },
    ],
  };
}
