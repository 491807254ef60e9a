// Several hosts in one service: each remote host's own agent, state, backoff and stale data, with
// a stand-in for ssh (fixtures/fakeSsh.mjs: a real process that fails as ssh does, or runs the real
// agent on a fixture tree) — and the hosts file, read defensively and written atomically.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseRemoteKey, remoteKey, type HostStatus, type PushEvent } from '../../../shared/ipc/contract.js';
import { agentScript, makeAgentCommand } from './agentCommand.js';
import { readHostsFile, writeHostsFile, HostsFileError } from './hostsFile.js';
import { readSshExit } from './remoteCommand.js';
import { IsoscopeService } from './service.js';

const TREE = new URL('../../agent/fixtures/roots/k8s-v2', import.meta.url).pathname;
const FAKE_SSH = new URL('./fixtures/fakeSsh.mjs', import.meta.url).pathname;
const URL_A = 'ssh://root@10.0.0.2:2222';

let service: IsoscopeService | null = null;
let dir = '';
afterEach(() => {
  service?.stop();
  service = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

const until = async (what: string, check: () => boolean, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

interface Run {
  service: IsoscopeService;
  pushes: PushEvent[];
  control: string;
  set(mode: 'up' | 'down' | 'unknown-key' | 'changed-key' | 'auth'): void;
  starts(): string[];
  remote(): HostStatus;
}

/** A service whose remote hosts are reached through the stand-in ssh, which starts in `mode`. */
async function startRun(mode: string, extra: { backoffMs?: number[] } = {}): Promise<Run> {
  dir = mkdtempSync(join(tmpdir(), 'isoscope-hosts-'));
  const control = join(dir, 'control');
  writeFileSync(control, mode);
  const s = new IsoscopeService({
    agentCommand: makeAgentCommand(['--root', TREE], 'node'),
    backoffMs: extra.backoffMs ?? [200],
    hostsFile: join(dir, 'config', 'hosts.json'),
    remoteCommand: (h) => ({
      agentCommand: (ms) => ({
        command: process.execPath,
        args: [FAKE_SSH, control, agentScript(), 'agent', '--stdio', '--interval', String(ms / 1000), '--root', TREE],
      }),
      readExit: readSshExit(h.url),
    }),
  });
  service = s;
  const pushes: PushEvent[] = [];
  s.on('push', (e) => pushes.push(e));
  s.start();
  const r = await s.dispatch('addHost', { url: URL_A, sudo: false });
  if (!r.ok) throw new Error(r.error.message);
  return {
    service: s,
    pushes,
    control,
    set: (m) => writeFileSync(control, m),
    starts: () => (existsSync(`${control}.starts`) ? readFileSync(`${control}.starts`, 'utf8').trim().split('\n') : []),
    remote: () => s.listHosts().find((h) => h.url === URL_A)!,
  };
}

describe('a remote host’s connection', () => {
  it('is one more host beside this machine; this machine alone lists only itself', async () => {
    service = new IsoscopeService({ agentCommand: makeAgentCommand(['--root', TREE], 'node') });
    expect(service.listHosts().map((h) => h.id)).toEqual(['local']);
  });

  it('retries an unreachable host with the backoff schedule, then connects; its containers come whole, keyed apart from this machine’s', async () => {
    const run = await startRun('down', { backoffMs: [200, 400, 800] });
    await until('three failed attempts', () => run.starts().length >= 3);
    const h = run.remote();
    expect(h.state).toMatch(/reconnecting|connecting/);
    expect(h.reasonKind).toBe('refused');
    expect(h.reason).toContain('refused the connection');
    // The waits between attempts follow the schedule: each retryAt is its failure's time + the next wait.
    const waits = run.pushes
      .filter((p): p is Extract<PushEvent, { channel: 'hosts' }> => p.channel === 'hosts')
      .map((p) => p.payload.find((x) => x.url === URL_A)!)
      .filter((x) => x.state === 'reconnecting' && x.retryAt !== null)
      .map((x) => x.retryAt!);
    const distinct = [...new Set(waits)];
    expect(distinct.length).toBeGreaterThanOrEqual(2);
    const gaps = distinct.slice(1).map((t, i) => t - distinct[i]!);
    // Gap i = (wait i+1) + the attempt's own run time: the first gap ≥ 400 ms, the second ≥ 800 ms.
    expect(gaps[0]).toBeGreaterThanOrEqual(400);
    if (gaps[1] !== undefined) expect(gaps[1]).toBeGreaterThanOrEqual(800);

    run.set('up');
    await until('connected', () => run.remote().state === 'connected');
    const reset = run.pushes.find((p) => p.channel === 'hostContainers' && p.payload.reset);
    expect(reset?.channel === 'hostContainers' && reset.payload.changes.added.length).toBeGreaterThan(0);
    // The same fixture tree on both: the same ids, two containers.
    await until('this machine connected', () => run.service.getState().status.state === 'connected');
    const id = run.service.getState().containers[0]!.id;
    const hostId = run.remote().id;
    const state = await run.service.dispatch('getHostState', { id: hostId });
    expect(state.ok && state.result.containers.map((c) => c.id)).toContain(id);
    expect(parseRemoteKey(remoteKey(hostId, id), [hostId])).toEqual({ hostId, id });
    expect(parseRemoteKey(id, [hostId])).toBeNull();
    expect(run.service.getState().containers.every((c) => !c.id.endsWith(`@${hostId}`))).toBe(true);
  });

  it('keeps a dropped host’s data, marked stale since its last sample, reconnects, and is live again', async () => {
    const run = await startRun('up');
    await until('connected', () => run.remote().state === 'connected');
    await until('a sample', () => run.pushes.some((p) => p.channel === 'hostSample'));
    const hostId = run.remote().id;
    const lastSample = () => {
      const s = run.pushes.filter((p) => p.channel === 'hostSample');
      const last = s[s.length - 1];
      return last?.channel === 'hostSample' ? last.payload.sample.t : 0;
    };
    run.set('down');
    await until('dropped', () => run.remote().state !== 'connected');
    const h = run.remote();
    expect(h.staleSince).toBe(lastSample());
    expect(h.reason).toMatch(/connection dropped|refused the connection/);
    // The data stays (shown stale), and this machine stays live.
    const kept = await run.service.dispatch('getHostState', { id: hostId });
    expect(kept.ok && kept.result.containers.length).toBeGreaterThan(0);
    expect(run.service.listHosts()[0]!.state).toBe('connected');
    await until('a failed retry', () => run.starts().filter((m) => m === 'down').length >= 1);
    expect(run.remote().staleSince).toBe(h.staleSince);
    run.set('up');
    await until('live again', () => run.remote().state === 'connected');
    expect(run.remote().staleSince).toBeNull();
    expect(run.remote().reason).toBeNull();
  });

  for (const [mode, kind, words] of [
    ['unknown-key', 'unknown-host-key', 'host key of ssh://root@10.0.0.2:2222 is not known: run `ssh-keyscan -p 2222 10.0.0.2`'],
    ['changed-key', 'changed-host-key', 'has CHANGED since it was recorded'],
    ['auth', 'auth-failed', 'login to ssh://root@10.0.0.2:2222 was refused'],
  ] as const) {
    it(`stops at ${kind}, says so in words, and tries again only when asked`, async () => {
      const run = await startRun(mode);
      await until('refused', () => run.remote().state === 'refused');
      const h = run.remote();
      expect(h.reasonKind).toBe(kind);
      expect(h.reason).toContain(words);
      expect(h.retryAt).toBeNull();
      // No retry on its own: wait three of the backoff's periods and count the starts.
      await new Promise((r) => setTimeout(r, 700));
      expect(run.starts()).toEqual([mode]);
      run.set('up');
      const again = await run.service.dispatch('reconnectHost', { id: h.id });
      expect(again.ok).toBe(true);
      await until('connected after Reconnect', () => run.remote().state === 'connected');
    });
  }
});

describe('the hosts file', () => {
  it('remembers added hosts and forgets removed ones, atomically, mode 0600', async () => {
    const run = await startRun('down');
    const file = join(dir, 'config', 'hosts.json');
    const saved = readHostsFile(file);
    expect(saved).toEqual([{ id: run.remote().id, url: URL_A, sudo: false, identityFile: null }]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const dup = await run.service.dispatch('addHost', { url: 'ssh://root@10.0.0.2:2222/', sudo: true });
    expect(dup.ok ? null : dup.error.code).toBe('exists');
    const bad = await run.service.dispatch('addHost', { url: 'ssh://-oProxyCommand=touch@x', sudo: false });
    expect(bad.ok ? null : bad.error.message).toContain('may not start with "-"');
    // A second service reads what the first wrote.
    const again = new IsoscopeService({ agentCommand: makeAgentCommand(['--root', TREE], 'node'), hostsFile: file });
    expect(again.listHosts().map((h) => h.url)).toEqual(['local', URL_A]);
    const removed = await run.service.dispatch('removeHost', { id: run.remote().id });
    expect(removed.ok).toBe(true);
    expect(readHostsFile(file)).toEqual([]);
    expect(
      execFileSync('ls', ['-a', join(dir, 'config')])
        .toString()
        .split('\n')
        .filter((f) => f.startsWith('.hosts')),
    ).toEqual([]);
  });

  const hostile: [string, (file: string) => void, RegExp][] = [
    ['a symbolic link', (f) => symlinkSync('/etc/passwd', f), /symbolic link: refused/],
    ['a FIFO (would block)', (f) => execFileSync('mkfifo', [f]), /not a regular file/],
    ['too big', (f) => writeFileSync(f, ' '.repeat(70 * 1024)), /more than the 65536/],
    ['not JSON', (f) => writeFileSync(f, '{"version":1,'), /not JSON/],
    ['a __proto__ key', (f) => writeFileSync(f, '{"version":1,"hosts":[],"__proto__":{"polluted":true}}'), /not a hosts file/],
    [
      'an option smuggled as a host',
      (f) =>
        writeFileSync(
          f,
          JSON.stringify({
            version: 1,
            hosts: [{ id: 'h0000abcd', url: 'ssh://-oProxyCommand=sh', sudo: false, identityFile: null }],
          }),
        ),
      /may not start with "-"/,
    ],
    [
      'a relative identity file',
      (f) =>
        writeFileSync(
          f,
          JSON.stringify({ version: 1, hosts: [{ id: 'h0000abcd', url: 'ssh://a', sudo: false, identityFile: 'key' }] }),
        ),
      /absolute path/,
    ],
    [
      'the same id twice',
      (f) =>
        writeFileSync(
          f,
          JSON.stringify({
            version: 1,
            hosts: [
              { id: 'h0000abcd', url: 'ssh://a', sudo: false, identityFile: null },
              { id: 'h0000abcd', url: 'ssh://b', sudo: false, identityFile: null },
            ],
          }),
        ),
      /appears twice/,
    ],
  ];
  for (const [what, plant, reason] of hostile) {
    it(`refuses ${what} with the reason, and never writes over it`, async () => {
      dir = mkdtempSync(join(tmpdir(), 'isoscope-hosts-'));
      const file = join(dir, 'hosts.json');
      plant(file);
      expect(() => readHostsFile(file)).toThrow(HostsFileError);
      expect(() => readHostsFile(file)).toThrow(reason);
      const s = new IsoscopeService({ agentCommand: makeAgentCommand(['--root', TREE], 'node'), hostsFile: file });
      service = s;
      expect(s.hostsFileProblem).toMatch(reason);
      expect(s.listHosts().map((h) => h.id)).toEqual(['local']);
      const before = what.startsWith('a FIFO') ? null : readFileSync(file, { encoding: 'utf8', flag: 'r' });
      const added = await s.dispatch('addHost', { url: 'ssh://root@example.org', sudo: false });
      expect(added.ok ? null : added.error.code).toBe('hosts-file');
      if (before !== null) expect(readFileSync(file, 'utf8')).toBe(before);
    });
  }

  it('writes the old file or the new one, never a mix (a failed write leaves the old)', () => {
    dir = mkdtempSync(join(tmpdir(), 'isoscope-hosts-'));
    const file = join(dir, 'hosts.json');
    writeHostsFile(file, [{ id: 'h0000abcd', url: 'ssh://a', sudo: false, identityFile: null }]);
    const before = readFileSync(file, 'utf8');
    // A host that does not fit the schema is refused at the next read, so the write of an
    // impossible path (a directory in the way) must fail and leave the file as it was.
    expect(() => writeHostsFile(join(file, 'sub', 'hosts.json'), [])).toThrow();
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(readHostsFile(file)[0]!.url).toBe('ssh://a');
  });
});
