#!/usr/bin/env node
// Entry point for `npx isoscope`: runs the built command line (npm run build first).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..', 'dist', 'electron', 'agent', 'cli', 'main.js');
if (!existsSync(cli)) {
  process.stderr.write('isoscope: not built yet — run `npm run build` in the repository first.\n');
  process.exit(2);
}
const { main } = await import(pathToFileURL(cli).href);
process.exitCode = await main(process.argv.slice(2));
