// `kubectl isoscope`: the node agent's view of a cluster, through the API server only.
//   kubectl isoscope list --node NODE [--context C] [--agent-namespace NS]
//       the `isoscope list` table of that node, from its agent
//   kubectl isoscope snapshot POD[/CONTAINER] [-n NS] [--context C] [--json] [--agent-namespace NS]
//       the pod spec's securityContext (declared) beside the kernel's facts (effective)
//   kubectl isoscope stream --node NODE [--context C] [--agent-namespace NS]
//       the node agent's NDJSON on stdin/stdout (bridge.ts: what the app's k8s:// hosts run)
// bin/kubectl-isoscope runs it (kubectl finds any executable named kubectl-isoscope on PATH);
// the one-file bundle for machines without this repository is built by esbuild (docs/cluster.md).
// Exit codes as isoscope's: 0 done, 1 failure, 2 usage error.
import type { Readable, Writable } from 'node:stream';
import type { KubeConfig } from '@kubernetes/client-node';
import { CoreV1Api, type V1Pod } from '@kubernetes/client-node';
import { parseCommandLine, flag, UsageError, type FlagTable } from '../commandLine/args.js';
import { EXIT, type CommandIo } from '../commandLine/command.js';
import { cellSafe, terminalSafe } from '../commandLine/terminalSafe.js';
import { listText, table } from '../cli/format.js';
import { shortId } from '../../../shared/format/ids.js';
import { AgentConnection } from './agentConnection.js';
import { apiMessage, ClusterError, contextNamespace, loadKubeConfig, openAgentStream } from './agentStream.js';
import { runBridge } from './bridge.js';
import { DEFAULT_NAMESPACE } from './constants.js';
import { compareContainer, podContainers, type Comparison } from './declaredVsEffective.js';

const FLAGS: FlagTable = {
  help: { type: 'boolean', short: 'h', help: 'this text' },
  node: { type: 'string', value: 'NODE', help: 'the node whose agent to ask (list)' },
  context: { type: 'string', value: 'C', help: 'the kubeconfig context (default: the current one)' },
  namespace: {
    type: 'string',
    short: 'n',
    value: 'NS',
    help: "the pod's namespace (snapshot; default: the context's, else default)",
  },
  'agent-namespace': { type: 'string', value: 'NS', help: `where the isoscope DaemonSet runs (default ${DEFAULT_NAMESPACE})` },
  json: { type: 'boolean', help: 'JSON instead of text (snapshot)' },
};

export const PLUGIN_USAGE = `usage: kubectl isoscope list --node NODE [--context C] [--agent-namespace NS]
       kubectl isoscope snapshot POD[/CONTAINER] [-n NS] [--context C] [--json] [--agent-namespace NS]
       kubectl isoscope stream --node NODE [--context C] [--agent-namespace NS]

list      the containers on NODE and their isolation, as the node's isoscope agent sees them
snapshot  the pod's declared securityContext beside what the kernel enforces, per container
stream    the node agent's NDJSON protocol on stdin/stdout (what isoscope's k8s:// hosts use)

The agent runs as a DaemonSet (isoscope k8s manifests | kubectl apply -f -) and is reached
through the API server's pods/portforward; you need get/list on pods and get/create on
pods/portforward in its namespace (the isoscope-client Role), and get on the pod you inspect.
`;

export interface PluginOptions {
  /** A kubeconfig already loaded (tests); default: $KUBECONFIG or ~/.kube/config. */
  kubeConfig?: KubeConfig;
  /** Where `stream` reads requests (default: process.stdin) and writes answers (process.stdout). */
  stdin?: Readable;
  stdout?: Writable;
}

async function withAgent<T>(
  context: string | null,
  node: string,
  opts: PluginOptions & { agentNamespace?: string },
  use: (a: AgentConnection) => Promise<T>,
): Promise<T> {
  const stream = await openAgentStream(context, node, opts);
  const agent = new AgentConnection(stream);
  try {
    await agent.request('hello');
    return await use(agent);
  } finally {
    agent.close();
  }
}

function comparisonText(c: Comparison): string {
  const head = terminalSafe(`${c.pod} · container ${c.container} (${shortId(c.containerId)}) · node ${c.node ?? '?'}`);
  return (
    head +
    '\n' +
    table([['ASPECT', 'DECLARED (pod spec)', 'EFFECTIVE (kernel)'], ...c.rows.map((r) => [r.aspect, r.declared, r.effective])])
  );
}

export async function pluginMain(argv: string[], io: CommandIo, opts: PluginOptions = {}): Promise<number> {
  try {
    const a = parseCommandLine(argv, FLAGS);
    if (a.flags.has('help') || a.command === null) {
      io.stdout.write(PLUGIN_USAGE);
      return a.command === null && !a.flags.has('help') ? EXIT.usage : EXIT.ok;
    }
    const context = flag(a, 'context') ?? null;
    const agentNamespace = flag(a, 'agent-namespace') ?? DEFAULT_NAMESPACE;
    if (a.command === 'stream') {
      // Its own failures are typed lines (bridge.ts); the kubeconfig is read there too.
      const node = flag(a, 'node');
      if (!node) throw new UsageError('stream: --node NODE is required');
      if (a.positional.length > 0) throw new UsageError(`stream: unexpected argument ${a.positional[0]}`);
      return await runBridge(
        { context, node, agentNamespace, ...(opts.kubeConfig ? { kubeConfig: opts.kubeConfig } : {}) },
        { stdin: opts.stdin ?? process.stdin, stdout: opts.stdout ?? process.stdout, stderr: io.stderr },
      );
    }
    const kubeConfig = opts.kubeConfig ?? loadKubeConfig(context);
    const streamOpts = { kubeConfig, agentNamespace };

    if (a.command === 'list') {
      const node = flag(a, 'node');
      if (!node) throw new UsageError('list: --node NODE is required (kubectl get nodes lists them)');
      if (a.positional.length > 0) throw new UsageError(`list: unexpected argument ${a.positional[0]}`);
      const snap = await withAgent(context, node, streamOpts, (agent) => agent.request('snapshot'));
      io.stdout.write(terminalSafe(listText(snap)));
      return EXIT.ok;
    }

    if (a.command === 'snapshot') {
      const target = a.positional[0];
      if (!target || a.positional.length > 1) throw new UsageError('snapshot: give one POD or POD/CONTAINER');
      const [podName, containerName = null, ...rest] = target.split('/');
      if (!podName || rest.length > 0) throw new UsageError(`snapshot: ${target} is not POD or POD/CONTAINER`);
      const namespace = flag(a, 'namespace') ?? contextNamespace(kubeConfig);
      let pod: V1Pod;
      try {
        pod = await kubeConfig.makeApiClient(CoreV1Api).readNamespacedPod({ name: podName, namespace });
      } catch (err) {
        throw new ClusterError(`reading pod ${namespace}/${podName}: ${apiMessage(err)}`);
      }
      const node = pod.spec?.nodeName;
      if (!node) throw new ClusterError(`pod ${namespace}/${podName} is not scheduled on a node yet`);
      const snap = await withAgent(context, node, streamOpts, (agent) => agent.request('snapshot'));
      const found = podContainers(snap, pod, containerName);
      if (found.length === 0) {
        const known = podContainers(snap, pod, null).map((c) => c.name ?? shortId(c.id));
        throw new ClusterError(
          `the agent on ${node} sees ${containerName ? `no container "${containerName}" of` : 'no container of'} pod ${namespace}/${podName}${known.length ? ` (it sees: ${known.join(', ')})` : ''}`,
        );
      }
      const comparisons = found.map((c) => compareContainer(pod, c));
      if (a.flags.has('json')) io.stdout.write(terminalSafe(JSON.stringify(comparisons, null, 2)) + '\n');
      else io.stdout.write(comparisons.map(comparisonText).join('\n'));
      return EXIT.ok;
    }
    throw new UsageError(`unknown command "${cellSafe(a.command)}" (list, snapshot, stream)`);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    io.stderr.write(terminalSafe(`kubectl-isoscope: ${message.split('\n')[0]}`) + '\n');
    if (err instanceof UsageError) {
      if (io.stderr.isTTY) io.stderr.write('\n' + PLUGIN_USAGE);
      return EXIT.usage;
    }
    return EXIT.failure;
  }
}
