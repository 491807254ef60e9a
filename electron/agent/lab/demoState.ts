// The demo lab's state: which demo containers were started, by whom, under which prefix. It lives
// in a root-only directory (default /run/isoscope-demo, ISOSCOPE_DEMO_DIR to move it) and is
// trusted only when it is root's alone (stateTrust.ts). It names no paths: every path (bundle,
// cgroup, runc id) is derived from the prefix and the preset, so a state cannot point root at
// anything outside the lab's own names.
import { randomBytes } from 'node:crypto';
import { closeSync, constants, existsSync, lstatSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEMO_PRESETS, type DemoPreset } from '../../../shared/lab/demoLab.js';
import { sleep } from './run.js';
import { checkDirChain, ensureStateDir, readStateText, StateRefused, writeStateText } from './stateTrust.js';

export const DEFAULT_DEMO_DIR = '/run/isoscope-demo';
const WHAT = 'demo lab state';
const MAX_STATE_BYTES = 64 * 1024;
export const PREFIX = /^isoscope-demo-[0-9a-f]{8}$/;

/** A process identified by pid and start time (pid reuse is detected). */
export interface ProcRef {
  pid: number;
  startTime: string;
}

export interface DemoEntry {
  preset: DemoPreset;
  startedAt: string;
  startedBy: 'cli' | 'app';
  /** The process that started it (the CLI, or the app's collector). */
  owner: ProcRef;
}

export interface DemoState {
  version: 1;
  prefix: string;
  containers: DemoEntry[];
}

export interface DemoPaths {
  /** Root-only (0700): the state file, the lock, the rootfs cache. */
  stateDir: string;
  stateFile: string;
  /** Bundles, traversable (0711) so that a user namespace's root can reach its rootfs. */
  bundlesDir: string;
  /** runc's state root (the default one, where every collector looks). */
  runcRoot: string;
}

export function demoPaths(stateDir = process.env['ISOSCOPE_DEMO_DIR'] || DEFAULT_DEMO_DIR, runcRoot = '/run/runc'): DemoPaths {
  return { stateDir, stateFile: join(stateDir, 'state.json'), bundlesDir: `${stateDir.replace(/\/+$/, '')}-bundles`, runcRoot };
}

export const containerId = (prefix: string, preset: DemoPreset) => `${prefix}-${preset}`;
export const bundleOf = (paths: DemoPaths, prefix: string, preset: DemoPreset) => join(paths.bundlesDir, prefix, preset);
export const cgroupOf = (prefix: string, preset: DemoPreset) => `/${containerId(prefix, preset)}`;

export function newPrefix(): string {
  return `isoscope-demo-${randomBytes(4).toString('hex')}`;
}

/** Start time of a pid (field 22 of /proc/PID/stat), or null when there is none. */
export function startTimeOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

export function selfRef(): ProcRef {
  return { pid: process.pid, startTime: startTimeOf(process.pid) ?? '' };
}

export const isRunning = (p: ProcRef) => startTimeOf(p.pid) === p.startTime;

/** Still this process and not a zombie (an exited process its parent has not reaped yet does nothing). */
export function isLive(p: ProcRef): boolean {
  try {
    const stat = readFileSync(`/proc/${p.pid}/stat`, 'utf8');
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return rest[19] === p.startTime && rest[0] !== 'Z';
  } catch {
    return false;
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function validate(file: string, text: string): DemoState {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new StateRefused(file, `not JSON (${(e as Error).message})`, WHAT);
  }
  if (
    !isObj(raw) ||
    raw['version'] !== 1 ||
    typeof raw['prefix'] !== 'string' ||
    !PREFIX.test(raw['prefix']) ||
    !Array.isArray(raw['containers'])
  ) {
    throw new StateRefused(file, 'it is not a demo lab state (version 1, prefix isoscope-demo-<8 hex>, containers)', WHAT);
  }
  const containers: DemoEntry[] = [];
  for (const c of raw['containers']) {
    const owner = isObj(c) ? c['owner'] : null;
    if (
      !isObj(c) ||
      !(DEMO_PRESETS as readonly unknown[]).includes(c['preset']) ||
      typeof c['startedAt'] !== 'string' ||
      (c['startedBy'] !== 'cli' && c['startedBy'] !== 'app') ||
      !isObj(owner) ||
      !Number.isInteger(owner['pid']) ||
      typeof owner['startTime'] !== 'string'
    )
      throw new StateRefused(file, 'one of its containers is not a demo container record', WHAT);
    if (containers.some((x) => x.preset === c['preset']))
      throw new StateRefused(file, `it names preset ${String(c['preset'])} twice`, WHAT);
    containers.push({
      preset: c['preset'] as DemoPreset,
      startedAt: c['startedAt'].slice(0, 64),
      startedBy: c['startedBy'],
      owner: { pid: owner['pid'] as number, startTime: owner['startTime'].slice(0, 32) },
    });
  }
  return { version: 1, prefix: raw['prefix'], containers };
}

/** The recorded demo lab, or null; StateRefused when the file or its directory is not root's alone. */
export function readDemoState(paths: DemoPaths): DemoState | null {
  // No state directory yet: no lab (the directories above it must still be root's alone).
  if (!existsSync(paths.stateDir)) {
    checkDirChain(paths.stateFile, dirname(paths.stateDir), WHAT);
    try {
      lstatSync(paths.stateDir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    }
  }
  const text = readStateText(paths.stateFile, MAX_STATE_BYTES, WHAT);
  return text === null ? null : validate(paths.stateFile, text);
}

/** Writes the state, or removes it when no container is left. */
export function writeDemoState(paths: DemoPaths, state: DemoState): void {
  if (state.containers.length === 0) rmSync(paths.stateFile, { force: true });
  else writeStateText(paths.stateFile, JSON.stringify(state, null, 2) + '\n', WHAT);
}

export function ensureDemoDir(paths: DemoPaths): void {
  ensureStateDir(paths.stateFile, WHAT);
}

/**
 * Runs fn holding the lab's lock (an O_EXCL file naming its holder in the root-only directory):
 * `up` from the command line and from the app never edit the state at once. A lock whose holder
 * is gone (a killed `lab up`) is taken over.
 */
export async function withLock<T>(paths: DemoPaths, fn: () => Promise<T>, timeoutMs = 120_000): Promise<T> {
  ensureDemoDir(paths);
  const lock = join(paths.stateDir, 'lock');
  const me = selfRef();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const fd = openSync(lock, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const text = readStateText(lock, 4096, 'demo lab lock');
    let holder: ProcRef | null = null;
    try {
      const h = JSON.parse(text ?? 'null') as unknown;
      if (isObj(h) && Number.isInteger(h['pid']) && typeof h['startTime'] === 'string')
        holder = { pid: h['pid'] as number, startTime: h['startTime'] };
    } catch {
      holder = null; // a holder killed between create and write: take it over
    }
    if (!holder || !isRunning(holder)) {
      rmSync(lock, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`the demo lab is busy (pid ${holder.pid} holds ${lock})`);
    await sleep(200);
  }
  try {
    return await fn();
  } finally {
    if (existsSync(lock)) rmSync(lock, { force: true });
  }
}
