// Where the collector looks. Every path is a host path, read under `root`.
export interface CollectOptions {
  /** Directory standing for the host's "/" (default "/"): fixture trees, mounted images. */
  root: string;
  runcRoots: string[];
  crunRoots: string[];
  dockerDataRoots: string[];
  storageGraphRoots: string[];
  storageRunRoots: string[];
  containerdStateDirs: string[];
  dockerSockets: string[];
  podmanSockets: string[];
  /** Ask engine APIs over their sockets (default: only when root is "/"). */
  useEngineApis: boolean;
}

export const DEFAULT_OPTIONS: CollectOptions = {
  root: '/',
  runcRoots: [
    '/run/runc',
    '/run/docker/runtime-runc/moby',
    '/run/containerd/runc/k8s.io',
    '/run/containerd/runc/default',
    '/run/containerd/runc/moby',
  ],
  crunRoots: ['/run/crun'],
  dockerDataRoots: ['/var/lib/docker'],
  storageGraphRoots: ['/var/lib/containers/storage'],
  storageRunRoots: ['/run/containers/storage'],
  containerdStateDirs: ['/run/containerd/io.containerd.runtime.v2.task'],
  dockerSockets: ['/var/run/docker.sock'],
  podmanSockets: ['/run/podman/podman.sock'],
  useEngineApis: true,
};

/** Defaults plus what the caller adds (extra locations are added, not substituted). */
export function resolveOptions(extra: Partial<CollectOptions> = {}): CollectOptions {
  const root = extra.root ?? '/';
  const merge = (key: keyof CollectOptions) => {
    const base = DEFAULT_OPTIONS[key] as string[];
    const more = (extra[key] as string[] | undefined) ?? [];
    return [...new Set([...base, ...more])];
  };
  return {
    root,
    runcRoots: merge('runcRoots'),
    crunRoots: merge('crunRoots'),
    dockerDataRoots: merge('dockerDataRoots'),
    storageGraphRoots: merge('storageGraphRoots'),
    storageRunRoots: merge('storageRunRoots'),
    containerdStateDirs: merge('containerdStateDirs'),
    dockerSockets: merge('dockerSockets'),
    podmanSockets: merge('podmanSockets'),
    useEngineApis: extra.useEngineApis ?? root === '/',
  };
}
