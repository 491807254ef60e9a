// How isoscope reaches a `k8s://CONTEXT/NODE` host: it runs the kubectl plugin's one-file bundle
// (dist/kubectl-isoscope.cjs, `npm run build:kubectl`) as `stream --node NODE --context CONTEXT`,
// which port-forwards to the agent pod on that node (bridge.ts) and carries the agent's NDJSON on
// its stdin/stdout — the same pipe an ssh session gives. The app's collector hosts and the CLI's
// `--host` use the child like any agent process. A child process, not an import: the Kubernetes
// client needs Node 22 unbundled, and the bundle runs on the Node 20 here (docs/cluster.md).
//
// Its failures come back as one typed line (`kubectl-isoscope: stream: REASON: message`), read
// into a reason and words by hostSpec.ts (pure: the app reads them too). Plain Node here: no
// import of @kubernetes/client-node.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { Snapshot } from '../../../shared/snapshot/schema.js';
import {
  classifyBridgeExit,
  formatHostSpec,
  k8sBridgeArgs,
  NO_BRIDGE_MESSAGE,
  type K8sFailure,
  type K8sHost,
} from '../remote/hostSpec.js';
import { AgentConnection, AgentError } from './agentConnection.js';
import { DEFAULT_NAMESPACE } from './constants.js';

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
  /** The bridge's environment (default: this process's; KUBECONFIG says which kubeconfig). */
  env?: NodeJS.ProcessEnv;
}

export interface BridgeCommand {
  command: string;
  args: string[];
}

/** The command that bridges to the host's agent; null when no bundle is built. */
export function k8sBridgeCommand(host: K8sHost, opts: K8sBridgeOptions = {}): BridgeCommand | null {
  const bundle = opts.bundle === undefined ? localBridgeBundle() : opts.bundle;
  if (bundle === null) return null;
  return {
    command: opts.node ?? process.execPath,
    args: [bundle, ...k8sBridgeArgs(host, opts.agentNamespace ?? DEFAULT_NAMESPACE)],
  };
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
  const child = spawn(cmd.command, cmd.args, { stdio: ['pipe', 'pipe', 'pipe'], ...(opts.env ? { env: opts.env } : {}) });
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
