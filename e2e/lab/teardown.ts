// Teardown from a LabState alone (used by Lab.stop() and by `cli.ts down`).
import { existsSync, rmSync } from 'node:fs';
import { removeCgroupPath, sweepLabProcesses, unmountUnder } from './host.js';
import { stopDockerContainer, stopDockerDaemon } from './runtimes/docker.js';
import { stopLaunched } from './runtimes/launched.js';
import { stopLxc } from './runtimes/lxc.js';
import { stopPodmanAll, stopPodmanContainer } from './runtimes/podman.js';
import { stopRunc } from './runtimes/runc.js';
import type { LabKey, LabState } from './types.js';

/** Stops one lab container; daemons (dockerd, podman service) keep running. */
export async function stopContainer(state: LabState, key: LabKey): Promise<string[]> {
  const c = state.containers.find((x) => x.key === key);
  let problems: string[];
  switch (key) {
    case 'runc-hardened':
    case 'runc-loose': {
      const suffix = key === 'runc-hardened' ? 'hardened' : 'loose';
      problems = await stopRunc(state.runcRoot, `${state.prefix}-${suffix}`, `/${state.prefix}-${suffix}`, state.prefix);
      break;
    }
    case 'docker':
      problems = await stopDockerContainer(state);
      break;
    case 'podman':
      problems = await stopPodmanContainer(state);
      break;
    case 'lxc':
      problems = await stopLxc(state, c);
      break;
    case 'nspawn':
      problems = await stopLaunched(state, key, 'launcher');
      problems.push(...(await removeCgroupPath(`/${state.prefix}-nspawn`, state.prefix)));
      break;
    case 'bwrap':
    case 'unshare':
      problems = await stopLaunched(state, key, 'init');
      break;
  }
  state.containers = state.containers.filter((x) => x.key !== key);
  return problems;
}

/** Stops the whole runtime behind `key`, including its daemon, after a failed start. */
export async function stopRuntime(state: LabState, key: LabKey): Promise<string[]> {
  if (key === 'docker') return stopDockerDaemon(state);
  if (key === 'podman') return stopPodmanAll(state);
  return stopContainer(state, key);
}

/** Stops everything the lab started. Safe to call repeatedly. Returns problems found. */
export async function stopAll(state: LabState): Promise<string[]> {
  const problems: string[] = [];
  const keys = new Set<LabKey>(state.containers.map((c) => c.key));
  for (const k of Object.keys(state.internals.launchers) as LabKey[]) keys.add(k);
  if (state.internals.lxcPath) keys.add('lxc');
  if (existsSync(state.runcRoot)) {
    keys.add('runc-hardened');
    keys.add('runc-loose');
  }
  const results = await Promise.all(
    [...keys].filter((k) => k !== 'docker' && k !== 'podman').map((k) => stopContainer(state, k)),
  );
  problems.push(...results.flat());
  const daemons = await Promise.all([
    state.docker ? stopDockerDaemon(state) : Promise.resolve([]),
    state.internals.podmanArgs ? stopPodmanAll(state) : Promise.resolve([]),
  ]);
  problems.push(...daemons.flat());
  state.containers = [];
  const { workDir, runDir, ownsWorkDir } = state.internals;
  const swept = await sweepLabProcesses([ownsWorkDir ? workDir : runDir], state.internals.cgroupPaths, state.prefix);
  if (swept.length > 0) problems.push(`killed ${swept.length} leftover process(es): ${swept.join(' ')}`);
  for (const cg of state.internals.cgroupPaths) problems.push(...(await removeCgroupPath(cg, state.prefix)));
  const dirs = [ownsWorkDir ? workDir : runDir, ...(state.internals.extraDirs ?? [])];
  for (const dir of dirs.filter((d) => d.includes(state.prefix))) {
    const mountProblems = await unmountUnder(dir);
    problems.push(...mountProblems.map((m) => `could not unmount ${m}`));
    if (mountProblems.length === 0) rmSync(dir, { recursive: true, force: true });
    else problems.push(`left ${dir} in place because mounts remain`);
  }
  return problems;
}
