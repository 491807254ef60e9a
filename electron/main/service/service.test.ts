// The service's dispatch, with a real collector child process reading a fixture tree: every
// invoke is answered with an envelope — unknown channels, bad params, results typed by the
// contract, the collector's own errors — and the main side checks what the collector answers.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { invokeSpecs, type AgentStatus } from '../../../shared/ipc/contract.js';
import { makeAgentCommand } from './agentCommand.js';
import { AgentConnection, AgentRequestError } from './agentConnection.js';
import { IsoscopeService } from './service.js';

const TREE = new URL('../../agent/fixtures/roots/k8s-v2', import.meta.url).pathname;
let service: IsoscopeService | null = null;
let conn: AgentConnection | null = null;
afterEach(() => {
  service?.stop();
  service = null;
  conn?.stop();
  conn = null;
});

const until = async (check: () => boolean, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
};

async function connected(): Promise<IsoscopeService> {
  const statuses: AgentStatus[] = [];
  const s = new IsoscopeService({ agentCommand: makeAgentCommand(['--root', TREE], 'node'), backoffMs: [200] });
  service = s;
  s.on('push', (e) => e.channel === 'status' && statuses.push(e.payload));
  s.start();
  await until(() => statuses.some((x) => x.state === 'connected'));
  return s;
}

describe('IsoscopeService.invoke', () => {
  it('answers unknown channels, including Object.prototype names, with unknown-channel', async () => {
    const s = new IsoscopeService({ agentCommand: () => ({ command: '/nonexistent', args: [] }) });
    for (const channel of ['nope', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '']) {
      expect(await s.invoke(channel, {})).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    }
  });

  it('answers bad params with bad-params, naming the field', async () => {
    const s = new IsoscopeService({ agentCommand: () => ({ command: '/nonexistent', args: [] }) });
    expect(await s.invoke('setInterval', { ms: 5 })).toMatchObject({
      ok: false,
      error: { code: 'bad-params', message: expect.stringMatching(/^ms:/) },
    });
    expect(await s.invoke('setInterval', { ms: 'fast' })).toMatchObject({ ok: false, error: { code: 'bad-params' } });
    expect(await s.invoke('setInterval', null)).toMatchObject({ ok: false, error: { code: 'bad-params' } });
    expect(await s.invoke('getSeccomp', { containerId: 7 })).toMatchObject({ ok: false, error: { code: 'bad-params' } });
    expect(await s.invoke('startProfile', { containerId: 'c', durationMs: 10 })).toMatchObject({
      ok: false,
      error: { code: 'bad-params', message: expect.stringMatching(/durationMs/) },
    });
    expect(await s.invoke('restartAgent', { elevation: 'doas' })).toMatchObject({ ok: false, error: { code: 'bad-params' } });
  });

  it('answers not-connected while no collector runs', async () => {
    const s = new IsoscopeService({ agentCommand: () => ({ command: '/nonexistent', args: [] }) });
    expect(await s.invoke('getSnapshot', {})).toMatchObject({ ok: false, error: { code: 'not-connected' } });
  });

  it('answers with results that match the contract, and passes the collector’s error codes on', async () => {
    const s = await connected();
    const state = await s.invoke('getState', undefined);
    expect(state.ok).toBe(true);
    if (!state.ok) return;
    const parsed = invokeSpecs.getState.result.parse(state.result);
    expect(parsed.containers.map((c) => c.name).sort()).toEqual(['coredns', 'log-reader', 'web-server', 'web-with-logger']);
    const snap = await s.invoke('getSnapshot', {});
    expect(snap.ok && invokeSpecs.getSnapshot.result.parse(snap.result).host.hostname).toBe('kube03a');
    expect(await s.invoke('setInterval', { ms: 2000 })).toEqual({ ok: true, result: { intervalMs: 2000 } });
    expect(s.getState().status.intervalMs).toBe(2000);
    expect(await s.invoke('getSeccomp', { containerId: 'no-such-container' })).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
    // The collector's own refusal (no such profile) arrives with its code.
    expect(await s.invoke('cancelProfile', { profileId: 'p-unknown' })).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'no running profile p-unknown' },
    });
  });
});

describe('AgentConnection.request', () => {
  it('carries the collector’s bad-params refusal as a coded error', async () => {
    conn = new AgentConnection(makeAgentCommand(['--root', TREE], 'node')(1000));
    expect(await conn.request('hello', {})).toMatchObject({ schemaVersion: 1, root: TREE });
    // Below the collector's own bound (the protocol's AGENT_INTERVAL_MS), checked by the agent's table.
    const err = await conn.request('setInterval', { ms: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AgentRequestError);
    expect(err).toMatchObject({ code: 'bad-params', message: expect.stringMatching(/^ms:/) });
  });

  it('refuses an answer that does not match the protocol (bad-result)', async () => {
    // A process that speaks the framing but not the contract: answers every request with junk.
    const script = `require('readline').createInterface({ input: process.stdin }).on('line', (l) => { const { id } = JSON.parse(l); console.log(JSON.stringify({ id, result: { version: 1 } })); });`;
    conn = new AgentConnection({ command: process.execPath, args: ['-e', script] });
    const err = await conn.request('hello', {}).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'bad-result', message: expect.stringMatching(/answer to hello does not match/) });
  });
});

describe('containers whose ids are Object.prototype names', () => {
  const IDS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];

  it('are kept, sampled and served like any other (service → wire → InitialState)', async () => {
    const snap = JSON.parse(readFileSync(new URL('../../agent/fixtures/snapshots/v2-apparmor.json', import.meta.url), 'utf8'));
    const hostile = IDS.map((id) => ({ ...snap.containers[0], id, name: id }));
    const counters = {
      cpuUsageNs: 1,
      memoryCurrent: 1,
      pidsCurrent: 1,
      ioReadBytes: 0,
      ioWriteBytes: 0,
      nrThrottled: 0,
      throttledNs: 0,
      netRxBytes: 0,
      netTxBytes: 0,
      psiCpu: null,
      psiMemory: null,
      psiIo: null,
    };
    const rates = { cpuPercent: 1, ioReadBps: 0, ioWriteBps: 0, netRxBps: 0, netTxBps: 0, throttledPerSec: 0 };
    // The sample as the collector writes it: JSON text, where `__proto__` is just a key.
    const sampleLine = (t: number) =>
      `{"event":"sample","data":{"t":${t},"containers":{${IDS.map((id) => `"${id}":${JSON.stringify({ counters, rates })}`).join(',')}},"cost":{"cpuPercent":1,"tickMs":1,"reads":1}}}`;
    // A real process speaking the protocol, with these containers.
    const script = `
      const hello = ${JSON.stringify({ version: 'test', schemaVersion: 1, euid: 1000, root: '/', intervalMs: 1000 })};
      const started = ${JSON.stringify({ host: snap.host, containers: hostile })};
      const out = (o) => process.stdout.write((typeof o === 'string' ? o : JSON.stringify(o)) + '\\n');
      require('readline').createInterface({ input: process.stdin }).on('line', (l) => {
        const { id, method } = JSON.parse(l);
        if (method === 'hello') out({ id, result: hello });
        else if (method === 'start') { out({ id, result: started }); out(${JSON.stringify(sampleLine(1000))}); out(${JSON.stringify(sampleLine(2000))}); }
        else out({ id, result: method === 'ping' ? { t: Date.now() } : null });
      });`;
    const statuses: AgentStatus[] = [];
    const s = new IsoscopeService({ agentCommand: () => ({ command: process.execPath, args: ['-e', script] }) });
    service = s;
    s.on('push', (e) => e.channel === 'status' && statuses.push(e.payload));
    s.start();
    await until(() => statuses.some((x) => x.state === 'connected'));
    await until(() => Object.hasOwn(s.getState().history, '__proto__') && s.getState().history['__proto__']!.length === 2);
    const state = s.getState();
    expect(state.containers.map((c) => c.id)).toEqual(IDS);
    expect(Object.keys(state.history)).toEqual(IDS);
    // Across the wire (the WebSocket's JSON) and checked where it enters the renderer.
    const r = await s.invoke('getState', {});
    const received = invokeSpecs.getState.result.parse(JSON.parse(JSON.stringify(r.ok && r.result)));
    expect(Object.getPrototypeOf(received.history)).toBe(null);
    for (const id of IDS) expect(Object.hasOwn(received.history, id) && received.history[id]).toHaveLength(2);
  });
});
