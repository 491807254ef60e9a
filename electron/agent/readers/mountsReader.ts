// Reads a container's mounts: its init's mountinfo (read to its end, see readMountinfo), the
// host reference's mountinfo (pid 1's, else the collector's own) to resolve host sources, and
// lstat of the host paths found. Cached per container lifetime (init pid + start time) while
// its mountinfo text is unchanged, so a rebuild costs one comparison per container; the host's
// mount table is read at most once per build of the container list, and only on a miss.
import type { Mounts } from '../../../shared/snapshot/mounts.js';
import type { Runtime, Unavailable } from '../../../shared/snapshot/schema.js';
import { analyzeMounts, type HostLookups, type HostNode } from '../mounts/analyze.js';
import { defaultFor } from '../mounts/defaults.js';
import { parseMountinfo, parseMountinfoCapped, type MountEntry } from '../parsers/mountinfo.js';
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { fail, ok, type HostFs, type Read } from './hostFs.js';

/** Most mounts kept per container (a namespace can hold many more; the rest is marked cut). */
export const MAX_CONTAINER_MOUNTS = 2000;
/** Containers whose analysis is kept (the oldest is dropped beyond this). */
const MAX_CACHED = 1000;
/** Most socket files named in a bound host /run. */
const MAX_SOCKETS = 12;

export interface HostMountTable {
  entries: MountEntry[] | null;
  reference: string;
}

/** Largest mountinfo read (a namespace with tens of thousands of mounts is cut, and says so). */
export const MAX_MOUNTINFO_BYTES = 8 * 1024 * 1024;
const CHUNK = 64 * 1024;

/**
 * A /proc/PID/mountinfo read to its end. mountinfo is a seq_file: each read(2) returns at most
 * what fits in the kernel's buffer (about a page), so a short read is NOT the end of the file
 * (HostFs.readText stops at the first short read and gets only the first ~4 KiB). Opened like
 * every HostFs read: resolved inside the root, O_NOFOLLOW|O_NONBLOCK, regular files only,
 * size-capped.
 */
export function readMountinfo(fs: HostFs, hostPath: string): Read<string> {
  fs.reads++;
  const real = fs.resolveIn(hostPath);
  if (!real.ok) return fail(real.reason, real.detail);
  fs.trace?.push('r ' + real.value);
  let fd: number;
  try {
    fd = openSync(real.value, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    return fail((err as NodeJS.ErrnoException).code ?? 'EIO');
  }
  try {
    if (!fstatSync(fd).isFile()) return fail('not-regular', 'not a regular file, not read');
    const chunks: Buffer[] = [];
    const buf = Buffer.allocUnsafe(CHUNK);
    let total = 0;
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK, null);
      if (n === 0) break;
      total += n;
      if (total > MAX_MOUNTINFO_BYTES) return fail('E2BIG', `larger than ${MAX_MOUNTINFO_BYTES} bytes`);
      chunks.push(Buffer.from(buf.subarray(0, n)));
    }
    return ok(Buffer.concat(chunks).toString('utf8'));
  } catch (err) {
    return fail((err as NodeJS.ErrnoException).code ?? 'EIO');
  } finally {
    closeSync(fd);
  }
}

/** The host reference's mount table: pid 1's, else the collector's own (as hostReader picks). */
export function readHostMountTable(fs: HostFs): HostMountTable {
  const pid1 = readMountinfo(fs, '/proc/1/mountinfo');
  if (pid1.ok) return { entries: parseMountinfo(pid1.value), reference: '/proc/1/mountinfo (pid 1, the host reference)' };
  const self = readMountinfo(fs, '/proc/self/mountinfo');
  if (self.ok)
    return {
      entries: parseMountinfo(self.value),
      reference: `/proc/self/mountinfo (the collector's own: /proc/1/mountinfo ${pid1.reason})`,
    };
  return { entries: null, reference: `/proc/1/mountinfo ${pid1.reason}, /proc/self/mountinfo ${self.reason}` };
}

function hostLookups(fs: HostFs): HostLookups {
  const node = (path: string): HostNode => {
    const st = fs.lstat(path);
    if (!st.ok) return { node: st.reason === 'ENOENT' ? 'missing' : 'unknown' };
    const s = st.value;
    if (s.isSocket()) return { node: 'socket' };
    if (s.isDirectory()) return { node: 'directory' };
    if (s.isFile()) return { node: 'file' };
    if (s.isSymbolicLink()) return { node: 'symlink' };
    if (s.isFIFO()) return { node: 'fifo' };
    const rdev = `${Math.floor(s.rdev / 256) & 0xfff}:${(s.rdev & 0xff) | ((s.rdev >> 12) & 0xfff00)}`;
    if (s.isCharacterDevice()) return { node: 'char-device', rdev };
    if (s.isBlockDevice()) return { node: 'block-device', rdev };
    return { node: 'unknown' };
  };
  return {
    node,
    kernelHas(path) {
      // A --root tree is not the live kernel: what it lacks says nothing about the host's procfs.
      if (fs.root !== '/') return null;
      const st = fs.lstat(path);
      if (st.ok) return true;
      return st.reason === 'ENOENT' ? false : null;
    },
    socketsIn(dir) {
      const names = fs.listDir(dir);
      if (!names.ok) return [];
      const out: string[] = [];
      for (const n of names.value.sort()) {
        const p = `${dir}/${n}`;
        if (node(p).node === 'socket') out.push(p);
        else if (['docker', 'podman', 'containerd', 'crio'].includes(n)) {
          const inner = fs.listDir(p);
          if (inner.ok)
            for (const m of inner.value.sort())
              if (m.endsWith('.sock') && node(`${p}/${m}`).node === 'socket') out.push(`${p}/${m}`);
        }
        if (out.length >= MAX_SOCKETS) break;
      }
      return out.slice(0, MAX_SOCKETS);
    },
  };
}

export interface MountsRequest {
  pid: number;
  startTime: number;
  runtime: Runtime;
  inPod: boolean;
  /** The host's mount table, read on first use (shared by every container of one build). */
  hostTable: () => HostMountTable;
}

export class MountsReader {
  private readonly cache = new Map<string, { text: string; inPod: boolean; mounts: Mounts }>();

  constructor(private readonly fs: HostFs) {}

  read(req: MountsRequest, unavailable: Unavailable[]): Mounts | null {
    const source = `/proc/${req.pid}/mountinfo`;
    const text = readMountinfo(this.fs, source);
    if (!text.ok) {
      unavailable.push({ field: 'mounts', reason: text.reason, detail: text.detail ? `${source}: ${text.detail}` : source });
      return null;
    }
    const key = `${req.pid}:${req.startTime}`;
    const hit = this.cache.get(key);
    if (hit && hit.text === text.value && hit.inPod === req.inPod) return hit.mounts;
    const parsed = parseMountinfoCapped(text.value, MAX_CONTAINER_MOUNTS);
    const host = req.hostTable();
    const mounts = analyzeMounts({
      entries: parsed.entries,
      truncated: parsed.truncated,
      source,
      host: host.entries,
      hostReference: host.reference,
      defaults: defaultFor(req.runtime),
      inPod: req.inPod,
      lookups: hostLookups(this.fs),
    });
    if (host.entries === null) unavailable.push({ field: 'mounts.hostSources', reason: 'unreadable', detail: host.reference });
    if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, { text: text.value, inPod: req.inPod, mounts });
    return mounts;
  }
}

const readers = new WeakMap<HostFs, MountsReader>();
const tables = new WeakMap<object, HostMountTable>();

/** The reader for this HostFs (one cache per collector). */
export function mountsReaderFor(fs: HostFs): MountsReader {
  let r = readers.get(fs);
  if (!r) readers.set(fs, (r = new MountsReader(fs)));
  return r;
}

/** The host's mount table, read once per `build` object (one build of the container list). */
export function hostTableOnce(fs: HostFs, build: object): () => HostMountTable {
  return () => {
    let t = tables.get(build);
    if (!t) tables.set(build, (t = readHostMountTable(fs)));
    return t;
  };
}
