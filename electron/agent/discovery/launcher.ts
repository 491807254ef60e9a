// Who launched a process tells which runtime owns it when its cgroup does not (a custom
// --cgroup-parent, an unknown state directory): containerd's shim, conmon and the LXC monitor
// name the container on their command lines. Pure.
import type { Runtime } from '../../../shared/snapshot/schema.js';
import { runtimeOfBundle } from '../runtimes/runcState.js';

export interface LauncherIdentity {
  runtime: Runtime;
  id: string;
  name: string | null;
  labels: Record<string, string>;
}

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

export function launcherIdentity(comm: string, cmdline: string[]): LauncherIdentity | null {
  const exe = cmdline[0]?.split('/').pop() ?? '';
  if (comm.startsWith('containerd-shim') || exe.startsWith('containerd-shim')) {
    const id = option(cmdline, '-id', '--id');
    const ns = option(cmdline, '-namespace', '--namespace');
    if (!id) return null;
    // Docker runs its containers in containerd's "moby" namespace.
    return { runtime: ns === 'moby' ? 'docker' : 'containerd', id, name: null, labels: ns ? { 'containerd.namespace': ns } : {} };
  }
  if (comm === 'conmon' || exe === 'conmon') {
    const id = option(cmdline, '-c', '--cid');
    if (!id) return null;
    const bundle = option(cmdline, '-b', '--bundle');
    // conmon serves both Podman and CRI-O; the bundle's location tells them apart.
    const runtime = runtimeOfBundle(bundle, 'podman');
    return { runtime: runtime === 'cri-o' ? 'cri-o' : 'podman', id, name: option(cmdline, '-n', '--name'), labels: {} };
  }
  // "[lxc monitor] /var/lib/lxc web1"
  const monitor = /^\[lxc monitor\] (\S+) (.+)$/.exec(cmdline.join(' ').trim());
  if (monitor) return { runtime: 'lxc', id: monitor[2]!, name: monitor[2]!, labels: { 'lxc.path': monitor[1]! } };
  return null;
}
