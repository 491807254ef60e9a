// `isoscope seccomp`: exit codes, one-line errors, text and JSON output (on a process without
// seccomp, which needs no privileges; filtered containers: the lab test).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { captureOutput } from '../testing/captureOutput.js';
import { findContainer, seccompCommand } from './command.js';
import { buildHelper } from './nativeHelper.js';
import type { Container } from '../../../shared/snapshot/schema.js';

const dir = mkdtempSync(join(tmpdir(), 'isoscope-seccomp-cmd-'));
// Built here as `npm run build` does; the command itself only ever uses a prebuilt helper.
buildHelper(dir);
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const run = (argv: string[]) => captureOutput(() => seccompCommand(argv, { helperDir: dir }));

const ownMode = () => /^Seccomp:\s*(\d)/m.exec(readFileSync('/proc/self/status', 'utf8'))![1];

describe('isoscope seccomp', () => {
  it('--help', async () => {
    const r = await run(['seccomp', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('usage: isoscope seccomp <pid|container-id-or-name> [--json]');
  });

  it('user errors: one line on stderr, exit 2', async () => {
    for (const argv of [[], ['1', '2'], ['999999999'], ['--bogus', '1'], ['--root', '/', '1'], ['1', '--pretty']]) {
      const r = await run(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err.trim().split('\n'), argv.join(' ')).toHaveLength(1);
      expect(r.out).toBe('');
    }
  });

  it.skipIf(ownMode() !== '0')('a process without seccomp: unconfined, every syscall allowed (text and JSON)', async () => {
    const text = await run([String(process.pid)]);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^pid \d+: no seccomp filter\nprofile: unconfined\n/);
    expect(text.out).toMatch(/\n {2}0 +read +ALLOW\n/);
    const json = await run(['seccomp', String(process.pid), '--json']);
    const report = JSON.parse(json.out);
    expect(report).toMatchObject({
      pid: process.pid,
      mode: 'disabled',
      filterCount: 0,
      container: null,
      profile: { name: 'unconfined' },
    });
    expect(report.arches[0].counts).toEqual({ ALLOW: report.arches[0].syscalls.length });
  });
});

describe('finding a container', () => {
  const c = (id: string, name: string) => ({ id, name, runtime: 'docker', initPid: 1 }) as unknown as Container;
  const all = [c('abcdef012345', 'web'), c('abc999', 'db')];
  it('by exact id or name, else a unique id prefix', () => {
    expect(findContainer(all, 'web').id).toBe('abcdef012345');
    expect(findContainer(all, 'abcd').name).toBe('web');
    expect(() => findContainer(all, 'abc')).toThrow(/matches 2 containers/);
    expect(() => findContainer(all, 'zzz')).toThrow(/no process or container/);
  });
});
