// Namespaces: namespaces(7) and the per-type pages, in our own words; each namespace this
// container shares with the host, said with what that lets it see or do.
import type { Container, Host, NamespaceType } from '../snapshot/schema.js';
import { line, list, man, plural, unavailableOf, unreadable } from './facts.js';
import type { Explanation, HereLine, Tone } from './types.js';

const ISOLATING = ['pid', 'net', 'mnt', 'user', 'ipc', 'uts', 'cgroup'] as const;

/** What sharing the host's namespace of this type means, and how much it weighs. */
const SHARED: Record<(typeof ISOLATING)[number], { tone: Tone; text: string }> = {
  net: {
    tone: 'bad',
    text: "It shares the host's network namespace: it sees the host's interfaces, can bind the host's ports and reach services the host listens for on 127.0.0.1.",
  },
  pid: {
    tone: 'bad',
    text: "It shares the host's PID namespace: it sees every process on the host, and with CAP_KILL or CAP_SYS_PTRACE it can signal or trace them.",
  },
  mnt: {
    tone: 'bad',
    text: "It shares the host's mount namespace: it sees the host's mount table, and what it mounts or unmounts happens on the host.",
  },
  user: {
    tone: 'bad',
    text: "It runs in the host's user namespace: uid 0 inside is root on the host, and its capabilities are capabilities over the host.",
  },
  ipc: {
    tone: 'warn',
    text: "It shares the host's IPC namespace: System V shared memory, semaphores and POSIX message queues are common with the host's processes.",
  },
  uts: {
    tone: 'warn',
    text: "It shares the host's UTS namespace: its hostname is the host's, and with CAP_SYS_ADMIN it can rename the host.",
  },
  cgroup: {
    tone: 'warn',
    text: "It shares the host's cgroup namespace: /proc/self/cgroup shows its full path in the host's cgroup tree, which reveals the host's layout.",
  },
};

function whyUnknown(c: Container, host: Host | null, t: NamespaceType): string {
  if (c.namespaces[t].inode === null) return `/proc/${c.initPid}/ns/${t} ${unreadable(c, `namespaces.${t}`)}`;
  if (!host) return "the host's namespaces are not known here";
  const u = unavailableOf(host.unavailable, `namespaces.${t}`);
  return `the host's ${t} namespace could not be read${u ? ` (${u.reason})` : ''}`;
}

function userMapping(c: Container): HereLine | null {
  if (c.namespaces.user.sharedWithHost !== false) return null;
  const map = c.userNamespace.uidMap;
  if (map === null)
    return line('unknown', `It has its own user namespace; its uid map ${unreadable(c, 'userNamespace.uidMap')}.`);
  const root = map.find((m) => m.inside === 0);
  if (!root) return line('good', 'It has its own user namespace, and uid 0 inside is not mapped to any host uid.');
  if (root.outside === 0)
    return line('bad', 'It has its own user namespace, yet uid 0 inside is mapped to root (uid 0) on the host.');
  return line(
    'good',
    `It has its own user namespace: uid 0 inside is uid ${root.outside} on the host (${plural(root.count, 'id')} mapped), an unprivileged user there.`,
  );
}

export function explainNamespaces(c: Container, host: Host | null): Explanation {
  const here: HereLine[] = [];
  const own: string[] = [];
  for (const t of ISOLATING) {
    const shared = c.namespaces[t].sharedWithHost;
    if (shared === true) here.push(line(SHARED[t].tone, SHARED[t].text));
    else if (shared === false) own.push(t);
    else here.push(line('unknown', `Whether it shares the host's ${t} namespace is unavailable: ${whyUnknown(c, host, t)}.`));
  }
  if (own.length)
    here.unshift(
      line('good', `Its own ${list(own)} namespace${own.length === 1 ? '' : 's'}: what they hold is separate from the host's.`),
    );
  const mapping = userMapping(c);
  if (mapping) here.push(mapping);
  for (const t of ISOLATING) {
    const others = c.namespaces[t].sharedWith.length;
    if (others > 0 && c.namespaces[t].sharedWithHost === false)
      here.push(
        line(
          'info',
          `Its ${t} namespace is also used by ${plural(others, 'other container')} (as the containers of one pod share theirs).`,
        ),
      );
  }
  return {
    area: 'namespaces',
    title: 'Namespaces',
    what: [
      'A namespace gives the processes in it their own instance of one global resource: process ids (pid), network interfaces and ports (net), the mount table (mnt), user and group ids (user), System V IPC (ipc), the hostname (uts), the cgroup root (cgroup) or the boot and monotonic clocks (time).',
      'A container is mostly a set of new namespaces made with clone(2) or unshare(2); each one it shares with the host is a window onto the host.',
      'The kernel names a namespace by an inode (the link /proc/PID/ns/TYPE): processes showing the same inode are in the same namespace.',
    ],
    here,
    links: [man('namespaces', 7), man('user_namespaces', 7), man('pid_namespaces', 7), man('network_namespaces', 7)],
  };
}
