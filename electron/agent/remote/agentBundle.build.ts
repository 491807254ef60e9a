// Build step (after tsc): one self-contained file, dist/remote/isoscope-agent.cjs, holding the
// collector's command line and everything it imports (zod included), for a remote host that has
// node ≥ 18 but not this repository; its sha256 beside it (isoscope-agent.cjs.sha256, sha256sum
// format). `isoscope host install` copies it to ~/.cache/isoscope/agent-<sha256>.cjs and the
// remote side checks the digest before every start (sshCommand.ts).
//
// The native helpers (seccomp-dump, kernel-probe in dist/native) do not travel: the collector
// looks for them in a directory that does not exist on a remote (import.meta.url is pinned to
// /isoscope-remote-agent/…), so what only they read (decoded seccomp filters, cgroup v2 device
// programs, BPF LSM programs, the Landlock ABI) is reported unavailable there, with that reason.
//
//   tsx electron/agent/remote/agentBundle.build.ts [--out DIR]
import { build } from 'esbuild';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLE_NAME, defaultBundleDir, sha256Hex } from './localBundle.js';

/** What import.meta.url reads inside the bundle (no such directory exists on a remote). */
export const BUNDLE_URL = 'file:///isoscope-remote-agent/dist/electron/agent/remote/isoscope-agent.cjs';

export async function buildAgentBundle(
  outDir: string = defaultBundleDir(),
): Promise<{ path: string; sha256: string; size: number }> {
  const here = dirname(fileURLToPath(import.meta.url));
  mkdirSync(outDir, { recursive: true });
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
    banner: { js: `"use strict";var __isoscopeBundleUrl=${JSON.stringify(BUNDLE_URL)};` },
    logLevel: 'warning',
  });
  const bytes = readFileSync(tmp);
  const sha256 = sha256Hex(bytes);
  renameSync(tmp, path);
  writeFileSync(`${path}.sha256`, `${sha256}  ${BUNDLE_NAME}\n`);
  return { path, sha256, size: bytes.length };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--out');
  const r = await buildAgentBundle(i > 0 ? resolve(process.argv[i + 1]!) : undefined);
  process.stdout.write(`${r.path}: ${r.size} bytes, sha256 ${r.sha256}\n`);
}
