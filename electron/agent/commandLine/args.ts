// The one flag parser of `isoscope`: each command declares its flags as data (a FlagTable) and
// Node's util.parseArgs splits the words (--x v, --x=v, -h, --). What util.parseArgs leaves to
// the caller is checked here, with one message per mistake: an unknown flag, a flag that needs
// a value without one, a value given to a flag that takes none.
import { parseArgs as splitArgs } from 'node:util';

/** A mistake in the command line: one line on stderr and exit 2 (commandLine/command.ts). */
export class UsageError extends Error {}

export interface FlagSpec {
  type: 'string' | 'boolean';
  /** What the value is, in the usage text: DIR, FILE, SEC… (string flags). */
  value?: string;
  /** One line for the usage text. */
  help: string;
  /** A one-letter alias (-h). */
  short?: string;
  /** May be given more than once, each value kept (added to the defaults); otherwise the last one counts. */
  repeats?: boolean;
}

/** Flag name (without --) → what it is. */
export type FlagTable = Readonly<Record<string, FlagSpec>>;

export interface ParsedArgs {
  /** The first word that is not a flag (the command), or null. */
  command: string | null;
  /** Every other word, in order (those after `--` included). */
  positional: string[];
  /** The words after `--`, or null when there is no `--`. */
  afterDashDash: string[] | null;
  /** Each flag given, with its values in order ('true' for a boolean). */
  flags: Map<string, string[]>;
  /** The words as given, without the command word (for a command that reads them itself). */
  argv: string[];
}

/** --help and -h: every command answers them with its usage. */
export const HELP_FLAG: FlagSpec = { type: 'boolean', short: 'h', help: 'this text' };

/** For the message about a flag this command does not take: is it another command's flag. */
export interface FlagContext {
  command: string;
  takenElsewhere(name: string): boolean;
}

/**
 * Splits argv (the command word first, when there is one) against the flags it may use.
 * Throws UsageError for an unknown flag, a missing value or a value on a boolean.
 */
export function parseCommandLine(argv: readonly string[], table: FlagTable, context?: FlagContext): ParsedArgs {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = Object.create(null);
  for (const [name, spec] of Object.entries(table))
    options[name] = spec.short ? { type: spec.type, short: spec.short } : { type: spec.type };
  // strict: false so that the messages below are ours; every token is checked against the table.
  const { tokens } = splitArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  const flags = new Map<string, string[]>();
  const words: string[] = [];
  let afterDashDash: string[] | null = null;
  let commandIndex = -1;
  for (const t of tokens) {
    if (t.kind === 'option-terminator') afterDashDash = [];
    else if (t.kind === 'positional') {
      if (words.length === 0) commandIndex = t.index;
      words.push(t.value);
      afterDashDash?.push(t.value);
    } else {
      const spec = Object.hasOwn(table, t.name) ? table[t.name] : undefined;
      if (spec === undefined) {
        if (context && t.rawName.startsWith('--') && context.takenElsewhere(t.name))
          throw new UsageError(`${context.command}: ${t.rawName} does not apply here (isoscope ${context.command} --help)`);
        throw new UsageError(`unknown option ${t.rawName}`);
      }
      let value: string;
      if (spec.type === 'string') {
        if (t.value === undefined) throw new UsageError(`--${t.name} needs a value`);
        value = t.value;
      } else {
        if (t.inlineValue) throw new UsageError(`--${t.name} takes no value`);
        value = 'true';
      }
      flags.set(t.name, [...(flags.get(t.name) ?? []), value]);
    }
  }
  const [command = null, ...positional] = words;
  return { command, positional, afterDashDash, flags, argv: argv.filter((_, i) => i !== commandIndex) };
}

/** The flag's value (the last one given), or undefined. */
export const flag = (a: ParsedArgs, name: string): string | undefined => a.flags.get(name)?.at(-1);
/** Every value of a repeatable flag, in order. */
export const flags = (a: ParsedArgs, name: string): string[] => a.flags.get(name) ?? [];

/** A number of seconds from a flag, within bounds, or the fallback when the flag is absent. */
export function secondsFlag(a: ParsedArgs, name: string, fallback: number, min: number, max: number): number {
  const raw = flag(a, name);
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v) || v < min || v > max)
    throw new UsageError(`--${name} must be seconds between ${min} and ${max}`);
  return v;
}
