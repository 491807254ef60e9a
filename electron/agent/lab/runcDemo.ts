// One demo container under runc: its bundle (a copy of the busybox rootfs and the preset's
// config.json), `runc run -d`, what `runc state` says of it, and its teardown. Only ids, bundles
// and cgroups derived from the lab's prefix are ever touched.
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DemoPreset } from '../../../shared/lab/demoLab.js';
import { removeCgroupPath } from './cgroups.js';
import { bundleOf, cgroupOf, containerId, isLive, PREFIX, startTimeOf, type DemoPaths } from './demoState.js';
import { checkDirChain } from './stateTrust.js';
import { applyPreset, USERNS_HOST_ID, type OciSpec } from './presetSpecs.js';
import { copyRootfs, ensureRootfs } from './rootfs.js';
import { run, runToLog, tryRun, waitUntil } from './run.js';

export interface RuncStatus {
  initPid: number | null;
  alive: boolean;
  /** "running", "stopped", "created", "not found", or why runc could not be asked. */
  status: string;
}

const checkPrefix = (prefix: string) => {
  if (!PREFIX.test(prefix)) throw new Error(`refusing a demo prefix ${prefix} (not isoscope-demo-<8 hex>)`);
};

/** The bundles' directories must be root's alone and no symlink before root writes or deletes below them. */
function checkBundles(paths: DemoPaths, prefix: string): void {
  checkDirChain(paths.bundlesDir, join(paths.bundlesDir, prefix), 'demo lab bundles');
}

/** Makes the bundle: the rootfs copy (owned by the user namespace's root for hardened) and config.json. */
async function writeBundle(paths: DemoPaths, prefix: string, preset: DemoPreset): Promise<string> {
  const bundle = bundleOf(paths, prefix, preset);
  // Traversable, not listable: a user namespace's root (host uid 100000) must reach its rootfs.
  mkdirSync(paths.bundlesDir, { recursive: true, mode: 0o711 });
  mkdirSync(join(paths.bundlesDir, prefix), { mode: 0o711, recursive: true });
  checkBundles(paths, prefix);
  rmSync(bundle, { recursive: true, force: true });
  mkdirSync(bundle, { mode: 0o711 });
  chmodSync(bundle, 0o711);
  const rootfs = await ensureRootfs(paths.stateDir, { tar: false });
  await copyRootfs(rootfs.dir, join(bundle, 'rootfs'), preset === 'hardened' ? USERNS_HOST_ID : undefined);
  await run('runc', ['spec', '--bundle', bundle]);
  const configPath = join(bundle, 'config.json');
  const spec = JSON.parse(readFileSync(configPath, 'utf8')) as OciSpec;
  applyPreset(spec, preset, containerId(prefix, preset));
  writeFileSync(configPath, JSON.stringify(spec, null, 2), { mode: 0o644 });
  return bundle;
}

/** What runc says about a demo container (its own root-owned state: the trusted identity). */
export async function runcStatus(paths: DemoPaths, prefix: string, preset: DemoPreset): Promise<RuncStatus> {
  checkPrefix(prefix);
  const id = containerId(prefix, preset);
  let out: string;
  try {
    out = (await run('runc', ['--root', paths.runcRoot, 'state', id], { timeoutMs: 15_000 })).stdout;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return { initPid: null, alive: false, status: /does not exist|not exist/.test(msg) ? 'not found' : msg.slice(0, 300) };
  }
  try {
    const st = JSON.parse(out) as { pid?: unknown; status?: unknown };
    const pid = typeof st.pid === 'number' && st.pid > 0 ? st.pid : null;
    const status = typeof st.status === 'string' ? st.status : 'unknown';
    return { initPid: pid, alive: status === 'running' && pid !== null, status };
  } catch {
    return { initPid: null, alive: false, status: 'runc state is not JSON' };
  }
}

/** Builds the bundle and starts the container detached; its init pid. */
export async function startDemo(paths: DemoPaths, prefix: string, preset: DemoPreset): Promise<number> {
  checkPrefix(prefix);
  const bundle = await writeBundle(paths, prefix, preset);
  const id = containerId(prefix, preset);
  await runToLog('runc', ['--root', paths.runcRoot, 'run', '-d', '--bundle', bundle, id], join(bundle, 'runc.log'), {
    timeoutMs: 60_000,
  });
  const st = await runcStatus(paths, prefix, preset);
  if (!st.alive || st.initPid === null) throw new Error(`runc container ${id} is ${st.status} after start`);
  return st.initPid;
}

/** Kills and deletes the container, removes its cgroup and bundle; problems, if any (never throws for a gone one). */
export async function stopDemo(paths: DemoPaths, prefix: string, preset: DemoPreset): Promise<string[]> {
  checkPrefix(prefix);
  const id = containerId(prefix, preset);
  const problems: string[] = [];
  const before = await runcStatus(paths, prefix, preset);
  const startTime = before.initPid !== null ? startTimeOf(before.initPid) : null;
  const init = before.initPid !== null && startTime !== null ? { pid: before.initPid, startTime } : null;
  // --all: the loose presets share the host's pid namespace, where killing init does not end the rest.
  await tryRun('runc', ['--root', paths.runcRoot, 'kill', '--all', id, 'KILL'], { timeoutMs: 15_000 });
  const del = await tryRun('runc', ['--root', paths.runcRoot, 'delete', '--force', id], { timeoutMs: 30_000 });
  const after = await runcStatus(paths, prefix, preset);
  if (!del && after.status !== 'not found') problems.push(`runc delete ${id} failed (${after.status})`);
  // Killed is not yet gone: wait until its init has exited (a zombie left for its parent to reap counts as gone).
  if (init && !(await waitUntil(() => !isLive(init), 15_000))) problems.push(`its init ${init.pid} still runs after SIGKILL`);
  problems.push(...(await removeCgroupPath(cgroupOf(prefix, preset), prefix)));
  if (existsSync(join(paths.bundlesDir, prefix))) {
    checkBundles(paths, prefix);
    rmSync(bundleOf(paths, prefix, preset), { recursive: true, force: true });
  }
  return problems;
}
