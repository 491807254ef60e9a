// Build step (after tsc): one self-contained file, dist/remote/isoscope-agent.cjs, holding the
// collector's command line and everything it imports (zod included), for a remote host that has
// node ≥ 18 but not this repository; beside it the native helpers (seccomp-dump, kernel-probe)
// built for this machine's architecture and named by it (seccomp-dump-x86_64), and the digest
// manifest isoscope-agent.cjs.sha256 (sha256sum format: the agent's line first, then each
// helper's). `isoscope host install` copies the agent to ~/.cache/isoscope/agent-<sha256>.cjs and,
// where the remote's `uname -m` matches, each helper beside it (install.ts); the remote checks
// every digest before keeping a file, and the agent's before every start (sshCommand.ts).
//
// The bundle carries the helpers' architecture and digests (helperManifest.ts BundledHelpers), so
// its own digest covers them: the remote agent finds each helper beside itself by name and digest
// and hashes it before every run (nativeHelper.ts). Elsewhere (another architecture, not
// installed, changed) what only the helpers read (decoded seccomp filters, cgroup v2 device
// programs, BPF LSM programs, the Landlock ABI) is reported unavailable, with that reason.
//
//   tsx electron/agent/remote/agentBundle.build.ts [--out DIR]
import { build } from 'esbuild';
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildHelper, defaultHelperDir } from '../seccomp/nativeHelper.js';
import {
  BUNDLED_HELPERS,
  checkBundledHelpers,
  formatManifest,
  helperFileName,
  machineArch,
  type BundledHelperName,
  type BundledHelpers,
} from './helperManifest.js';
import { BUNDLE_NAME, defaultBundleDir, sha256Hex } from './localBundle.js';

/** What import.meta.url reads inside the bundle (no such directory exists on a remote). */
export const BUNDLE_URL = 'file:///isoscope-remote-agent/dist/electron/agent/remote/isoscope-agent.cjs';

export interface BuiltHelper {
  name: BundledHelperName;
  arch: string;
  /** Its path in the output directory (seccomp-dump-x86_64). */
  path: string;
  sha256: string;
  size: number;
}

export interface BuildOptions {
  /** Default: dist/remote. */
  outDir?: string;
  /** Where the helpers are built (default dist/native; compiled only when missing or stale). */
  helperDir?: string;
  /**
   * The architecture the helpers are labelled with (default: this machine's `uname -m`). Tests
   * label them for another one to see a remote of a different architecture refuse them.
   */
  arch?: string;
}

/** Writes `bytes` to `path` through a fresh temporary name and a rename (a symlink at `path` is replaced, never written through). */
function writeAtomic(path: string, bytes: Buffer | string, mode: number): void {
  const tmp = `${path}.tmp-${process.pid}`;
  rmSync(tmp, { force: true });
  writeFileSync(tmp, bytes, { flag: 'wx', mode });
  chmodSync(tmp, mode);
  renameSync(tmp, path);
}

export async function buildAgentBundle(
  opts: BuildOptions | string = {},
): Promise<{ path: string; sha256: string; size: number; helpers: BuiltHelper[] }> {
  const o: BuildOptions = typeof opts === 'string' ? { outDir: opts } : opts;
  const outDir = o.outDir ?? defaultBundleDir();
  const helperDir = o.helperDir ?? defaultHelperDir();
  const arch = o.arch ?? machineArch();
  const here = dirname(fileURLToPath(import.meta.url));
  mkdirSync(outDir, { recursive: true });

  buildHelper(helperDir);
  const helpers: BuiltHelper[] = BUNDLED_HELPERS.map((name) => {
    const bytes = readFileSync(join(helperDir, name));
    const path = join(outDir, helperFileName(name, arch));
    writeAtomic(path, bytes, 0o755);
    return { name, arch, path, sha256: sha256Hex(bytes), size: bytes.length };
  });
  const bundled: BundledHelpers = checkBundledHelpers({
    arch,
    sha256: Object.fromEntries(helpers.map((h) => [h.name, h.sha256])),
  });

  const path = join(outDir, BUNDLE_NAME);
  const tmp = `${path}.tmp-${process.pid}`;
  await build({
    entryPoints: [join(here, 'agentEntry.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    minify: true,
    legalComments: 'eof',
    outfile: tmp,
    define: { 'import.meta.url': '__isoscopeBundleUrl' },
    // __isoscopeBundleFile: where the remote's node loaded the bundle from (the loader compiles it
    // as a module of that file name); __isoscopeHelpers: the helpers' architecture and digests.
    banner: {
      js: `"use strict";var __isoscopeBundleUrl=${JSON.stringify(BUNDLE_URL)};var __isoscopeBundleFile=typeof __filename==="string"?__filename:"";var __isoscopeHelpers=${JSON.stringify(bundled)};`,
    },
    logLevel: 'warning',
  });
  const bytes = readFileSync(tmp);
  const sha256 = sha256Hex(bytes);
  renameSync(tmp, path);
  writeAtomic(
    `${path}.sha256`,
    formatManifest([
      { sha256, file: BUNDLE_NAME },
      ...helpers.map((h) => ({ sha256: h.sha256, file: helperFileName(h.name, h.arch) })),
    ]),
    0o644,
  );
  return { path, sha256, size: bytes.length, helpers };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--out');
  const r = await buildAgentBundle(i > 0 ? { outDir: resolve(process.argv[i + 1]!) } : {});
  process.stdout.write(`${r.path}: ${r.size} bytes, sha256 ${r.sha256}\n`);
  for (const h of r.helpers) process.stdout.write(`${h.path}: ${h.size} bytes, sha256 ${h.sha256}\n`);
}
