// The GUI's main-side service with a real collector child process: it connects, validates
// invoke arguments, restarts the collector with backoff when it dies, and falls back when
// running with root privileges is refused.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentStatus } from '../../shared/ipc/contract.js';
import { makeAgentCommand } from '../../electron/main/service/agentCommand.js';
import { IsoscopeService } from '../../electron/main/service/service.js';

const TREE = new URL('../../electron/agent/fixtures/roots/k8s-v2', import.meta.url).pathname;
let service: IsoscopeService | null = null;
afterEach(() => service?.stop());

function start(): { service: IsoscopeService; statuses: AgentStatus[] } {
  const statuses: AgentStatus[] = [];
  service = new IsoscopeService({ agentCommand: makeAgentCommand(['--root', TREE], 'node'), backoffMs: [200] });
  service.on('push', (e) => e.channel === 'status' && statuses.push(e.payload as AgentStatus));
  service.start();
  return { service, statuses };
}

const until = async (check: () => boolean, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('IsoscopeService', () => {
  it('connects to the collector and serves its containers and a snapshot', async () => {
    const { service: s, statuses } = start();
    await until(() => statuses.some((x) => x.state === 'connected'));
    const state = await s.invoke('getState', {});
    expect(state.ok).toBe(true);
    if (!state.ok) return;
    const ids = (state.result as { containers: { name: string }[] }).containers.map((c) => c.name).sort();
    expect(ids).toEqual(['coredns', 'log-reader', 'web-server', 'web-with-logger']);
    const snap = await s.invoke('getSnapshot', {});
    expect(snap.ok && (snap.result as { host: { hostname: string } }).host.hostname).toBe('kube03a');
  });

  it('answers bad arguments and unknown channels with an error envelope', async () => {
    const { service: s } = start();
    expect(await s.invoke('setInterval', { ms: 5 })).toMatchObject({ ok: false, error: { code: 'bad-params' } });
    expect(await s.invoke('setInterval', { ms: 'fast' })).toMatchObject({ ok: false, error: { code: 'bad-params' } });
    expect(await s.invoke('__proto__', {})).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    expect(await s.invoke('restartAgent', { elevation: 'doas' })).toMatchObject({ ok: false, error: { code: 'bad-params' } });
  });

  it('restarts a collector that dies, and says so meanwhile', async () => {
    const { service: s, statuses } = start();
    await until(() => statuses.some((x) => x.state === 'connected'));
    const pid = s.localAgentPid!;
    process.kill(pid, 'SIGKILL');
    await until(() => statuses.some((x) => x.state === 'reconnecting'));
    const reconnecting = statuses.find((x) => x.state === 'reconnecting')!;
    expect(reconnecting.message).toMatch(/exited|SIGKILL/);
    const before = statuses.length;
    await until(() => statuses.slice(before).some((x) => x.state === 'connected'));
    expect(statuses.at(-1)!.restarts).toBeGreaterThanOrEqual(1);
  });

  it('falls back to an unprivileged collector when running with root privileges fails', async () => {
    const { service: s, statuses } = start();
    await until(() => statuses.some((x) => x.state === 'connected'));
    // A machine without pkexec (like this one) refuses at once; one with it and no agent would too.
    await s.invoke('restartAgent', { elevation: 'pkexec' });
    await until(() => statuses.some((x) => (x.message ?? '').startsWith('running with root privileges failed')));
    const before = statuses.length;
    await until(() => statuses.slice(before).some((x) => x.state === 'connected'));
    expect(statuses.at(-1)!.elevation).toBe('none');
  });
});

describe('the watchdog', () => {
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      return false;
    }
  };

  it('kills a collector that stops answering (SIGSTOP), restarts it, and says so', async () => {
    const statuses: AgentStatus[] = [];
    const s = new IsoscopeService({
      agentCommand: makeAgentCommand(['--root', TREE], 'node'),
      backoffMs: [200],
      watchdog: { everyMs: 300, deadlineMs: 1500 },
    });
    service = s;
    s.on('push', (e) => e.channel === 'status' && statuses.push(e.payload));
    s.start();
    await until(() => statuses.some((x) => x.state === 'connected'));
    const pid = s.localAgentPid!;
    process.kill(pid, 'SIGSTOP');
    await until(() => statuses.some((x) => x.state === 'reconnecting'));
    const said = statuses.find((x) => x.state === 'reconnecting')!;
    expect(said.message).toMatch(/^the collector stopped answering \(no reply to a ping in 1\.5 s\): killed and restarted$/);
    const before = statuses.length;
    await until(() => statuses.slice(before).some((x) => x.state === 'connected'));
    const now = statuses.at(-1)!;
    expect(now.restarts).toBe(1);
    expect(now.lastRestart?.reason).toBe(said.message);
    const newPid = s.localAgentPid!;
    expect(newPid).not.toBe(pid);
    await until(() => !alive(pid), 5000); // the stopped one is gone, not left behind
    // And the new one serves.
    expect((await s.invoke('getSnapshot', {})).ok).toBe(true);
  });

  it('restarts a collector that never says hello', async () => {
    const statuses: AgentStatus[] = [];
    const s = new IsoscopeService({
      agentCommand: () => ({ command: process.execPath, args: ['-e', 'setInterval(() => {}, 1000)'] }),
      backoffMs: [100],
      watchdog: { handshakeMs: 800 },
    });
    service = s;
    s.on('push', (e) => e.channel === 'status' && statuses.push(e.payload));
    s.start();
    await until(() => statuses.filter((x) => x.state === 'reconnecting').length >= 2);
    expect(statuses.find((x) => x.state === 'reconnecting')!.message).toBe(
      'the collector did not start: the agent did not answer hello in 800 ms',
    );
    expect(statuses.some((x) => x.state === 'connected')).toBe(false);
  });
});

describe('IsoscopeService.getSeccomp, through the collector, on a real container', () => {
  it('decodes the hardened container’s filter: its denied syscalls answer EPERM, the rest are allowed', async () => {
    const { startLab } = await import('../lab/lab.js');
    const { labFlags } = await import('./labCollector.js');
    const lab = await startLab({ only: ['runc-hardened'] });
    try {
      const lc = lab.containers[0]!;
      const statuses: AgentStatus[] = [];
      service = new IsoscopeService({ agentCommand: makeAgentCommand(labFlags(lab), 'node'), backoffMs: [200] });
      service.on('push', (e) => e.channel === 'status' && statuses.push(e.payload as AgentStatus));
      service.start();
      await until(() => statuses.some((x) => x.state === 'connected'));
      await until(() => service!.getState().containers.some((c) => c.id === lc.id));
      const r = await service.invoke('getSeccomp', { containerId: lc.id });
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      const report = r.result as {
        mode: string;
        filterCount: number;
        arches: { arch: string; syscalls: { name: string; action: { kind: string; data: number } | null }[] }[];
      };
      expect(report.mode).toBe('filter');
      expect(report.filterCount).toBe(1);
      const x86 = report.arches.find((a) => a.arch === 'x86_64')!;
      const action = (name: string) => x86.syscalls.find((s) => s.name === name)?.action;
      for (const denied of ['mount', 'unshare', 'ptrace']) expect(action(denied), denied).toEqual({ kind: 'errno', data: 1 });
      for (const allowed of ['read', 'write', 'nanosleep']) expect(action(allowed)?.kind, allowed).toBe('allow');
      // Declared (the bundle's linux.seccomp) beside effective: runc installed exactly what it was given.
      const declared = (r.result as { declared?: { source: string; none: boolean; equal: boolean } }).declared;
      expect(declared).toMatchObject({ none: false, equal: true });
      expect(declared!.source).toMatch(/\/config\.json$/);
      expect(await service.invoke('getSeccomp', { containerId: 'no-such-container' })).toMatchObject({
        ok: false,
        error: { code: 'not-found' },
      });
    } finally {
      service?.stop();
      await lab.stop();
    }
  });
});
