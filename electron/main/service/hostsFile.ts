// The remote hosts the app remembers: a small JSON file in the user's config directory
// (Electron: userData/hosts.json; browser mode: --hosts-file or $XDG_CONFIG_HOME/isoscope/hosts.json).
// Read defensively — opened without following links or blocking, a regular file, size-capped,
// every entry checked (the URL by the same parser the ssh command uses: ssh:// or k8s:// hosts) — and a file that fails
// any of it is refused with the reason and left as it is: the app then will not write over it.
// Written atomically (a temporary file in the same directory, fsync, rename), mode 0600.
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fstatSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { formatHostSpec, parseHostSpec } from '../../agent/remote/hostSpec.js';

export const MAX_HOSTS_FILE = 64 * 1024;
export const MAX_HOSTS = 100;

// eslint-disable-next-line no-control-regex -- refusing exactly these
const NO_CONTROLS = /^[^\x00-\x1f\x7f]*$/;

export const RememberedHost = z
  .object({
    id: z.string().regex(/^h[0-9a-f]{8}$/),
    url: z.string().max(600),
    sudo: z.boolean(),
    identityFile: z.string().max(4096).regex(NO_CONTROLS).refine(isAbsolute, 'must be an absolute path').nullable(),
  })
  .strict();
export type RememberedHost = z.infer<typeof RememberedHost>;

const HostsFileContent = z.object({ version: z.literal(1), hosts: z.array(RememberedHost).max(MAX_HOSTS) }).strict();

export class HostsFileError extends Error {}

/** Browser mode's default: $XDG_CONFIG_HOME/isoscope/hosts.json (else ~/.config/…). */
export function defaultHostsFile(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  return join(base, 'isoscope', 'hosts.json');
}

/** A URL in its canonical form, or throws HostsFileError with the parser's reason. */
export function canonicalUrl(url: string): string {
  let spec;
  try {
    spec = parseHostSpec(url);
  } catch (err) {
    throw new HostsFileError(err instanceof Error ? err.message : String(err));
  }
  if (spec.kind === 'local')
    throw new HostsFileError('this machine is always watched: add ssh://[user@]host[:port] or k8s://CONTEXT/NODE');
  return formatHostSpec(spec);
}

/** The remembered hosts; [] when there is no file. Throws HostsFileError on anything else wrong. */
export function readHostsFile(file: string): RememberedHost[] {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return [];
    if (code === 'ELOOP') throw new HostsFileError(`${file} is a symbolic link: refused (not followed)`);
    throw new HostsFileError(`${file} cannot be opened (${code ?? String(err)})`);
  }
  let text: string;
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new HostsFileError(`${file} is not a regular file: refused`);
    if (st.size > MAX_HOSTS_FILE)
      throw new HostsFileError(`${file} is ${st.size} bytes, more than the ${MAX_HOSTS_FILE} a hosts file may be: refused`);
    const buf = Buffer.alloc(MAX_HOSTS_FILE + 1);
    let n = 0;
    for (let r; n < buf.length && (r = readSync(fd, buf, n, buf.length - n, null)) > 0;) n += r;
    if (n > MAX_HOSTS_FILE) throw new HostsFileError(`${file} grew past ${MAX_HOSTS_FILE} bytes while read: refused`);
    text = buf.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new HostsFileError(`${file} is not JSON (${err instanceof Error ? err.message : String(err)}): refused, left as it is`);
  }
  const parsed = HostsFileContent.safeParse(json);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new HostsFileError(
      `${file} is not a hosts file (${i ? `${i.path.map(String).join('.') || 'top'}: ${i.message}` : 'invalid'}): refused, left as it is`,
    );
  }
  const seen = new Set<string>();
  return parsed.data.hosts.map((h) => {
    let url: string;
    try {
      url = canonicalUrl(h.url);
    } catch (err) {
      throw new HostsFileError(`${file}: ${err instanceof Error ? err.message : String(err)}: refused, left as it is`);
    }
    if (seen.has(h.id)) throw new HostsFileError(`${file}: host id ${h.id} appears twice: refused, left as it is`);
    seen.add(h.id);
    return { ...h, url };
  });
}

/** Replaces the file with these hosts, atomically (the old file or the new, never half of one). */
export function writeHostsFile(file: string, hosts: RememberedHost[]): void {
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = join(dir, `.hosts.json.${process.pid}.${randomBytes(6).toString('hex')}`);
  const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  try {
    writeSync(fd, JSON.stringify({ version: 1, hosts }, null, 2) + '\n');
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    unlinkSync(tmp);
    throw err;
  }
  closeSync(fd);
  try {
    renameSync(tmp, file);
  } catch (err) {
    unlinkSync(tmp);
    throw err;
  }
}
