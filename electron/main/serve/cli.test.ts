// `isoscope serve` parses its words with the agent's one flag parser (commandLine/) and hands the
// agent only the collector's flags it was given.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../agent/commandLine/args.js';
import { parseServeArgs, passThrough } from './cli.js';

describe('serve command line', () => {
  it('passes every collector flag through, repeated ones each time, and none of its own', () => {
    const a = parseServeArgs([
      'serve',
      '--port',
      '0',
      '--runc-root',
      '/a',
      '--interval=2',
      '--root',
      '/',
      '--runc-root=/b',
      '--no-api',
      '--docker-socket',
      '/s',
    ]);
    expect(passThrough(a)).toEqual([
      '--root',
      '/',
      '--docker-socket',
      '/s',
      '--runc-root',
      '/a',
      '--runc-root',
      '/b',
      '--no-api',
    ]);
  });

  it('passes nothing when only its own flags are given', () => {
    expect(passThrough(parseServeArgs(['serve', '--port', '8080', '--interval', '1']))).toEqual([]);
  });

  it('refuses --open and other flags it does not take', () => {
    expect(() => parseServeArgs(['serve', '--open'])).toThrow(UsageError);
    expect(() => parseServeArgs(['serve', '--pretty'])).toThrow(/does not apply here/);
  });
});
