// Command-line parsing for `isoscope`: a command, then --flags. Unknown flags are user errors.
export class UsageError extends Error {}

export interface ParsedArgs {
  command: string | null;
  positional: string[];
  flags: Map<string, string[]>;
}

/** Flags that take a value; every other flag is boolean. */
const VALUED = new Set([
  'root', 'interval', 'docker-root', 'docker-socket', 'podman-socket', 'runc-root', 'crun-root',
  'storage-root', 'storage-runroot', 'containerd-state', 'port', 'out', 'duration', 'from', 'fail-on',
]);
const BOOLEAN = new Set(['pretty', 'stdio', 'help', 'no-api', 'json', 'version', 'open', 'html', 'md', 'sarif', 'junit']);

export function parseArgs(argv: string[]): ParsedArgs {
  const flags = new Map<string, string[]>();
  const positional: string[] = [];
  let command: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq < 0 ? undefined : eq);
      let value: string;
      if (VALUED.has(name)) {
        if (eq >= 0) value = arg.slice(eq + 1);
        else {
          const next = argv[++i];
          if (next === undefined) throw new UsageError(`--${name} needs a value`);
          value = next;
        }
      } else if (BOOLEAN.has(name)) {
        if (eq >= 0) throw new UsageError(`--${name} takes no value`);
        value = 'true';
      } else throw new UsageError(`unknown option --${name}`);
      flags.set(name, [...(flags.get(name) ?? []), value]);
    } else if (arg === '-h') flags.set('help', ['true']);
    else if (command === null) command = arg;
    else positional.push(arg);
  }
  return { command, positional, flags };
}

export const flag = (a: ParsedArgs, name: string): string | undefined => a.flags.get(name)?.at(-1);
export const flags = (a: ParsedArgs, name: string): string[] => a.flags.get(name) ?? [];
