// Collector options that point at the lab's private daemons and state roots.
import type { CollectOptions } from '../../electron/agent/collect/options.js';
import type { LabState } from '../lab/lab.js';

export function labOptions(lab: LabState): Partial<CollectOptions> {
  const o: Partial<CollectOptions> = { runcRoots: [lab.runcRoot] };
  if (lab.docker) {
    o.dockerDataRoots = [lab.docker.dataRoot];
    o.dockerSockets = [lab.docker.socket];
    o.runcRoots!.push(`${lab.docker.execRoot}/runtime-runc/moby`);
  }
  if (lab.podman) {
    o.podmanSockets = [lab.podman.socket];
    o.storageGraphRoots = [lab.podman.storageRoot];
    o.storageRunRoots = [lab.podman.runRoot];
    o.runcRoots!.push(lab.podman.runcRoot);
  }
  return o;
}

/** The same as command-line flags, for `isoscope` run as a separate process. */
export function labFlags(lab: LabState): string[] {
  const o = labOptions(lab);
  const flags: string[] = [];
  for (const r of o.runcRoots ?? []) flags.push('--runc-root', r);
  for (const r of o.dockerDataRoots ?? []) flags.push('--docker-root', r);
  for (const s of o.dockerSockets ?? []) flags.push('--docker-socket', s);
  for (const s of o.podmanSockets ?? []) flags.push('--podman-socket', s);
  for (const r of o.storageGraphRoots ?? []) flags.push('--storage-root', r);
  for (const r of o.storageRunRoots ?? []) flags.push('--storage-runroot', r);
  return flags;
}
