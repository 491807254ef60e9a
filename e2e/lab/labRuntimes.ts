// How each lab container starts and stops, in one place: the lab (lab.ts), its teardown
// (teardown.ts) and the CLI's --only read this table. Adding a runtime to the lab: its
// runtimes/<x>.ts (start, stop), an entry here keyed by its lab key, and its row in README.md;
// what the collector knows of it lives in the runtime registry (shared/runtimes/registry.ts,
// electron/agent/runtimes/sources.ts).
import { existsSync } from 'node:fs';
import { removeCgroupPath } from './host.js';
import { startDocker, stopDockerContainer, stopDockerDaemon } from './runtimes/docker.js';
import { stopLaunched } from './runtimes/launched.js';
import { startLxc, stopLxc } from './runtimes/lxc.js';
import { startPodman, stopPodmanAll, stopPodmanContainer } from './runtimes/podman.js';
import { startRunc, stopRunc } from './runtimes/runc.js';
import { startBwrap, startNspawn, startUnshare } from './runtimes/sandbox.js';
import type { LabContainer, LabRuntime, LabState, StartContext } from './types.js';

export interface LabRuntimeEntry {
  /** The runtime registry id its container is listed under (shared/runtimes/registry.ts). */
  readonly runtime: LabRuntime;
  start(ctx: StartContext): Promise<LabContainer>;
  /** Stops its container (a daemon keeps running); returns the problems met. */
  stop(state: LabState, container: LabContainer | undefined): Promise<string[]>;
  /** A daemon of its own (dockerd, the podman service): whether the state records one, and how it stops. */
  readonly daemon?: { running(state: LabState): boolean; stop(state: LabState): Promise<string[]> };
  /** Something of it may be left though no container is listed (a failed or partial start). */
  leftOver?(state: LabState): boolean;
}

const runc = (suffix: 'hardened' | 'loose'): LabRuntimeEntry => ({
  runtime: 'runc',
  start: (ctx) => startRunc(ctx, `runc-${suffix}`),
  stop: (state) => stopRunc(state.runcRoot, `${state.prefix}-${suffix}`, `/${state.prefix}-${suffix}`, state.prefix),
  leftOver: (state) => existsSync(state.runcRoot),
});

/** Every lab key, in start and listing order. */
export const ALL_LAB_KEYS = ['runc-hardened', 'runc-loose', 'docker', 'podman', 'lxc', 'nspawn', 'bwrap', 'unshare'] as const;
export type LabKey = (typeof ALL_LAB_KEYS)[number];

/** How each starts and stops: one entry per key (the type holds them to it). */
const LAB_RUNTIME_ENTRIES: Record<LabKey, LabRuntimeEntry> = {
  'runc-hardened': runc('hardened'),
  'runc-loose': runc('loose'),
  docker: {
    runtime: 'docker',
    start: startDocker,
    stop: (state) => stopDockerContainer(state),
    daemon: { running: (state) => state.docker !== undefined, stop: stopDockerDaemon },
  },
  podman: {
    runtime: 'podman',
    start: startPodman,
    stop: (state) => stopPodmanContainer(state),
    daemon: { running: (state) => state.internals.podmanArgs !== undefined, stop: stopPodmanAll },
  },
  lxc: {
    runtime: 'lxc',
    start: startLxc,
    stop: stopLxc,
    leftOver: (state) => Boolean(state.internals.lxcPath),
  },
  nspawn: {
    runtime: 'nspawn',
    start: startNspawn,
    stop: async (state) => [
      ...(await stopLaunched(state, 'nspawn', 'launcher')),
      ...(await removeCgroupPath(`/${state.prefix}-nspawn`, state.prefix)),
    ],
    leftOver: (state) => state.internals.launchers.nspawn !== undefined,
  },
  bwrap: {
    runtime: 'sandbox',
    start: startBwrap,
    stop: (state) => stopLaunched(state, 'bwrap', 'init'),
    leftOver: (state) => state.internals.launchers.bwrap !== undefined,
  },
  unshare: {
    runtime: 'sandbox',
    start: startUnshare,
    stop: (state) => stopLaunched(state, 'unshare', 'init'),
    leftOver: (state) => state.internals.launchers.unshare !== undefined,
  },
};

export function labRuntime(key: LabKey): LabRuntimeEntry {
  return LAB_RUNTIME_ENTRIES[key];
}
