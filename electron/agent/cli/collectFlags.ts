// The collector's "where to look" flags (--root, --docker-root, …), shared by every command that
// collects: snapshot, list, agent, seccomp, profile, diff, export and serve.
import { existsSync, statSync } from 'node:fs';
import type { CollectOptions } from '../collect/options.js';
import { flag, flags, UsageError, type ParsedArgs } from './args.js';

/** Flag names (without --) that collectOptions reads. */
export const COLLECT_FLAGS = ['root', 'docker-root', 'docker-socket', 'podman-socket', 'runc-root', 'crun-root', 'storage-root', 'storage-runroot', 'containerd-state', 'no-api'] as const;

export function collectOptions(a: ParsedArgs): Partial<CollectOptions> {
  const root = flag(a, 'root');
  if (root !== undefined) {
    if (!existsSync(root)) throw new UsageError(`--root ${root}: no such directory`);
    if (!statSync(root).isDirectory()) throw new UsageError(`--root ${root}: not a directory`);
  }
  const o: Partial<CollectOptions> = {
    dockerDataRoots: flags(a, 'docker-root'),
    dockerSockets: flags(a, 'docker-socket'),
    podmanSockets: flags(a, 'podman-socket'),
    runcRoots: flags(a, 'runc-root'),
    crunRoots: flags(a, 'crun-root'),
    storageGraphRoots: flags(a, 'storage-root'),
    storageRunRoots: flags(a, 'storage-runroot'),
    containerdStateDirs: flags(a, 'containerd-state'),
  };
  if (root !== undefined) o.root = root;
  if (flag(a, 'no-api')) o.useEngineApis = false;
  return o;
}
