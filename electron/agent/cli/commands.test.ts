// The command registry: every command answers --help and `isoscope help <name>` with its usage,
// a flag it does not take is one line on stderr and exit 2 (its usage after it on a terminal),
// and `isoscope --help` lists every command. Through main(), as bin/isoscope.js calls it.
import { describe, expect, it } from 'vitest';
import { AGENT_VERSION } from '../version.js';
import { COMMANDS } from './commands.js';
import { main } from './main.js';

async function run(argv: string[], tty = false): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t), isTTY: tty } };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

describe('the command registry', () => {
  it('names are unique; every command has a summary and a usage starting with its name', () => {
    expect(new Set(COMMANDS.map((c) => c.name)).size).toBe(COMMANDS.length);
    for (const c of COMMANDS) {
      expect(c.summary, c.name).not.toBe('');
      expect(c.usage.length, c.name).toBeGreaterThan(0);
      for (const u of c.usage) expect(u.split(' ')[0], c.name).toBe(c.name);
    }
  });

  it.each(COMMANDS.map((c) => [c.name]))('isoscope %s --help / -h / help %s: its usage with every flag, exit 0', async (name) => {
    const help = await run([name, '--help']);
    expect(help.code).toBe(0);
    expect(help.stderr).toBe('');
    expect(help.stdout).toMatch(new RegExp(`^usage: isoscope ${name} `));
    const cmd = COMMANDS.find((c) => c.name === name)!;
    for (const flag of Object.keys(cmd.flags)) expect(help.stdout, flag).toContain(`--${flag}`);
    expect(help.stdout).toContain('-h, --help');
    expect(await run([name, '-h'])).toEqual(help);
    expect(await run(['help', name])).toEqual(help);
  });

  it.each(COMMANDS.map((c) => [c.name]))(
    'isoscope %s --bogus: exit 2, one line on stderr; on a terminal its usage follows',
    async (name) => {
      const r = await run([name, '--bogus']);
      expect(r).toEqual({ code: 2, stdout: '', stderr: 'isoscope: unknown option --bogus\n' });
      const tty = await run([name, '--bogus'], true);
      expect(tty.code).toBe(2);
      expect(tty.stdout).toBe('');
      const usage = (await run([name, '--help'])).stdout;
      expect(tty.stderr).toBe(`isoscope: unknown option --bogus\n\n${usage}`);
    },
  );

  it('a flag of another command does not apply here; a missing value is named', async () => {
    expect(await run(['list', '--json'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'isoscope: list: --json does not apply here (isoscope list --help)\n',
    });
    expect(await run(['seccomp', '--root', '/', '1'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'isoscope: seccomp: --root does not apply here (isoscope seccomp --help)\n',
    });
    expect(await run(['diff', 'a', 'b', '--out'])).toEqual({ code: 2, stdout: '', stderr: 'isoscope: --out needs a value\n' });
  });

  it('isoscope --help lists every command with its summary; no command: the same, exit 2', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith(`isoscope ${AGENT_VERSION} — `)).toBe(true);
    for (const c of COMMANDS) {
      expect(r.stdout).toContain(`  isoscope ${c.usage[0]}\n      ${c.summary}\n`);
    }
    expect(await run([])).toEqual({ ...r, code: 2 });
    expect(await run(['help'])).toEqual(r);
    expect(await run(['--version'])).toEqual({ code: 0, stdout: `${AGENT_VERSION}\n`, stderr: '' });
  });

  it('unknown commands and flags before the command: exit 2, one line naming what to do', async () => {
    const names = COMMANDS.map((c) => c.name).join(', ');
    expect(await run(['frobnicate'])).toEqual({
      code: 2,
      stdout: '',
      stderr: `isoscope: unknown command "frobnicate" (try: ${names}, help)\n`,
    });
    expect(await run(['help', 'frobnicate'])).toEqual({
      code: 2,
      stdout: '',
      stderr: `isoscope: unknown command "frobnicate" (try: ${names}, help)\n`,
    });
    const before = await run(['--root', '/', 'list']);
    expect([before.code, before.stdout]).toEqual([2, '']);
    expect(before.stderr).toMatch(
      /^isoscope: the command comes first: isoscope <command> \[flags…\] \(isoscope --help\), not --root\n$/,
    );
  });

  it('a hostile argument comes back escaped on stderr', async () => {
    const r = await run(['\x1b]0;owned\x07']);
    expect(r.code).toBe(2);
    expect(r.stderr.includes('\x1b') || r.stderr.includes('\x07')).toBe(false);
    expect(r.stderr).toContain('\\x1b]0;owned\\x07');
  });
});
