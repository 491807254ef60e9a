// The plugin's side of the NDJSON protocol: against a real TCP agent it gets answers checked by
// the protocol's schemas; against a hostile peer (what a compromised node or a man in the middle
// of a port-forward could send) it fails with a named error instead of passing anything on.
import { connect } from 'node:net';
import { Duplex, PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTcpAgent, type TcpAgent } from '../stream/tcpAgent.js';
import { AgentConnection } from './agentConnection.js';

const ROOT = new URL('../fixtures/roots/k8s-v2', import.meta.url).pathname;
let agent: TcpAgent;
beforeAll(async () => {
  agent = await startTcpAgent({ root: ROOT }, 1000, { host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await agent?.close();
});

/** A fake agent: whatever it is given to say, it says to each request. */
function hostile(answer: (id: number) => string): Duplex {
  const toPeer = new PassThrough();
  const fromPeer = new PassThrough();
  toPeer.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean))
      fromPeer.write(answer((JSON.parse(line) as { id: number }).id));
  });
  return Duplex.from({ readable: fromPeer, writable: toPeer });
}

describe('AgentConnection', () => {
  it('hello and snapshot from a real agent over TCP, checked by the protocol', async () => {
    const socket = connect({ host: '127.0.0.1', port: agent.address.port });
    await new Promise((r) => socket.once('connect', r));
    const c = new AgentConnection(socket);
    expect(await c.request('hello')).toMatchObject({ root: ROOT, schemaVersion: 1 });
    const snap = await c.request('snapshot');
    expect(snap.containers.map((x) => x.name).sort()).toEqual(['coredns', 'log-reader', 'web-server', 'web-with-logger']);
    await expect(c.request('labUp', { presets: ['hardened'] })).rejects.toMatchObject({ code: 'refused' });
    c.close();
  });

  it('refuses what a hostile peer sends: not JSON, outside the protocol, a snapshot of the wrong shape, an endless line', async () => {
    await expect(new AgentConnection(hostile(() => 'HTTP/1.1 200 OK\n')).request('hello')).rejects.toMatchObject({
      code: 'bad-json',
    });
    await expect(
      new AgentConnection(hostile((id) => JSON.stringify({ id, wat: 1 }) + '\n')).request('hello'),
    ).rejects.toMatchObject({ code: 'bad-response' });
    await expect(
      new AgentConnection(hostile((id) => JSON.stringify({ id, result: { containers: '__proto__' } }) + '\n')).request(
        'snapshot',
      ),
    ).rejects.toMatchObject({ code: 'bad-response' });
    await expect(
      new AgentConnection(
        hostile(() => 'x'.repeat(5000)),
        4096,
      ).request('hello'),
    ).rejects.toMatchObject({ code: 'too-long' });
    await expect(
      new AgentConnection(
        hostile(() => JSON.stringify({ id: null, error: { code: 'busy', message: 'at most 4 clients at once' } }) + '\n'),
      ).request('hello'),
    ).rejects.toMatchObject({ code: 'busy' });
  });

  it('a peer that goes away fails the pending request', async () => {
    const toPeer = new PassThrough();
    const fromPeer = new PassThrough();
    const c = new AgentConnection(Duplex.from({ readable: fromPeer, writable: toPeer }));
    const pending = c.request('snapshot');
    fromPeer.end();
    await expect(pending).rejects.toMatchObject({ code: 'closed' });
  });
});
