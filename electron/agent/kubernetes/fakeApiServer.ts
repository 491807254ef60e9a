// A stand-in Kubernetes API server for plugin.test.ts: just enough of it to prove our side of
// the conversation. It serves pod lists and pods as JSON, and pods/portforward as the kubelet
// does over WebSocket (v4.channel.k8s.io): on open, one frame per channel holding only the port
// (channel 0 data, channel 1 error, 2 bytes little endian), then data frames [0, …bytes] both
// ways; a failed connection to the pod's port is one error frame [1, …message] and a close.
// The "pod" behind a port-forward is a real TCP listener on this machine (a real
// `isoscope agent --listen`). Every request is recorded for the test to check.
import type { IncomingMessage, Server } from 'node:http';
import { createServer } from 'node:https';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface FakePod {
  metadata: {
    name: string;
    namespace: string;
    uid?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec: Record<string, unknown> & { nodeName?: string };
  status?: { phase?: string; conditions?: { type: string; status: string }[] };
  /** For agent pods: where its port really is on this machine (null: nothing listens). */
  forwardTo?: number | null;
}

export interface Recorded {
  method: string;
  path: string;
  authorization: string | undefined;
  protocol?: string;
}

export interface FakeApiServer {
  url: string;
  token: string;
  requests: Recorded[];
  /** A token RBAC refuses everything (403 on lists and port-forwards), for a second kubeconfig user. */
  forbiddenToken: string;
  /** Ends every open port-forward from the server's side (a dropped connection). */
  dropForwards(): void;
  close(): Promise<void>;
}

const status = (code: number, message: string) => ({
  kind: 'Status',
  apiVersion: 'v1',
  status: 'Failure',
  message,
  reason: code === 403 ? 'Forbidden' : 'NotFound',
  code,
});

/** Served over TLS with this key and certificate (PEM). Pods whose name is in `forbidden` answer 403 as RBAC would. */
export async function startFakeApiServer(
  tls: { key: string; cert: string },
  pods: FakePod[],
  forbidden: string[] = [],
): Promise<FakeApiServer> {
  const token = 'test-token-' + Math.random().toString(16).slice(2);
  const forbiddenToken = 'viewer-token-' + Math.random().toString(16).slice(2);
  const requests: Recorded[] = [];
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => (offered.has('v4.channel.k8s.io') ? 'v4.channel.k8s.io' : false),
  });

  const server: Server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push({ method: req.method ?? '', path: url.pathname + url.search, authorization: req.headers.authorization });
    const send = (code: number, body: unknown) => {
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization === `Bearer ${forbiddenToken}`) {
      const ns = /^\/api\/v1\/namespaces\/([^/]+)\//.exec(url.pathname)?.[1] ?? '';
      return send(
        403,
        status(403, `pods is forbidden: User "viewer" cannot list resource "pods" in API group "" in the namespace "${ns}"`),
      );
    }
    if (req.headers.authorization !== `Bearer ${token}`) return send(401, status(401, 'Unauthorized'));
    const list = /^\/api\/v1\/namespaces\/([^/]+)\/pods$/.exec(url.pathname);
    if (list && req.method === 'GET') {
      const [, ns] = list;
      const selector = url.searchParams.get('labelSelector');
      const field = url.searchParams.get('fieldSelector');
      const node = field?.startsWith('spec.nodeName=') ? field.slice('spec.nodeName='.length) : null;
      const items = pods.filter((p) => {
        if (p.metadata.namespace !== ns) return false;
        if (node !== null && p.spec.nodeName !== node) return false;
        if (selector) {
          const [k, v] = selector.split('=');
          if (p.metadata.labels?.[k!] !== v) return false;
        }
        return true;
      });
      return send(200, {
        kind: 'PodList',
        apiVersion: 'v1',
        metadata: {},
        items: items.map(({ forwardTo: _f, ...p }) => ({ kind: 'Pod', apiVersion: 'v1', ...p })),
      });
    }
    const one = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)$/.exec(url.pathname);
    if (one && req.method === 'GET') {
      const [, ns, name] = one;
      if (forbidden.includes(name!))
        return send(
          403,
          status(
            403,
            `pods "${name}" is forbidden: User "tester" cannot get resource "pods" in API group "" in the namespace "${ns}"`,
          ),
        );
      const pod = pods.find((p) => p.metadata.namespace === ns && p.metadata.name === name);
      if (!pod) return send(404, status(404, `pods "${name}" not found`));
      const { forwardTo: _f, ...plain } = pod;
      return send(200, { kind: 'Pod', apiVersion: 'v1', ...plain });
    }
    send(404, status(404, 'no such path'));
  });

  server.on('upgrade', (req: IncomingMessage, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const rec: Recorded = { method: req.method ?? '', path: url.pathname + url.search, authorization: req.headers.authorization };
    requests.push(rec);
    const m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/portforward$/.exec(url.pathname);
    const pod = m ? pods.find((p) => p.metadata.namespace === m[1] && p.metadata.name === m[2]) : undefined;
    const port = Number(url.searchParams.get('ports'));
    if (req.headers.authorization === `Bearer ${forbiddenToken}`) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    if (req.headers.authorization !== `Bearer ${token}` || !pod || !Number.isInteger(port) || port <= 0) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      rec.protocol = ws.protocol;
      const portBytes = [port & 0xff, port >> 8];
      ws.send(Buffer.from([0, ...portBytes]));
      ws.send(Buffer.from([1, ...portBytes]));
      const fail = (message: string) => {
        ws.send(Buffer.concat([Buffer.from([1]), Buffer.from(message)]));
        ws.close();
      };
      if (pod.forwardTo === null || pod.forwardTo === undefined)
        return fail(
          `error forwarding port ${port} to pod ${pod.metadata.name}: dial tcp4 127.0.0.1:${port}: connect: connection refused`,
        );
      const tcp = connect({ host: '127.0.0.1', port: pod.forwardTo });
      tcp.on('error', (err) => fail(`error forwarding port ${port} to pod ${pod.metadata.name}: ${err.message}`));
      tcp.on('data', (d: Buffer) => ws.send(Buffer.concat([Buffer.from([0]), d])));
      tcp.on('end', () => ws.close());
      ws.on('message', (data: Buffer) => {
        if (data[0] === 0 && data.length > 1) tcp.write(data.subarray(1));
      });
      ws.on('close', () => tcp.end());
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    token,
    forbiddenToken,
    requests,
    dropForwards: () => {
      for (const c of wss.clients) c.terminate();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
