// The demo lab: `up` starts preset containers (recorded in the state before each starts, so a
// killed `up` leaves a state that `status` reports and `down` cleans), `down` stops only what the
// state names (idempotent), `status` says what runs. Root only: anything else is refused plainly.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEMO_PRESETS,
  NEEDS_ROOT,
  type DemoContainer,
  type DemoLabResult,
  type DemoLabStatus,
  type DemoPreset,
} from '../../../shared/lab/demoLab.js';
import {
  containerId,
  demoPaths,
  ensureDemoDir,
  isRunning,
  newPrefix,
  readDemoState,
  selfRef,
  withLock,
  writeDemoState,
  type DemoPaths,
  type DemoState,
} from './demoState.js';
import { runcStatus, startDemo, stopDemo } from './runcDemo.js';
import { checkDirChain } from './stateTrust.js';

export class LabNeedsRoot extends Error {
  readonly code = 'needs-root';
  constructor() {
    super(NEEDS_ROOT);
  }
}

export interface LabOptions {
  paths?: DemoPaths;
  /** Who asks: the command line or the app's collector (recorded, to tell an app's orphans). */
  startedBy?: 'cli' | 'app';
}

const isRoot = () => process.geteuid?.() === 0;
const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Every demo container the state names, with what runc says of it now. */
export async function labStatus(opts: LabOptions = {}): Promise<DemoLabStatus> {
  const paths = opts.paths ?? demoPaths();
  const base = { root: isRoot(), stateDir: paths.stateDir, problem: null, containers: [] };
  if (!base.root) return base;
  let state: DemoState | null;
  try {
    state = readDemoState(paths);
  } catch (e) {
    return { ...base, problem: messageOf(e) };
  }
  if (!state) return base;
  const prefix = state.prefix;
  const containers = await Promise.all(
    state.containers.map(async (c): Promise<DemoContainer> => {
      const st = await runcStatus(paths, prefix, c.preset);
      return {
        preset: c.preset,
        runtime: 'runc',
        id: containerId(prefix, c.preset),
        initPid: st.initPid,
        alive: st.alive,
        runtimeStatus: st.status,
        startedAt: c.startedAt,
        startedBy: c.startedBy,
        orphaned: c.startedBy === 'app' && !isRunning(c.owner),
      };
    }),
  );
  containers.sort((a, b) => DEMO_PRESETS.indexOf(a.preset) - DEMO_PRESETS.indexOf(b.preset));
  return { ...base, containers };
}

/** Starts each preset not already recorded; a preset that fails is undone and named in problems. */
export async function labUp(presets: readonly DemoPreset[], opts: LabOptions = {}): Promise<DemoLabResult> {
  if (!isRoot()) throw new LabNeedsRoot();
  const paths = opts.paths ?? demoPaths();
  const problems: string[] = [];
  await withLock(paths, async () => {
    const state: DemoState = readDemoState(paths) ?? { version: 1, prefix: newPrefix(), containers: [] };
    for (const preset of DEMO_PRESETS.filter((p) => presets.includes(p))) {
      if (state.containers.some((c) => c.preset === preset)) continue; // already up (or recorded: status tells)
      state.containers.push({
        preset,
        startedAt: new Date().toISOString(),
        startedBy: opts.startedBy ?? 'cli',
        owner: selfRef(),
      });
      writeDemoState(paths, state); // recorded before it starts: a killed `up` leaves nothing unnamed
      try {
        await startDemo(paths, state.prefix, preset);
      } catch (e) {
        problems.push(`${preset}: ${messageOf(e)}`);
        const undo = await stopDemo(paths, state.prefix, preset).catch((err: unknown) => [messageOf(err)]);
        if (undo.length > 0) problems.push(...undo.map((p) => `${preset}: ${p}`));
        else state.containers = state.containers.filter((c) => c.preset !== preset);
        writeDemoState(paths, state);
      }
    }
  });
  return { status: await labStatus({ ...opts, paths }), problems };
}

/** Stops the named presets (all when none are named) that the state records; idempotent. */
export async function labDown(presets: readonly DemoPreset[] | null = null, opts: LabOptions = {}): Promise<DemoLabResult> {
  if (!isRoot()) throw new LabNeedsRoot();
  const paths = opts.paths ?? demoPaths();
  const problems: string[] = [];
  await withLock(paths, async () => {
    const state = readDemoState(paths);
    if (!state) return;
    for (const c of [...state.containers]) {
      if (presets && !presets.includes(c.preset)) continue;
      const p = await stopDemo(paths, state.prefix, c.preset).catch((e: unknown) => [messageOf(e)]);
      if (p.length > 0) problems.push(...p.map((x) => `${containerId(state.prefix, c.preset)}: ${x}`));
      else state.containers = state.containers.filter((x) => x.preset !== c.preset);
      writeDemoState(paths, state);
    }
    if (state.containers.length === 0) {
      const dir = join(paths.bundlesDir, state.prefix);
      if (existsSync(dir)) {
        checkDirChain(paths.bundlesDir, dir, 'demo lab bundles');
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });
  return { status: await labStatus({ ...opts, paths }), problems };
}

/** The state directory, checked (or made root-only): before anything starts, an untrusted one stops here. */
export function checkLabDir(paths: DemoPaths = demoPaths()): void {
  ensureDemoDir(paths);
}
