// The remote agent bundle built by agentBundle.build.ts: dist/remote/isoscope-agent.cjs and its
// sha256 (isoscope-agent.cjs.sha256, sha256sum's format). The digest is recomputed from the file
// and checked against the one written beside it: a bundle changed after the build is refused.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BUNDLE_NAME = 'isoscope-agent.cjs';

const here = dirname(fileURLToPath(import.meta.url));
/** dist/electron/agent/remote when built, electron/agent/remote when run from sources. */
const repoRoot = resolve(here, here.includes('/dist/electron/') ? '../../../..' : '../../..');

/** Default directory of the bundle: <repo>/dist/remote. */
export const defaultBundleDir = (): string => join(repoRoot, 'dist', 'remote');

export const sha256Hex = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

export interface AgentBundle {
  path: string;
  sha256: string;
  bytes: Buffer;
}

/** The built bundle, its bytes and digest; throws with what to do when it is missing or changed. */
export function localAgentBundle(dir: string = defaultBundleDir()): AgentBundle {
  const path = join(dir, BUNDLE_NAME);
  let bytes: Buffer;
  let recorded: string;
  try {
    bytes = readFileSync(path);
    recorded = readFileSync(path + '.sha256', 'utf8').split(/\s/)[0] ?? '';
  } catch (err) {
    throw new Error(
      `the remote agent bundle is not built (${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}): run npm run build`,
    );
  }
  const sha256 = sha256Hex(bytes);
  if (sha256 !== recorded)
    throw new Error(`the remote agent bundle ${path} has sha256 ${sha256}, not the ${recorded} recorded at build: rebuild it`);
  return { path, sha256, bytes };
}
