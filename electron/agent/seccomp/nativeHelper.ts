// The native helpers: seccomp-dump (a process's seccomp filters and their flags, through ptrace)
// and kernel-probe (bpf() and Landlock queries: cgroup v2 device programs, BPF LSM programs, the
// Landlock ABI), compiled from native/<name>.c with the system's C compiler at build time (`npm run
// build` → buildHelper() builds both; electron-builder ships dist/native unpacked, and elevation
// checks that whole directory is root's), then run by the collector to ask the kernel. The collector never compiles:
// at run time it only uses the prebuilt helper (prebuiltHelper()), and as root only one that is
// root's alone (it and every directory above it owned by root, writable by nobody else), since
// root executes it. Building never follows a symlink someone planted in the output directory.
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  checkBundledHelpers,
  helperFileName,
  installedHelperName,
  machineArch,
  type BundledHelpers,
} from '../remote/helperManifest.js';
import type { BpfProgram } from './bpf.js';
import { checkProgram } from './evaluate.js';
import { problemText, rootOwned } from './profiler/rootOwned.js';

export const HELPER_NAME = 'seccomp-dump';
/** The second program: bpf() and Landlock queries Node has no syscall for (native/kernel-probe.c). */
export const PROBE_NAME = 'kernel-probe';
/** Every program buildHelper() compiles. */
export const HELPERS = [HELPER_NAME, PROBE_NAME] as const;
export type HelperName = (typeof HELPERS)[number];
const here = dirname(fileURLToPath(import.meta.url));
/** dist/electron/agent/seccomp when built, electron/agent/seccomp when run from sources. */
const repoRoot = resolve(here, here.includes('/dist/electron/') ? '../../../..' : '../../..');

/** Where the C source is: beside this module in the sources, or in the repository when built. */
export function helperSource(name: HelperName = HELPER_NAME): string | null {
  const candidates = [join(here, 'native', `${name}.c`), join(repoRoot, 'electron/agent/seccomp/native', `${name}.c`)];
  return candidates.find((p) => existsSync(p)) ?? null;
}

// Set by the remote agent bundle's banner (agentBundle.build.ts); undeclared everywhere else.
declare const __isoscopeHelpers: unknown;
declare const __isoscopeBundleFile: unknown;

/**
 * In the remote agent bundle: the helpers it carries (architecture, digests) and the bundle's own
 * file, beside which `isoscope host install` put them. null when not running from the bundle.
 */
function remoteBundle(): { helpers: BundledHelpers; file: string } | null {
  if (typeof __isoscopeHelpers === 'undefined' || typeof __isoscopeBundleFile !== 'string' || __isoscopeBundleFile === '')
    return null;
  return { helpers: checkBundledHelpers(__isoscopeHelpers), file: __isoscopeBundleFile };
}

/** Default directory of the built helper: <repo>/dist/native; in the remote agent bundle, the bundle's own directory. */
export const defaultHelperDir = (): string => {
  const bundle = remoteBundle();
  return bundle ? dirname(bundle.file) : join(repoRoot, 'dist', 'native');
};

/** Largest helper file hashed (the real ones are tens of KiB). */
const HELPER_MAX_BYTES = 16 * 1024 * 1024;

/** A file's sha256, opened without following a symlink or blocking (a regular file only, size capped). */
function fileDigest(path: string): string {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new Error(`${path} is not a regular file`);
    if (st.size > HELPER_MAX_BYTES) throw new Error(`${path} is larger than ${HELPER_MAX_BYTES} bytes`);
    const hash = createHash('sha256');
    const buf = Buffer.alloc(64 * 1024);
    let total = 0;
    for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0;) {
      total += n;
      if (total > HELPER_MAX_BYTES) throw new Error(`${path} is larger than ${HELPER_MAX_BYTES} bytes`);
      hash.update(buf.subarray(0, n));
    }
    return hash.digest('hex');
  } finally {
    closeSync(fd);
  }
}

/**
 * The remote agent's helper: <name>-<arch>-<sha256> (or <name>-<arch>) in `dir` (beside the bundle), for this
 * machine's architecture only, hashed before every run and refused when it differs from the
 * digest the bundle carries (the bundle's own digest was checked before it started).
 */
function bundledHelper(helpers: BundledHelpers, dir: string, name: HelperName): string {
  const arch = machineArch();
  if (helpers.arch !== arch) throw new Error(`no helper for ${arch}: this agent carries ${name} built for ${helpers.arch} only`);
  const expected = helpers.sha256[name];
  // Installed by `isoscope host install` (content-addressed), or as built in dist/remote (named by arch).
  const names = [installedHelperName(name, arch, expected), helperFileName(name, arch)];
  let bin = '';
  let actual: string | null = null;
  for (const file of names) {
    bin = join(dir, file);
    try {
      actual = fileDigest(bin);
      break;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') continue;
      throw new Error(`${name}: cannot check ${bin}: ${code ?? (e as Error).message}`);
    }
  }
  if (actual === null)
    throw new Error(`${name} is not installed beside the agent (${join(dir, names[0]!)}): isoscope host install`);
  if (actual !== expected)
    throw new Error(`${name}: sha256 mismatch: ${bin} has sha256 ${actual}, not ${expected}: refusing to run it`);
  return bin;
}

const sha256 = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex');

/** Refuses an existing symlink (or non-file) where the build writes. */
function refuseLink(path: string): void {
  try {
    const st = lstatSync(path);
    if (st.isSymbolicLink()) throw new Error(`${path} is a symlink: refusing to write through it`);
    if (!st.isFile()) throw new Error(`${path} is not a regular file: refusing to replace it`);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

const stampMatches = (stamp: string, hash: string): boolean => {
  try {
    return lstatSync(stamp).isFile() && readFileSync(stamp, 'utf8').trim() === hash;
  } catch {
    return false;
  }
};

/**
 * Build time: compiles every helper (seccomp-dump, kernel-probe) into `dir`; returns seccomp-dump's
 * path, as callers always had it.
 */
export function buildHelper(dir: string = defaultHelperDir(), cc = 'cc'): string {
  for (const name of HELPERS) if (name !== HELPER_NAME) buildOne(name, dir, cc);
  return buildOne(HELPER_NAME, dir, cc);
}

/**
 * Compiles one helper into `dir` with `cc` when it is missing or was built from another source (a
 * `.sha256` stamp beside it records which). The compiler writes into a fresh private directory and
 * the results are renamed into place: a symlink planted at the helper's or the stamp's name is
 * refused, never written through.
 */
export function buildOne(name: HelperName, dir: string = defaultHelperDir(), cc = 'cc'): string {
  const bin = join(dir, name);
  const stamp = `${bin}.sha256`;
  const source = helperSource(name);
  if (!source) throw new Error(`${name}: its C source is not here; build from the repository`);
  const hash = sha256(readFileSync(source));
  refuseLink(bin);
  refuseLink(stamp);
  if (existsSync(bin) && stampMatches(stamp, hash)) return bin;
  mkdirSync(dir, { recursive: true });
  const work = mkdtempSync(join(dir, '.build-'));
  try {
    execFileSync(cc, ['-O2', '-Wall', '-Wextra', '-o', join(work, name), source], { stdio: ['ignore', 'ignore', 'pipe'] });
    writeFileSync(join(work, 'stamp'), hash + '\n', { flag: 'wx', mode: 0o644 });
    refuseLink(bin);
    refuseLink(stamp);
    renameSync(join(work, name), bin);
    renameSync(join(work, 'stamp'), stamp);
  } catch (e) {
    const err = e as { stderr?: Buffer; message: string };
    if (err.stderr === undefined) throw e;
    throw new Error(`compiling ${name} with ${cc} failed: ${err.stderr.toString().trim() || err.message}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return bin;
}

/**
 * Run time: the prebuilt helper in `dir`, never compiled here. Missing or built from another
 * source: an error saying to build. Run as root: it must be root's alone.
 */
export function prebuiltHelper(dir: string = defaultHelperDir(), name: HelperName = HELPER_NAME): string {
  const bundle = remoteBundle();
  if (bundle) {
    const bin = bundledHelper(bundle.helpers, dir, name);
    if (process.geteuid?.() === 0) {
      const r = rootOwned(bin);
      if (!r.ok) throw new Error(`${name}: refusing to run it as root: ${problemText(r)}`);
      return r.real;
    }
    return bin;
  }
  const bin = join(dir, name);
  if (!existsSync(bin))
    throw new Error(`${name} is not built (${bin} is missing): run npm run build; the collector never compiles it at run time`);
  const source = helperSource(name);
  if (source && !stampMatches(`${bin}.sha256`, sha256(readFileSync(source)))) {
    throw new Error(
      `${name} is not built from the current source (${bin}): run npm run build; the collector never compiles it at run time`,
    );
  }
  if (process.geteuid?.() === 0) {
    const r = rootOwned(bin);
    if (!r.ok) throw new Error(`${name}: refusing to run it as root: ${problemText(r)}`);
    return r.real;
  }
  return bin;
}

/**
 * With a directory (tests, build scripts): buildHelper(dir). Without (the collector at run time):
 * prebuiltHelper(), which never compiles.
 */
export function ensureHelper(dir?: string, cc = 'cc'): string {
  return dir === undefined ? prebuiltHelper() : buildHelper(dir, cc);
}

export type FilterRead =
  | {
      ok: true;
      pid: number;
      mode: number;
      filters: BpfProgram[];
      /** Per filter (same order): PTRACE_SECCOMP_GET_METADATA flags, or the errno name it failed with; absent from an older helper. */
      flags?: (number | string)[];
    }
  | { ok: false; reason: string; detail: string };

interface HelperOutput {
  pid?: number;
  mode?: number;
  filters?: unknown;
  flags?: unknown;
  error?: string;
  step?: string;
  message?: string;
}

const u = (v: unknown, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max;

function parseFilters(raw: unknown): BpfProgram[] | null {
  if (!Array.isArray(raw)) return null;
  const out: BpfProgram[] = [];
  for (const f of raw) {
    if (!Array.isArray(f)) return null;
    const prog: BpfProgram = [];
    for (const i of f as Record<string, unknown>[]) {
      if (!u(i?.['code'], 0xffff) || !u(i['jt'], 0xff) || !u(i['jf'], 0xff) || !u(i['k'], 0xffffffff)) return null;
      prog.push({ code: i['code'], jt: i['jt'], jf: i['jf'], k: i['k'] });
    }
    out.push(prog);
  }
  return out;
}

/** Parses the helper's one line of output: the filters, or why they could not be read. */
export function parseHelperOutput(stdout: string): FilterRead {
  let o: HelperOutput;
  try {
    o = JSON.parse(stdout.trim()) as HelperOutput;
  } catch {
    return { ok: false, reason: 'EBADOUTPUT', detail: `${HELPER_NAME} printed no JSON: ${stdout.slice(0, 200)}` };
  }
  if (typeof o.error === 'string') return { ok: false, reason: o.error, detail: `${o.step ?? '?'}: ${o.message ?? ''}` };
  const filters = parseFilters(o.filters);
  if (!filters || !u(o.pid, 0x3fffffff) || !u(o.mode, 2))
    return { ok: false, reason: 'EBADOUTPUT', detail: `${HELPER_NAME}: unexpected output shape` };
  try {
    filters.forEach(checkProgram); // what the kernel's loader guarantees: anything else is not a filter
  } catch (e) {
    return { ok: false, reason: 'EBADOUTPUT', detail: `${HELPER_NAME}: ${(e as Error).message}` };
  }
  const flags = parseFlags(o.flags, filters.length);
  return flags ? { ok: true, pid: o.pid, mode: o.mode, filters, flags } : { ok: true, pid: o.pid, mode: o.mode, filters };
}

const ERRNO_BY_NUMBER: Record<number, string> = {
  1: 'EPERM',
  3: 'ESRCH',
  13: 'EACCES',
  14: 'EFAULT',
  22: 'EINVAL',
  2: 'ENOENT',
  5: 'EIO',
};

/** The helper's per-filter flags: a number, or -errno when the metadata request failed. */
function parseFlags(raw: unknown, count: number): (number | string)[] | null {
  if (!Array.isArray(raw) || raw.length !== count) return null;
  const out: (number | string)[] = [];
  for (const f of raw) {
    if (typeof f !== 'number' || !Number.isInteger(f) || f > 0xffffffff || f < -4095) return null;
    out.push(f >= 0 ? f : (ERRNO_BY_NUMBER[-f] ?? `errno ${-f}`));
  }
  return out;
}

/** Reads the filters of `pid` with the helper (index 0 = the oldest filter, as the kernel numbers them). */
export function readFilters(pid: number, helper: string, timeoutMs = 10_000): Promise<FilterRead> {
  return new Promise((done) => {
    execFile(helper, [String(pid)], { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (err, stdout) => {
      if (stdout.trim()) return done(parseHelperOutput(stdout));
      const e = err as (NodeJS.ErrnoException & { killed?: boolean }) | null;
      done({
        ok: false,
        reason: e?.killed ? 'ETIMEDOUT' : ((e?.code as string | undefined) ?? 'EHELPER'),
        detail: `${helper}: ${e?.message ?? 'no output'}`,
      });
    });
  });
}
