// `kubectl isoscope stream --node NODE [--context C] [--agent-namespace NS]`: the node agent's
// NDJSON on this process's stdin and stdout, through the API server's port-forward. It is what
// the app and `isoscope --host k8s://CONTEXT/NODE` run for a Kubernetes host (k8sBridge.ts): the
// same pipe an ssh session gives for an ssh:// host, so the rest of the app speaks to a node as it
// speaks to any agent. It runs as the one-file bundle (dist/kubectl-isoscope.cjs) because
// @kubernetes/client-node needs Node 22 unbundled (docs/cluster.md, "Node versions").
//
// A failure is one line on stderr, `kubectl-isoscope: stream: REASON: message` (REASON one of
// ClusterReason), and exit 1; stdin closing ends the port-forward and exits 0.
import type { Readable, Writable } from 'node:stream';
import type { KubeConfig } from '@kubernetes/client-node';
import { terminalSafe } from '../commandLine/terminalSafe.js';
import { BRIDGE_PREFIX, type ClusterReason } from '../remote/hostSpec.js';
import { ClusterError, loadKubeConfig, openAgentStream } from './agentStream.js';

export interface BridgeIo {
  stdin: Readable;
  stdout: Writable;
  stderr: { write(text: string): unknown };
}

export interface BridgeOptions {
  context: string | null;
  node: string;
  agentNamespace: string;
  kubeConfig?: KubeConfig;
}

function failLine(io: BridgeIo, reason: ClusterReason, message: string): number {
  io.stderr.write(terminalSafe(`${BRIDGE_PREFIX}${reason}: ${message.split('\n')[0]}`) + '\n');
  return 1;
}

/** Runs until stdin ends (0) or the port-forward fails or drops (1, the reason on stderr). */
export async function runBridge(opts: BridgeOptions, io: BridgeIo): Promise<number> {
  let stream;
  try {
    const kubeConfig = opts.kubeConfig ?? loadKubeConfig(opts.context);
    stream = await openAgentStream(opts.context, opts.node, { kubeConfig, agentNamespace: opts.agentNamespace });
  } catch (err) {
    if (err instanceof ClusterError) return failLine(io, err.reason, err.message);
    return failLine(io, 'api-error', err instanceof Error ? err.message : String(err));
  }
  const duplex = stream;
  return new Promise<number>((resolve) => {
    let inputEnded = false;
    let done = false;
    const finish = (code: number) => {
      if (done) return;
      done = true;
      io.stdin.unpipe(duplex);
      io.stdin.pause();
      resolve(code);
    };
    io.stdin.pipe(duplex);
    duplex.pipe(io.stdout, { end: false });
    io.stdin.on('end', () => {
      // The client is done: close the port-forward (its WebSocket closes with the duplex).
      inputEnded = true;
      duplex.destroy();
      finish(0);
    });
    duplex.on('error', (err: Error) =>
      finish(failLine(io, err instanceof ClusterError ? err.reason : 'connection-dropped', err.message)),
    );
    duplex.on('end', () => {
      if (inputEnded) return finish(0);
      finish(failLine(io, 'connection-dropped', `the port-forward to the agent on node ${opts.node} ended`));
    });
    duplex.on('close', () => {
      if (inputEnded) finish(0);
    });
  });
}
