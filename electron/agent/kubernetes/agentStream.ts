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
import type { ClusterReason } from '../remote/hostSpec.js';
import { AGENT_PORT, AGENT_SELECTOR, DEFAULT_NAMESPACE } from './constants.js';

// The reasons (and their meaning) are the host spec's: the app and the CLI read them from the bridge.
export type { ClusterReason } from '../remote/hostSpec.js';
export { CLUSTER_REASONS } from '../remote/hostSpec.js';

/** A failure the user can act on: one line, no stack (plugin.ts prints it), and its reason. */
export class ClusterError extends Error {
  constructor(
    message: string,
    readonly reason: ClusterReason = 'api-error',
  ) {
    super(message);
  }
}

/** The reason an API call's error stands for: its HTTP status, else how the connection failed. */
export function apiReason(err: unknown): ClusterReason {
  const e = err as { code?: unknown; message?: unknown; cause?: { code?: unknown } };
  const status = typeof e.code === 'number' ? e.code : Number(/Unexpected server response: (\d{3})/.exec(String(e.message))?.[1]);
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  const code = typeof e.code === 'string' ? e.code : typeof e.cause?.code === 'string' ? e.cause.code : '';
  const text = `${code} ${String(e.message ?? '')}`;
  if (
    /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ECONNRESET|UND_ERR_CONNECT|fetch failed|CERT|certificate|self.signed/i.test(
      text,
    )
  )
    return 'api-unreachable';
  return 'api-error';
}

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
        'no-context',
      );
    kc.setCurrentContext(context);
  }
  if (!kc.getCurrentCluster()) throw new ClusterError('the kubeconfig names no cluster for the current context', 'no-context');
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
    throw new ClusterError(`listing the agent pods in ${namespace}: ${apiMessage(err)}`, apiReason(err));
  }
  // The field selector is the server's; the node is checked here too.
  // Running, not being deleted, and not reported unready (a container restarting keeps the pod
  // Running with Ready False).
  const onNode = pods.filter((p) => p.spec?.nodeName === node);
  const unready = (p: V1Pod) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'False') === true;
  const running = onNode.filter(
    (p) => p.status?.phase === 'Running' && p.metadata?.name && !p.metadata.deletionTimestamp && !unready(p),
  );
  if (running.length === 0) {
    const other = onNode.map(
      (p) =>
        `${p.metadata?.name ?? '?'} (${p.metadata?.deletionTimestamp ? 'terminating' : p.status?.phase === 'Running' && unready(p) ? 'Running, not ready' : (p.status?.phase ?? 'unknown')})`,
    );
    throw new ClusterError(
      `no running isoscope agent on node ${node} in namespace ${namespace}${other.length ? `: ${other.join(', ')}` : ' (apply it: isoscope k8s manifests | kubectl apply -f -)'}`,
      other.length ? 'pod-not-ready' : 'no-agent-pod',
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
      new ClusterError(
        `port-forward to ${namespace}/${name} port ${opts.port ?? AGENT_PORT}: ${errorText.trim().slice(0, 300)}`,
        'port-forward-failed',
      ),
    );
  });
  let ws;
  try {
    // retryCount 0: one WebSocket, returned as soon as it is open.
    ws = await new PortForward(kc).portForward(namespace, name, [opts.port ?? AGENT_PORT], fromAgent, errors, toAgent, 0);
  } catch (err) {
    const reason = apiReason(err);
    throw new ClusterError(
      `port-forward to ${namespace}/${name}: ${apiMessage(err)}`,
      reason === 'api-error' ? 'port-forward-failed' : reason,
    );
  }
  if (typeof ws === 'function') throw new ClusterError('port-forward: no WebSocket', 'port-forward-failed'); // only with retries, which we do not ask for
  // The WebSocket's end is the stream's end (PortForward itself never ends the output).
  ws.on('close', () => fromAgent.end());
  ws.on('error', (err: Error) =>
    duplex.destroy(new ClusterError(`port-forward to ${namespace}/${name}: ${err.message}`, 'connection-dropped')),
  );
  duplex.on('close', () => {
    if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close();
  });
  return duplex;
}
