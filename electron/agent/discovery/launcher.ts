// Who launched a process tells which runtime owns it when its cgroup does not (a custom
// --cgroup-parent, an unknown state directory): containerd's shim, conmon and the LXC monitor
// name the container on their command lines. Pure.
//
// Anyone can call a process "conmon" and pass "-c <id>": a launcher is recognised by its
// executable (the file /proc/PID/exe reaches: root's, writable by nobody else, run in the
// host's mount namespace so its path is the host's), never by comm or argv[0]. Its owner
// matters too: a user's launcher (rootless conmon) speaks only for that user's containers.
import type { NamespaceIds, Runtime } from '../../../shared/snapshot/schema.js';
import type { RawProcess } from '../readers/processReader.js';
import { runtimeOfBundle } from '../runtimes/runcState.js';

export interface LauncherIdentity {
  runtime: Runtime;
  id: string;
  name: string | null;
  labels: Record<string, string>;
}

/** The launchers, by the file name of their executable. */
export type LauncherKind = 'containerd-shim' | 'conmon' | 'lxc-start' | 'systemd-nspawn';

function option(args: string[], ...names: string[]): string | null {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    for (const n of names) {
      if (a === n) return args[i + 1] ?? null;
      if (n.startsWith('--') && a.startsWith(n + '=')) return a.slice(n.length + 1);
    }
  }
  return null;
}

export function kindOfExe(path: string): LauncherKind | null {
  const base = path.split('/').pop() ?? '';
  if (base.startsWith('containerd-shim')) return 'containerd-shim';
  if (base === 'conmon' || base === 'lxc-start' || base === 'systemd-nspawn') return base;
  return null;
}

export type LauncherCheck = { ok: true; kind: LauncherKind; owner: number } | { ok: false; why: string };

/** Whether a process is the runtime launcher it looks like, judged by its executable and owner. */
export function checkLauncher(p: Pick<RawProcess, 'exe' | 'uid' | 'namespaces'>, hostNs: NamespaceIds): LauncherCheck {
  if (!p.exe) return { ok: false, why: 'its executable could not be read' };
  const kind = kindOfExe(p.exe.path);
  if (!kind) return { ok: false, why: `its executable is ${p.exe.path}` };
  if (!p.exe.path.startsWith('/') || p.exe.path.endsWith(' (deleted)'))
    return { ok: false, why: `its executable is ${p.exe.path}` };
  if (!p.exe.regular || p.exe.uid !== 0 || (p.exe.mode & 0o022) !== 0) {
    return { ok: false, why: `${p.exe.path} is not root's alone (uid ${p.exe.uid}, mode ${p.exe.mode.toString(8)})` };
  }
  for (const t of ['mnt', 'user'] as const) {
    if (hostNs[t] === null || p.namespaces[t] !== hostNs[t]) return { ok: false, why: `it is not in the host's ${t} namespace` };
  }
  if (!p.uid) return { ok: false, why: 'its owner could not be read' };
  return { ok: true, kind, owner: p.uid.real };
}

/** What a (checked) launcher's command line says about the container it runs. */
export function launcherIdentity(kind: LauncherKind, cmdline: string[]): LauncherIdentity | null {
  if (kind === 'containerd-shim') {
    const id = option(cmdline, '-id', '--id');
    const ns = option(cmdline, '-namespace', '--namespace');
    if (!id) return null;
    // Docker runs its containers in containerd's "moby" namespace.
    return { runtime: ns === 'moby' ? 'docker' : 'containerd', id, name: null, labels: ns ? { 'containerd.namespace': ns } : {} };
  }
  if (kind === 'conmon') {
    const id = option(cmdline, '-c', '--cid');
    if (!id) return null;
    const bundle = option(cmdline, '-b', '--bundle');
    // conmon serves both Podman and CRI-O; the bundle's location tells them apart.
    const runtime = runtimeOfBundle(bundle, 'podman');
    return { runtime: runtime === 'cri-o' ? 'cri-o' : 'podman', id, name: option(cmdline, '-n', '--name'), labels: {} };
  }
  if (kind === 'lxc-start') {
    // "[lxc monitor] /var/lib/lxc web1"
    const monitor = /^\[lxc monitor\] (\S+) (.+)$/.exec(cmdline.join(' ').trim());
    if (monitor) return { runtime: 'lxc', id: monitor[2]!, name: monitor[2]!, labels: { 'lxc.path': monitor[1]! } };
  }
  return null;
}
