// A byte stream to the isoscope agent on one Kubernetes node, through the API server's
// pods/portforward (WebSocket, @kubernetes/client-node's PortForward): find the agent pod on the
// node by its label, forward to its loopback port, hand back a Duplex that speaks the agent's
// NDJSON. The kubectl plugin uses it; the desktop app can use it for a `k8s://context/node` host
// (openAgentStream is the whole interface it needs).
//
// The port-forward protocol as the API server (kubelet) speaks it over WebSocket
// (v4.channel.k8s.io): every binary frame starts with a channel byte. Per forwarded port, channel
// 2n carries data and 2n+1 errors; the first frame the server sends on each channel carries the
// port number (2 bytes, little endian) and nothing else. Frames we send carry channel 0 and data.
// An error frame (e.g. "connection refused" when nothing listens on the port in the pod) ends
// the stream with that message.
import { Duplex, PassThrough } from 'node:stream';
import { CoreV1Api, KubeConfig, PortForward, type V1Pod } from '@kubernetes/client-node';
import { AGENT_PORT, AGENT_SELECTOR, DEFAULT_NAMESPACE } from './constants.js';

/** A failure the user can act on: one line, no stack (plugin.ts prints it). */
export class ClusterError extends Error {}

/** The kubeconfig as kubectl reads it ($KUBECONFIG, else ~/.kube/config), on the context asked for. */
export function loadKubeConfig(context: string | null): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromDefault();
  if (context !== null) {
    if (!kc.getContextObject(context))
      throw new ClusterError(
        `no context "${context}" in the kubeconfig (${
          kc
            .getContexts()
            .map((c) => c.name)
            .join(', ') || 'none'
        })`,
      );
    kc.setCurrentContext(context);
  }
  if (!kc.getCurrentCluster()) throw new ClusterError('the kubeconfig names no cluster for the current context');
  return kc;
}

/** The namespace the context names, else "default" (as kubectl does). */
export function contextNamespace(kc: KubeConfig): string {
  return kc.getContextObject(kc.getCurrentContext())?.namespace ?? 'default';
}

/** "403 Forbidden: pods is forbidden: …" from the API server's Status, or the error's message. */
export function apiMessage(err: unknown): string {
  const e = err as { code?: number; body?: unknown; message?: string };
  if (typeof e.code === 'number') {
    let detail = '';
    try {
      const body =
        typeof e.body === 'string'
          ? (JSON.parse(e.body) as { message?: unknown })
          : (e.body as { message?: unknown } | undefined);
      if (typeof body?.message === 'string') detail = body.message;
    } catch {
      // not a Status object: the code says enough
    }
    return `the API server answered ${e.code}${detail ? `: ${detail.slice(0, 300)}` : ''}`;
  }
  return e.message ?? String(err);
}

export interface AgentPodOptions {
  /** Where the DaemonSet runs (default "isoscope"). */
  agentNamespace?: string;
}

/** The running agent pod on this node. Throws ClusterError naming what is missing. */
export async function findAgentPod(kc: KubeConfig, node: string, opts: AgentPodOptions = {}): Promise<V1Pod> {
  const namespace = opts.agentNamespace ?? DEFAULT_NAMESPACE;
  let pods: V1Pod[];
  try {
    const list = await kc
      .makeApiClient(CoreV1Api)
      .listNamespacedPod({ namespace, labelSelector: AGENT_SELECTOR, fieldSelector: `spec.nodeName=${node}` });
    pods = list.items;
  } catch (err) {
    throw new ClusterError(`listing the agent pods in ${namespace}: ${apiMessage(err)}`);
  }
  // The field selector is the server's; the node is checked here too.
  const running = pods.filter(
    (p) => p.spec?.nodeName === node && p.status?.phase === 'Running' && p.metadata?.name && !p.metadata.deletionTimestamp,
  );
  if (running.length === 0) {
    const other = pods
      .filter((p) => p.spec?.nodeName === node)
      .map((p) => `${p.metadata?.name ?? '?'} (${p.status?.phase ?? 'unknown'})`);
    throw new ClusterError(
      `no running isoscope agent on node ${node} in namespace ${namespace}${other.length ? `: ${other.join(', ')}` : ' (apply it: isoscope k8s manifests | kubectl apply -f -)'}`,
    );
  }
  return running[0]!;
}

export interface OpenOptions extends AgentPodOptions {
  /** A kubeconfig already loaded (tests, the app); default: loadKubeConfig(context). */
  kubeConfig?: KubeConfig;
  /** The agent's port in the pod (default AGENT_PORT). */
  port?: number;
}

/**
 * A duplex byte stream to the agent on `node`: write NDJSON requests, read answers and pushes.
 * End it to close the port-forward. An error the API server reports on the error channel
 * destroys it with that message.
 */
export async function openAgentStream(kubeconfigContext: string | null, node: string, opts: OpenOptions = {}): Promise<Duplex> {
  const kc = opts.kubeConfig ?? loadKubeConfig(kubeconfigContext);
  const pod = await findAgentPod(kc, node, opts);
  const namespace = pod.metadata!.namespace ?? opts.agentNamespace ?? DEFAULT_NAMESPACE;
  const name = pod.metadata!.name!;
  const toAgent = new PassThrough();
  const fromAgent = new PassThrough();
  const errors = new PassThrough();
  const duplex = Duplex.from({ readable: fromAgent, writable: toAgent });
  let errorText = '';
  errors.on('data', (chunk: Buffer) => {
    errorText += chunk.toString('utf8');
    duplex.destroy(
      new ClusterError(`port-forward to ${namespace}/${name} port ${opts.port ?? AGENT_PORT}: ${errorText.trim().slice(0, 300)}`),
    );
  });
  let ws;
  try {
    // retryCount 0: one WebSocket, returned as soon as it is open.
    ws = await new PortForward(kc).portForward(namespace, name, [opts.port ?? AGENT_PORT], fromAgent, errors, toAgent, 0);
  } catch (err) {
    throw new ClusterError(`port-forward to ${namespace}/${name}: ${apiMessage(err)}`);
  }
  if (typeof ws === 'function') throw new ClusterError('port-forward: no WebSocket'); // only with retries, which we do not ask for
  // The WebSocket's end is the stream's end (PortForward itself never ends the output).
  ws.on('close', () => fromAgent.end());
  ws.on('error', (err: Error) => duplex.destroy(new ClusterError(`port-forward to ${namespace}/${name}: ${err.message}`)));
  duplex.on('close', () => {
    if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close();
  });
  return duplex;
}
