// Is a path root's alone? Before root runs a program, reads a runtime's state or acts on a path a
// file names, the path and every directory above it must be owned by root and writable by nobody
// else: otherwise another user could swap what is there between the check and the use. A
// world-writable directory is accepted only with the sticky bit (like /tmp), where others cannot
// replace root's entries. Symlinks are resolved first (realpath) and the real path is checked and
// returned: callers use that path, never the one they were given.
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  realpathSync,
  type Stats,
} from 'node:fs';
import { join } from 'node:path';

export type RootOwned = { ok: true; real: string } | { ok: false; path: string; why: string };

const S_ISVTX = 0o1000;

/** "uid 1000 (alice)" from /etc/passwd; the bare uid when it has no name there. */
export function describeUid(uid: number): string {
  try {
    const line = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((l) => l.split(':')[2] === String(uid));
    const name = line?.split(':')[0];
    return name ? `uid ${uid} (${name})` : `uid ${uid}`;
  } catch {
    return `uid ${uid}`;
  }
}

const octal = (mode: number): string => (mode & 0o7777).toString(8).padStart(4, '0');

/** Why one entry is not root's alone (null when it is). `last`: no entry below it is checked. */
export function entryProblem(st: Stats, last: boolean): string | null {
  if (st.isSymbolicLink()) return 'is a symlink';
  if (st.uid !== 0) return `is owned by ${describeUid(st.uid)}, not root (mode ${octal(st.mode)})`;
  const sticky = st.isDirectory() && (st.mode & S_ISVTX) !== 0 && !last;
  if ((st.mode & 0o002) !== 0 && !sticky) return `is writable by every user (mode ${octal(st.mode)})`;
  if ((st.mode & 0o020) !== 0 && st.gid !== 0 && !sticky) return `is writable by group ${st.gid} (mode ${octal(st.mode)})`;
  return null;
}

/** Checks `path` (resolved) and each directory above it. */
export function rootOwned(path: string): RootOwned {
  let real: string;
  try {
    real = realpathSync(path);
  } catch (e) {
    return { ok: false, path, why: `cannot be resolved (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
  }
  const parts = real.split('/').filter(Boolean);
  const chain = ['/', ...parts.map((_, i) => '/' + parts.slice(0, i + 1).join('/'))];
  for (let i = 0; i < chain.length; i++) {
    const p = chain[i]!;
    let st: Stats;
    try {
      st = lstatSync(p);
    } catch (e) {
      return { ok: false, path: p, why: `cannot be checked (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
    }
    const why = entryProblem(st, i === chain.length - 1);
    if (why) return { ok: false, path: p, why };
  }
  return { ok: true, real };
}

/**
 * Checks a whole tree: `dir` as rootOwned does, then every entry below it (no symlinks followed;
 * a symlink inside is refused). At most `limit` entries; more is a problem too.
 */
export function rootOwnedTree(dir: string, limit = 50_000): RootOwned {
  const top = rootOwned(dir);
  if (!top.ok) return top;
  if (!lstatSync(top.real).isDirectory()) return top;
  let seen = 0;
  const stack = [top.real];
  while (stack.length > 0) {
    const d = stack.pop()!;
    let names: string[];
    try {
      names = readdirSync(d);
    } catch (e) {
      return { ok: false, path: d, why: `cannot be listed (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
    }
    for (const name of names) {
      if (++seen > limit) return { ok: false, path: top.real, why: `holds more than ${limit} entries` };
      const p = join(d, name);
      let st: Stats;
      try {
        st = lstatSync(p);
      } catch (e) {
        return { ok: false, path: p, why: `cannot be checked (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
      }
      const why = entryProblem(st, !st.isDirectory());
      if (why) return { ok: false, path: p, why };
      if (st.isDirectory()) stack.push(p);
    }
  }
  return top;
}

/** "PATH WHY" for messages. */
export const problemText = (r: Extract<RootOwned, { ok: false }>): string => `${r.path} ${r.why}`;

/**
 * The text of a file root alone may write: opened without following a link or blocking on a FIFO,
 * a regular file of root's (entryProblem), at most `maxBytes`. `code` is the open's errno, if any.
 */
export function readRootOwnedFile(
  path: string,
  maxBytes: number,
): { ok: true; text: string } | { ok: false; why: string; code?: string } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      ok: false,
      why: code === 'ELOOP' ? `${path} is a symlink` : `${path}: ${code ?? (e as Error).message}`,
      ...(code ? { code } : {}),
    };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { ok: false, why: `${path} is not a regular file` };
    const why = entryProblem(st, true);
    if (why) return { ok: false, why: `${path} ${why}` };
    if (st.size > maxBytes) return { ok: false, why: `${path} is larger than ${maxBytes} bytes` };
    const buf = Buffer.alloc(st.size);
    let off = 0;
    while (off < buf.length) {
      const n = readSync(fd, buf, off, buf.length - off, off);
      if (n === 0) break;
      off += n;
    }
    return { ok: true, text: buf.subarray(0, off).toString('utf8') };
  } finally {
    closeSync(fd);
  }
}
