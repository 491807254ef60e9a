// How the GUI starts its collector: `isoscope agent --stdio` from this same installation, run
// by the same Node (or by Electron's binary acting as Node), with the user's collector flags.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AgentCommand } from './agentConnection.js';

/** bin/isoscope.js of this installation (outside app.asar when packaged). */
export function agentScript(): string {
  // dist/electron/main/service/ → the package root is four levels up.
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
  const script = join(root, 'bin', 'isoscope.js');
  const unpacked = script.replace(`${'app.asar'}/`, 'app.asar.unpacked/');
  return existsSync(unpacked) ? unpacked : script;
}

export function makeAgentCommand(collectorFlags: string[], runtime: 'node' | 'electron'): (intervalMs: number) => AgentCommand {
  return (intervalMs) => ({
    command: process.execPath,
    args: [agentScript(), 'agent', '--stdio', '--interval', String(intervalMs / 1000), ...collectorFlags],
    ...(runtime === 'electron' ? { keepEnv: { ELECTRON_RUN_AS_NODE: '1' } } : {}),
  });
}
