// The DaemonSet's capability set (AGENT_CAPABILITIES, read from manifests.ts), tried on this
// kernel: a root process holding exactly those (setpriv: bounding set cut to them, as
// `drop: [ALL], add: […]` does for uid 0) reads what the collector needs from another root
// process that holds every capability — and with any one of them removed, the read it is there
// for fails with the kernel's own errno. /proc/PID/status needs no capability at all.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHelper, parseHelperOutput } from '../seccomp/nativeHelper.js';
import { AGENT_CAPABILITIES } from './manifests.js';

const has = (cmd: string, args: string[]) => {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const ready = process.geteuid?.() === 0 && has('cc', ['--version']) && has('setpriv', ['--version']);

let dir: string;
let helper: string;
/** A root process with every capability, under one seccomp filter (its filter is what we dump). */
let filtered: ChildProcess;
/** A process of another uid (65534): its /proc/PID/fd is 0500 and not ours. */
let nobody: ChildProcess;

beforeAll(() => {
  if (!ready) return;
  dir = mkdtempSync(join(tmpdir(), 'isoscope-agent-caps-'));
  const wrapper = join(dir, 'allow-all-filter');
  execFileSync('cc', ['-O2', '-o', wrapper, new URL('./fixtures/allow-all-filter.c', import.meta.url).pathname]);
  helper = buildHelper(join(dir, 'native'));
  filtered = spawn(wrapper, ['sleep', '60'], { stdio: 'ignore' });
  nobody = spawn('setpriv', ['--reuid', '65534', '--regid', '65534', '--clear-groups', 'sleep', '60'], { stdio: 'ignore' });
});
afterAll(() => {
  filtered?.kill('SIGKILL');
  nobody?.kill('SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs argv as root with exactly these capabilities (and none inheritable). */
function withCaps(caps: readonly string[], argv: string[]): { status: number | null; stdout: string; stderr: string } {
  const set = ['-all', ...caps.map((c) => '+' + c.toLowerCase())].join(',');
  const r = spawnSync('setpriv', ['--bounding-set', set, '--inh-caps', '-all', '--', ...argv], {
    encoding: 'utf8',
    timeout: 10_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
const without = (cap: string) => AGENT_CAPABILITIES.filter((c) => c !== cap);

describe.skipIf(!ready)("the agent's three capabilities, each for a read it must make", () => {
  it("exactly SYS_PTRACE, SYS_ADMIN, DAC_READ_SEARCH: namespaces, the seccomp filter and another uid's fds all read", async () => {
    expect([...AGENT_CAPABILITIES]).toEqual(['SYS_PTRACE', 'SYS_ADMIN', 'DAC_READ_SEARCH']);
    await expect.poll(() => withCaps([], ['grep', '-c', 'Seccomp:\t2', `/proc/${filtered.pid}/status`]).stdout.trim()).toBe('1');
    const caps = withCaps(AGENT_CAPABILITIES, ['grep', 'CapEff', '/proc/self/status']).stdout;
    expect(caps.trim()).toBe('CapEff:\t0000000000280004'); // SYS_PTRACE (19), SYS_ADMIN (21), DAC_READ_SEARCH (2): nothing else
    expect(withCaps(AGENT_CAPABILITIES, ['readlink', `/proc/${filtered.pid}/ns/net`]).stdout).toMatch(/^net:\[\d+\]\n$/);
    const dump = parseHelperOutput(withCaps(AGENT_CAPABILITIES, [helper, String(filtered.pid)]).stdout);
    expect(dump).toMatchObject({ ok: true, mode: 2 });
    expect(withCaps(AGENT_CAPABILITIES, ['ls', `/proc/${nobody.pid}/fd`])).toMatchObject({ status: 0 });
  });

  it('/proc/PID/status needs no capability (hostPID is enough)', () => {
    const r = withCaps([], ['cat', `/proc/${filtered.pid}/status`]);
    expect(r.status).toBe(0);
    // The same capability lines this (fully privileged) test process reads.
    const capLines = (text: string) =>
      text.split('\n').filter((l) => l.startsWith('Cap') || l.startsWith('Seccomp') || l.startsWith('NoNewPrivs'));
    expect(capLines(r.stdout)).toEqual(capLines(readFileSync(`/proc/${filtered.pid}/status`, 'utf8')));
    expect(capLines(r.stdout)).toHaveLength(8);
  });

  it('without SYS_PTRACE: namespace links are refused and the dump cannot attach', () => {
    const ns = withCaps(without('SYS_PTRACE'), ['readlink', '-v', `/proc/${filtered.pid}/ns/net`]);
    expect(ns.status).not.toBe(0);
    expect(ns.stderr).toMatch(/Permission denied/);
    expect(parseHelperOutput(withCaps(without('SYS_PTRACE'), [helper, String(filtered.pid)]).stdout)).toMatchObject({
      ok: false,
      reason: 'EPERM',
    });
  });

  it('without SYS_ADMIN: PTRACE_SECCOMP_GET_FILTER answers EACCES', () => {
    const r = parseHelperOutput(withCaps(without('SYS_ADMIN'), [helper, String(filtered.pid)]).stdout);
    expect(r).toMatchObject({ ok: false, reason: 'EACCES' });
    expect(!r.ok && r.detail).toMatch(/get-filter/);
  });

  it("without DAC_READ_SEARCH: another uid's /proc/PID/fd cannot be listed", () => {
    const r = withCaps(without('DAC_READ_SEARCH'), ['ls', `/proc/${nobody.pid}/fd`]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/Permission denied/);
  });
});
