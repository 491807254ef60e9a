// Writing an output file (`isoscope profile --out FILE`) as root without being steered by whoever
// can write in its directory: never through a symlink (O_NOFOLLOW, and an existing symlink is
// refused by name), only into a regular file (a FIFO or device is refused, O_NONBLOCK keeps a FIFO
// from blocking), never into a file with other hard links (a link planted to a file elsewhere).
import { closeSync, constants, fstatSync, ftruncateSync, lstatSync, openSync, writeSync } from 'node:fs';

export class UnsafeOutput extends Error {}

/** Why `path` cannot be written safely as it is now (null: it can be created or overwritten). */
export function outputProblem(path: string): string | null {
  try {
    const st = lstatSync(path);
    if (st.isSymbolicLink()) return `${path} is a symlink: refusing to write through it`;
    if (!st.isFile()) return `${path} exists and is not a regular file: refusing to write it`;
    if (st.nlink > 1) return `${path} has ${st.nlink} hard links: refusing to write it`;
    return null;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    return `${path}: ${(e as Error).message}`;
  }
}

export function writeOutputFile(path: string, text: string, mode = 0o644): void {
  const problem = outputProblem(path);
  if (problem) throw new UnsafeOutput(problem);
  let fd: number;
  try {
    fd = openSync(
      path,
      constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW | constants.O_NONBLOCK | constants.O_NOCTTY,
      mode,
    );
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ELOOP')
      throw new UnsafeOutput(`${path} is a symlink: refusing to write through it`);
    throw e;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new UnsafeOutput(`${path} is not a regular file: refusing to write it`);
    if (st.nlink > 1) throw new UnsafeOutput(`${path} has ${st.nlink} hard links: refusing to write it`);
    ftruncateSync(fd, 0);
    const buf = Buffer.from(text, 'utf8');
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
  } finally {
    closeSync(fd);
  }
}
