// Every file the collector reads goes through a HostFs: paths are the host's ("/proc/1/stat"),
// resolved under an injectable root so that tests and `--root DIR` read fixture trees.
// Reads are synchronous on purpose: /proc files are tiny, a sync read is several times cheaper
// than a libuv round trip, and the collector runs in its own process (or in tests).
import { accessSync, closeSync, constants, openSync, readSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

export type Read<T> = { ok: true; value: T } | { ok: false; reason: string; detail?: string };

export const ok = <T>(value: T): Read<T> => ({ ok: true, value });
export const fail = <T>(reason: string, detail?: string): Read<T> =>
  detail === undefined ? { ok: false, reason } : { ok: false, reason, detail };

function errnoOf(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' ? code : 'EIO';
}

const CHUNK = 64 * 1024;
/** Largest file the collector will read; bigger ones are refused rather than truncated. */
const MAX_BYTES = 16 * 1024 * 1024;

export class HostFs {
  private readonly buffer = Buffer.allocUnsafe(CHUNK);
  /** Number of files read, for benchmarks and the agent's own cost report. */
  reads = 0;
  /** When set, every path read ("r PATH") or link read ("l PATH") is appended (benchmarks). */
  trace: string[] | null = null;

  constructor(readonly root: string = '/') {}

  /** The real path of a host path under the root. */
  resolve(hostPath: string): string {
    return this.root === '/' ? hostPath : join(this.root, hostPath);
  }

  readText(hostPath: string): Read<string> {
    this.reads++;
    this.trace?.push('r ' + this.resolve(hostPath));
    let fd: number;
    try {
      fd = openSync(this.resolve(hostPath), 'r');
    } catch (err) {
      return fail(errnoOf(err));
    }
    try {
      // A short read is the end of the file: regular files and the kernel's seq_file-based
      // pseudo-files (proc, cgroupfs) only return less than asked for at EOF. That saves the
      // extra read(2) returning 0 for nearly every file.
      const first = readSync(fd, this.buffer, 0, CHUNK, null);
      if (first < CHUNK) return ok(this.buffer.toString('utf8', 0, first));
      const chunks: Buffer[] = [Buffer.from(this.buffer)];
      let total = first;
      for (;;) {
        const n = readSync(fd, this.buffer, 0, CHUNK, null);
        if (n === 0) break;
        chunks.push(Buffer.from(this.buffer.subarray(0, n)));
        total += n;
        if (total > MAX_BYTES) return fail('E2BIG', `larger than ${MAX_BYTES} bytes`);
      }
      return ok(Buffer.concat(chunks).toString('utf8'));
    } catch (err) {
      return fail(errnoOf(err));
    } finally {
      closeSync(fd);
    }
  }

  /** Small binary files (auxv): the raw bytes. */
  readBytes(hostPath: string): Read<Buffer> {
    this.reads++;
    try {
      const fd = openSync(this.resolve(hostPath), 'r');
      try {
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
    this.trace?.push('l ' + this.resolve(hostPath));
    try {
      return ok(readlinkSync(this.resolve(hostPath)));
    } catch (err) {
      return fail(errnoOf(err));
    }
  }

  listDir(hostPath: string): Read<string[]> {
    this.trace?.push('d ' + this.resolve(hostPath));
    try {
      return ok(readdirSync(this.resolve(hostPath)));
    } catch (err) {
      return fail(errnoOf(err));
    }
  }

  /**
   * Whether the kernel would let a write through on this path's mount: false on EROFS.
   * access(W_OK) reports a read-only mount as EROFS whoever asks.
   */
  writable(hostPath: string): Read<boolean> {
    try {
      accessSync(this.resolve(hostPath), constants.W_OK);
      return ok(true);
    } catch (err) {
      const code = errnoOf(err);
      return code === 'EROFS' ? ok(false) : fail(code);
    }
  }

  readJson(hostPath: string): Read<unknown> {
    const text = this.readText(hostPath);
    if (!text.ok) return text;
    try {
      return ok(JSON.parse(text.value) as unknown);
    } catch (err) {
      return fail('unparsable', (err as Error).message);
    }
  }
}
