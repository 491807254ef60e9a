// `isoscope <command> …`: the command comes first, then its flags. Commands are listed in
// commands.ts (each in its own module: snapshotCommand.ts, listCommand.ts, agentCommand.ts,
// serveCommand.ts, seccomp/command.ts, seccomp/profileCommand.ts, diffCommand.ts,
// exportCommand.ts, auditCommand.ts); commandLine/command.ts runs them: flags, --help, errors
// and exit codes. User errors are one line on stderr and exit 2; nothing here prints a stack trace.
import { UsageError } from '../commandLine/args.js';
import { EXIT, fail, PROCESS_IO, runCommand, usageText, type CommandIo } from '../commandLine/command.js';
import { AGENT_VERSION } from '../version.js';
import { COMMANDS, findCommand } from './commands.js';
import { overviewText } from './help.js';

const isHelp = (word: string | undefined): boolean => word === '--help' || word === '-h';

export async function main(argv: string[], io: CommandIo = PROCESS_IO): Promise<number> {
  const [first, ...rest] = argv;
  try {
    if (first === undefined || isHelp(first)) {
      io.stdout.write(overviewText());
      return first === undefined ? EXIT.usage : EXIT.ok;
    }
    if (first === '--version') {
      io.stdout.write(AGENT_VERSION + '\n');
      return EXIT.ok;
    }
    if (first === 'help') {
      if (rest[0] === undefined) {
        io.stdout.write(overviewText());
        return EXIT.ok;
      }
      io.stdout.write(usageText(commandNamed(rest[0])));
      return EXIT.ok;
    }
    if (first.startsWith('-'))
      throw new UsageError(`the command comes first: isoscope <command> [flags…] (isoscope --help), not ${first}`);
    return await runCommand(commandNamed(first), argv, io);
  } catch (err) {
    return fail(null, err, io);
  }
}

function commandNamed(name: string) {
  const cmd = findCommand(name);
  if (!cmd) throw new UsageError(`unknown command "${name}" (try: ${COMMANDS.map((c) => c.name).join(', ')}, help)`);
  return cmd;
}
