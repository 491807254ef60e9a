// `isoscope k8s manifests [--image IMG] [--namespace NS]`: the DaemonSet and its companions as
// YAML (electron/agent/kubernetes/manifests.ts). Also the `--listen` half of `isoscope agent`
// (agentCommand.ts wires it): the collector over TCP on a loopback address, for the DaemonSet.
import { readlinkSync } from 'node:fs';
import { flag, UsageError, type FlagSpec, type ParsedArgs } from '../commandLine/args.js';
import { collectOptions } from '../commandLine/collectFlags.js';
import { EXIT, type Command, type CommandIo } from '../commandLine/command.js';
import { terminalSafe } from '../commandLine/terminalSafe.js';
import { DEFAULT_IMAGE, DEFAULT_NAMESPACE } from '../kubernetes/constants.js';
import { parseListenAddress, startTcpAgent } from '../stream/tcpAgent.js';

export const LISTEN_FLAG: FlagSpec = {
  type: 'string',
  value: 'ADDR:PORT',
  help: 'NDJSON over TCP on this loopback address instead (127.0.0.1:PORT or [::1]:PORT; port 0: any free one)',
};

/** Whether we share pid 1's network namespace (then every local user reaches our loopback port). */
function onHostLoopback(): boolean | null {
  try {
    return readlinkSync('/proc/self/ns/net') === readlinkSync('/proc/1/ns/net');
  } catch {
    return null;
  }
}

/** `isoscope agent --listen ADDR:PORT`: serves until SIGTERM or SIGINT. */
export async function runListeningAgent(a: ParsedArgs, intervalMs: number, io: CommandIo): Promise<number> {
  let at;
  try {
    at = parseListenAddress(flag(a, 'listen')!);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const options = collectOptions(a);
  const agent = await startTcpAgent(options, intervalMs, at);
  const where = agent.address.host.includes(':')
    ? `[${agent.address.host}]:${agent.address.port}`
    : `${agent.address.host}:${agent.address.port}`;
  io.stderr.write(terminalSafe(`isoscope agent: listening on ${where} (NDJSON; profiles and labs are refused over TCP)`) + '\n');
  if (onHostLoopback() === true && process.geteuid?.() === 0) {
    io.stderr.write(
      "isoscope agent: warning: this is the host's network namespace: every local user can connect to this root collector and read what it reads\n",
    );
  }
  await new Promise<void>((resolve) => {
    for (const sig of ['SIGTERM', 'SIGINT'] as const) process.once(sig, () => resolve());
  });
  await agent.close();
  return EXIT.ok;
}

export const K8S_COMMAND: Command = {
  name: 'k8s',
  summary: 'Kubernetes: the node agent DaemonSet and its RBAC as YAML',
  usage: ['k8s manifests [--image IMG] [--namespace NS]'],
  description: `Prints the Namespace, ServiceAccount, Role and RoleBinding for plugin users, and the
DaemonSet that runs \`isoscope agent --listen\` on every node (hostPID, capabilities SYS_PTRACE,
SYS_ADMIN and DAC_READ_SEARCH only, read-only host mounts, no Service). Each object is validated
against the Kubernetes schema first. Apply with: isoscope k8s manifests | kubectl apply -f -
Why each setting, and how to build the image: docs/cluster.md.`,
  flags: {
    image: { type: 'string', value: 'IMG', help: `the agent image (default ${DEFAULT_IMAGE}, a placeholder: build your own)` },
    namespace: { type: 'string', value: 'NS', help: `the namespace (default ${DEFAULT_NAMESPACE})` },
  },
  async run(a, io) {
    const [what, ...extra] = a.positional;
    if (what !== 'manifests')
      throw new UsageError(`k8s: ${what === undefined ? 'say what' : `unknown subcommand "${what}"`} (k8s manifests)`);
    if (extra.length > 0) throw new UsageError(`k8s manifests: unexpected argument ${extra[0]}`);
    const image = flag(a, 'image');
    const namespace = flag(a, 'namespace');
    if (image !== undefined && !/^[a-z0-9][a-z0-9._\-/:@]{0,254}$/i.test(image))
      throw new UsageError(`--image ${image}: not an image reference`);
    // A namespace is a DNS label (RFC 1123): the schema does not say so, the API server does.
    if (namespace !== undefined && !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(namespace))
      throw new UsageError(`--namespace ${namespace}: not a DNS label (lower-case letters, digits, '-', at most 63)`);
    // Loaded here only: kubernetes-models and yaml are development packages the app does not ship.
    const { manifestsYaml } = await import('../kubernetes/manifests.js');
    io.stdout.write(manifestsYaml({ ...(image !== undefined && { image }), ...(namespace !== undefined && { namespace }) }));
    return EXIT.ok;
  },
};
