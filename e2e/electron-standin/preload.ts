// The preload as a page init script: the renderer half (page/preloadHost.js) running the real
// preload bundle in every main-frame document before any page script.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BINDING, DELIVER, ELECTRON_VERSION, here } from './standinState.js';

/** The init script: the renderer half (page/preloadHost.js) running the real preload bundle. */
export function preloadScript(preloadPath: string): string {
  // preloadHost.js is one function expression (ending in `);`), called here with its arguments.
  const host = readFileSync(join(here, 'page', 'preloadHost.js'), 'utf8')
    .trimEnd()
    .replace(/;$/, '');
  const preload = readFileSync(preloadPath, 'utf8');
  const config = { binding: BINDING, deliver: DELIVER, preloadPath, electronVersion: ELECTRON_VERSION };
  return `${host}\n(${JSON.stringify(config)}, function (require, module, exports, process) {\n${preload}\n});`;
}
