#!/usr/bin/env node
// Entry point for `npx isoscope`: runs the built command line (npm run build first).
// `serve` is browser mode (the GUI's main side); every other command is the collector's, and so
// is `serve --help` (its usage lives in the command registry, electron/agent/cli/commands.ts).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const serve = argv[0] === 'serve' && !argv.includes('--help') && !argv.includes('-h');
const entry = serve
  ? join(here, '..', 'dist', 'electron', 'main', 'serve', 'cli.js')
  : join(here, '..', 'dist', 'electron', 'agent', 'cli', 'main.js');
if (!existsSync(entry)) {
  process.stderr.write('isoscope: not built yet — run `npm run build` in the repository first.\n');
  process.exit(2);
}
const mod = await import(pathToFileURL(entry).href);
process.exitCode = serve ? await mod.serveMain(argv) : await mod.main(argv);
