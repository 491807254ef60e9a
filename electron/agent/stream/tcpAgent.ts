// `isoscope agent --listen 127.0.0.1:PORT`: the same NDJSON protocol as `agent --stdio`, over
// TCP on a loopback address. It exists for the Kubernetes DaemonSet: the API server's
// pods/portforward connects to a port inside the pod's own network namespace, whose loopback no
// one else reaches (docs/cluster.md).
//
// - Loopback only: 127.0.0.0/8 and ::1. Any other address (0.0.0.0 included) is refused: the
//   collector runs as root and a network listener would hand its view to whoever can connect.
// - Several clients at once, each with its own session (collector, poller, interval), at most
//   MAX_CLIENTS; one more is told why in one error line and closed.
// - Read-only: a TCP client may not start seccomp profiles (they run a command in a container)
//   or demo labs (they start containers). Those methods answer `refused`.
// - On a machine's shared loopback (the agent in the host's network namespace) every local user
//   can connect; the command warns about that on stderr (agentCommand.ts).
import { createServer, isIPv4, isIPv6, type AddressInfo, type Server, type Socket } from 'node:net';
import type { AgentMethod } from '../../../shared/agent/protocol.js';
import type { CollectOptions } from '../collect/options.js';
import { AgentSession, serveNdjson } from './stdioAgent.js';

export const MAX_CLIENTS = 4;

/** Methods a TCP client is refused: they act on containers instead of reading them. */
export const TCP_REFUSED: ReadonlySet<AgentMethod> = new Set<AgentMethod>(['profileStart', 'profileCancel', 'labUp', 'labDown']);

export interface ListenAddress {
  host: string;
  port: number;
}

/** Whether this literal address is a loopback one (127.0.0.0/8 or ::1). Host names are not resolved. */
export function isLoopback(host: string): boolean {
  if (isIPv4(host)) return host.split('.')[0] === '127';
  if (isIPv6(host)) return host === '::1' || /^(0{0,4}:){1,7}0{0,3}1$/.test(host) || /^::ffff:127\./i.test(host);
  return false;
}

/**
 * `HOST:PORT` or `[V6]:PORT` (port 0 = any free one), loopback literals only. Throws Error with
 * one line saying what is wrong.
 */
export function parseListenAddress(text: string): ListenAddress {
  const m = /^\[([^\]]+)\]:(\d{1,5})$/.exec(text) ?? /^([^:[\]]+):(\d{1,5})$/.exec(text);
  if (!m) throw new Error(`--listen ${text}: expected HOST:PORT, e.g. 127.0.0.1:7070`);
  const host = m[1]!;
  const port = Number(m[2]);
  if (port > 65535) throw new Error(`--listen ${text}: port ${port} is out of range`);
  if (!isLoopback(host)) throw new Error(`--listen ${text}: only a loopback address (127.0.0.1, ::1) is accepted, never ${host}`);
  return { host, port };
}

export interface TcpAgent {
  server: Server;
  /** The address actually bound (the port chosen when 0 was asked). */
  address: ListenAddress;
  /** Stops listening and ends every connection. */
  close(): Promise<void>;
}

/** Listens; resolves once bound. Each connection is a session of its own until either side ends. */
export function startTcpAgent(options: Partial<CollectOptions>, intervalMs: number, at: ListenAddress): Promise<TcpAgent> {
  const clients = new Set<Socket>();
  const sessions = new Set<AgentSession>();
  const server = createServer((socket) => {
    socket.setNoDelay(true);
    // A client that goes away mid-answer must not take the agent with it.
    socket.on('error', () => socket.destroy());
    if (clients.size >= MAX_CLIENTS) {
      socket.end(JSON.stringify({ id: null, error: { code: 'busy', message: `at most ${MAX_CLIENTS} clients at once` } }) + '\n');
      return;
    }
    clients.add(socket);
    const session = new AgentSession(
      options,
      intervalMs,
      (msg) => {
        if (!socket.destroyed && socket.writable) socket.write(JSON.stringify(msg) + '\n');
      },
      TCP_REFUSED,
    );
    sessions.add(session);
    socket.on('close', () => {
      clients.delete(socket);
      sessions.delete(session);
      session.close();
    });
    void serveNdjson(session, socket).then(() => {
      if (!socket.destroyed) socket.end();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: at.host, port: at.port, exclusive: true }, () => {
      server.off('error', reject);
      const bound = server.address() as AddressInfo;
      resolve({
        server,
        address: { host: bound.address, port: bound.port },
        close: () =>
          new Promise<void>((done) => {
            for (const s of sessions) s.close();
            for (const c of clients) c.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
