// The entries of a container's /dev that are device nodes (and the links, FIFOs and sockets beside
// them), read through /proc/PID/root/dev. The container owns that tree, so nothing in it is
// followed or opened: each directory is opened O_DIRECTORY|O_NOFOLLOW relative to its already-open
// parent (through /proc/self/fd/N, so a directory swapped for a symlink after we looked is refused
// by the open, not followed — an absolute link under /proc/PID/root would resolve on the host),
// entries are lstat'ed only, links are read with readlink, device nodes are never opened. A hostile
// container may plant millions of entries: at most `limit` are looked at and depth is capped; the
// answer then says it stopped.
import { closeSync, constants, lstatSync, openSync, opendirSync, readlinkSync, type BigIntStats } from 'node:fs';
import type { DeviceNode } from '../../../shared/snapshot/devices.js';
import type { HostFs } from '../readers/hostFs.js';

export const DEFAULT_LIMIT = 4096;
export const MAX_DEPTH = 4;

const DIR_FLAGS = constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/** Linux's dev_t split (glibc gnu_dev_major/minor). */
export function splitDev(rdev: bigint): { major: number; minor: number } {
  const major = Number(((rdev >> 8n) & 0xfffn) | ((rdev >> 32n) & ~0xfffn));
  const minor = Number((rdev & 0xffn) | ((rdev >> 12n) & ~0xffn));
  return { major, minor };
}

export type NodeScan =
  | { ok: true; entries: DeviceNode[]; scanned: number; truncated: boolean; limit: number; source: string }
  | { ok: false; reason: string; detail: string };

const errno = (e: unknown): string => (e as NodeJS.ErrnoException).code ?? 'EIO';

function kindOf(st: BigIntStats): DeviceNode['kind'] | null {
  if (st.isCharacterDevice()) return 'char';
  if (st.isBlockDevice()) return 'block';
  if (st.isSymbolicLink()) return 'symlink';
  if (st.isFIFO()) return 'fifo';
  if (st.isSocket()) return 'socket';
  return null;
}

/** Scans /proc/<pid>/root/dev (resolved under the HostFs root) without following anything. */
export function scanDevNodes(fs: HostFs, pid: number, limit = DEFAULT_LIMIT): NodeScan {
  const source = `/proc/${pid}/root/dev`;
  // /proc/<pid>/root itself is the kernel's link to the container's root: resolved (not the last component).
  const real = fs.resolveIn(source, false);
  if (!real.ok) return { ok: false, reason: real.reason, detail: source };
  let top: number;
  try {
    top = openSync(real.value, DIR_FLAGS);
  } catch (e) {
    const code = errno(e);
    // O_DIRECTORY|O_NOFOLLOW on a link fails with ELOOP or ENOTDIR: say which it was.
    let link = code === 'ELOOP';
    if (code === 'ENOTDIR') {
      try {
        link = lstatSync(real.value).isSymbolicLink();
      } catch {
        link = false;
      }
    }
    return link
      ? { ok: false, reason: 'ELOOP', detail: `${source} is a symbolic link (not followed)` }
      : { ok: false, reason: code, detail: source };
  }
  const entries: DeviceNode[] = [];
  let scanned = 0;
  let truncated = false;
  const stack: { fd: number; path: string; depth: number }[] = [{ fd: top, path: '/dev', depth: 0 }];
  try {
    while (stack.length > 0) {
      const { fd, path, depth } = stack.pop()!;
      try {
        const dir = opendirSync(`/proc/self/fd/${fd}`, { bufferSize: 128 });
        try {
          for (let d = dir.readSync(); d !== null; d = dir.readSync()) {
            if (scanned >= limit) {
              truncated = true;
              break;
            }
            scanned++;
            const at = `/proc/self/fd/${fd}/${d.name}`;
            const inside = `${path}/${d.name}`;
            let st: BigIntStats;
            try {
              st = lstatSync(at, { bigint: true });
            } catch {
              continue; // gone since readdir
            }
            if (st.isDirectory()) {
              if (depth + 1 >= MAX_DEPTH) {
                truncated = true;
                continue;
              }
              try {
                stack.push({ fd: openSync(at, DIR_FLAGS), path: inside, depth: depth + 1 });
              } catch {
                // swapped for a link or removed since lstat: not followed
              }
              continue;
            }
            const kind = kindOf(st);
            if (!kind) continue; // regular files are not devices
            const dev = kind === 'char' || kind === 'block' ? splitDev(st.rdev) : null;
            let target: string | null = null;
            if (kind === 'symlink') {
              try {
                target = readlinkSync(at);
              } catch {
                target = null;
              }
            }
            entries.push({
              path: inside,
              kind,
              major: dev?.major ?? null,
              minor: dev?.minor ?? null,
              mode: Number(st.mode & 0o7777n),
              uid: Number(st.uid),
              gid: Number(st.gid),
              target,
            });
          }
        } finally {
          dir.closeSync();
        }
      } finally {
        closeSync(fd);
      }
      if (truncated && scanned >= limit) break;
    }
  } finally {
    for (const s of stack) closeSync(s.fd);
  }
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { ok: true, entries, scanned, truncated, limit, source };
}
