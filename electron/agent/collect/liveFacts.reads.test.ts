// The warm scan reads each file and link of a process once per check — including the first
// re-check of a process just read in full (it read the 10 ns links twice: 3608 operations where
// the same-reads floor makes 2436) and the re-check that finds a change (parsed from the texts
// already read) — and still shows a change made without exec. A real process on this host
// enters a new user namespace and sets NoNewPrivs by itself (no exec, no privilege needed).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync, readlinkSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Collector } from './collector.js';
import type { RawProcess } from '../readers/processReader.js';

const CHANGER = `
import ctypes, sys
libc = ctypes.CDLL(None, use_errno=True)
print('ready', flush=True)
sys.stdin.readline()
if libc.unshare(0x10000000) != 0: raise OSError(ctypes.get_errno(), 'unshare(CLONE_NEWUSER)')
if libc.prctl(38, 1, 0, 0, 0) != 0: raise OSError(ctypes.get_errno(), 'prctl(PR_SET_NO_NEW_PRIVS)')
print('changed', flush=True)
sys.stdin.readline()
`;

let child: ChildProcessWithoutNullStreams;
const said: string[] = [];
const waitLine = async (line: string) => {
  for (let i = 0; i < 300 && !said.includes(line); i++) await new Promise((r) => setTimeout(r, 20));
  if (!said.includes(line)) throw new Error(`the changer did not say ${line}`);
};

beforeAll(async () => {
  child = spawn('python3', ['-c', CHANGER]);
  createInterface({ input: child.stdout }).on('line', (l) => said.push(l));
  await waitLine('ready');
});
afterAll(() => child.kill('SIGKILL'));

/** One scan with the read trace on: the processes, and the operations on the changer's files. */
function tracedScan(collector: Collector, facts: ReturnType<Collector['readHost']>): { procs: RawProcess[]; mine: string[] } {
  collector.fs.trace = [];
  const procs = collector.scanProcesses(facts);
  const mine = collector.fs.trace.filter((l) => l.includes(`/proc/${child.pid}/`));
  collector.fs.trace = null;
  return { procs, mine };
}

const inode = (link: string) => Number(/\[(\d+)\]/.exec(link)![1]);

describe('the warm scan reads each file once per check', () => {
  it('first re-check, unchanged re-check, and a change without exec', async () => {
    const collector = new Collector({ useEngineApis: false });
    const facts = collector.readHost();
    const first = collector.scanProcesses(facts).find((p) => p.pid === child.pid)!;
    expect(first.namespaces.user).toBe(inode(readlinkSync(`/proc/${child.pid}/ns/user`)));

    // The first re-check of a process just read in full: stat, status, the 10 links, once each.
    const again = tracedScan(collector, facts);
    expect(again.mine.filter((l) => l.startsWith('l ')).length).toBe(10);
    expect(new Set(again.mine).size).toBe(again.mine.length);
    expect(again.mine.length).toBe(12 + (facts.lsmSource === 'none' || facts.lsmSource === 'einval' ? 0 : 1));
    expect(again.procs.find((p) => p.pid === child.pid)).toBe(first); // nothing changed: the same object

    // The changer enters a new user namespace and sets NoNewPrivs, without exec.
    child.stdin.write('go\n');
    await waitLine('changed');
    const changed = tracedScan(collector, facts);
    expect(new Set(changed.mine).size).toBe(changed.mine.length);
    const now = changed.procs.find((p) => p.pid === child.pid)!;
    expect(now).not.toBe(first);
    expect(now.namespaces.user).toBe(inode(readlinkSync(`/proc/${child.pid}/ns/user`)));
    expect(now.namespaces.user).not.toBe(first.namespaces.user);
    expect(now.seccomp.noNewPrivs).toBe(true);
    expect(/^NoNewPrivs:\s*1$/m.test(readFileSync(`/proc/${child.pid}/status`, 'utf8'))).toBe(true);

    // And the next check finds the new facts unchanged: the same new object.
    const steady = tracedScan(collector, facts);
    expect(steady.procs.find((p) => p.pid === child.pid)).toBe(now);
    expect(new Set(steady.mine).size).toBe(steady.mine.length);
  });
});
