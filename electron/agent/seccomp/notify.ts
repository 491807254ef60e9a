// Seccomp user notification: who decides for a RET_USER_NOTIF action. A filter installed with
// SECCOMP_FILTER_FLAG_NEW_LISTENER hands its installer a file descriptor; the process holding it
// (a supervisor, a runtime, the container itself) gets every notified syscall and answers for
// the kernel. The kernel exposes no link from a filter to its listener: the holders are found by
// the fd's link text (`anon_inode:seccomp notify` in /proc/<pid>/fd) and named; which filter each
// listens to is not said because the kernel does not say it. Also the filter flags the kernel
// reports (PTRACE_SECCOMP_GET_METADATA: SECCOMP_FILTER_FLAG_LOG only).
import type { NotifyListeners, SeccompFilterFlags } from '../../../shared/seccomp/report.js';
import { HostFs } from '../readers/hostFs.js';

export const NOTIFY_LINK = 'anon_inode:seccomp notify';
/** fd links read at most per scan (every process's fds), so a host with millions of fds cannot stall it. */
export const MAX_LINKS = 200_000;

/** SECCOMP_FILTER_FLAG_* (linux/seccomp.h). */
export const FILTER_FLAGS: readonly [number, string][] = [
  [1 << 0, 'TSYNC'],
  [1 << 1, 'LOG'],
  [1 << 2, 'SPEC_ALLOW'],
  [1 << 3, 'NEW_LISTENER'],
  [1 << 4, 'TSYNC_ESRCH'],
  [1 << 5, 'WAIT_KILLABLE_RECV'],
];

/** What the kernel tells of a filter's flags: only LOG (kernel/seccomp.c seccomp_get_metadata). */
export const FLAGS_NOTE =
  'PTRACE_SECCOMP_GET_METADATA reports only SECCOMP_FILTER_FLAG_LOG; the kernel keeps no record of TSYNC, SPEC_ALLOW, NEW_LISTENER, TSYNC_ESRCH or WAIT_KILLABLE_RECV that it would report.';

export function flagNames(raw: number): string[] {
  const names = FILTER_FLAGS.filter(([bit]) => (raw & bit) !== 0).map(([, n]) => n);
  const known = FILTER_FLAGS.reduce((a, [bit]) => a | bit, 0);
  const rest = raw & ~known;
  return rest ? [...names, `0x${rest.toString(16)}`] : names;
}

/** The helper's per-filter flags (number or errno name) as the report's entries. */
export function filterFlags(flags: readonly (number | string)[]): SeccompFilterFlags[] {
  return flags.map((f, index) =>
    typeof f === 'number' ? { index, raw: f, names: flagNames(f) } : { index, raw: null, names: [], error: f },
  );
}

/** Scans /proc/<pid>/fd of every process for seccomp notify listeners (links read, never followed). */
export function findNotifyListeners(fs: HostFs = new HostFs('/'), maxLinks = MAX_LINKS): NotifyListeners {
  const procs = fs.listDir('/proc');
  if (!procs.ok) return { holders: null, scannedProcesses: 0, truncated: false, reason: `${procs.reason}: /proc` };
  const holders: NonNullable<NotifyListeners['holders']> = [];
  let links = 0;
  let scanned = 0;
  let truncated = false;
  for (const name of procs.value) {
    if (!/^\d+$/.test(name)) continue;
    const fds = fs.listDir(`/proc/${name}/fd`);
    if (!fds.ok) continue; // gone, or a kernel thread
    scanned++;
    for (const fd of fds.value) {
      if (++links > maxLinks) {
        truncated = true;
        break;
      }
      const link = fs.readLink(`/proc/${name}/fd/${fd}`);
      if (!link.ok || link.value !== NOTIFY_LINK) continue;
      const comm = fs.readText(`/proc/${name}/comm`);
      const info = fs.readText(`/proc/${name}/fdinfo/${fd}`);
      holders.push({
        pid: Number(name),
        comm: comm.ok ? comm.value.replace(/\n$/, '') : null,
        fd: Number(fd),
        fdinfo: info.ok ? info.value.trim() : null,
      });
    }
    if (truncated) break;
  }
  return { holders, scannedProcesses: scanned, truncated, reason: null };
}
