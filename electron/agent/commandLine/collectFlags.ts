// The collector's "where to look" flags (--root, --docker-root, …), declared once for every
// command that collects: snapshot, list, agent, seccomp, profile, diff, export, audit and serve.
// The location flags come from the runtime registry (shared/runtimes/registry.ts): a new
// runtime's location is one entry there.
import { existsSync, statSync } from 'node:fs';
import { RUNTIME_LOCATIONS, type LocationOption, type RuntimeLocation } from '../../../shared/runtimes/registry.js';
import type { CollectOptions } from '../collect/options.js';
import { flag, flags, UsageError, type FlagSpec, type FlagTable, type ParsedArgs } from './args.js';

/** "Docker data root (default /var/lib/docker)"; "runc state root (defaults include /run/runc)". */
function locationHelp(l: RuntimeLocation): string {
  return `${l.what} (${l.defaults.length === 1 ? 'default' : 'defaults include'} ${l.defaults[0]})`;
}

/** Repeatable location flags: each value is added to the defaults of one CollectOptions list. */
const LOCATIONS: Readonly<Record<string, FlagSpec & { option: LocationOption }>> = Object.fromEntries(
  RUNTIME_LOCATIONS.map(
    (l) => [l.flag, { type: 'string', value: l.value, repeats: true, option: l.option, help: locationHelp(l) }] as const,
  ),
);

export const ROOT_FLAG: FlagSpec = {
  type: 'string',
  value: 'DIR',
  help: "read DIR/proc, DIR/sys, DIR/run, DIR/var/lib… as the host's",
};
export const NO_API_FLAG: FlagSpec = { type: 'boolean', help: 'do not ask engine APIs over their sockets' };

/** Where to look for containers: every location flag and --no-api (no --root: live processes only). */
export const LOCATION_FLAGS: FlagTable = { ...LOCATIONS, 'no-api': NO_API_FLAG };
/** The collector's flags: --root and the location flags. */
export const COLLECT_FLAGS: FlagTable = { root: ROOT_FLAG, ...LOCATION_FLAGS };

export const COLLECT_GROUP = {
  title: 'where to look for containers (each may repeat; added to the defaults)',
  names: Object.keys(COLLECT_FLAGS),
} as const;

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
