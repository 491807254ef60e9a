// The lab CLI's state file, trusted only when it is root's alone. `down` (as root) stops processes,
// removes cgroups and deletes directories the state names, and runs the binaries it names: a file
// another user could write or plant would make root do that to anything. So:
//   - the state lives in a root-only directory (default /run/isoscope-lab, mode 0700), created
//     with mkdir (which never follows a symlink), and no component of its path may be a symlink
//     or be writable by anyone but root (a sticky world-writable directory such as /tmp is fine:
//     others cannot replace root's entries there);
//   - the file is opened with O_NOFOLLOW|O_NONBLOCK, must be a regular file owned by root and
//     writable by nobody else, and is written through an O_EXCL temporary file then renamed;
//   - every path the state names (work and run directories, runtime roots, sockets, binaries,
//     the Podman configuration) must, where it exists, be root's alone too, and the prefix must be
//     the lab's own `isoscope-lab-<8 hex>`.
// Each refusal names the file and why: "refusing the lab state F: P is owned by uid 1000 (alice), …".
// The checks themselves are the shipped ones (electron/agent/lab/stateTrust.ts), shared with the demo lab.
import { join } from 'node:path';
import {
  checkNamedPath,
  claimStateFile,
  ensureStateDir as ensureDir,
  readStateText as readText,
  StateRefused,
  writeStateText,
} from '../../electron/agent/lab/stateTrust.js';
import type { LabState } from './types.js';

export { StateRefused } from '../../electron/agent/lab/stateTrust.js';

export const DEFAULT_STATE_DIR = '/run/isoscope-lab';
export const DEFAULT_STATE_FILE = join(DEFAULT_STATE_DIR, 'state.json');
const MAX_STATE_BYTES = 4 * 1024 * 1024;
const PREFIX = /^isoscope-lab-[0-9a-f]{8}$/;

/** The state directory, made root-only if missing (mkdir never follows a symlink), then checked. */
export function ensureStateDir(file: string): void {
  ensureDir(file);
}

/** The state's text, or null when there is none; throws StateRefused when it is not root's alone. */
function readStateText(file: string): string | null {
  return readText(file, MAX_STATE_BYTES);
}

/** Every path a state names (for teardown), with where it came from. */
function namedPaths(s: LabState): string[] {
  const i = s.internals;
  const out: (string | undefined)[] = [s.runcRoot, i.workDir, i.runDir, ...(i.extraDirs ?? []), i.lxcPath, i.dockerBin];
  if (s.docker) out.push(s.docker.socket, s.docker.dataRoot, s.docker.execRoot, s.docker.containerdSocket, s.docker.runcRoot);
  if (s.podman) out.push(s.podman.socket, s.podman.storageRoot, s.podman.runRoot, s.podman.runcRoot);
  for (const v of Object.values(i.podmanEnv ?? {})) out.push(...String(v).split(':'));
  out.push(...(i.podmanArgs ?? []));
  return out.filter((p): p is string => typeof p === 'string' && p.startsWith('/'));
}

/** Shape, prefix and the ownership of every path the state names. */
function validate(file: string, text: string): LabState {
  let s: LabState;
  try {
    s = JSON.parse(text) as LabState;
  } catch (e) {
    throw new StateRefused(file, `not JSON (${(e as Error).message})`);
  }
  if (!s || typeof s !== 'object' || typeof s.prefix !== 'string' || !PREFIX.test(s.prefix))
    throw new StateRefused(file, `its prefix is not the lab's (isoscope-lab-<8 hex>)`);
  if (
    !s.internals ||
    typeof s.internals.workDir !== 'string' ||
    typeof s.internals.runDir !== 'string' ||
    !Array.isArray(s.containers)
  )
    throw new StateRefused(file, 'it is not a lab state');
  for (const p of namedPaths(s)) checkNamedPath(file, p);
  return s;
}

/** The recorded lab, or null when none is; StateRefused when the file or what it names is not root's alone. */
export function readState(file: string): LabState | null {
  const text = readStateText(file);
  return text === null ? null : validate(file, text);
}

/** Writes the state root-only (0600) through an O_EXCL temporary file and a rename. */
export function writeState(file: string, state: LabState): void {
  writeStateText(file, JSON.stringify(state, null, 2) + '\n');
}

/**
 * For `down`: checks the state, then claims it (renamed aside, so two `down`s never tear down one
 * lab) and returns it with the claimed name; null when there is none.
 */
export function claimState(file: string): { state: LabState; claimed: string } | null {
  const state = readState(file);
  if (!state) return null;
  const claimed = `${file}.down-${process.pid}`;
  if (!claimStateFile(file, claimed)) return null; // another down took it first
  return { state, claimed };
}
