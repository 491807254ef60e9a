// The native helpers that travel with the remote agent bundle (agentBundle.build.ts): their names
// per machine architecture, the digest manifest beside the bundle, and the description the build
// writes into the bundle itself, from which the remote agent finds and checks them.
//
//   dist/remote/isoscope-agent.cjs            the agent
//   dist/remote/seccomp-dump-x86_64           a helper, named by `uname -m` of the build machine
//   dist/remote/kernel-probe-x86_64
//   dist/remote/isoscope-agent.cjs.sha256     sha256sum format: the agent's line first, then each helper's
//
// On a remote whose `uname -m` matches, `isoscope host install` puts each helper beside the agent
// as <name>-<arch>-<sha256> (content-addressed like agent-<sha256>.cjs). The bundle carries the
// helpers' digests (covered by its own digest, which the remote checks before every start), so
// the remote agent hashes a helper file before every run of it and refuses one that differs.
import { execFileSync } from 'node:child_process';
import { machine } from 'node:os';

/** The helpers the bundle carries (nativeHelper.ts HELPERS; repeated here so that this file imports nothing of the collector). */
export const BUNDLED_HELPERS = ['seccomp-dump', 'kernel-probe'] as const;
export type BundledHelperName = (typeof BUNDLED_HELPERS)[number];

/** What `uname -m` prints: x86_64, aarch64, armv7l, riscv64, s390x, ppc64le… */
export const ARCH = /^[a-z0-9_]{1,32}$/;
const HEX64 = /^[0-9a-f]{64}$/;

/** This machine's architecture as `uname -m` names it. */
export function machineArch(): string {
  let arch: string;
  try {
    arch = machine();
  } catch {
    arch = execFileSync('uname', ['-m'], { encoding: 'utf8' }).trim();
  }
  if (!ARCH.test(arch)) throw new Error(`unexpected machine architecture ${JSON.stringify(arch.slice(0, 40))}`);
  return arch;
}

/** A helper's file name in dist/remote: seccomp-dump-x86_64. */
export function helperFileName(name: BundledHelperName, arch: string): string {
  if (!ARCH.test(arch)) throw new Error(`not an architecture name: ${JSON.stringify(arch.slice(0, 40))}`);
  return `${name}-${arch}`;
}

/** A helper's file name on a remote, beside the agent: seccomp-dump-x86_64-<sha256>. */
export function installedHelperName(name: BundledHelperName, arch: string, sha256: string): string {
  if (!HEX64.test(sha256)) throw new Error('helper digest must be 64 lowercase hex digits');
  return `${helperFileName(name, arch)}-${sha256}`;
}

/** What the bundle knows of its helpers: the architecture they were built for and each one's sha256. */
export interface BundledHelpers {
  arch: string;
  sha256: Record<BundledHelperName, string>;
}

/** Checks a BundledHelpers value (the build's, or one read back): throws on anything else. */
export function checkBundledHelpers(v: unknown): BundledHelpers {
  if (typeof v !== 'object' || v === null) throw new Error('bundled helpers: not an object');
  const o = v as { arch?: unknown; sha256?: unknown };
  if (typeof o.arch !== 'string' || !ARCH.test(o.arch)) throw new Error('bundled helpers: bad arch');
  if (typeof o.sha256 !== 'object' || o.sha256 === null) throw new Error('bundled helpers: no digests');
  const sha256 = Object.create(null) as Record<BundledHelperName, string>;
  for (const name of BUNDLED_HELPERS) {
    const d = Object.hasOwn(o.sha256, name) ? (o.sha256 as Record<string, unknown>)[name] : undefined;
    if (typeof d !== 'string' || !HEX64.test(d)) throw new Error(`bundled helpers: bad digest for ${name}`);
    sha256[name] = d;
  }
  return { arch: o.arch, sha256 };
}

/** One line of the manifest: a digest and a file name in dist/remote. */
export interface ManifestEntry {
  sha256: string;
  file: string;
}

/** The manifest's text (sha256sum's format, `sha256sum -c` checks it in dist/remote). */
export const formatManifest = (entries: readonly ManifestEntry[]): string =>
  entries.map((e) => `${e.sha256}  ${e.file}\n`).join('');

/** Parses the manifest: every line `<sha256>  <file>`, the file a plain name; throws on anything else. */
export function parseManifest(text: string): ManifestEntry[] {
  const out: ManifestEntry[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const m = /^([0-9a-f]{64}) [ *]([A-Za-z0-9._-]{1,128})$/.exec(line);
    if (!m) throw new Error(`not a manifest line: ${JSON.stringify(line.slice(0, 100))}`);
    out.push({ sha256: m[1]!, file: m[2]! });
  }
  return out;
}
