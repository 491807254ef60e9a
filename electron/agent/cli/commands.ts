// Every `isoscope` command, in the order `isoscope --help` lists them. main.ts dispatches from
// this list; `isoscope --help`, `isoscope help <name>` and `isoscope <name> --help` are derived
// from it; tests check each entry (commands.test.ts).
//
// To add a command:
//   1. write cli/<name>Command.ts exporting a Command (commandLine/command.ts): name, summary,
//      usage lines, description, flags as data (take them from commandLine/flags.ts FLAGS, and
//      ...COLLECT_FLAGS with flagGroups: [COLLECT_GROUP] if it collects; a new flag goes into
//      FLAGS), and run(args, io) returning an exit code (commandLine/command.ts EXIT). Throw
//      UsageError for the user's mistakes: one line on stderr, exit 2. Find a container with
//      commandLine/containerLookup.ts. Write through io (terminalSafe() on what containers wrote).
//   2. add it to COMMANDS below. Nothing else: parsing, --help and errors come with it.
//   A command that already has an `(argv, io) => Promise<number>` function and parses its own
//   words may be wrapped: declare its flags (they are checked first), and pass it args.argv, the
//   words after its name. E.g. for `isoscope lab up|down|status [--preset p,…]`:
//     export const LAB_COMMAND: Command = { name: 'lab', summary: '…', usage: ['lab up|down|status [--preset p[,p…]]'],
//       flags: { preset: { type: 'string', value: 'P[,P…]', help: '…' } }, run: (a, io) => labCommand(a.argv, io) };
import type { Command } from '../commandLine/command.js';
import { PROFILE_COMMAND } from '../seccomp/profileCommand.js';
import { SECCOMP_COMMAND } from '../seccomp/command.js';
import { AGENT_COMMAND } from './agentCommand.js';
import { AUDIT_COMMAND } from './auditCommand.js';
import { DIFF_COMMAND } from './diffCommand.js';
import { EXPORT_COMMAND } from './exportCommand.js';
import { HOST_COMMAND } from './hostCommand.js';
import { K8S_COMMAND } from './k8sCommand.js';
import { LAB_COMMAND } from './labCommand.js';
import { LIST_COMMAND } from './listCommand.js';
import { SERVE_COMMAND } from './serveCommand.js';
import { SNAPSHOT_COMMAND } from './snapshotCommand.js';

export const COMMANDS: readonly Command[] = [
  SNAPSHOT_COMMAND,
  LIST_COMMAND,
  AGENT_COMMAND,
  SERVE_COMMAND,
  SECCOMP_COMMAND,
  PROFILE_COMMAND,
  DIFF_COMMAND,
  EXPORT_COMMAND,
  AUDIT_COMMAND,
  HOST_COMMAND,
  LAB_COMMAND,
  K8S_COMMAND,
];

/** The command with this name, or undefined. */
export const findCommand = (name: string): Command | undefined => COMMANDS.find((c) => c.name === name);
