// `isoscope agent --listen`: the NDJSON protocol over a real TCP connection on loopback answers
// hello and snapshot exactly as the stdio agent does (same fixture host tree, both real), refuses
// the methods that act on containers, turns away a client over the limit, survives a client
// that disconnects mid-answer, and never binds anything but a loopback address.
import { connect, type Socket } from 'node:net';
import { PassThrough } from 'node:stream';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';
import { isLoopback, MAX_CLIENTS, parseListenAddress, startTcpAgent, type TcpAgent } from './tcpAgent.js';
import { runStdioAgent } from './stdioAgent.js';

const ROOT = new URL('../fixtures/roots/k8s-v2', import.meta.url).pathname;
const OPTIONS = { root: ROOT };

type Msg = Record<string, unknown>;

/** An NDJSON client over any duplex: request() resolves with the response of that id. */
class LineClient {
  readonly lines: Msg[] = [];
  private next = 1;
  private readonly waiting = new Map<number, (m: Msg) => void>();
  private readonly watchers: (() => void)[] = [];
  constructor(
    private readonly out: { write(s: string): unknown },
    input: NodeJS.ReadableStream,
  ) {
    createInterface({ input }).on('line', (line) => {
      const m = JSON.parse(line) as Msg;
      this.lines.push(m);
      if (typeof m.id === 'number') this.waiting.get(m.id)?.(m);
      for (const w of this.watchers) w();
    });
  }
  request(method: string, params?: unknown): Promise<Msg> {
    const id = this.next++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.out.write(JSON.stringify({ id, method, params }) + '\n');
    });
  }
}

function tcpClient(port: number, host = '127.0.0.1'): Promise<{ socket: Socket; client: LineClient }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port }, () => resolve({ socket, client: new LineClient(socket, socket) }));
    socket.once('error', reject);
  });
}

/** The snapshot without the instant it was taken (the only field two collections may differ in). */
function timeless(m: Msg): Msg {
  const result = structuredClone(m.result) as Msg;
  delete result.takenAt;
  return { ...m, id: 0, result };
}

let agent: TcpAgent;
beforeAll(async () => {
  agent = await startTcpAgent(OPTIONS, 1000, { host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await agent?.close();
});

describe('isoscope agent --listen', () => {
  it('binds the loopback address asked for, on a port of its own', () => {
    expect(agent.address.host).toBe('127.0.0.1');
    expect(agent.address.port).toBeGreaterThan(0);
  });

  it('answers hello and snapshot over TCP exactly as the stdio agent does', async () => {
    const { socket, client } = await tcpClient(agent.address.port);
    const tcpHello = await client.request('hello');
    const tcpSnap = await client.request('snapshot');
    socket.end();

    const toAgent = new PassThrough();
    const fromAgent = new PassThrough();
    const done = runStdioAgent(OPTIONS, 1000, toAgent, fromAgent);
    const stdio = new LineClient(toAgent, fromAgent);
    const stdioHello = await stdio.request('hello');
    const stdioSnap = await stdio.request('snapshot');
    toAgent.end();
    await done;

    expect(tcpHello).toEqual(stdioHello);
    expect(tcpHello).toMatchObject({ result: { root: ROOT, intervalMs: 1000 } });
    expect((tcpSnap.result as { containers: unknown[] }).containers.length).toBe(4);
    expect(timeless(tcpSnap)).toEqual(timeless(stdioSnap));
  });

  it('refuses profiles and labs over TCP, and still answers after a malformed line', async () => {
    const { socket, client } = await tcpClient(agent.address.port);
    for (const method of ['profileStart', 'profileCancel', 'labUp', 'labDown']) {
      expect(await client.request(method, {}), method).toMatchObject({ error: { code: 'refused' } });
    }
    socket.write('not json\n');
    expect(await client.request('ping')).toMatchObject({ result: { t: expect.any(Number) } });
    expect(client.lines.some((l) => (l.error as Msg | undefined)?.code === 'bad-json')).toBe(true);
    socket.end();
  });

  it(`serves ${MAX_CLIENTS} clients at once, each its own session; one more is told it is busy`, async () => {
    const clients = await Promise.all(Array.from({ length: MAX_CLIENTS }, () => tcpClient(agent.address.port)));
    const intervals = await Promise.all(clients.map((c, i) => c.client.request('setInterval', { ms: 1000 + i })));
    expect(intervals.map((r) => (r.result as { intervalMs: number }).intervalMs)).toEqual(clients.map((_, i) => 1000 + i));
    const extra = await tcpClient(agent.address.port);
    const closed = new Promise((r) => extra.socket.once('close', r));
    await closed;
    expect(extra.client.lines).toEqual([
      { id: null, error: { code: 'busy', message: `at most ${MAX_CLIENTS} clients at once` } },
    ]);
    for (const c of clients) c.socket.destroy();
    // The places free up: a new client is served again.
    await new Promise((r) => setTimeout(r, 100));
    const again = await tcpClient(agent.address.port);
    expect(await again.client.request('ping')).toMatchObject({ result: {} });
    again.socket.end();
  });

  it('a client that vanishes before its snapshot is answered does not stop the agent', async () => {
    const gone = await tcpClient(agent.address.port);
    gone.socket.write(JSON.stringify({ id: 1, method: 'snapshot' }) + '\n');
    gone.socket.destroy();
    const { socket, client } = await tcpClient(agent.address.port);
    expect(await client.request('hello')).toMatchObject({ result: { root: ROOT } });
    socket.end();
  });

  it('accepts only loopback literals; anything else is a usage error before binding', async () => {
    expect(parseListenAddress('127.0.0.1:7070')).toEqual({ host: '127.0.0.1', port: 7070 });
    expect(parseListenAddress('[::1]:0')).toEqual({ host: '::1', port: 0 });
    for (const bad of [
      '0.0.0.0:7070',
      '[::]:7070',
      '10.0.0.5:7070',
      'localhost:7070',
      '127.0.0.1',
      '127.0.0.1:70000',
      '[::ffff:10.0.0.1]:1',
    ]) {
      expect(() => parseListenAddress(bad), bad).toThrow();
    }
    expect(isLoopback('127.8.9.10')).toBe(true);
    expect(isLoopback('0:0:0:0:0:0:0:1')).toBe(true);
    expect(isLoopback('::2')).toBe(false);
    let stderr = '';
    const code = await main(['agent', '--listen', '0.0.0.0:7070'], {
      stdout: { write: () => true },
      stderr: { write: (t: string) => (stderr += t) },
    });
    expect(code).toBe(2);
    expect(stderr).toBe('isoscope: --listen 0.0.0.0:7070: only a loopback address (127.0.0.1, ::1) is accepted, never 0.0.0.0\n');
    const both = await main(['agent', '--stdio', '--listen', '127.0.0.1:0'], {
      stdout: { write: () => true },
      stderr: { write: () => true },
    });
    expect(both).toBe(2);
  });
});
