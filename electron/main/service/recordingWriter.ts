// Recordings written as they go: the main side (IsoscopeService) hands every push of each host's
// collector (this machine's, or a remote host's with its id) to the active recordings of that
// host, each of which writes it at once as one NDJSON line
// through gzip to its file, and flushes gzip after every sample, so the file grows at the poll
// rate and a recording costs the same memory at its first minute and at its tenth hour (the
// format is the one the replay reads: shared/recording/format.ts). Nothing is kept but the
// counters; a disk slower than the stream drops events (counted, and said) instead of queueing
// them in memory without bound.
//
// Where the file goes: a path the user chose (the desktop app's save dialog, `choose`), or the
// service's own directory (browser mode), from where the page downloads it when recording stops
// (`read`, in chunks). Files are created new (O_EXCL, never through a symlink), mode 0600.
//
// A recording is of one host: its header names it (`source.host`: 'local' or the ssh:// URL) with
// that host's facts, and holds its containers under their own ids, as that host's agent sent them.
import { randomBytes } from 'node:crypto';
import { closeSync, constants, createWriteStream, fstatSync, mkdirSync, openSync, readSync, type WriteStream } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { constants as zlib, createGzip, type Gzip } from 'node:zlib';
import type { ContainersChanged, Sample } from '../../../shared/agent/protocol.js';
import type { RecordingProgress } from '../../../shared/ipc/contract.js';
import type { IsolationEvent } from '../../../shared/snapshot/isolationEvents.js';
import type { Container, Host } from '../../../shared/snapshot/schema.js';
import {
  RECORDING_FORMAT,
  RECORDING_LIMITS,
  RECORDING_VERSION,
  type RecordingEvent,
  type RecordingHeader,
} from '../../../shared/recording/format.js';

/** Bytes waiting for gzip or the disk past which events are dropped rather than queued. */
export const MAX_PENDING_BYTES = 4 * 1024 * 1024;
/** Largest chunk `read` returns (base64 over the IPC/WebSocket). */
export const READ_CHUNK = 1024 * 1024;
/** How often progress is pushed while recording. */
const PROGRESS_EVERY_MS = 1000;

/** Where browser mode's recordings are written: $XDG_STATE_HOME/isoscope/recordings (~/.local/state by default). */
export function defaultRecordingsDir(): string {
  const state = process.env.XDG_STATE_HOME?.startsWith('/') ? process.env.XDG_STATE_HOME : join(homedir(), '.local', 'state');
  return join(state, 'isoscope', 'recordings');
}

/** isoscope-recording-HOST-2026-11-30T04-15-00.ndjson.gz (the name the renderer's recorder always gave). */
export function recordingFileName(hostname: string | null, at: number): string {
  const safe =
    (hostname ?? 'host')
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'host';
  return `isoscope-recording-${safe}-${new Date(at).toISOString().slice(0, 19).replace(/:/g, '-')}.ndjson.gz`;
}

/** One recording's file: header, then each event as it comes, through gzip. */
export class RecordingWriter {
  readonly id = `r${randomBytes(6).toString('hex')}`;
  readonly startedAt: number;
  /** The host recorded ('local' or its URL, from the header). */
  readonly host: string;
  private readonly gzip: Gzip;
  private readonly out: WriteStream;
  private readonly closed: Promise<void>;
  private events = 0;
  private lines = 0;
  private rawBytes = 0;
  private dropped = 0;
  private state: RecordingProgress['state'] = 'recording';
  private reason: string | null = null;
  private lastProgress = 0;

  constructor(
    readonly path: string,
    header: RecordingHeader,
    readonly download: boolean,
    private readonly onProgress: (p: RecordingProgress) => void,
  ) {
    this.startedAt = header.startedAt;
    this.host = header.source?.host ?? 'local';
    // A new file only: never an existing one, never through a symlink.
    const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
    this.out = createWriteStream('', { fd });
    this.gzip = createGzip();
    this.gzip.pipe(this.out);
    this.closed = new Promise((resolve) => this.out.once('close', () => resolve()));
    const fail = (err: Error) => {
      if (this.state === 'recording') {
        this.state = 'failed';
        this.reason = `writing ${basename(path)} failed: ${err.message}`;
        this.onProgress(this.progress());
      }
    };
    this.out.on('error', fail);
    this.gzip.on('error', fail);
    this.writeLine(JSON.stringify(header));
    this.gzip.flush(zlib.Z_SYNC_FLUSH);
  }

  private writeLine(line: string): void {
    this.gzip.write(line + '\n');
    this.lines++;
    this.rawBytes += Buffer.byteLength(line) + 1;
  }

  /** Appends one event (ignored once the recording stopped, failed or filled up). */
  add(event: RecordingEvent): void {
    if (this.state !== 'recording') return;
    const line = JSON.stringify(event);
    // What the replay refuses (a line too long) is not written; what the disk has not taken yet
    // beyond MAX_PENDING_BYTES is not queued: both counted as dropped.
    if (line.length > RECORDING_LIMITS.maxLineChars || this.gzip.writableLength + this.out.writableLength > MAX_PENDING_BYTES) {
      this.dropped++;
    } else if (this.lines + 1 > RECORDING_LIMITS.maxLines || this.rawBytes + line.length + 1 > RECORDING_LIMITS.maxBytes) {
      // The replay opens at most maxLines lines and maxBytes decompressed: the recording ends here.
      this.state = 'full';
      this.reason = `the recording reached the most a replay opens (${RECORDING_LIMITS.maxLines} lines, ${RECORDING_LIMITS.maxBytes / 1024 / 1024} MiB)`;
      this.gzip.end();
      this.onProgress(this.progress());
      return;
    } else {
      this.writeLine(line);
      this.events++;
      // Each sample (one per poll) goes to the disk now: the file grows at the poll's rate.
      if (event.kind === 'sample') this.gzip.flush(zlib.Z_SYNC_FLUSH);
    }
    const now = Date.now();
    if (now - this.lastProgress >= PROGRESS_EVERY_MS) {
      this.lastProgress = now;
      this.onProgress(this.progress());
    }
  }

  progress(): RecordingProgress {
    return {
      recordingId: this.id,
      path: this.path,
      file: basename(this.path),
      download: this.download,
      startedAt: this.startedAt,
      events: this.events,
      bytes: this.out.bytesWritten,
      rawBytes: this.rawBytes,
      dropped: this.dropped,
      state: this.state,
      reason: this.reason,
      host: this.host,
    };
  }

  /** Ends the gzip stream and waits for the file to be closed. */
  async finish(): Promise<RecordingProgress> {
    if (this.state === 'recording') this.state = 'stopped';
    if (!this.gzip.writableEnded) this.gzip.end();
    await this.closed;
    const p = this.progress();
    this.onProgress(p);
    return p;
  }
}

export interface RecordingsOptions {
  /** Where recordings go when no path is chosen (browser mode); they are then downloaded by the page. */
  dir?: string;
  /** Asks the user where to save (the desktop app's save dialog); null: cancelled. */
  choose?: (suggestedName: string) => Promise<string | null>;
}

export class RecordingError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Which host a recording is of: 'local' (this machine) or a remote host's id, with its URL. */
export interface RecordedHost {
  hostId: string;
  /** 'local', or the remote host's ssh:// URL (written in the header as `source.host`). */
  url: string;
}

const LOCAL: RecordedHost = { hostId: 'local', url: 'local' };

/** The service's recordings: started for one host, fed with every push of that host's collector, stopped, read back. */
export class Recordings {
  private readonly active = new Map<string, RecordingWriter>();
  /** Recording id → the host id whose pushes it takes. */
  private readonly hostOf = new Map<string, string>();
  private readonly finished = new Map<string, RecordingWriter>();

  constructor(
    private readonly options: RecordingsOptions,
    private readonly push: (p: RecordingProgress) => void,
  ) {}

  async start(host: Host | null, containers: Container[], recorded: RecordedHost = LOCAL): Promise<RecordingProgress> {
    const startedAt = Date.now();
    const name = recordingFileName(host?.hostname ?? null, startedAt);
    let path: string;
    let download = false;
    if (this.options.choose) {
      const chosen = await this.options.choose(name);
      if (!chosen) throw new RecordingError('cancelled', 'no file chosen');
      path = chosen;
    } else {
      const dir = this.options.dir ?? defaultRecordingsDir();
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      path = join(dir, name);
      download = true;
    }
    const header: RecordingHeader = {
      format: RECORDING_FORMAT,
      version: RECORDING_VERSION,
      startedAt,
      host,
      source: { host: recorded.url },
      containers,
      recordedBy: 'isoscope',
    };
    let w: RecordingWriter;
    try {
      w = new RecordingWriter(path, header, download, (p) => this.push(p));
    } catch (err) {
      throw new RecordingError(
        'write-failed',
        `cannot create ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      );
    }
    this.active.set(w.id, w);
    this.hostOf.set(w.id, recorded.hostId);
    return w.progress();
  }

  /** Hands one push of a host's collector (this machine's by default) to the active recordings of that host. */
  containers(data: ContainersChanged, hostId = 'local'): void {
    this.add(hostId, { kind: 'containers', t: Date.now(), data });
  }

  sample(data: Sample, hostId = 'local'): void {
    // A sample read before the recording began (delivered just after) is not part of it.
    for (const w of this.of(hostId)) if (data.t >= w.startedAt) w.add({ kind: 'sample', t: data.t, data });
  }

  isolation(data: IsolationEvent[], hostId = 'local'): void {
    this.add(hostId, { kind: 'isolation', t: Date.now(), data });
  }

  private of(hostId: string): RecordingWriter[] {
    return [...this.active.values()].filter((w) => this.hostOf.get(w.id) === hostId);
  }

  private add(hostId: string, e: RecordingEvent): void {
    for (const w of this.of(hostId)) w.add(e);
  }

  async stop(id: string): Promise<RecordingProgress> {
    const w = this.active.get(id);
    if (!w) throw new RecordingError('not-found', 'no such recording');
    this.active.delete(id);
    this.hostOf.delete(id);
    const p = await w.finish();
    if (w.download) this.finished.set(id, w);
    return p;
  }

  /** A chunk of a stopped recording written in the service's directory, for the page to download. */
  read(id: string, offset: number): { base64: string; eof: boolean } {
    const w = this.finished.get(id);
    if (!w) throw new RecordingError('not-found', 'no such stopped recording');
    const fd = openSync(w.path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    try {
      const st = fstatSync(fd);
      if (!st.isFile()) throw new RecordingError('not-regular', `${w.path} is not a regular file`);
      const buf = Buffer.alloc(Math.max(0, Math.min(READ_CHUNK, st.size - offset)));
      const n = buf.length ? readSync(fd, buf, 0, buf.length, offset) : 0;
      const eof = offset + n >= st.size;
      if (eof) this.finished.delete(id);
      return { base64: buf.subarray(0, n).toString('base64'), eof };
    } finally {
      closeSync(fd);
    }
  }

  /** Ends every active recording (the service stops). */
  async stopAll(): Promise<void> {
    await Promise.all([...this.active.keys()].map((id) => this.stop(id)));
  }
}
