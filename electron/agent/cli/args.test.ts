import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from './args.js';

describe('parseArgs', () => {
  it('takes a command, valued and boolean flags (both --x v and --x=v), repeats and positionals', () => {
    const a = parseArgs(['list', '--root', '/r', '--runc-root=/a', '--runc-root', '/b', '--pretty', 'extra']);
    expect(a.command).toBe('list');
    expect(a.flags.get('root')).toEqual(['/r']);
    expect(a.flags.get('runc-root')).toEqual(['/a', '/b']);
    expect(a.flags.get('pretty')).toEqual(['true']);
    expect(a.positional).toEqual(['extra']);
  });

  it('refuses unknown flags, missing values and values on booleans', () => {
    expect(() => parseArgs(['list', '--nope'])).toThrow(UsageError);
    expect(() => parseArgs(['list', '--root'])).toThrow('--root needs a value');
    expect(() => parseArgs(['list', '--pretty=yes'])).toThrow('--pretty takes no value');
  });
});
