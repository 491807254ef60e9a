// How isoscope reaches a `k8s://CONTEXT/NODE` host: it runs the kubectl plugin's one-file bundle
// (dist/kubectl-isoscope.cjs, `npm run build:kubectl`) as `stream --node NODE --context CONTEXT`,
// which port-forwards to the agent pod on that node (bridge.ts) and carries the agent's NDJSON on
// its stdin/stdout — the same pipe an ssh session gives. The app's collector hosts and the CLI's
// `--host` use the child like any agent process. A child process, not an import: the Kubernetes
// client needs Node 22 unbundled, and the bundle runs on the Node 20 here (docs/cluster.md).
//
// Its failures come back as one typed line (`kubectl-isoscope: stream: REASON: message`), read
// here into a reason and words. Plain Node: no import of @kubernetes/client-node.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { Snapshot } from '../../../shared/snapshot/schema.js';
import { formatHostSpec, type K8sHost } from '../remote/hostSpec.js';
import { AgentConnection, AgentError } from './agentConnection.js';
import type { ClusterReason } from './agentStream.js';
import { DEFAULT_NAMESPACE } from './constants.js';

const PREFIX = 'kubectl-isoscope: stream: ';
const REASONS: ReadonlySet<string> = new Set<ClusterReason>([
  'no-context',
  'unauthorized',
  'forbidden',
  'api-unreachable',
  'no-agent-pod',
  'pod-not-ready',
  'port-forward-failed',
  'connection-dropped',
  'api-error',
]);

/** A reason of the cluster's, or ours: the bridge bundle is missing, or it ended without saying why. */
export type K8sFailureReason = ClusterReason | 'no-bridge' | 'bridge-exited';

export interface K8sFailure {
  reason: K8sFailureReason;
  message: string;
}

/** The built bundle of this installation (dist/kubectl-isoscope.cjs), or null. */
export function localBridgeBundle(): string | null {
  const here = dirname(fileURLToPath(import.meta.url));
  // Sources: electron/agent/kubernetes/ → dist/; build: dist/electron/agent/kubernetes/ → dist/.
  for (const up of [
    ['..', '..', '..', 'dist'],
    ['..', '..', '..'],
  ]) {
    const file = join(here, ...up, 'kubectl-isoscope.cjs');
    if (existsSync(file)) return file;
  }
  return null;
}

export interface K8sBridgeOptions {
  /** The bundle (default: localBridgeBundle()). */
  bundle?: string | null;
  /** Where the DaemonSet runs (default "isoscope"). */
  agentNamespace?: string;
  /** The Node that runs the bundle (default: this process's; Electron's binary with ELECTRON_RUN_AS_NODE). */
  node?: string;
}

export interface BridgeCommand {
  command: string;
  args: string[];
}

/** The command that bridges to the host's agent; null when no bundle is built. */
export function k8sBridgeCommand(host: K8sHost, opts: K8sBridgeOptions = {}): BridgeCommand | null {
  const bundle = opts.bundle === undefined ? localBridgeBundle() : opts.bundle;
  if (bundle === null) return null;
  // `--flag=value`: a value is never read as a flag, whatever it starts with (the parser refuses a leading "-" anyway).
  return {
    command: opts.node ?? process.execPath,
    args: [
      bundle,
      'stream',
      `--node=${host.node}`,
      `--context=${host.context}`,
      `--agent-namespace=${opts.agentNamespace ?? DEFAULT_NAMESPACE}`,
    ],
  };
}

export const NO_BRIDGE_MESSAGE =
  'the Kubernetes bridge is not built (dist/kubectl-isoscope.cjs): run `npm run build:kubectl` in the isoscope installation';

/** The bridge's exit read as a reason: its last typed line, else how it ended. */
export function classifyBridgeExit(code: number | null, stderr: string): K8sFailure {
  const lines = stderr.split('\n').filter((l) => l.startsWith(PREFIX));
  const last = lines.at(-1);
  if (last !== undefined) {
    const rest = last.slice(PREFIX.length);
    const colon = rest.indexOf(': ');
    const reason = colon > 0 ? rest.slice(0, colon) : '';
    if (REASONS.has(reason)) return { reason: reason as ClusterReason, message: rest.slice(colon + 2).trim() };
  }
  const tail = stderr.trim().split('\n').at(-1)?.slice(0, 300) ?? '';
  return {
    reason: 'bridge-exited',
    message: `the Kubernetes bridge exited (${code === null ? 'killed' : `code ${code}`})${tail ? `: ${tail}` : ''}`,
  };
}

/** Reasons only a person can fix (a context, credentials, RBAC, a missing bundle): no retry until asked. */
export const K8S_NO_RETRY: ReadonlySet<K8sFailureReason> = new Set<K8sFailureReason>([
  'no-context',
  'unauthorized',
  'forbidden',
  'no-bridge',
]);

/** The failure in words for a person: what happened and what to do. */
export function k8sFailureWords(url: string, f: K8sFailure): string {
  switch (f.reason) {
    case 'no-context':
      return `${url}: ${f.message} — check the name with \`kubectl config get-contexts\``;
    case 'unauthorized':
      return `${url}: the API server did not accept your credentials (${f.message}) — log in again (kubectl auth whoami)`;
    case 'forbidden':
      return `${url}: refused by RBAC (${f.message}) — you need the isoscope-client Role in the agent's namespace (docs/cluster.md, "RBAC")`;
    case 'no-agent-pod':
      return `${url}: ${f.message}`;
    case 'pod-not-ready':
      return `${url}: the agent pod is not ready: ${f.message}`;
    case 'connection-dropped':
      return `${url}: the connection dropped: ${f.message}`;
    default:
      return `${url}: ${f.message}`;
  }
}

/** A failed k8s:// session: the typed reason and the host. */
export class K8sHostError extends Error {
  constructor(
    readonly host: string,
    readonly failure: K8sFailure,
  ) {
    super(`${host}: ${failure.reason}: ${failure.message}`);
  }
}

/** One snapshot of the node's agent, through the bridge (for the CLI's --host k8s://…), marked with its host. */
export async function k8sSnapshot(host: K8sHost, opts: K8sBridgeOptions = {}): Promise<Snapshot> {
  const url = formatHostSpec(host);
  const cmd = k8sBridgeCommand(host, opts);
  if (cmd === null) throw new K8sHostError(url, { reason: 'no-bridge', message: NO_BRIDGE_MESSAGE });
  const child = spawn(cmd.command, cmd.args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-16_000)));
  const exited = new Promise<number | null>((resolve) => {
    child.on('close', (code) => resolve(code));
    child.on('error', () => resolve(null));
  });
  const agent = new AgentConnection(Duplex.from({ readable: child.stdout, writable: child.stdin }));
  try {
    await agent.request('hello');
    const snap = await agent.request('snapshot');
    return { ...snap, source: { host: url } };
  } catch (err) {
    if (err instanceof AgentError && err.code !== 'closed')
      throw new K8sHostError(url, { reason: 'api-error', message: err.message });
    throw new K8sHostError(url, classifyBridgeExit(await exited, stderr));
  } finally {
    agent.close();
    const timer = setTimeout(() => child.kill('SIGTERM'), 2000);
    await exited;
    clearTimeout(timer);
  }
}
