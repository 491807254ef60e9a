// How the app reaches a remote host's collector: the system ssh client running the agent bundle
// on the remote (electron/agent/remote/sshCommand.ts), with the user's keys and known_hosts.
// Local elevation (pkexec/sudo) never applies here: remote sudo is the host's own option. An
// exit before the agent said hello is read as ssh's failure, in words, and the ones retrying
// cannot fix (a host key to check, a login refused, a missing agent) stop the retries.
// A `k8s://CONTEXT/NODE` host is reached through the kubectl plugin's bundle run as a bridge
// (agent/kubernetes/k8sBridge.ts): a port-forward to the node's agent pod carrying the same
// NDJSON; its typed failures (no context, RBAC, no agent pod, pod not ready, dropped) are read
// the same way, and the ones a person must fix stop the retries.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { classifySshFailure, remoteAgentCommand, type SshFailureReason } from '../../agent/remote/sshCommand.js';
import {
  classifyBridgeExit,
  K8S_NO_RETRY,
  k8sBridgeArgs,
  k8sFailureWords,
  NO_BRIDGE_MESSAGE,
  parseHostSpec,
  type K8sHost,
  type SshHost,
} from '../../agent/remote/hostSpec.js';
import type { AgentCommand } from './agentConnection.js';
import type { ExitReading } from './collectorHost.js';
import { ServiceError } from './serviceError.js';

/** Where the agent is on remotes: its install path by digest (default), or a path given. */
export interface RemoteAgentLocation {
  agentPath?: string;
  agentDigest?: string;
}

/** This installation's kubectl-isoscope bundle (dist/kubectl-isoscope.cjs, `npm run build:kubectl`), or null. */
export function localBridgeBundle(): string | null {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const up of [
    ['..', '..', '..', 'dist'],
    ['..', '..', '..'],
  ]) {
    const file = join(here, ...up, 'kubectl-isoscope.cjs');
    if (existsSync(file)) return file;
  }
  return null;
}

/** The digest of this installation's agent bundle (dist/remote/isoscope-agent.cjs.sha256), if built. */
export function localBundleDigest(): RemoteAgentLocation {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const up of [
    ['..', '..', '..'],
    ['..', '..', '..', 'dist'],
  ]) {
    const file = join(here, ...up, 'remote', 'isoscope-agent.cjs.sha256');
    if (!existsSync(file)) continue;
    const digest = /^[0-9a-f]{64}/.exec(readFileSync(file, 'utf8').trim())?.[0];
    if (digest) return { agentDigest: digest };
  }
  return {};
}

export interface RemoteOptions {
  url: string;
  sudo: boolean;
  identityFile: string | null;
  /** An ssh_config file for every remote (`isoscope serve --ssh-config`); default: ssh's own. */
  sshConfigFile?: string;
  agent: RemoteAgentLocation;
  /** Collector flags for the remote agent (`--name=value`), e.g. where its runtimes keep state. */
  agentArgs?: string[];
}

export function remoteCommand(host: SshHost, opts: RemoteOptions): (intervalMs: number) => AgentCommand {
  return (intervalMs) => {
    const cmd = remoteAgentCommand(host, {
      sudo: opts.sudo,
      intervalMs,
      ...opts.agent,
      ...(opts.agentArgs !== undefined ? { agentArgs: opts.agentArgs } : {}),
      ...(opts.identityFile !== null ? { identityFile: opts.identityFile } : {}),
      ...(opts.sshConfigFile !== undefined ? { sshConfigFile: opts.sshConfigFile } : {}),
    });
    return { command: cmd.command, args: cmd.args };
  };
}

/** Failures that only a person can fix: stop retrying until asked (Reconnect). */
const NO_RETRY: ReadonlySet<SshFailureReason> = new Set([
  'unknown-host-key',
  'changed-host-key',
  'auth-failed',
  'sudo-needs-password',
  'no-node',
  'no-agent',
  'agent-digest-mismatch',
]);

/** The refusal in words for the host list: what happened and what to do (never "accept anyway"). */
export function refusalWords(url: string, reason: SshFailureReason, message: string): string {
  const target = url.replace(/^ssh:\/\//, '');
  const hostPart = target.includes('@') ? target.slice(target.indexOf('@') + 1) : target;
  const port = /:(\d+)$/.exec(hostPart)?.[1];
  const name = hostPart.replace(/:\d+$/, '');
  const scan = `ssh-keyscan ${port ? `-p ${port} ` : ''}${name}`;
  switch (reason) {
    case 'unknown-host-key':
      return `host key of ${url} is not known: run \`${scan}\`, check the fingerprint it prints against the host's own (ssh-keygen -lf on the host), then add it to known_hosts — or connect once with ssh to check and accept it`;
    case 'changed-host-key':
      return `host key of ${url} has CHANGED since it was recorded: refused (the connection may be intercepted; if the host was reinstalled, remove the old key with \`ssh-keygen -R ${port ? `[${name}]:${port}` : name}\` and check the new one)`;
    case 'auth-failed':
      return `login to ${url} was refused: none of your keys is accepted (check the user, the identity file, and the host's authorized_keys)`;
    default:
      return `${url}: ${message}`;
  }
}

export function readSshExit(url: string): (code: number | null, stderr: string) => ExitReading {
  return (code, stderr) => {
    const f = classifySshFailure(code, stderr);
    return { kind: f.reason, message: refusalWords(url, f.reason, f.message), retry: !NO_RETRY.has(f.reason) };
  };
}

/** How the app reaches k8s:// hosts (`isoscope serve --kubeconfig`, tests). */
export interface K8sHostOptions {
  /** The kubectl-isoscope bundle (default: this installation's dist/kubectl-isoscope.cjs; null: none). */
  bundle?: string | null;
  /** A kubeconfig file for every k8s:// host (default: $KUBECONFIG, else ~/.kube/config). */
  kubeconfig?: string;
  /** Where the DaemonSet runs (default "isoscope"). */
  agentNamespace?: string;
}

/** The agent command and exit reading of a k8s:// host. The poll interval is set after hello (collectorHost.ts). */
export function k8sHostCommand(
  host: K8sHost,
  url: string,
  opts: K8sHostOptions = {},
): { agentCommand(intervalMs: number): AgentCommand; readExit(code: number | null, stderr: string): ExitReading } {
  // Electron's binary runs the bundle as Node only with ELECTRON_RUN_AS_NODE.
  const keepEnv: Record<string, string> = process.versions.electron !== undefined ? { ELECTRON_RUN_AS_NODE: '1' } : {};
  const env = opts.kubeconfig !== undefined ? { ...process.env, KUBECONFIG: opts.kubeconfig } : undefined;
  return {
    agentCommand: () => {
      const bundle = opts.bundle === undefined ? localBridgeBundle() : opts.bundle;
      // No bundle: a command that says so the way the bridge says its failures (read below).
      const run =
        bundle !== null
          ? { command: process.execPath, args: [bundle, ...k8sBridgeArgs(host, opts.agentNamespace ?? 'isoscope')] }
          : {
              command: process.execPath,
              args: [
                '-e',
                `process.stderr.write(${JSON.stringify(`kubectl-isoscope: stream: no-bridge: ${NO_BRIDGE_MESSAGE}\n`)});process.exit(1)`,
              ],
            };
      return { ...run, keepEnv, ...(env ? { env } : {}) };
    },
    readExit: (code, stderr) => {
      const f = classifyBridgeExit(code, stderr);
      return { kind: f.reason, message: k8sFailureWords(url, f), retry: !K8S_NO_RETRY.has(f.reason) };
    },
  };
}

/** How a remembered host's agent starts and how its exit reads: over ssh, or through the k8s bridge. */
export function hostAgentCommand(
  config: { url: string; sudo: boolean; identityFile: string | null },
  opts: { remoteAgent?: RemoteAgentLocation; remoteAgentArgs?: string[]; sshConfigFile?: string; k8s?: K8sHostOptions },
): { agentCommand(intervalMs: number): AgentCommand; readExit(code: number | null, stderr: string): ExitReading } {
  const spec = parseHostSpec(config.url);
  if (spec.kind === 'k8s') return k8sHostCommand(spec, config.url, opts.k8s);
  if (spec.kind !== 'ssh') throw new ServiceError('bad-params', 'not an ssh:// or k8s:// host');
  return {
    agentCommand: remoteCommand(spec, {
      url: config.url,
      sudo: config.sudo,
      identityFile: config.identityFile,
      agent: opts.remoteAgent ?? localBundleDigest(),
      ...(opts.remoteAgentArgs !== undefined ? { agentArgs: opts.remoteAgentArgs } : {}),
      ...(opts.sshConfigFile !== undefined ? { sshConfigFile: opts.sshConfigFile } : {}),
    }),
    readExit: readSshExit(config.url),
  };
}
