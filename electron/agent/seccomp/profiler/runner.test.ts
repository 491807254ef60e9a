// ProfileRunner on a process of our own (no container needed): progress that passes the IPC schema,
// a coverage curve, the generated profile; and the failures a caller must be told about.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { ProfileProgress } from '../../../../shared/seccomp/report.js';
import { findProgram } from './preflight.js';
import { ProfileRunner, type ProfileRequest, type RunnerOptions } from './runner.js';

const hasStrace = findProgram('strace') !== null;
const children: ChildProcess[] = [];
afterEach(() => children.splice(0).forEach((c) => c.kill('SIGKILL')));

function run(req: Partial<ProfileRequest> & { pid: number }, opts: RunnerOptions = {}): Promise<ProfileProgress[]> {
  const seen: ProfileProgress[] = [];
  return new Promise((resolve) => {
    const r = new ProfileRunner(
      (p) => {
        seen.push(ProfileProgress.parse(p));
        if (p.state !== 'running') resolve(seen);
      },
      { sampleMs: 100, progressMs: 200, ...opts },
    );
    r.start({ profileId: 'p1', containerId: 'c1', pids: [], durationMs: 1000, ...req });
  });
}

describe('ProfileRunner', () => {
  it.skipIf(!hasStrace)('attach to a busy process: running pushes, then done with counts, coverage and a profile', async () => {
    const child = spawn('/bin/sh', ['-c', 'while :; do echo x > /dev/null; sleep 0.05; done'], { stdio: 'ignore' });
    children.push(child);
    const seen = await run({ pid: child.pid!, durationMs: 1200 });
    const last = seen.at(-1)!;
    expect(seen.slice(0, -1).every((p) => p.state === 'running')).toBe(true);
    expect(seen.length).toBeGreaterThanOrEqual(4);
    expect(last).toMatchObject({ profileId: 'p1', containerId: 'c1', state: 'done', durationMs: 1200 });
    expect(last.elapsedMs).toBeGreaterThanOrEqual(1200);
    for (const n of ['wait4', 'openat', 'write', 'execve']) expect(last.syscalls[n], n).toBeGreaterThan(0);
    expect(['clone', 'clone3', 'fork', 'vfork'].some((n) => last.syscalls[n])).toBe(true); // dash vforks
    expect(last.distinct).toBe(Object.keys(last.syscalls).length);
    expect(last.coverage[0]).toEqual([0, 0]);
    expect(last.coverage.at(-1)![1]).toBe(last.distinct);
    expect(last.coverage.length).toBeGreaterThanOrEqual(10);
    const profile = last.generated!.profile as { syscalls: { names: string[] }[] };
    expect(profile.syscalls[0]!.names).toEqual(expect.arrayContaining(Object.keys(last.syscalls)));
    expect(last.generated!.explanations['set_tid_address']).toMatch(/program start-up/); // attach mode
  });

  it('a pid that does not exist fails with ESRCH, once, after start() returned', async () => {
    let returned = false;
    const p = run({ pid: 2 ** 22 + 1 }).then((seen) => [returned, seen] as const);
    returned = true;
    const [wasReturned, seen] = await p;
    expect(wasReturned).toBe(true);
    expect(seen).toEqual([
      expect.objectContaining({ state: 'failed', error: `ESRCH: no such process ${2 ** 22 + 1}`, distinct: 0 }),
    ]);
  });

  it('strace missing: "strace is not installed"; a command where no runtime runs the process: refused, with why', async () => {
    expect((await run({ pid: process.pid }, { strace: '/nonexistent/strace' }))[0]).toMatchObject({
      state: 'failed',
      error: 'strace is not installed',
    });
    if (hasStrace) {
      const [p] = await run({ pid: process.pid, command: ['true'] }, { runcRoots: ['/nonexistent/runc-root'] });
      expect(p).toMatchObject({
        state: 'failed',
        error: expect.stringMatching(
          new RegExp(
            `^cannot run the command as the container would: no runc, crun or LXC container has pid ${process.pid} as its init .*It is never run as root beside the container`,
          ),
        ),
      });
    }
  });

  it('the same profile id twice is a programming error; cancel of an unknown id is false', () => {
    const r = new ProfileRunner(() => undefined, { strace: '/nonexistent/strace' });
    r.start({ profileId: 'x', containerId: 'c', pid: process.pid, pids: [], durationMs: 1000 });
    expect(() => r.start({ profileId: 'x', containerId: 'c', pid: process.pid, pids: [], durationMs: 1000 })).toThrow(
      /already running/,
    );
    expect(r.cancel('nope')).toBe(false);
  });
});
