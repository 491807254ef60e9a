// `isoscope profile`: usage, user errors (exit 2, one line), a profile of a process of our own
// written to --out (needs strace; containers, Ctrl-C and the replay: the lab test).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { captureOutput } from '../testing/captureOutput.js';
import { findProgram } from './profiler/preflight.js';
import { profileCommand } from './profileCommand.js';

const dir = mkdtempSync(join(tmpdir(), 'isoscope-profile-cmd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const run = (argv: string[]) => captureOutput(() => profileCommand(argv));

describe('isoscope profile', () => {
  it('--help', async () => {
    const r = await run(['profile', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('usage: isoscope profile <pid|container-id-or-name> [--duration 30s] [--out FILE] [--json]');
  });

  it('user errors: one line on stderr, exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [[], /give one pid or container/],
      [['1', '2'], /give one pid or container/],
      [['999999999'], /no process 999999999/],
      [['--duration', '5x', '1'], /--duration 5x: give 100ms to 24h/],
      [['--duration', '50ms', '1'], /--duration 50ms/],
      [['--pretty', '1'], /--pretty does not apply here/],
      [['--bogus', '1'], /unknown option --bogus/],
      [['1', '--'], /nothing after --/],
    ];
    for (const [argv, message] of cases) {
      const r = await run(['profile', ...argv]);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err, argv.join(' ')).toMatch(new RegExp(`^isoscope: (profile: )?${message.source}[^\\n]*\\n$`));
      expect(r.out).toBe('');
    }
  });

  it.skipIf(findProgram('strace') === null)('a pid for 1s: the profile in --out, the summary on stderr', async () => {
    const child = spawn('/bin/sh', ['-c', 'while :; do echo x > /dev/null; sleep 0.05; done'], { stdio: 'ignore' });
    try {
      const out = join(dir, 'p.json');
      const r = await run(['profile', String(child.pid), '--duration', '1s', '--out', out]);
      expect([r.code, r.out]).toEqual([0, '']);
      expect(r.err).toMatch(
        /^isoscope: profile: \d+ distinct syscalls in \d+ calls over 1\.\ds; profile allows \d+ \(\d+ added for start-up\) → .*p\.json\n$/,
      );
      const p = JSON.parse(readFileSync(out, 'utf8')) as { defaultAction: string; syscalls: { names: string[] }[] };
      expect(p.defaultAction).toBe('SCMP_ACT_ERRNO');
      expect(p.syscalls[0]!.names).toEqual(expect.arrayContaining(['execve', 'wait4', 'openat', 'write']));
    } finally {
      child.kill('SIGKILL');
    }
  });
});
