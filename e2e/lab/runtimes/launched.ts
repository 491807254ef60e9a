// Shared handling of containers that are a foreground launcher process we keep
// running in the background (systemd-nspawn, bwrap, unshare).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { childPids, isAlive, procRef, signalRef, spawnDetached, tailFile, terminate, waitFor, waitUntil } from '../proc.js';
import type { LabKey, LabState, ProcRef } from '../types.js';

/** NSpid line of /proc/<pid>/status: the pid in each nested pid namespace. */
function nsPids(pid: number): string[] {
  try {
    const m = /^NSpid:\s*(.+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m?.[1]?.trim().split(/\s+/) ?? [];
  } catch {
    return [];
  }
}

/** First descendant of `root` that is pid 1 of a nested pid namespace. */
export function findNsInit(root: number): number | null {
  const queue = childPids(root);
  const seen = new Set<number>();
  while (queue.length > 0) {
    const pid = queue.shift();
    if (pid === undefined || seen.has(pid)) continue;
    seen.add(pid);
    const ns = nsPids(pid);
    if (ns.length >= 2 && ns[ns.length - 1] === '1') return pid;
    queue.push(...childPids(pid));
  }
  return null;
}

/** Number of processes in the pid namespace whose init is `initPid` (counted from the host). */
function processesBelow(initPid: number): number {
  const stack = [initPid];
  let n = 0;
  while (stack.length > 0) {
    const pid = stack.pop();
    if (pid === undefined) break;
    n++;
    stack.push(...childPids(pid));
  }
  return n;
}

/**
 * Spawns the launcher detached, waits until the init inside the new pid namespace
 * exists and has forked its child, and records both for teardown.
 */
export async function launch(
  state: LabState,
  key: LabKey,
  cmd: string,
  args: string[],
  minProcs: number,
  extraEnv: Record<string, string> = {},
): Promise<{ launcher: ProcRef; init: ProcRef }> {
  const log = join(state.internals.runDir, `${key}.log`);
  const launcher = spawnDetached(cmd, args, log, { ...process.env, ...extraEnv });
  state.internals.launchers[key] = { launcher, init: null };
  const initPid = await waitFor(
    () => {
      if (!isAlive(launcher)) throw new Error(`${cmd} exited: ${tailFile(log, 3)}`);
      return findNsInit(launcher.pid);
    },
    20_000,
    `${key} init process`,
  );
  const init = procRef(initPid);
  if (!init) throw new Error(`${key} init ${initPid} vanished`);
  state.internals.launchers[key] = { launcher, init };
  const ready = await waitUntil(() => processesBelow(initPid) >= minProcs, 10_000);
  if (!ready) throw new Error(`${key}: expected ${minProcs} processes under ${initPid}: ${tailFile(log, 3)}`);
  return { launcher, init };
}

/** Stops a launched container: `first` signal to the launcher, SIGKILL to the init if needed. */
export async function stopLaunched(state: LabState, key: LabKey, first: 'launcher' | 'init'): Promise<string[]> {
  const entry = state.internals.launchers[key];
  if (!entry) return [];
  const { launcher, init } = entry;
  if (first === 'launcher') await terminate(launcher, 10_000);
  if (init && isAlive(init)) {
    // Killing pid 1 of a pid namespace kills every process in it.
    signalRef(init, 'SIGKILL');
    await waitUntil(() => !isAlive(init), 5_000);
  }
  await terminate(launcher, 5_000);
  const left = [launcher, init].filter((r): r is ProcRef => r !== null && isAlive(r));
  return left.map((r) => `${key}: pid ${r.pid} still alive`);
}
