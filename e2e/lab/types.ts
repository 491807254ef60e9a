// Shared types of the Isoscope container lab.
// A LabState is plain JSON: the CLI writes it to disk on `up` and `down` tears
// everything down from it alone, so every field needed for teardown lives here.
import type { RuntimeId } from '../../shared/runtimes/registry.js';
import type { LabKey } from './labRuntimes.js';

/** A lab container's key: one per entry of labRuntimes.ts (how each starts and stops). */
export type { LabKey };

/** The runtime a lab container is listed under: an id of the runtime registry (shared/runtimes/registry.ts). */
export type LabRuntime = RuntimeId;

/** Kernel namespace type names, as in /proc/<pid>/ns. */
export type NsType = 'cgroup' | 'ipc' | 'mnt' | 'net' | 'pid' | 'time' | 'user' | 'uts';

export interface UidMapEntry {
  inside: number;
  outside: number;
  count: number;
}

/** The initial user namespace's map: ids inside are the host's. */
export const HOST_UIDS: UidMapEntry[] = [{ inside: 0, outside: 0, count: 4294967295 }];

export interface DeclaredConfig {
  readonlyRootfs?: boolean;
  /** Effective/bounding capability set as configured, e.g. ['CAP_CHOWN', ...]. */
  capabilities?: string[];
  memoryMaxBytes?: number | null;
  pidsMax?: number | null;
  cpuQuotaUs?: number | null;
  cpuPeriodUs?: number | null;
  seccomp?: 'none' | 'filter';
  noNewPrivs?: boolean;
  uidMap?: UidMapEntry[];
  /** Namespace types shared with the host (kernel names: 'net', 'pid', 'mnt', ...). */
  hostNamespaces?: string[];
  /** cgroup path (relative to each v1 hierarchy root) the runtime was told to use. */
  cgroupsPath?: string;
}

export interface LabContainer {
  key: LabKey;
  runtime: LabRuntime;
  /** runc id, 64-hex docker/podman id, lxc name, nspawn machine name, or sandbox init pid. */
  id: string;
  name: string;
  /** Host pid of the process that is pid 1 inside the container. */
  initPid: number;
  image: string | null;
  declared: DeclaredConfig;
}

/** A pid plus its start time (field 22 of /proc/<pid>/stat) so pid reuse is detected. */
export interface ProcRef {
  pid: number;
  startTime: string;
}

export interface DockerInfo {
  socket: string;
  dataRoot: string;
  execRoot: string;
  /** The lab's own containerd (dockerd runs with --containerd=<this>). */
  containerdSocket: string;
  /** runc --root holding docker's containers: <execRoot>/runtime-runc/moby. */
  runcRoot: string;
}

export interface PodmanInfo {
  socket: string;
  storageRoot: string;
  runRoot: string;
  runcRoot: string;
}

/** Teardown bookkeeping. Everything here was created by this lab run. */
export interface LabInternals {
  workDir: string;
  ownsWorkDir: boolean;
  /** Per-run directory (under workDir) holding bundles, daemons' roots, logs. */
  runDir: string;
  /** Lab-owned directories outside runDir (unmounted below and removed on stop). */
  extraDirs: string[];
  /** Relative cgroup paths to rmdir (recursively) in every mounted hierarchy. */
  cgroupPaths: string[];
  dockerBin?: string;
  dockerd?: ProcRef;
  containerd?: ProcRef;
  podmanArgs?: string[];
  podmanEnv?: Record<string, string>;
  podmanService?: ProcRef;
  lxcPath?: string;
  /** Launcher processes (nspawn, bwrap, unshare) and the sandbox init they own. */
  launchers: Partial<Record<LabKey, { launcher: ProcRef; init: ProcRef | null }>>;
}

export interface LabState {
  prefix: string;
  containers: LabContainer[];
  skipped: { key: LabKey; reason: string }[];
  docker?: DockerInfo;
  podman?: PodmanInfo;
  runcRoot: string;
  startedAt: string;
  startupMs: number;
  internals: LabInternals;
}

export interface Lab extends LabState {
  stop(): Promise<void>;
  stopOne(key: LabKey): Promise<void>;
}

/** What each runtime starter gets. */
export interface StartContext {
  prefix: string;
  state: LabState;
  /** Cached busybox rootfs directory (read-only use; copy it before writing). */
  rootfsDir: string;
  /** Tarball of the same rootfs, for `docker import` / `podman import`. */
  rootfsTar: string;
}

/** The init command every container runs: a shell (pid 1) with one sleeping child. */
export const LAB_INIT = '/bin/lab-init';
