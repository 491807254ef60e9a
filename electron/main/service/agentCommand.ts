// How the GUI starts its collector: `isoscope agent --stdio` from this same installation, run
// by the same Node (or by Electron's binary acting as Node), with the user's collector flags.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AgentCommand } from './agentConnection.js';

/** bin/isoscope.js of this installation (outside app.asar when packaged). */
export function agentScript(): string {
  // The package root is three levels up from the sources (electron/main/service/) and four
  // from the build (dist/electron/main/service/).
  const here = dirname(fileURLToPath(import.meta.url));
  for (const up of [
    ['..', '..', '..', '..'],
    ['..', '..', '..'],
  ]) {
    const script = join(here, ...up, 'bin', 'isoscope.js');
    const unpacked = script.replace('app.asar/', 'app.asar.unpacked/');
    if (existsSync(unpacked)) return unpacked;
    if (existsSync(script)) return script;
  }
  throw new Error(`cannot find bin/isoscope.js from ${here}`);
}

export function makeAgentCommand(collectorFlags: string[], runtime: 'node' | 'electron'): (intervalMs: number) => AgentCommand {
  return (intervalMs) => ({
    command: process.execPath,
    args: [agentScript(), 'agent', '--stdio', '--interval', String(intervalMs / 1000), ...collectorFlags],
    ...(runtime === 'electron' ? { keepEnv: { ELECTRON_RUN_AS_NODE: '1' } } : {}),
  });
}
