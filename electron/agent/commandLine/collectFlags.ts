// The collector's "where to look" flags (--root, --docker-root, …), declared once for every
// command that collects: snapshot, list, agent, seccomp, profile, diff, export, audit and serve.
// A new runtime's location is one entry here (and its field in collect/options.ts).
import { existsSync, statSync } from 'node:fs';
import type { CollectOptions } from '../collect/options.js';
import { flag, flags, UsageError, type FlagSpec, type FlagTable, type ParsedArgs } from './args.js';

type ListOption = { [K in keyof CollectOptions]: CollectOptions[K] extends string[] ? K : never }[keyof CollectOptions];

/** Repeatable location flags: each value is added to the defaults of one CollectOptions list. */
const LOCATIONS: Readonly<Record<string, FlagSpec & { option: ListOption }>> = {
  'docker-root': { type: 'string', value: 'DIR', repeats: true, option: 'dockerDataRoots', help: 'Docker data root (default /var/lib/docker)' },
  'docker-socket': { type: 'string', value: 'PATH', repeats: true, option: 'dockerSockets', help: 'Docker Engine API socket (default /var/run/docker.sock)' },
  'podman-socket': { type: 'string', value: 'PATH', repeats: true, option: 'podmanSockets', help: 'Podman API socket (default /run/podman/podman.sock)' },
  'runc-root': { type: 'string', value: 'DIR', repeats: true, option: 'runcRoots', help: 'runc state root (defaults include /run/runc)' },
  'crun-root': { type: 'string', value: 'DIR', repeats: true, option: 'crunRoots', help: 'crun state root (default /run/crun)' },
  'storage-root': { type: 'string', value: 'DIR', repeats: true, option: 'storageGraphRoots', help: 'containers/storage graph root (default /var/lib/containers/storage)' },
  'storage-runroot': { type: 'string', value: 'DIR', repeats: true, option: 'storageRunRoots', help: 'containers/storage run root (default /run/containers/storage)' },
  'containerd-state': { type: 'string', value: 'DIR', repeats: true, option: 'containerdStateDirs', help: 'containerd task state (default /run/containerd/io.containerd.runtime.v2.task)' },
};

export const ROOT_FLAG: FlagSpec = { type: 'string', value: 'DIR', help: "read DIR/proc, DIR/sys, DIR/run, DIR/var/lib… as the host's" };
export const NO_API_FLAG: FlagSpec = { type: 'boolean', help: 'do not ask engine APIs over their sockets' };

/** Where to look for containers: every location flag and --no-api (no --root: live processes only). */
export const LOCATION_FLAGS: FlagTable = { ...LOCATIONS, 'no-api': NO_API_FLAG };
/** The collector's flags: --root and the location flags. */
export const COLLECT_FLAGS: FlagTable = { root: ROOT_FLAG, ...LOCATION_FLAGS };

export const COLLECT_GROUP = { title: 'where to look for containers (each may repeat; added to the defaults)', names: Object.keys(COLLECT_FLAGS) } as const;

export function collectOptions(a: ParsedArgs): Partial<CollectOptions> {
  const root = flag(a, 'root');
  if (root !== undefined) {
    if (!existsSync(root)) throw new UsageError(`--root ${root}: no such directory`);
    if (!statSync(root).isDirectory()) throw new UsageError(`--root ${root}: not a directory`);
  }
  const o: Partial<CollectOptions> = {};
  for (const [name, spec] of Object.entries(LOCATIONS)) o[spec.option] = flags(a, name);
  if (root !== undefined) o.root = root;
  if (flag(a, 'no-api')) o.useEngineApis = false;
  return o;
}
