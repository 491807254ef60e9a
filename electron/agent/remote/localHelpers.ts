// The native helpers built beside the remote agent bundle (agentBundle.build.ts), read back for
// `isoscope host install`: the manifest's lines after the agent's, each file's digest recomputed
// and checked against its line (a helper changed after the build is refused, as the bundle is).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARCH, BUNDLED_HELPERS, parseManifest, type BundledHelperName } from './helperManifest.js';
import { BUNDLE_NAME, defaultBundleDir, sha256Hex } from './localBundle.js';

export interface LocalHelper {
  name: BundledHelperName;
  arch: string;
  /** Its name in dist/remote (seccomp-dump-x86_64). */
  file: string;
  sha256: string;
  bytes: Buffer;
}

/** The helpers the manifest lists (none for a bundle built before helpers travelled); throws when one is missing or changed. */
export function localHelpers(dir: string = defaultBundleDir()): LocalHelper[] {
  const manifest = join(dir, BUNDLE_NAME + '.sha256');
  const entries = parseManifest(readFileSync(manifest, 'utf8'));
  const out: LocalHelper[] = [];
  for (const e of entries) {
    if (e.file === BUNDLE_NAME) continue;
    const name = BUNDLED_HELPERS.find((n) => e.file.startsWith(`${n}-`) && ARCH.test(e.file.slice(n.length + 1)));
    if (!name) throw new Error(`${manifest}: ${e.file} is not a helper this build knows`);
    const path = join(dir, e.file);
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (err) {
      throw new Error(`the helper ${path} is missing (${(err as NodeJS.ErrnoException).code ?? String(err)}): run npm run build`);
    }
    const sha256 = sha256Hex(bytes);
    if (sha256 !== e.sha256)
      throw new Error(`the helper ${path} has sha256 ${sha256}, not the ${e.sha256} recorded at build: rebuild it`);
    out.push({ name, arch: e.file.slice(name.length + 1), file: e.file, sha256, bytes });
  }
  return out;
}
