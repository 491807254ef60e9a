// Every file the collector reads goes through a HostFs: paths are the host's ("/proc/1/stat"),
// resolved under an injectable root so that tests and `--root DIR` read fixture trees.
// Reads are synchronous on purpose: /proc files are tiny, a sync read is several times cheaper
// than a libuv round trip, and the collector runs in its own process (or in tests).
//
// The collector runs as root and reads files that containers and other users control, so every
// open is O_NOFOLLOW|O_NONBLOCK (a symlink at the end is refused, a FIFO cannot block the open),
// anything but a regular file is refused after fstat, and sizes are capped. Under `--root DIR`
// paths are resolved inside DIR as openat2(RESOLVE_IN_ROOT) would: symlinks (absolute or
// relative) and ".." never leave DIR.
import {
  accessSync,
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readSync,
  readdirSync,
  readlinkSync,
  statSync,
  type Stats,
} from 'node:fs';

export type Read<T> = { ok: true; value: T } | { ok: false; reason: string; detail?: string };

export const ok = <T>(value: T): Read<T> => ({ ok: true, value });
export const fail = <T>(reason: string, detail?: string): Read<T> =>
  detail === undefined ? { ok: false, reason } : { ok: false, reason, detail };

function errnoOf(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' ? code : 'EIO';
}

const CHUNK = 64 * 1024;
/** seq_file's buffer starts at one page; a read that stays well under it ended at EOF. */
const SHORT_READ_IS_EOF_BELOW = 4096 - 512;
/** seq_files whose single records may come close to a page. */
const LONG_RECORDS = /\/(mountinfo|mounts|mountstats)$/;
/** Largest file the collector will read; bigger ones are refused rather than truncated. */
export const MAX_BYTES = 16 * 1024 * 1024;
/** Symlinks followed while resolving one path under --root (Linux's own limit is 40). */
const MAX_LINKS = 40;

const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/**
 * Kernel pseudo-files under the real root: procfs and sysfs/cgroupfs hold no FIFOs, devices or
 * user files, so the fstat is skipped there (it is the hot path). Paths that go through a
 * process's root, cwd or fds lead into a container's filesystem and are checked like any file.
 */
function kernelFile(hostPath: string): boolean {
  if (hostPath.startsWith('/sys/')) return !hostPath.includes('/..');
  if (!hostPath.startsWith('/proc/')) return false;
  return !/\/(?:root|cwd|fd|fdinfo|map_files|exe)(?:\/|$)|\/\.\./.test(hostPath.slice(6));
}

function kindOf(st: Stats): string {
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isDirectory()) return 'a directory';
  if (st.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

/** What a checked read returns besides the text: who owns the file. */
export interface FileText {
  text: string;
  /** Owner of the file (fstat of the open descriptor). */
  uid: number;
}

/** A process's executable: where, whose, which permissions. */
export interface ExeInfo {
  path: string;
  uid: number;
  mode: number;
  regular: boolean;
}

export interface ReadOptions {
  /** Refuse files larger than this (default MAX_BYTES). */
  maxBytes?: number;
  /**
   * A directory whose owner controls everything below it (a user's home, /run/user/UID): no
   * component of the path below it may be a symlink, and the file must be owned by `owner`.
   */
  within?: { dir: string; owner: number };
}

export class HostFs {
  private readonly buffer = Buffer.allocUnsafe(CHUNK);
  /** Number of files read, for benchmarks and the agent's own cost report. */
  reads = 0;
  /** When set, every path read ("r PATH") or link read ("l PATH") is appended (benchmarks). */
  trace: string[] | null = null;
  /** The root without a trailing slash ("" for the real root). */
  private readonly base: string;

  constructor(readonly root: string = '/') {
    this.base = root === '/' ? '' : root.replace(/\/+$/, '');
  }

  /**
   * The real path of a host path under the root, without resolving symlinks (sockets, messages).
   * Reads go through resolveIn(), which keeps every symlink inside the root.
   */
  resolve(hostPath: string): string {
    if (this.base === '') return hostPath;
    return this.base + '/' + normalizeInRoot(hostPath).join('/');
  }

  /**
   * Resolves `hostPath` inside the root as openat2(RESOLVE_IN_ROOT) would: each component is
   * lstat'ed, symlinks are read and resolved relative to the root (absolute targets) or to
   * their directory (relative ones), ".." stops at the root, at most MAX_LINKS links.
   * `followLast` false leaves a final symlink unresolved (readlink, O_NOFOLLOW opens).
   */
  resolveIn(hostPath: string, followLast = true): Read<string> {
    if (this.base === '') return ok(hostPath);
    let pending = hostPath.split('/').filter((s) => s !== '' && s !== '.');
    const done: string[] = [];
    let links = 0;
    while (pending.length > 0) {
      const name = pending.shift()!;
      if (name === '.') continue;
      if (name === '..') {
        done.pop();
        continue;
      }
      const real = this.base + '/' + [...done, name].join('/');
      const last = pending.length === 0;
      let st: Stats;
      try {
        st = lstatSync(real);
      } catch (err) {
        // A missing last component is left for the open to report (ENOENT).
        if (last) {
          done.push(name);
          break;
        }
        return fail(errnoOf(err));
      }
      if (st.isSymbolicLink() && (!last || followLast)) {
        if (++links > MAX_LINKS) return fail('ELOOP', `more than ${MAX_LINKS} symbolic links`);
        let target: string;
        try {
          target = readlinkSync(real);
        } catch (err) {
          return fail(errnoOf(err));
        }
        if (target.startsWith('/')) done.length = 0;
        pending = [...target.split('/').filter((s) => s !== '' && s !== '.'), ...pending];
        continue;
      }
      if (!last && !st.isDirectory()) return fail('ENOTDIR');
      done.push(name);
    }
    return ok(this.base + '/' + done.join('/'));
  }

  /** Checks that nothing below `dir` on the way to `hostPath` is a symlink (a user's own tree). */
  private noLinksBelow(hostPath: string, dir: string, owner: number): Read<null> {
    const d = dir.replace(/\/+$/, '');
    if (!hostPath.startsWith(d + '/')) return fail('EXDEV', `${hostPath} is not under ${d}`);
    const rest = hostPath
      .slice(d.length + 1)
      .split('/')
      .filter(Boolean);
    let at = d;
    for (let i = 0; i < rest.length - 1; i++) {
      const name = rest[i]!;
      if (name === '..' || name === '.') return fail('EXDEV', `"${name}" in ${hostPath}`);
      at += '/' + name;
      const real = this.resolveIn(at, false);
      if (!real.ok) return fail(real.reason, real.detail);
      let st: Stats;
      try {
        st = lstatSync(real.value);
      } catch (err) {
        return fail(errnoOf(err));
      }
      if (st.isSymbolicLink()) return fail('ELOOP', `${at} is a symbolic link (not followed in a user's directory)`);
      if (!st.isDirectory()) return fail('ENOTDIR', at);
      // Root's or the owner's directories only: nobody else may have put anything on the way.
      if (st.uid !== 0 && st.uid !== owner) return fail('EPERM', `${at} is owned by uid ${st.uid}`);
    }
    return ok(null);
  }

  /**
   * The checked read every other read builds on: no final symlink, no blocking open, regular
   * files only, at most `maxBytes`. `wantOwner` forces the fstat even for kernel files.
   */
  private readChecked(hostPath: string, opts: ReadOptions, wantOwner: boolean): Read<FileText> {
    this.reads++;
    if (opts.within) {
      const below = this.noLinksBelow(hostPath, opts.within.dir, opts.within.owner);
      if (!below.ok) return fail(below.reason, below.detail);
    }
    const real = this.resolveIn(hostPath);
    if (!real.ok) return fail(real.reason, real.detail);
    this.trace?.push('r ' + real.value);
    const max = opts.maxBytes ?? MAX_BYTES;
    let fd: number;
    try {
      fd = openSync(real.value, OPEN_FLAGS);
    } catch (err) {
      const code = errnoOf(err);
      return code === 'ELOOP' ? fail('ELOOP', 'a symbolic link (not followed)') : fail(code);
    }
    try {
      let uid = 0;
      if (wantOwner || this.base !== '' || !kernelFile(hostPath)) {
        const st = fstatSync(fd);
        if (!st.isFile()) return fail('not-regular', `${kindOf(st)}, not read`);
        if (st.size > max) return fail('E2BIG', `${st.size} bytes, larger than ${max}`);
        if (opts.within && st.uid !== opts.within.owner)
          return fail('EPERM', `owned by uid ${st.uid}, not by uid ${opts.within.owner}`);
        // The directories were checked before the open; one swapped for a symlink since then
        // shows in the path the kernel gives for the descriptor.
        if (opts.within && this.base === '') {
          const opened = readlinkSync(`/proc/self/fd/${fd}`);
          if (opened !== real.value) return fail('ELOOP', `${hostPath} resolved to ${opened} while being opened`);
        }
        uid = st.uid;
      }
      // A short read is the end of the file for regular files, and for the kernel's seq_file
      // pseudo-files (proc, cgroupfs) when what they returned did not come near the end of the
      // seq_file's one-page buffer: past a page, seq_read returns what fit and stops short of
      // the record that did not (/proc/1/mountinfo here: 3970 bytes, then 1269 more). mountinfo
      // and mounts have records that can be nearly a page long (overlay options), so they are
      // always read to the 0 that ends them. Everything else saves the extra read(2).
      const first = readSync(fd, this.buffer, 0, CHUNK, null);
      if (first < CHUNK && first <= max && first <= SHORT_READ_IS_EOF_BELOW && !LONG_RECORDS.test(hostPath)) {
        return ok({ text: this.buffer.toString('utf8', 0, first), uid });
      }
      const chunks: Buffer[] = [Buffer.from(this.buffer.subarray(0, first))];
      let total = first;
      for (;;) {
        if (total > max) return fail('E2BIG', `larger than ${max} bytes`);
        const n = readSync(fd, this.buffer, 0, CHUNK, null);
        if (n === 0) break;
        chunks.push(Buffer.from(this.buffer.subarray(0, n)));
        total += n;
      }
      return ok({ text: Buffer.concat(chunks).toString('utf8'), uid });
    } catch (err) {
      // EAGAIN: something that is not a file answered "would block" (it was refused above for
      // anything fstat can see; this is the last guard).
      return fail(errnoOf(err));
    } finally {
      closeSync(fd);
    }
  }

  readText(hostPath: string): Read<string> {
    const r = this.readChecked(hostPath, {}, false);
    return r.ok ? ok(r.value.text) : r;
  }

  /** The text and the owner of a file that someone other than the kernel wrote. */
  readFile(hostPath: string, opts: ReadOptions = {}): Read<FileText> {
    return this.readChecked(hostPath, opts, true);
  }

  /** Small binary files (auxv): the raw bytes. */
  readBytes(hostPath: string): Read<Buffer> {
    this.reads++;
    const real = this.resolveIn(hostPath);
    if (!real.ok) return fail(real.reason, real.detail);
    try {
      const fd = openSync(real.value, OPEN_FLAGS);
      try {
        if (this.base !== '' || !kernelFile(hostPath)) {
          const st = fstatSync(fd);
          if (!st.isFile()) return fail('not-regular', `${kindOf(st)}, not read`);
        }
        const n = readSync(fd, this.buffer, 0, CHUNK, null);
        return ok(Buffer.from(this.buffer.subarray(0, n)));
      } finally {
        closeSync(fd);
      }
    } catch (err) {
      return fail(errnoOf(err));
    }
  }

  readLink(hostPath: string): Read<string> {
    this.reads++;
    const real = this.resolveIn(hostPath, false);
    if (!real.ok) return fail(real.reason, real.detail);
    this.trace?.push('l ' + real.value);
    try {
      return ok(readlinkSync(real.value));
    } catch (err) {
      return fail(errnoOf(err));
    }
  }

  /** lstat of a path (not following a final symlink): owner and kind. */
  lstat(hostPath: string): Read<Stats> {
    const real = this.resolveIn(hostPath, false);
    if (!real.ok) return fail(real.reason, real.detail);
    try {
      return ok(lstatSync(real.value));
    } catch (err) {
      return fail(errnoOf(err));
    }
  }

  /**
   * The executable a process runs: the path the kernel shows (in the process's own mount
   * namespace) and the owner and mode of the very file (stat through /proc/PID/exe reaches the
   * inode even if the path was renamed or replaced since).
   */
  exeOf(pid: number): Read<ExeInfo> {
    const link = this.readLink(`/proc/${pid}/exe`);
    if (!link.ok) return link;
    const real = this.resolveIn(`/proc/${pid}/exe`, this.base !== '');
    if (!real.ok) return fail(real.reason, real.detail);
    try {
      const st = statSync(real.value);
      return ok({ path: link.value, uid: st.uid, mode: st.mode & 0o7777, regular: st.isFile() });
    } catch (err) {
      return fail(errnoOf(err));
    }
  }

  listDir(hostPath: string): Read<string[]> {
    const real = this.resolveIn(hostPath);
    if (!real.ok) return fail(real.reason, real.detail);
    this.trace?.push('d ' + real.value);
    try {
      return ok(readdirSync(real.value));
    } catch (err) {
      return fail(errnoOf(err));
    }
  }

  /**
   * Whether the kernel would let a write through on this path's mount: false on EROFS.
   * access(W_OK) reports a read-only mount as EROFS whoever asks.
   */
  writable(hostPath: string): Read<boolean> {
    const real = this.resolveIn(hostPath);
    if (!real.ok) return fail(real.reason, real.detail);
    try {
      accessSync(real.value, constants.W_OK);
      return ok(true);
    } catch (err) {
      const code = errnoOf(err);
      return code === 'EROFS' ? ok(false) : fail(code);
    }
  }

  readJson(hostPath: string): Read<unknown> {
    const r = this.readJsonFile(hostPath);
    return r.ok ? ok(r.value.value) : r;
  }

  /** A JSON file and its owner (runtime state: who wrote it decides what it may claim). */
  readJsonFile(hostPath: string, opts: ReadOptions = {}): Read<{ value: unknown; uid: number }> {
    const text = this.readFile(hostPath, opts);
    if (!text.ok) return text;
    try {
      return ok({ value: JSON.parse(text.value.text) as unknown, uid: text.value.uid });
    } catch (err) {
      return fail('unparsable', (err as Error).message);
    }
  }
}

/** "a/../../b/./c" → ["b", "c"]: lexical, never above the root. */
function normalizeInRoot(hostPath: string): string[] {
  const out: string[] = [];
  for (const s of hostPath.split('/')) {
    if (s === '' || s === '.') continue;
    if (s === '..') out.pop();
    else out.push(s);
  }
  return out;
}
