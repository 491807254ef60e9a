// Issue 9 item 3, for real: the profiler acts on the process it was asked about, not on whatever
// now wears its pid or claims its process group. A process whose comm is `a) S 1 1` (a binary of
// that name) cannot fake its process group; a pid that died and was reused (forced here through
// /proc/sys/kernel/ns_last_pid) or whose start time differs from the record is refused before
// strace attaches. Needs root (ns_last_pid, ptrace).
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ProfileRunner, type ProfileRequest } from '../../electron/agent/seccomp/profiler/runner.js';
import { processGroup } from '../../electron/agent/seccomp/profiler/straceProcess.js';
import type { ProfileProgress } from '../../shared/seccomp/report.js';
import { straceProcesses, waitFor } from './seccomp/profileWorkload.js';

const dir = mkdtempSync(join(tmpdir(), 'isoscope-pids-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Fields after the comm, split at the LAST ')' (the kernel's own layout): [state, ppid, pgid, …]. */
const statAfterComm = (pid: number): string[] => {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
};
const startTime = (pid: number): number => Number(statAfterComm(pid)[19]);

function sleeper(bin = '/bin/sleep', opts: { detached?: boolean } = {}): ChildProcess {
  const c = spawn(bin, ['1000'], { stdio: 'ignore', detached: opts.detached ?? false });
  children.push(c);
  return c;
}

function runOnce(req: Omit<ProfileRequest, 'containerId'>): Promise<ProfileProgress> {
  return new Promise((resolve) => {
    let last: ProfileProgress | null = null;
    const r = new ProfileRunner((p) => (last = p), { onFinished: () => resolve(last!) });
    r.start({ containerId: 'pids-test', ...req });
  });
}

describe('a crafted comm cannot fake the process group', () => {
  it('a binary named "a) S 1 1": in its own group (and not in group 1) for the profiler, as the kernel says', async () => {
    const bin = join(dir, 'a) S 1 1');
    copyFileSync('/bin/sleep', bin);
    const c = sleeper(bin, { detached: true });
    await waitFor('exec', () => readFileSync(`/proc/${c.pid}/comm`, 'utf8') === 'a) S 1 1\n');
    const [, ppid, pgid] = statAfterComm(c.pid!);
    expect([Number(ppid), Number(pgid)]).toEqual([process.pid, c.pid]);
    expect(processGroup(c.pid!)).toEqual([c.pid]);
    expect(processGroup(1)).not.toContain(c.pid);
  });
});

describe('a pid that is not the process it was', () => {
  it('a live process whose start time differs from the record: refused, never traced', async () => {
    const c = sleeper();
    await waitFor('exec', () => readFileSync(`/proc/${c.pid}/comm`, 'utf8') === 'sleep\n');
    const recorded = startTime(c.pid!) - 1;
    const p = await runOnce({
      profileId: 'st',
      pid: c.pid!,
      pids: [c.pid!],
      pinned: [{ pid: c.pid!, startTime: recorded }],
      durationMs: 2000,
    } as ProfileRequest);
    expect(p.state).toBe('failed');
    expect(p.error).toMatch(
      new RegExp(`^ESRCH: pid ${c.pid} is not the process it was \\(start time \\d+, the record says ${recorded}\\)`),
    );
    expect(readFileSync(`/proc/${c.pid}/status`, 'utf8')).toMatch(/^TracerPid:\s+0$/m);
    expect(straceProcesses([c.pid!])).toEqual([]);
  });

  it('a pid that died and was reused by another process: refused before attaching', async () => {
    const first = sleeper();
    const pid = first.pid!;
    await waitFor('exec', () => readFileSync(`/proc/${pid}/comm`, 'utf8') === 'sleep\n');
    const recorded = startTime(pid);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    await new Promise((r) => setTimeout(r, 50)); // a later clock tick
    let reused: ChildProcess | null = null;
    for (let i = 0; i < 200 && !reused; i++) {
      writeFileSync('/proc/sys/kernel/ns_last_pid', String(pid - 1));
      const c = sleeper();
      if (c.pid === pid) reused = c;
      else c.kill('SIGKILL');
    }
    expect(reused, 'the kernel gave the pid to another process').not.toBeNull();
    await waitFor('exec', () => readFileSync(`/proc/${pid}/comm`, 'utf8') === 'sleep\n');
    expect(startTime(pid)).not.toBe(recorded);
    const p = await runOnce({
      profileId: 'reuse',
      pid,
      pids: [pid],
      pinned: [{ pid, startTime: recorded }],
      durationMs: 2000,
    } as ProfileRequest);
    expect([p.state, p.error]).toEqual([
      'failed',
      expect.stringMatching(new RegExp(`^ESRCH: pid ${pid} is not the process it was`)),
    ]);
    expect(readFileSync(`/proc/${pid}/status`, 'utf8')).toMatch(/^TracerPid:\s+0$/m);
  });
});
