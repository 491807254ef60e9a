import { describe, expect, it } from 'vitest';
import { parseCommandLine, UsageError, type FlagTable } from './args.js';

const TABLE: FlagTable = {
  root: { type: 'string', help: '' },
  'runc-root': { type: 'string', repeats: true, help: '' },
  pretty: { type: 'boolean', help: '' },
  duration: { type: 'string', help: '' },
  help: { type: 'boolean', short: 'h', help: '' },
};

describe('parseCommandLine', () => {
  it('takes a command, valued and boolean flags (both --x v and --x=v), repeats and positionals', () => {
    const a = parseCommandLine(['list', '--root', '/r', '--runc-root=/a', '--runc-root', '/b', '--pretty', 'extra'], TABLE);
    expect(a.command).toBe('list');
    expect(a.flags.get('root')).toEqual(['/r']);
    expect(a.flags.get('runc-root')).toEqual(['/a', '/b']);
    expect(a.flags.get('pretty')).toEqual(['true']);
    expect(a.positional).toEqual(['extra']);
    expect(a.afterDashDash).toBeNull();
  });

  it('a value may start with a dash; -h is --help; words after -- are positionals, kept apart too', () => {
    const a = parseCommandLine(['export', '--duration', '-1', '-h', 'x', '--', 'sh', '--pretty'], TABLE);
    expect(a.flags.get('duration')).toEqual(['-1']);
    expect(a.flags.get('help')).toEqual(['true']);
    expect(a.positional).toEqual(['x', 'sh', '--pretty']);
    expect(a.afterDashDash).toEqual(['sh', '--pretty']);
  });

  it('refuses unknown flags, missing values and values on booleans', () => {
    expect(() => parseCommandLine(['list', '--nope'], TABLE)).toThrow(UsageError);
    expect(() => parseCommandLine(['list', '--nope'], TABLE)).toThrow(/^unknown option --nope$/);
    expect(() => parseCommandLine(['list', '-x'], TABLE)).toThrow(/^unknown option -x$/);
    expect(() => parseCommandLine(['list', '--root'], TABLE)).toThrow(/^--root needs a value$/);
    expect(() => parseCommandLine(['list', '--pretty=yes'], TABLE)).toThrow(/^--pretty takes no value$/);
  });

  it("another command's flag does not apply here; a flag named like an Object member is unknown", () => {
    const context = { command: 'list', takenElsewhere: (n: string) => n === 'json' };
    expect(() => parseCommandLine(['list', '--json'], TABLE, context)).toThrow(
      /^list: --json does not apply here \(isoscope list --help\)$/,
    );
    expect(() => parseCommandLine(['list', '--bogus'], TABLE, context)).toThrow(/^unknown option --bogus$/);
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty'])
      expect(() => parseCommandLine(['list', `--${name}`], TABLE)).toThrow(`unknown option --${name}`);
  });
});
