// `isoscope serve`: browser mode. The same renderer and handlers as the desktop app, served on
// 127.0.0.1 with a token in the printed URL — for headless servers and SSH tunnels.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVE_COMMAND } from '../../agent/cli/serveCommand.js';
import { flag, parseCommandLine, UsageError, type ParsedArgs } from '../../agent/commandLine/args.js';
import { collectOptions, COLLECT_FLAGS } from '../../agent/commandLine/collectFlags.js';
import { flagsOf } from '../../agent/commandLine/command.js';
import { intervalMs } from '../../agent/commandLine/intervalFlag.js';
import { isKnownFlag } from '../../agent/commandLine/flags.js';
import { IsoscopeService } from '../service/service.js';
import { makeAgentCommand } from '../service/agentCommand.js';
import { startBrowserServer } from './server.js';
import { hostOptions, SERVE_HOST_FLAGS } from './hostFlags.js';
import { GUI_INTERVAL_MS } from '../../../shared/ipc/contract.js';

/** dist/renderer, built by `npm run build`. */
export function rendererDir(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'renderer');
}

/** argv: the words after `isoscope`, starting with "serve"; parsed against serve's flags. */
export function parseServeArgs(argv: readonly string[]): ParsedArgs {
  return parseCommandLine(
    argv,
    { ...flagsOf(SERVE_COMMAND), ...SERVE_HOST_FLAGS },
    { command: SERVE_COMMAND.name, takenElsewhere: isKnownFlag },
  );
}

/** The collector flags to pass through to the agent: every one given, as given (none of serve's own). */
export function passThrough(a: ParsedArgs): string[] {
  return Object.entries(COLLECT_FLAGS).flatMap(([name, spec]) =>
    (a.flags.get(name) ?? []).flatMap((value) => (spec.type === 'boolean' ? [`--${name}`] : [`--${name}`, value])),
  );
}

export async function serveMain(argv: string[]): Promise<number> {
  try {
    const a = parseServeArgs(argv);
    collectOptions(a); // validates --root and friends before anything starts
    const port = Number(flag(a, 'port') ?? '0');
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be 0–65535');
    const interval = intervalMs(a, GUI_INTERVAL_MS);
    const dir = rendererDir();
    if (!existsSync(join(dir, 'index.html'))) throw new UsageError(`the renderer is not built (${dir}) — run \`npm run build\``);
    const service = new IsoscopeService({
      agentCommand: makeAgentCommand(passThrough(a), 'node'),
      intervalMs: interval,
      root: flag(a, 'root') ?? '/',
      ...hostOptions(a),
    });
    service.start();
    const server = await startBrowserServer({ service, rendererDir: dir, port });
    process.stdout.write(
      `Isoscope is serving on 127.0.0.1 only. Open:\n\n  ${server.url}\n\n(the token is needed once: the page trades it for a cookie for this port and drops it from the address bar; Ctrl-C stops)\n`,
    );
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    service.stop();
    await server.close();
    return 0;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (err instanceof UsageError) {
      process.stderr.write(`isoscope: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`isoscope serve: ${e.code === 'EADDRINUSE' ? 'that port is in use' : e.message}\n`);
    return 1;
  }
}
