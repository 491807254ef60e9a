// Where the collector looks. Every path is a host path, read under `root`. The location lists
// and their defaults come from the runtime registry (shared/runtimes/registry.ts).
import { RUNTIME_LOCATIONS, type LocationOption } from '../../../shared/runtimes/registry.js';

export type { LocationOption } from '../../../shared/runtimes/registry.js';

export type CollectOptions = {
  /** Directory standing for the host's "/" (default "/"): fixture trees, mounted images. */
  root: string;
  /** Ask engine APIs over their sockets (default: only when root is "/"). */
  useEngineApis: boolean;
} & {
  /** Runtime state locations (runcRoots, dockerSockets, …): one list per registry location. */
  [K in LocationOption]: string[];
};

function locationLists(of: (option: LocationOption, defaults: readonly string[]) => string[]): Record<LocationOption, string[]> {
  const out = {} as Record<LocationOption, string[]>;
  for (const l of RUNTIME_LOCATIONS) out[l.option] = of(l.option, l.defaults);
  return out;
}

export const DEFAULT_OPTIONS: CollectOptions = {
  root: '/',
  ...locationLists((_, defaults) => [...defaults]),
  useEngineApis: true,
};

/** Defaults plus what the caller adds (extra locations are added, not substituted). */
export function resolveOptions(extra: Partial<CollectOptions> = {}): CollectOptions {
  const root = extra.root ?? '/';
  return {
    root,
    ...locationLists((option, defaults) => [...new Set([...defaults, ...(extra[option] ?? [])])]),
    useEngineApis: extra.useEngineApis ?? root === '/',
  };
}
