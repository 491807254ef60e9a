// A real `isoscope serve` as a child process (bin/isoscope.js from the build), pointed at a
// fixture root so it needs no containers, plus raw-socket helpers to talk to it byte by byte.
// Used by the crash, cookie and fuzz tests of browser mode.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const FIXTURE_ROOT = join(REPO, 'electron', 'agent', 'fixtures', 'roots', 'v2-apparmor');

export interface ServeChild {
  /** The URL printed on stdout, token included. */
  url: string;
  port: number;
  token: string;
  /** http://127.0.0.1:PORT */
  origin: string;
  proc: ChildProcess;
  /** False once the process has exited. */
  alive(): boolean;
  /** What the process wrote to stderr (the last 16 KiB), to show why it died. */
  stderr(): string;
  stop(): Promise<void>;
}

/** `maxOpenFiles` runs the server under that RLIMIT_NOFILE (through prlimit) to exhaust it on purpose. */
export async function startServe(opts: { maxOpenFiles?: number } = {}): Promise<ServeChild> {
  const bin = join(REPO, 'bin', 'isoscope.js');
  if (!existsSync(join(REPO, 'dist', 'electron', 'main', 'serve', 'cli.js')))
    throw new Error('isoscope is not built: run `npm run build` first');
  const args = [bin, 'serve', '--port', '0', '--interval', '10', '--root', FIXTURE_ROOT, '--no-api'];
  const [cmd, argv] = opts.maxOpenFiles
    ? ['prlimit', [`--nofile=${opts.maxOpenFiles}`, process.execPath, ...args]]
    : [process.execPath, args];
  const proc = spawn(cmd, argv, {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    proc.on('exit', () => {
      exited = true;
      resolve();
    }),
  );
  proc.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-16384)));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(line);
      if (m) resolve(m[1]!);
    });
    void exit.then(() => reject(new Error(`isoscope serve exited before printing its URL: ${err}`)));
  });
  const u = new URL(url);
  return {
    url,
    port: Number(u.port),
    token: u.searchParams.get('token')!,
    origin: u.origin,
    proc,
    alive: () => !exited,
    stderr: () => err,
    stop: async () => {
      if (!exited) proc.kill('SIGTERM');
      await exit;
    },
  };
}

export interface RawReply {
  /** Everything the server sent before it closed or we gave up. */
  raw: Buffer;
  /** The status code of the first response, or null if none came. */
  status: number | null;
  /** How the exchange ended. */
  end: 'closed' | 'reset' | 'gave-up';
}

export interface RawOptions {
  /** After writing: 'end' half-closes our side (FIN), 'keep' leaves it open, 'destroy' resets at once. */
  after?: 'end' | 'keep' | 'destroy';
  /** Give up waiting for the server after this many ms (the server may legitimately keep waiting). */
  patienceMs?: number;
  /** Stop reading once a complete response head has arrived. */
  stopAtHead?: boolean;
}

/** Writes `bytes` to a fresh TCP connection to the server and collects what comes back. */
export function rawExchange(
  port: number,
  bytes: Buffer | string | (Buffer | string)[],
  opts: RawOptions = {},
): Promise<RawReply> {
  const chunks = (Array.isArray(bytes) ? bytes : [bytes]).map((b) => (typeof b === 'string' ? Buffer.from(b, 'latin1') : b));
  const after = opts.after ?? 'end';
  return new Promise((resolve) => {
    const got: Buffer[] = [];
    let done = false;
    const finish = (end: RawReply['end']) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const raw = Buffer.concat(got);
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(raw.subarray(0, 16).toString('latin1'));
      resolve({ raw, status: m ? Number(m[1]) : null, end });
    };
    const timer = setTimeout(() => finish('gave-up'), opts.patienceMs ?? 2000);
    const socket = connect(port, '127.0.0.1', () => {
      for (const c of chunks) if (!socket.destroyed) socket.write(c);
      if (after === 'end') socket.end();
      if (after === 'destroy') finish('reset');
    });
    socket.on('data', (d: Buffer) => {
      got.push(d);
      if (opts.stopAtHead && Buffer.concat(got).includes('\r\n\r\n')) finish('closed');
    });
    socket.on('error', () => finish('reset'));
    socket.on('close', () => finish('closed'));
  });
}

/** GET with the given headers over a raw socket; returns status, headers (lower-cased) and body. */
export async function httpGet(
  port: number,
  target: string,
  headers: Record<string, string> = {},
): Promise<{ status: number | null; headers: Map<string, string[]>; body: string }> {
  const lines = [
    `GET ${target} HTTP/1.1`,
    `Host: 127.0.0.1:${port}`,
    'Connection: close',
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ];
  const reply = await rawExchange(port, lines.join('\r\n') + '\r\n\r\n', { after: 'keep' });
  const text = reply.raw.toString('utf8');
  const split = text.indexOf('\r\n\r\n');
  const head = split < 0 ? text : text.slice(0, split);
  const out = new Map<string, string[]>();
  for (const line of head.split('\r\n').slice(1)) {
    const c = line.indexOf(':');
    if (c < 0) continue;
    const k = line.slice(0, c).trim().toLowerCase();
    out.set(k, [...(out.get(k) ?? []), line.slice(c + 1).trim()]);
  }
  return { status: reply.status, headers: out, body: split < 0 ? '' : text.slice(split + 4) };
}

/** Loads the printed URL like a browser's first visit and returns the session cookie it hands out ("name=value"). */
export async function sessionCookie(s: ServeChild): Promise<string> {
  const res = await httpGet(s.port, new URL(s.url).pathname + new URL(s.url).search);
  const set = res.headers.get('set-cookie')?.[0];
  if (!set) throw new Error(`no cookie from ${s.url}: status ${res.status}`);
  return set.split(';')[0]!;
}

/** True when the server answers an ordinary authorised request with the app. */
export async function answersNormally(s: ServeChild, cookie: string): Promise<boolean> {
  if (!s.alive()) return false;
  const res = await httpGet(s.port, '/', { Cookie: cookie });
  return res.status === 200 && res.body.includes('<div id="root">');
}
