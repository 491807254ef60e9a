// Isoscope test lab: starts real containers of every runtime, each with a known
// ("declared") configuration, so collector tests can compare against the kernel.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureRootfs } from './rootfs.js';
import { ALL_LAB_KEYS, labRuntime } from './labRuntimes.js';
import { startRunc } from './runtimes/runc.js';
import { stopAll, stopContainer, stopRuntime } from './teardown.js';
import type { Lab, LabContainer, LabKey, LabState, StartContext } from './types.js';

export type { DeclaredConfig, Lab, LabContainer, LabKey, LabState, UidMapEntry } from './types.js';
export { ALL_LAB_KEYS } from './labRuntimes.js';

export interface StartLabOptions {
  only?: LabKey[];
  /** Kept (with its rootfs cache) on stop; a fresh temp dir is used and removed otherwise. */
  workDir?: string;
}

const isCi = (): boolean => process.env['CI'] === 'true';

function newState(opts: StartLabOptions): LabState {
  const hex = randomBytes(4).toString('hex');
  const prefix = `isoscope-lab-${hex}`;
  const workDir = resolve(opts.workDir ?? join(tmpdir(), prefix));
  // Carries the prefix (teardown refuses paths without it); kept short for unix sockets.
  const runDir = join(workDir, opts.workDir === undefined ? 'run' : prefix);
  if (runDir.length > 80) throw new Error(`workDir ${workDir} is too long: daemon sockets below it would exceed 108 bytes`);
  mkdirSync(runDir, { recursive: true, mode: 0o755 });
  return {
    prefix,
    containers: [],
    skipped: [],
    runcRoot: join(runDir, 'runc-root'),
    startedAt: new Date().toISOString(),
    startupMs: 0,
    internals: { workDir, ownsWorkDir: opts.workDir === undefined, runDir, extraDirs: [], cgroupPaths: [], launchers: {} },
  };
}

/** Wraps a (possibly deserialized) state into a Lab with stop()/stopOne(). */
export function labFromState(state: LabState): Lab {
  let stopping: Promise<void> | null = null;
  const lab: Lab = Object.assign(state, {
    stop(): Promise<void> {
      stopping ??= stopAll(state).then((problems) => {
        if (problems.length > 0) console.warn(`isoscope lab ${state.prefix} stop: ${problems.join('; ')}`);
      });
      return stopping;
    },
    async stopOne(key: LabKey): Promise<void> {
      if (!state.containers.some((c) => c.key === key)) return; // skipped or already stopped
      const problems = await stopContainer(state, key);
      if (problems.length > 0) throw new Error(`stopping ${key}: ${problems.join('; ')}`);
    },
  });
  return lab;
}

/** JSON-safe copy of the lab (no functions). */
export function labToJson(lab: LabState): LabState {
  return JSON.parse(JSON.stringify(lab)) as LabState;
}

/**
 * Starts one more runc container (`key`'s configuration) under the lab's runc root with
 * exactly the id given. It is not in lab.containers (those are one per key); the caller
 * stops it with stopRunc(lab.runcRoot, c.id, c.declared.cgroupsPath, lab.prefix) — and
 * lab.stop() sweeps its processes and cgroup anyway (both carry the prefix).
 */
export async function startRuncWithId(lab: LabState, key: 'runc-hardened' | 'runc-loose', id: string): Promise<LabContainer> {
  const rootfs = await ensureRootfs(lab.internals.workDir);
  return startRunc({ prefix: lab.prefix, state: lab, rootfsDir: rootfs.dir, rootfsTar: rootfs.tar }, key, id);
}

async function startKey(ctx: StartContext, key: LabKey): Promise<LabContainer> {
  try {
    const entry = labRuntime(key);
    const c = await entry.start(ctx);
    if (c.runtime !== entry.runtime) throw new Error(`${key} started a ${c.runtime} container, not ${entry.runtime}`);
    return c;
  } catch (e) {
    // Undo whatever this runtime got to before failing, so a skip leaves nothing behind.
    await stopRuntime(ctx.state, key).catch(() => undefined);
    throw e;
  }
}

export async function startLab(opts: StartLabOptions = {}): Promise<Lab> {
  const t0 = Date.now();
  const keys = ALL_LAB_KEYS.filter((k) => !opts.only || opts.only.includes(k));
  const state = newState(opts);
  const lab = labFromState(state);
  try {
    if (process.getuid?.() !== 0) {
      state.skipped.push(...keys.map((key) => ({ key, reason: 'the lab needs root (cgroups, namespaces, daemons)' })));
      keys.length = 0;
    }
    if (keys.length > 0) {
      const rootfs = await ensureRootfs(state.internals.workDir);
      const ctx: StartContext = { prefix: state.prefix, state, rootfsDir: rootfs.dir, rootfsTar: rootfs.tar };
      const results = await Promise.allSettled(keys.map((k) => startKey(ctx, k)));
      results.forEach((r, i) => {
        const key = keys[i] as LabKey;
        if (r.status === 'fulfilled') state.containers.push(r.value);
        else state.skipped.push({ key, reason: r.reason instanceof Error ? r.reason.message : String(r.reason) });
      });
    }
  } catch (e) {
    await lab.stop();
    throw e;
  }
  state.containers.sort((a, b) => ALL_LAB_KEYS.indexOf(a.key) - ALL_LAB_KEYS.indexOf(b.key));
  state.startupMs = Date.now() - t0;
  if (isCi() && state.skipped.length > 0) {
    await lab.stop();
    const lines = state.skipped.map((s) => `  ${s.key}: ${s.reason}`).join('\n');
    throw new Error(`isoscope lab: ${state.skipped.length} runtime(s) failed to start (CI=true):\n${lines}`);
  }
  return lab;
}
