// Every container runtime Isoscope recognises, in one place: its id (the snapshot's `runtime`),
// how it is named, the capabilities it grants by default, where its state lives (the
// collector's location flags and their defaults) and where it is documented. Pure.
//
// Adding a runtime: an entry here (the schema's enum, the labels, the flags, the usage text and
// the default capabilities follow), an entry in electron/agent/runtimes/sources.ts (how its
// state is read, the cgroup names it uses) with its reader in electron/agent/runtimes/, and, if
// the lab runs it, its start/stop file in e2e/lab/runtimes/ and an entry in e2e/lab/labRuntimes.ts.

/** A repeatable collector flag: each value is added to the defaults of one CollectOptions list. */
export interface RuntimeLocation {
  /** The flag without its dashes, e.g. "docker-root". */
  readonly flag: string;
  /** The CollectOptions list it adds to. */
  readonly option: string;
  readonly value: 'DIR' | 'PATH';
  /** What is there, for the usage text ("Docker data root"). */
  readonly what: string;
  /** Host paths looked at without any flag. */
  readonly defaults: readonly string[];
}

export interface RuntimeInfo {
  /** How the runtime is named where its containers are shown (Overview, reports). */
  readonly label: string;
  /** The sidebar's heading for its group, where it differs from the label. */
  readonly groupLabel?: string;
  /** The capabilities it grants a container by default (effective = bounding); null: none known. */
  readonly defaultCaps: readonly string[] | null;
  /** Where that default set is defined. */
  readonly defaultCapsSource?: string;
  /** Where its state lives: the collector's location flags. */
  readonly locations: readonly RuntimeLocation[];
  readonly docs: string;
}

// moby oci/caps/defaults.go; containerd's oci default is the same set.
const DOCKER_CAPS = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_FSETID',
  'CAP_FOWNER',
  'CAP_MKNOD',
  'CAP_NET_RAW',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETFCAP',
  'CAP_SETPCAP',
  'CAP_NET_BIND_SERVICE',
  'CAP_SYS_CHROOT',
  'CAP_KILL',
  'CAP_AUDIT_WRITE',
] as const;

/** In display order (the sidebar's groups, the snapshot schema's enum). */
const REGISTRY = {
  docker: {
    label: 'Docker',
    defaultCaps: DOCKER_CAPS,
    defaultCapsSource: 'moby oci/caps/defaults.go',
    locations: [
      { flag: 'docker-root', option: 'dockerDataRoots', value: 'DIR', what: 'Docker data root', defaults: ['/var/lib/docker'] },
      {
        flag: 'docker-socket',
        option: 'dockerSockets',
        value: 'PATH',
        what: 'Docker Engine API socket',
        defaults: ['/var/run/docker.sock'],
      },
    ],
    docs: 'https://docs.docker.com/engine/',
  },
  podman: {
    label: 'Podman',
    defaultCaps: [
      'CAP_CHOWN',
      'CAP_DAC_OVERRIDE',
      'CAP_FOWNER',
      'CAP_FSETID',
      'CAP_KILL',
      'CAP_NET_BIND_SERVICE',
      'CAP_SETFCAP',
      'CAP_SETGID',
      'CAP_SETPCAP',
      'CAP_SETUID',
      'CAP_SYS_CHROOT',
    ],
    defaultCapsSource: 'containers-common containers.conf default_capabilities',
    locations: [
      {
        flag: 'podman-socket',
        option: 'podmanSockets',
        value: 'PATH',
        what: 'Podman API socket',
        defaults: ['/run/podman/podman.sock'],
      },
      // containers/storage: Podman's, also Buildah's and CRI-O's.
      {
        flag: 'storage-root',
        option: 'storageGraphRoots',
        value: 'DIR',
        what: 'containers/storage graph root',
        defaults: ['/var/lib/containers/storage'],
      },
      {
        flag: 'storage-runroot',
        option: 'storageRunRoots',
        value: 'DIR',
        what: 'containers/storage run root',
        defaults: ['/run/containers/storage'],
      },
    ],
    docs: 'https://docs.podman.io/',
  },
  containerd: {
    label: 'containerd',
    defaultCaps: DOCKER_CAPS,
    defaultCapsSource: "containerd's oci default (the same set as Docker's)",
    locations: [
      {
        flag: 'containerd-state',
        option: 'containerdStateDirs',
        value: 'DIR',
        what: 'containerd task state',
        defaults: ['/run/containerd/io.containerd.runtime.v2.task'],
      },
    ],
    docs: 'https://containerd.io/docs/',
  },
  'cri-o': {
    label: 'CRI-O',
    defaultCaps: [
      'CAP_CHOWN',
      'CAP_DAC_OVERRIDE',
      'CAP_FSETID',
      'CAP_FOWNER',
      'CAP_SETGID',
      'CAP_SETUID',
      'CAP_SETPCAP',
      'CAP_NET_BIND_SERVICE',
      'CAP_KILL',
    ],
    defaultCapsSource: 'cri-o default_capabilities',
    locations: [],
    docs: 'https://cri-o.io/',
  },
  lxc: { label: 'LXC', defaultCaps: null, locations: [], docs: 'https://linuxcontainers.org/lxc/documentation/' },
  nspawn: {
    label: 'systemd-nspawn',
    defaultCaps: null,
    locations: [],
    docs: 'https://www.freedesktop.org/software/systemd/man/latest/systemd-nspawn.html',
  },
  runc: {
    label: 'runc',
    defaultCaps: null,
    locations: [
      {
        flag: 'runc-root',
        option: 'runcRoots',
        value: 'DIR',
        what: 'runc state root',
        // Bare runc, and the runc roots of Docker's and containerd's shims.
        defaults: [
          '/run/runc',
          '/run/docker/runtime-runc/moby',
          '/run/containerd/runc/k8s.io',
          '/run/containerd/runc/default',
          '/run/containerd/runc/moby',
        ],
      },
    ],
    docs: 'https://github.com/opencontainers/runc',
  },
  crun: {
    label: 'crun',
    defaultCaps: null,
    locations: [{ flag: 'crun-root', option: 'crunRoots', value: 'DIR', what: 'crun state root', defaults: ['/run/crun'] }],
    docs: 'https://github.com/containers/crun',
  },
  /** gVisor's runsc run bare (its own state names the container); under Docker or Kubernetes the engine's name is kept. */
  runsc: { label: 'runsc', defaultCaps: null, locations: [], docs: 'https://gvisor.dev/docs/' },
  /** Unmanaged sandboxes (bwrap, unshare, flatpak, browser sandboxes): found by their namespaces. */
  sandbox: {
    label: 'sandbox tool (bwrap, unshare, …)',
    groupLabel: 'Sandboxes',
    defaultCaps: null,
    locations: [],
    docs: 'https://man7.org/linux/man-pages/man7/namespaces.7.html',
  },
} as const satisfies Record<string, RuntimeInfo>;

export type RuntimeId = keyof typeof REGISTRY;

export const RUNTIME_REGISTRY: Readonly<Record<RuntimeId, RuntimeInfo>> = REGISTRY;

/** Every runtime id, in display order (the snapshot schema's enum is built from it). */
export const RUNTIME_IDS = Object.keys(REGISTRY) as [RuntimeId, ...RuntimeId[]];

/** The CollectOptions lists the location flags fill. */
export type LocationOption = (typeof REGISTRY)[RuntimeId]['locations'][number]['option'];

/** Every location flag with the runtime it belongs to, in registry order. */
export const RUNTIME_LOCATIONS: readonly (RuntimeLocation & { runtime: RuntimeId; option: LocationOption })[] =
  RUNTIME_IDS.flatMap((runtime) =>
    REGISTRY[runtime].locations.map((l: RuntimeLocation & { option: LocationOption }) => ({ ...l, runtime })),
  );

function isRuntimeId(id: string): id is RuntimeId {
  return Object.hasOwn(REGISTRY, id);
}

/** How a runtime is named; an id the registry does not know (a newer snapshot's) as it came. */
export function runtimeLabel(id: string): string {
  return isRuntimeId(id) ? REGISTRY[id].label : id;
}

/** The sidebar heading of a runtime's group. */
export function runtimeGroupLabel(id: string): string {
  if (!isRuntimeId(id)) return id;
  const r: RuntimeInfo = REGISTRY[id];
  return r.groupLabel ?? r.label;
}

/** The capabilities a runtime grants by default; undefined where none is known. */
export function runtimeDefaultCaps(id: string): readonly string[] | undefined {
  return isRuntimeId(id) ? (REGISTRY[id].defaultCaps ?? undefined) : undefined;
}
