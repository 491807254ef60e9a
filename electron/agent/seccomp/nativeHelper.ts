// The native seccomp-dump helper: compiled from native/seccomp-dump.c with the system's C compiler
// when missing or outdated, then run to read a process's filters from the kernel.
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BpfProgram } from './bpf.js';
import { checkProgram } from './evaluate.js';

export const HELPER_NAME = 'seccomp-dump';
const here = dirname(fileURLToPath(import.meta.url));
/** dist/electron/agent/seccomp when built, electron/agent/seccomp when run from sources. */
const repoRoot = resolve(here, here.includes('/dist/electron/') ? '../../../..' : '../../..');

/** Where the C source is: beside this module in the sources, or in the repository when built. */
export function helperSource(): string | null {
  const candidates = [join(here, 'native', `${HELPER_NAME}.c`), join(repoRoot, 'electron/agent/seccomp/native', `${HELPER_NAME}.c`)];
  return candidates.find((p) => existsSync(p)) ?? null;
}

/** Default directory of the built helper: <repo>/dist/native. */
export const defaultHelperDir = (): string => join(repoRoot, 'dist', 'native');

const sha256 = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex');

/**
 * Path of a helper built from the current source in `dir`, compiling it first with `cc` when it is
 * missing or was built from another source (a `.sha256` stamp beside it records which). Without
 * the source (an installed build), an existing helper is used as it is.
 */
export function ensureHelper(dir: string = defaultHelperDir(), cc = 'cc'): string {
  const bin = join(dir, HELPER_NAME);
  const stamp = `${bin}.sha256`;
  const source = helperSource();
  if (!source) {
    if (existsSync(bin)) return bin;
    throw new Error(`${HELPER_NAME}: neither the helper (${bin}) nor its C source is present`);
  }
  const hash = sha256(readFileSync(source));
  if (existsSync(bin) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === hash) return bin;
  mkdirSync(dir, { recursive: true });
  const tmp = `${bin}.tmp-${process.pid}`;
  try {
    execFileSync(cc, ['-O2', '-Wall', '-Wextra', '-o', tmp, source], { stdio: ['ignore', 'ignore', 'pipe'] });
    renameSync(tmp, bin);
    writeFileSync(stamp, hash + '\n');
  } catch (e) {
    rmSync(tmp, { force: true });
    const err = e as { stderr?: Buffer; message: string };
    throw new Error(`compiling ${HELPER_NAME} with ${cc} failed: ${err.stderr?.toString().trim() || err.message}`);
  }
  return bin;
}

export type FilterRead =
  | { ok: true; pid: number; mode: number; filters: BpfProgram[] }
  | { ok: false; reason: string; detail: string };

interface HelperOutput {
  pid?: number;
  mode?: number;
  filters?: unknown;
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
  if (!filters || !u(o.pid, 0x3fffffff) || !u(o.mode, 2)) return { ok: false, reason: 'EBADOUTPUT', detail: `${HELPER_NAME}: unexpected output shape` };
  try {
    filters.forEach(checkProgram); // what the kernel's loader guarantees: anything else is not a filter
  } catch (e) {
    return { ok: false, reason: 'EBADOUTPUT', detail: `${HELPER_NAME}: ${(e as Error).message}` };
  }
  return { ok: true, pid: o.pid, mode: o.mode, filters };
}

/** Reads the filters of `pid` with the helper (index 0 = the oldest filter, as the kernel numbers them). */
export function readFilters(pid: number, helper: string, timeoutMs = 10_000): Promise<FilterRead> {
  return new Promise((done) => {
    execFile(helper, [String(pid)], { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (err, stdout) => {
      if (stdout.trim()) return done(parseHelperOutput(stdout));
      const e = err as (NodeJS.ErrnoException & { killed?: boolean }) | null;
      done({ ok: false, reason: e?.killed ? 'ETIMEDOUT' : (e?.code as string | undefined) ?? 'EHELPER', detail: `${helper}: ${e?.message ?? 'no output'}` });
    });
  });
}
