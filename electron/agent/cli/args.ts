// `isoscope serve`'s way into the one flag parser (commandLine/args.ts): electron/main/serve/
// cli.ts parses its argv here, against serve's flags. Commands of the agent use
// commandLine/command.ts's runCommand instead.
import { parseCommandLine, type ParsedArgs } from '../commandLine/args.js';
import { flagsOf } from '../commandLine/command.js';
import { isKnownFlag } from '../commandLine/flags.js';
import { SERVE_COMMAND } from './serveCommand.js';

export { flag, flags, UsageError, type ParsedArgs } from '../commandLine/args.js';

/** argv: the words after `isoscope`, starting with "serve". */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  return parseCommandLine(argv, flagsOf(SERVE_COMMAND), { command: SERVE_COMMAND.name, takenElsewhere: isKnownFlag });
}
