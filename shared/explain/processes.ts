// Processes, Mounts and Timeline: what a container is to the kernel (processes), its mount
// namespace and root filesystem, and why isolation is watched over time.
import type { Container } from '../snapshot/schema.js';
import { line, man, plural, unreadable } from './facts.js';
import type { Explanation, HereLine } from './types.js';

const init = (c: Container) => c.processes.find((p) => p.pid === c.initPid) ?? null;

export function explainProcesses(c: Container): Explanation {
  const here: HereLine[] = [];
  const p = init(c);
  const inside = p?.nspid.at(-1);
  here.push(
    line(
      'info',
      `${plural(c.processes.length, 'process', 'processes')}; its init is host pid ${c.initPid}${inside !== undefined && inside !== c.initPid ? ` (pid ${inside} inside)` : ''}.`,
    ),
  );
  const uid = p?.uid?.effective;
  if (uid === undefined || uid === null)
    here.push(
      line(
        'unknown',
        `The uid of its init ${p ? unreadable(c, 'status.Uid') : 'is unavailable (the init process is not in the list)'}.`,
      ),
    );
  else if (c.namespaces.user.sharedWithHost === false) {
    // /proc shows the host's view of the uid; the map says which uid that is inside.
    const m = c.userNamespace.uidMap?.find((e) => uid >= e.outside && uid < e.outside + e.count);
    const insideUid = m ? m.inside + (uid - m.outside) : null;
    here.push(
      line(
        uid === 0 ? 'warn' : 'good',
        `Its init runs as ${insideUid === null ? 'an unmapped uid' : `uid ${insideUid}`} inside its own user namespace — uid ${uid} on the host${uid === 0 ? ', the host’s root' : ', not root there'}.`,
      ),
    );
  } else if (uid !== 0) here.push(line('good', `Its init runs as uid ${uid}, not root.`));
  else if (c.namespaces.user.sharedWithHost === true)
    here.push(line('warn', "Its init runs as root (uid 0) in the host's user namespace: the same uid as the host's root."));
  else
    here.push(
      line(
        'unknown',
        'Its init runs as uid 0; whether that is the host’s root is unavailable (its user namespace could not be compared with the host’s).',
      ),
    );
  const differ = c.processes.filter((x) => x.namespaces || x.capabilities || x.seccomp || x.lsm);
  if (differ.length)
    here.push(
      line(
        'warn',
        `${plural(differ.length, 'process is', 'processes are')} isolated differently from its init (entered later with setns, or changed itself): see the rows marked here.`,
      ),
    );
  else if (c.processes.length > 1)
    here.push(line('good', 'Every process has the same namespaces, capabilities, seccomp and LSM context as its init.'));
  if (c.namespaces.pid.sharedWithHost === false)
    here.push(line('info', 'Inside, it sees only these processes; the host sees them under other pids.'));
  return {
    area: 'processes',
    title: 'Processes',
    what: [
      'To the kernel a container is only processes: ones that share a set of namespaces, a cgroup and a security context. There is no container object.',
      'Its init (pid 1 inside) is what the runtime started; other processes fork from it, or enter later through setns(2) — docker exec, nsenter — and may then be less isolated than init.',
    ],
    here,
    links: [man('pid_namespaces', 7), man('setns', 2), man('proc', 5)],
  };
}

export function explainMounts(c: Container): Explanation {
  const here: HereLine[] = [];
  const mnt = c.namespaces.mnt.sharedWithHost;
  if (mnt === true)
    here.push(
      line(
        'bad',
        "It shares the host's mount namespace: its files are the host's files, and a mount it makes happens on the host.",
      ),
    );
  else if (mnt === false)
    here.push(line('good', 'It has its own mount namespace: the host’s mounts are hidden unless bind-mounted in.'));
  else
    here.push(
      line(
        'unknown',
        `Whether it shares the host's mount namespace is unavailable (/proc/${c.initPid}/ns/mnt ${unreadable(c, 'namespaces.mnt')}).`,
      ),
    );
  if (c.rootfsReadOnly === true)
    here.push(
      line(
        'good',
        'Its root filesystem is mounted read-only: binaries and configuration of the image cannot be changed while it runs.',
      ),
    );
  else if (c.rootfsReadOnly === false)
    here.push(
      line('warn', 'Its root filesystem is writable: a compromised process can replace binaries and configuration inside it.'),
    );
  else here.push(line('unknown', `Whether its root filesystem is read-only ${unreadable(c, 'rootfsReadOnly')}.`));
  return {
    area: 'mounts',
    title: 'Mounts and devices',
    what: [
      'The mount namespace gives a container its own mount table: its root filesystem (the image, usually an overlay) plus what the runtime mounts into it — /proc, /sys, /dev, volumes.',
      'A bind mount shows a host directory or file inside; a writable bind mount of a host path (/, /var/run/docker.sock, /etc) or a host device node is a direct way out.',
      'Propagation (shared, slave, private) decides whether mounts made on one side appear on the other; runtimes mask sensitive /proc and /sys paths by mounting over them, make others read-only, and let the device cgroup decide which device nodes may be opened.',
    ],
    here,
    links: [
      man('mount_namespaces', 7),
      man('mount', 8),
      man('proc_pid_mountinfo', 5),
      { label: 'device controller (kernel docs)', url: 'https://docs.kernel.org/admin-guide/cgroup-v1/devices.html' },
    ],
  };
}

export function explainTimeline(c: Container, events: number | undefined): Explanation {
  const here: HereLine[] = [];
  const started = init(c)?.startedAt;
  if (started !== undefined && started !== null)
    here.push(
      line(
        'info',
        `Its init started at ${new Date(started)
          .toISOString()
          .replace('T', ' ')
          .replace(/\.\d+Z$/, ' UTC')}.`,
      ),
    );
  if (events !== undefined) {
    here.push(
      events === 0
        ? line('good', 'No change of isolation has been seen since Isoscope started watching it.')
        : line('warn', `${plural(events, 'change', 'changes')} of isolation recorded: each is listed below, weaker or stronger.`),
    );
  }
  return {
    area: 'timeline',
    title: 'Isolation over time',
    what: [
      'Isolation is not fixed at start: a process may drop capabilities or add a seccomp filter, and a process from outside may enter the container with setns(2) (docker exec --privileged, nsenter) less confined than its init.',
      "Isoscope re-reads every process's credentials, capabilities, NoNewPrivs, seccomp, namespaces and LSM context while it watches, and records each change: what, from what to what, when, which pid.",
    ],
    here,
    links: [man('setns', 2), man('capabilities', 7)],
  };
}
