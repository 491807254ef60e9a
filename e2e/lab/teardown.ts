// Teardown from a LabState alone (used by Lab.stop() and by `cli.ts down`).
import { rmSync } from 'node:fs';
import { removeCgroupPath, sweepLabProcesses, unmountUnder } from './host.js';
import { ALL_LAB_KEYS, labRuntime } from './labRuntimes.js';
import type { LabKey, LabState } from './types.js';

/** Stops one lab container; daemons (dockerd, podman service) keep running. */
export async function stopContainer(state: LabState, key: LabKey): Promise<string[]> {
  const c = state.containers.find((x) => x.key === key);
  const problems = await labRuntime(key).stop(state, c);
  state.containers = state.containers.filter((x) => x.key !== key);
  return problems;
}

/** Stops the whole runtime behind `key`, including its daemon, after a failed start. */
export async function stopRuntime(state: LabState, key: LabKey): Promise<string[]> {
  const daemon = labRuntime(key).daemon;
  return daemon ? daemon.stop(state) : stopContainer(state, key);
}

/** Stops everything the lab started. Safe to call repeatedly. Returns problems found. */
export async function stopAll(state: LabState): Promise<string[]> {
  const problems: string[] = [];
  const keys = new Set<LabKey>(state.containers.map((c) => c.key));
  for (const k of ALL_LAB_KEYS) if (labRuntime(k).leftOver?.(state)) keys.add(k);
  // A runtime with a daemon stops with it (its containers too); the others one by one.
  const results = await Promise.all([...keys].filter((k) => !labRuntime(k).daemon).map((k) => stopContainer(state, k)));
  problems.push(...results.flat());
  const daemons = await Promise.all(
    ALL_LAB_KEYS.map((k) => labRuntime(k).daemon).map((d) => (d?.running(state) ? d.stop(state) : Promise.resolve([]))),
  );
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
