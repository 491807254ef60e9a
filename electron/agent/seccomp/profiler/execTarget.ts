// How a profiled command enters a container: through the runtime that runs it, as the container's
// own processes do. `runc --root R exec ID cmd…` (crun likewise) gives the command the container's
// cgroups, user, capability sets and bounding set, NoNewPrivs, seccomp filter and LSM label, all
// from the runtime's record of the container. Docker, Podman, containerd and CRI-O all run their
// containers with runc or crun, so one way serves them all (their ids are the runtime's ids).
// LXC containers: `lxc-attach -P LXCPATH -n NAME -- cmd…` (the container's cgroup, capabilities,
// seccomp filter and LSM profile; the init pid asked of LXC's monitor with lxc-info).
//
// Everything here is trusted only when root's alone: the runtime's state directory and file (owned
// by root, writable by nobody else, read without following symlinks) and the runtime binary. The
// state must name the container's init process by pid AND start time, so a pid that was reused,
// or a state file for another container, is never taken for it. No state: no command (refused).
import { execFileSync } from 'node:child_process';
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_OPTIONS } from '../../collect/options.js';
import { findProgram } from './preflight.js';
import { readStatIds } from './procStat.js';
import { entryProblem, problemText, readRootOwnedFile, rootOwned } from './rootOwned.js';

export type RuntimeKind = 'runc' | 'crun' | 'lxc';

export interface RuntimeRoot {
  dir: string;
  kind: RuntimeKind;
}

export interface ExecTarget {
  kind: RuntimeKind;
  /** The runtime binary (real path, root's alone). */
  binary: string;
  /** Its --root (real path, root's alone). */
  root: string;
  id: string;
  initPid: number;
  /** The init's start time (clock ticks after boot), as the state records it and /proc shows it. */
  initStart: number;
  /** The command line that runs `command` in the container. */
  argv(command: string[]): string[];
}

export type ExecLookup = { ok: true; target: ExecTarget } | { ok: false; error: string };

const MAX_STATE_BYTES = 8 * 1024 * 1024;
const ID = /^[A-Za-z0-9][A-Za-z0-9_.+-]{0,1023}$/;

/** LXC's default lxcpath (lxc-create without -P). */
export const DEFAULT_LXC_PATHS = ['/var/lib/lxc'];
const SYSTEM_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Where runc, crun and LXC keep their containers by default, after the ones given. */
export function runtimeRoots(
  runcRoots: readonly string[] = [],
  crunRoots: readonly string[] = [],
  lxcPaths: readonly string[] = [],
): RuntimeRoot[] {
  const seen = new Set<string>();
  const out: RuntimeRoot[] = [];
  const add = (dir: string, kind: RuntimeKind): void => {
    if (seen.has(dir)) return;
    seen.add(dir);
    out.push({ dir, kind });
  };
  for (const d of runcRoots) add(d, 'runc');
  for (const d of crunRoots) add(d, 'crun');
  for (const d of DEFAULT_OPTIONS.runcRoots) add(d, 'runc');
  for (const d of DEFAULT_OPTIONS.crunRoots) add(d, 'crun');
  for (const d of [...lxcPaths, ...DEFAULT_LXC_PATHS]) add(d, 'lxc');
  return out;
}

/** A state file's JSON when it is a regular file of root's, writable by nobody else, not a symlink. */
function readRootJson(path: string): { ok: true; value: unknown } | { ok: false; why: string } {
  const r = readRootOwnedFile(path, MAX_STATE_BYTES);
  if (!r.ok) return r;
  try {
    return { ok: true, value: JSON.parse(r.text) as unknown };
  } catch (e) {
    return { ok: false, why: `${path}: ${(e as Error).message}` };
  }
}

interface StateIds {
  pid: number | null;
  start: number | null;
}

function stateIds(kind: RuntimeKind, json: unknown): StateIds {
  const o = (json && typeof json === 'object' ? json : {}) as Record<string, unknown>;
  const int = (v: unknown): number | null =>
    typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : null;
  return kind === 'runc'
    ? { pid: int(o['init_process_pid']), start: int(o['init_process_start']) }
    : { pid: int(o['pid']), start: int(o['process-start-time']) };
}

/** A program of the system's (along the system PATH, not the caller's), root's alone. */
function systemProgram(name: string): { ok: true; path: string } | { ok: false; error: string } {
  const found = findProgram(name, SYSTEM_PATH);
  if (!found) return { ok: false, error: `${name} is not installed` };
  const r = rootOwned(found);
  return r.ok ? { ok: true, path: r.real } : { ok: false, error: `${name} is not root's alone: ${problemText(r)}` };
}

/**
 * An LXC container named `name` under the trusted lxcpath `root` whose init is `pid`: its config is
 * root's alone and LXC's monitor (lxc-info) gives that pid. null: not this container.
 */
function lxcTarget(root: string, name: string, pid: number, startTime: number, skipped: string[]): ExecLookup | null {
  const dir = join(root, name);
  try {
    const why = entryProblem(lstatSync(dir), false) ?? entryProblem(lstatSync(join(dir, 'config')), true);
    if (why) {
      skipped.push(`${dir} ${why}`);
      return null;
    }
  } catch {
    return null;
  }
  const info = systemProgram('lxc-info');
  if (!info.ok) return { ok: false, error: info.error };
  let initPid: number;
  try {
    initPid = Number(
      execFileSync(info.path, ['-P', root, '-n', name, '-p', '-H'], {
        encoding: 'utf8',
        timeout: 10_000,
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim(),
    );
  } catch {
    return null; // not running
  }
  if (initPid !== pid) return null;
  const attach = systemProgram('lxc-attach');
  if (!attach.ok) return { ok: false, error: attach.error };
  return {
    ok: true,
    target: {
      kind: 'lxc',
      binary: attach.path,
      root,
      id: name,
      initPid: pid,
      initStart: startTime,
      argv: (command) => [attach.path, '-P', root, '-n', name, '--', ...command],
    },
  };
}

/**
 * The runtime that can exec into the container whose init is `pid` (started at `startTime` when the
 * caller recorded it), looked up by `containerId` first and then by pid in every trusted root.
 */
export function findExecTarget(containerId: string, pid: number, roots: readonly RuntimeRoot[], startTime?: number): ExecLookup {
  const proc = readStatIds(pid);
  if (!proc) return { ok: false, error: `ESRCH: no such process ${pid}` };
  if (startTime !== undefined && proc.startTime !== startTime) {
    return {
      ok: false,
      error: `ESRCH: pid ${pid} is not the process it was (start time ${proc.startTime}, the record says ${startTime}): it exited and the pid was reused`,
    };
  }
  const skipped: string[] = [];
  const looked: string[] = [];
  for (const { dir, kind } of roots) {
    try {
      if (!lstatSync(dir).isDirectory() && !lstatSync(dir).isSymbolicLink()) continue;
    } catch {
      continue; // not on this machine
    }
    const root = rootOwned(dir);
    if (!root.ok) {
      skipped.push(`${dir} (${problemText(root)})`);
      continue;
    }
    looked.push(root.real);
    if (kind === 'lxc') {
      if (!ID.test(containerId)) continue;
      const found = lxcTarget(root.real, containerId, pid, proc.startTime, skipped);
      if (found) return found;
      continue;
    }
    let ids: string[] = ID.test(containerId) ? [containerId] : [];
    try {
      ids = [...ids, ...readdirSync(root.real).filter((n) => ID.test(n) && n !== containerId)];
    } catch {
      // listed nothing: the id alone
    }
    for (const id of ids) {
      const stateDir = join(root.real, id);
      try {
        const why = entryProblem(lstatSync(stateDir), false);
        if (why) {
          if (id === containerId) skipped.push(`${stateDir} ${why}`);
          continue;
        }
      } catch {
        continue;
      }
      const state = readRootJson(join(stateDir, kind === 'runc' ? 'state.json' : 'status'));
      if (!state.ok) {
        if (id === containerId) skipped.push(state.why);
        continue;
      }
      const s = stateIds(kind, state.value);
      if (s.pid !== pid) continue;
      if (s.start !== null && s.start !== proc.startTime) {
        skipped.push(`${stateDir}: its init started at ${s.start}, pid ${pid} at ${proc.startTime} (another process now)`);
        continue;
      }
      if (s.start === null && kind === 'runc') {
        skipped.push(`${stateDir}: no init start time to tell pid ${pid} from a reused one`);
        continue;
      }
      const bin = systemProgram(kind);
      if (!bin.ok) return { ok: false, error: `${bin.error}, and the container ${id} runs under it` };
      const realRoot = root.real;
      return {
        ok: true,
        target: {
          kind,
          binary: bin.path,
          root: realRoot,
          id,
          initPid: pid,
          initStart: proc.startTime,
          argv: (command) => [bin.path, '--root', realRoot, 'exec', id, ...command],
        },
      };
    }
  }
  const why = [
    `no runc, crun or LXC container has pid ${pid} as its init (looked in ${looked.join(', ') || 'no trusted runtime root'})`,
    ...skipped.map((s) => `skipped ${s}`),
  ];
  return { ok: false, error: why.join('; ') };
}
