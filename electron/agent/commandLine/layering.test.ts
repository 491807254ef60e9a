// cli/ imports the commands (seccomp/, profile) and commandLine/; none of those may import cli/
// back (the loop issue 13 removed). Read from the sources, as the compiler sees the imports.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const AGENT = new URL('..', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'fixtures' ? [] : sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

const IMPORT = /^\s*(?:import|export)\b[^'"]*from\s+'([^']+)'/gm;

describe('layering', () => {
  it.each(['commandLine', 'seccomp'])('nothing in electron/agent/%s imports cli/', (dir) => {
    const offending: string[] = [];
    for (const file of sources(join(AGENT, dir))) {
      for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
        const target = relative(AGENT, join(file, '..', m[1]!));
        if (target.startsWith('cli/')) offending.push(`${relative(AGENT, file)} → ${m[1]}`);
      }
    }
    expect(offending).toEqual([]);
  });
});
