// Reads the file chosen in the desktop menu's "Open Snapshot…" dialog, for the renderer to
// import (it applies the same checks as to a file from its own input or a drop). The path comes
// from a dialog, but what is there may be anything: the open neither follows a final symlink
// nor blocks on a FIFO (O_NOFOLLOW|O_NONBLOCK), anything but a regular file is refused after
// fstat, and the size is capped as the renderer caps the files it opens.
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';

/** The renderer's own cap on an opened file (SnapshotControls' importFile). */
export const MAX_OPEN_BYTES = 256 * 1024 * 1024;
const MAX_NAME = 255;
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

export type OpenedFile = { name: string; bytes: Uint8Array<ArrayBuffer> } | { name: string; error: string };

function kindOf(st: {
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isDirectory(): boolean;
}): string {
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isDirectory()) return 'a directory';
  return 'not a regular file';
}

function sizeText(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

function reasonOf(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'ELOOP') return 'it is a symbolic link';
  if (code === 'ENOENT') return 'it does not exist';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENXIO') return 'it is not a regular file';
  return typeof code === 'string' ? code : err instanceof Error ? err.message : String(err);
}

/** Reads `path` safely; never throws (an error is answered as `{ name, error }`). */
export async function readChosenFile(path: string, maxBytes = MAX_OPEN_BYTES): Promise<OpenedFile> {
  const name = basename(path).slice(0, MAX_NAME);
  let handle;
  try {
    handle = await open(path, OPEN_FLAGS);
  } catch (err) {
    return { name, error: reasonOf(err).slice(0, 1000) };
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) return { name, error: `it is ${kindOf(st)}` };
    if (st.size > maxBytes) return { name, error: `larger than ${sizeText(maxBytes)}` };
    // One byte more than fstat said: a file that grew since is refused, not truncated.
    const buf = new Uint8Array(st.size + 1);
    let length = 0;
    while (length < buf.length) {
      const { bytesRead } = await handle.read(buf, length, buf.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > st.size) return { name, error: 'it grew while being read' };
    return { name, bytes: buf.slice(0, length) };
  } catch (err) {
    return { name, error: reasonOf(err).slice(0, 1000) };
  } finally {
    await handle.close().catch(() => undefined);
  }
}
