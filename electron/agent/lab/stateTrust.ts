// A state file root acts on, trusted only when it is root's alone (the demo lab's and the test
// lab's). Root stops processes, removes cgroups and deletes directories such a state names: a
// file another user could write or plant would make root do that to anything. So:
//   - the state lives in a root-only directory (mode 0700), created with mkdir (which never
//     follows a symlink), and no component of its path may be a symlink or be writable by anyone
//     but root (a sticky world-writable directory such as /tmp is fine: others cannot replace
//     root's entries there);
//   - the file is opened with O_NOFOLLOW|O_NONBLOCK, must be a regular file owned by root and
//     writable by nobody else, size-capped, and is written through an O_EXCL temporary file then
//     renamed;
//   - a path a state names must be plain and absolute and, where it exists, root's alone too.
// Each refusal names the file and why: "refusing the lab state F: P is owned by uid 1000 (alice), …".
import { closeSync, constants, lstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync, type Stats } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { entryProblem, problemText, readRootOwnedFile, rootOwned } from '../seccomp/profiler/rootOwned.js';

export class StateRefused extends Error {
  constructor(file: string, why: string, what = 'lab state') {
    super(`refusing the ${what} ${file}: ${why}`);
  }
}

const codeOf = (e: unknown) => (e as NodeJS.ErrnoException).code ?? (e as Error).message;

/** Every directory from / down to `dir` (inclusive): none a symlink, each root's alone. */
export function checkDirChain(file: string, dir: string, what?: string): void {
  const parts = resolve(dir).split('/').filter(Boolean);
  const chain = ['/', ...parts.map((_, i) => '/' + parts.slice(0, i + 1).join('/'))];
  chain.forEach((p, i) => {
    let st: Stats;
    try {
      st = lstatSync(p);
    } catch (e) {
      throw new StateRefused(file, `${p} cannot be checked (${codeOf(e)})`, what);
    }
    const why = entryProblem(st, i === chain.length - 1);
    if (why) throw new StateRefused(file, `${p} ${why}`, what);
    if (!st.isDirectory()) throw new StateRefused(file, `${p} is not a directory`, what);
  });
}

/** The state's directory, made root-only if missing (mkdir never follows a symlink), then checked. */
export function ensureStateDir(file: string, what?: string): void {
  const dir = dirname(resolve(file));
  checkDirChain(file, dirname(dir), what);
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  checkDirChain(file, dir, what);
}

/** The state's text, or null when there is none; throws StateRefused when it is not root's alone. */
export function readStateText(file: string, maxBytes: number, what?: string): string | null {
  checkDirChain(file, dirname(resolve(file)), what);
  const r = readRootOwnedFile(file, maxBytes);
  if (r.ok) return r.text;
  if (r.code === 'ENOENT') return null;
  throw new StateRefused(file, r.why, what);
}

/** A path a state names: plain and absolute, and root's alone where it exists (gone: nothing will be done there). */
export function checkNamedPath(file: string, p: string, what?: string): void {
  if (!isAbsolute(p) || resolve(p) !== p.replace(/\/+$/, ''))
    throw new StateRefused(file, `it names ${p}, not a plain absolute path`, what);
  try {
    lstatSync(p);
  } catch {
    return;
  }
  const r = rootOwned(p);
  if (!r.ok) throw new StateRefused(file, problemText(r), what);
}

/** Writes the state root-only (0600) through an O_EXCL temporary file and a rename. */
export function writeStateText(file: string, text: string, what?: string): void {
  ensureStateDir(file, what);
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  try {
    const buf = Buffer.from(text);
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
  } catch (e) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  closeSync(fd);
  renameSync(tmp, file);
}

/** Renames the (already checked) state aside so that two teardowns never take the same one; false when another took it first. */
export function claimStateFile(file: string, claimed: string): boolean {
  try {
    renameSync(file, claimed);
    return true;
  } catch {
    return false;
  }
}
