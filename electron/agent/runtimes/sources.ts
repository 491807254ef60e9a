// How the collector learns about each runtime's containers, keyed by the ids of the runtime
// registry (shared/runtimes/registry.ts): the root-owned state it reads, the engine API sockets
// it asks, and the cgroup names the runtime gives its containers (discovery/classifyCgroup.ts).
// A runtime without an entry is recognised by other means (launchers, namespaces).
//
// Entries are read in this order; their records are merged by id in discovery/group.ts.
import type { RuntimeId } from '../../../shared/runtimes/registry.js';
import type { CollectOptions } from '../collect/options.js';
import type { HostFs } from '../readers/hostFs.js';
import { readDockerDataRoots } from './dockerFiles.js';
import { readContainerdBundles } from './ociBundle.js';
import { readContainersStorage, rootlessStorageRoots } from './podmanFiles.js';
import type { RuntimeIssue, RuntimeRecord } from './record.js';
import { readRuncRoots } from './runcState.js';
import { readRunscRecords } from './sandboxedState.js';

export interface StateContext {
  fs: HostFs;
  options: CollectOptions;
  /** Where the host's cgroup hierarchies are mounted (state files record cgroup directories). */
  mountPoints: string[];
  /** What could not be read, reported as unavailable runtime metadata. */
  issues: RuntimeIssue[];
}

/** One cgroup segment a runtime names its containers with (or a helper next to them). */
export interface CgroupName {
  re: RegExp;
  role: 'payload' | 'helper';
  /** The capture is a name (lxc, nspawn) rather than a hex id. */
  byName?: boolean;
}

export interface RuntimeSource {
  /** Its root-owned state files → records. */
  readState?: (ctx: StateContext) => RuntimeRecord[];
  /** Its engine API sockets (host paths), asked when the collector may use engine APIs. */
  engineSockets?: (o: CollectOptions) => string[];
  /** Cgroup segments it names containers with, tried in order (systemd and cgroupfs drivers). */
  cgroupNames?: readonly CgroupName[];
}

const HEX64 = '[0-9a-f]{64}';
const hex = (pattern: string) => new RegExp(pattern.replace('ID', `(${HEX64})`));

export const RUNTIME_SOURCES: Readonly<Partial<Record<RuntimeId, RuntimeSource>>> = {
  runc: {
    readState: (c) =>
      readRuncRoots(
        c.fs,
        c.options.runcRoots.map((dir) => ({ dir, kind: 'runc' as const })),
        c.mountPoints,
        c.issues,
      ),
  },
  crun: {
    readState: (c) =>
      readRuncRoots(
        c.fs,
        c.options.crunRoots.map((dir) => ({ dir, kind: 'crun' as const })),
        c.mountPoints,
        c.issues,
      ),
  },
  docker: {
    readState: (c) => readDockerDataRoots(c.fs, c.options.dockerDataRoots, c.issues),
    engineSockets: (o) => o.dockerSockets,
    cgroupNames: [
      { re: hex('^docker-ID\\.scope$'), role: 'payload' },
      // systemd cgroup driver on v1 as the kernel prints it: system.slice:docker:<id>
      { re: hex('^[^:]+\\.slice:docker:ID$'), role: 'payload' },
    ],
  },
  podman: {
    // containers/storage, the system's and (other users' being theirs) each user's rootless one.
    readState: (c) => {
      const rootless = rootlessStorageRoots(c.fs);
      return [
        ...readContainersStorage(c.fs, c.options.storageGraphRoots, c.options.storageRunRoots, c.issues),
        ...readContainersStorage(c.fs, rootless.graphRoots, rootless.runRoots, c.issues),
      ];
    },
    engineSockets: (o) => o.podmanSockets,
    cgroupNames: [
      { re: hex('^libpod-conmon-ID(?:\\.scope)?$'), role: 'helper' },
      { re: hex('^libpod-ID(?:\\.scope)?$'), role: 'payload' },
      // Quadlet units run the container in the service's own cgroup: …/foo.service/libpod-payload-<id>
      { re: hex('^libpod-payload-ID$'), role: 'payload' },
    ],
  },
  containerd: {
    readState: (c) => readContainerdBundles(c.fs, c.options.containerdStateDirs, c.issues),
    cgroupNames: [
      { re: hex('^cri-containerd-ID\\.scope$'), role: 'payload' },
      { re: hex('^nerdctl-ID\\.scope$'), role: 'payload' },
      // systemd cgroup driver on v1 as the kernel prints it: kubepods-…-pod<uid>.slice:cri-containerd:<id>
      { re: hex('^[^:]+\\.slice:cri-containerd:ID$'), role: 'payload' },
      // Kata Containers' sandbox cgroup (sandbox_cgroup_only=false): …/pod<uid>/kata_<sandbox id>, or /kata/<ns>/kata_<id>.
      { re: hex('^kata_ID$'), role: 'payload' },
    ],
  },
  'cri-o': {
    cgroupNames: [
      { re: hex('^crio-conmon-ID\\.scope$'), role: 'helper' },
      { re: hex('^crio-ID(?:\\.scope)?$'), role: 'payload' },
      { re: hex('^[^:]+\\.slice:crio:ID$'), role: 'payload' },
    ],
  },
  runsc: {
    readState: (c) => readRunscRecords(c.fs, c.issues),
  },
  lxc: {
    cgroupNames: [
      { re: /^lxc\.payload\.(.+)$/, role: 'payload', byName: true },
      { re: /^lxc\.monitor\.(.+)$/, role: 'helper', byName: true },
    ],
  },
  nspawn: {
    cgroupNames: [
      { re: /^machine-(.+)\.scope$/, role: 'payload', byName: true },
      { re: /^systemd-nspawn@(.+)\.service$/, role: 'payload', byName: true },
    ],
  },
};

/** Every runtime's state, in RUNTIME_SOURCES order. */
export function readRuntimeState(ctx: StateContext): RuntimeRecord[] {
  return Object.values(RUNTIME_SOURCES).flatMap((s) => s.readState?.(ctx) ?? []);
}

/** Every engine API socket to ask, with the runtime that answers on it. */
export function engineSocketsOf(o: CollectOptions): { path: string; runtime: RuntimeId }[] {
  return Object.entries(RUNTIME_SOURCES).flatMap(([runtime, s]) =>
    (s.engineSockets?.(o) ?? []).map((path) => ({ path, runtime: runtime as RuntimeId })),
  );
}
