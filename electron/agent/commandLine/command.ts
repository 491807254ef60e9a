// The shape of an `isoscope` command and the one path every command runs through: its flags
// parsed against its own table, --help answered with its usage, and errors turned into one
// line on stderr and an exit code.
//
// Exit codes, for every command:
//   0  done (diff: A and B are equally isolated)
//   1  a result the caller asked to hear about (diff: they differ; audit: a finding at or above
//      --fail-on), or, for commands without such a result, a failure (filters unreadable, …)
//   2  a usage error (unknown flag, missing value, bad argument); also a failure for the
//      commands whose 1 is a result (failureExit: 2), so a script can tell them apart
//   130 cancelled (Ctrl-C)
import { AGENT_VERSION } from '../version.js';
import { HELP_FLAG, parseCommandLine, UsageError, type FlagTable, type ParsedArgs } from './args.js';
import { isKnownFlag } from './flags.js';
import { terminalSafe } from './terminalSafe.js';

export const EXIT = { ok: 0, result: 1, failure: 1, usage: 2, cancelled: 130 } as const;

export interface Output {
  write(text: string): unknown;
  /** A terminal: a usage error shows the command's usage after its one line. */
  isTTY?: boolean;
}
export interface CommandIo {
  stdout: Output;
  stderr: Output;
}
/** The process's own stdout/stderr (looked up at each write, so tests may replace them). */
export const PROCESS_IO: CommandIo = {
  stdout: {
    write: (t) => process.stdout.write(t),
    get isTTY() {
      return process.stdout.isTTY === true;
    },
  },
  stderr: {
    write: (t) => process.stderr.write(t),
    get isTTY() {
      return process.stderr.isTTY === true;
    },
  },
};

export interface Command {
  /** The word after `isoscope`. */
  name: string;
  /** One line for `isoscope --help`. */
  summary: string;
  /** Synopsis lines, each after `isoscope ` (the first one starts with the name). */
  usage: readonly string[];
  /** What it does, for `isoscope help <name>`: plain text, lines up to ~100 columns. */
  description?: string;
  /** Its flags (--help is added). Keys are flag names without --. */
  flags: FlagTable;
  /** Flag groups shown apart in the usage, as one line each (the collector's "where to look" flags). */
  flagGroups?: readonly { title: string; names: readonly string[] }[];
  /** Runs with its parsed arguments (args.command is the command's own name). */
  run(args: ParsedArgs, io: CommandIo): Promise<number>;
  /** Exit code of a failure that is not a usage error (default EXIT.failure). */
  failureExit?: number;
  /** The one-line message for failures this command knows (e.g. unreadable seccomp filters). */
  explain?(err: unknown): string | undefined;
}

/** The flags a command accepts: its own and --help. */
export const flagsOf = (cmd: Command): FlagTable => ({ help: HELP_FLAG, ...cmd.flags });

function flagLine(name: string, spec: FlagTable[string]): [string, string] {
  const short = spec.short ? `-${spec.short}, ` : '';
  return [`${short}--${name}${spec.type === 'string' ? ` ${spec.value ?? 'VALUE'}` : ''}`, spec.help];
}

/** `isoscope help <name>` and `isoscope <name> --help`: synopsis, description, every flag. */
export function usageText(cmd: Command): string {
  const lines = cmd.usage.map((u, i) => `${i === 0 ? 'usage:' : '      '} isoscope ${u}`);
  if (cmd.description) lines.push('', cmd.description.trimEnd());
  const grouped = new Set((cmd.flagGroups ?? []).flatMap((g) => g.names));
  const rows = Object.entries(flagsOf(cmd))
    .filter(([name]) => !grouped.has(name))
    .map(([name, spec]) => flagLine(name, spec));
  if (rows.length > 0) {
    const width = Math.max(...rows.map(([f]) => f.length)) + 2;
    lines.push('', ...rows.map(([f, help]) => `  ${f.padEnd(width)}${help}`));
  }
  for (const g of cmd.flagGroups ?? []) {
    const present = g.names.filter((n) => Object.hasOwn(cmd.flags, n));
    if (present.length === 0) continue;
    lines.push('', `${g.title}:`, `  ${present.map((n) => flagLine(n, cmd.flags[n]!)[0]).join(', ')}`);
  }
  return lines.join('\n') + '\n';
}

/** The one line a failure prints (without the `isoscope: ` prefix). */
export function failureMessage(cmd: Command | null, err: unknown): string {
  if (err instanceof UsageError) return err.message;
  const known = cmd?.explain?.(err);
  const e = err as NodeJS.ErrnoException;
  const message = known ?? `${e.code ? `${e.code}: ` : ''}${e.message ?? String(err)}`;
  return `${cmd ? `${cmd.name}: ` : ''}${message}`;
}

/** Writes the failure as one line on stderr (and, on a terminal, a usage error's usage) and returns the exit code. */
export function fail(cmd: Command | null, err: unknown, io: CommandIo): number {
  const line = failureMessage(cmd, err).split('\n')[0]!;
  io.stderr.write(terminalSafe(`isoscope: ${line}`) + '\n');
  if (err instanceof UsageError) {
    if (cmd && io.stderr.isTTY) io.stderr.write('\n' + usageText(cmd));
    return EXIT.usage;
  }
  return cmd?.failureExit ?? EXIT.failure;
}

/**
 * Runs a command: argv are the words after `isoscope` (the command's name first, or left out).
 * Its flags are parsed against its own table; --help prints its usage; errors go through fail().
 */
export async function runCommand(cmd: Command, argv: readonly string[], io: CommandIo = PROCESS_IO): Promise<number> {
  try {
    const a = parseCommandLine(argv[0] === cmd.name ? argv : [cmd.name, ...argv], flagsOf(cmd), {
      command: cmd.name,
      takenElsewhere: isKnownFlag,
    });
    if (a.flags.has('help')) {
      io.stdout.write(usageText(cmd));
      return EXIT.ok;
    }
    return await cmd.run(a, io);
  } catch (err) {
    return fail(cmd, err, io);
  }
}

export const generatedBy = (): string => `isoscope ${AGENT_VERSION}`;
