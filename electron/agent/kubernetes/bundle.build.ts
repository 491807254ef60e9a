// Builds the one-file `kubectl-isoscope` plugin: `npx tsx electron/agent/kubernetes/bundle.build.ts [OUT]`
// (default dist/kubectl-isoscope.cjs). CommonJS with a shebang, so the file runs as it is when
// copied onto PATH under the name kubectl-isoscope (an extensionless file outside a "type":
// "module" package is CommonJS). plugin.test.ts builds it with these same options.
//
// undici: @kubernetes/client-node 2.0.1 depends on undici 8, which needs Node 22 (it calls
// zlib.createZstdDecompress and webidl helpers Node 20 lacks: loading it throws on Node 20).
// The bundle takes the undici 7 of this repository's node_modules instead (Node >= 20.18.1),
// whose Agent and ProxyAgent are what client-node uses. Under Node 22+ either works.
import { build, type BuildOptions } from 'esbuild';
import { chmodSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../../', import.meta.url));

export const PLUGIN_BUNDLE_OPTIONS: BuildOptions = {
  absWorkingDir: repo,
  entryPoints: ['electron/agent/kubernetes/pluginEntry.ts'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  legalComments: 'linked',
  alias: { undici: './node_modules/undici' },
  banner: { js: '#!/usr/bin/env node' },
  logLevel: 'warning',
};

export async function buildPlugin(outfile: string): Promise<void> {
  await build({ ...PLUGIN_BUNDLE_OPTIONS, outfile });
  chmodSync(outfile, 0o755);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = process.argv[2] ?? `${repo}dist/kubectl-isoscope.cjs`;
  await buildPlugin(out);
  process.stdout.write(`${out}\n`);
}
