// How the app reaches a remote host's collector: the system ssh client running the agent bundle
// on the remote (electron/agent/remote/sshCommand.ts), with the user's keys and known_hosts.
// Local elevation (pkexec/sudo) never applies here: remote sudo is the host's own option. An
// exit before the agent said hello is read as ssh's failure, in words, and the ones retrying
// cannot fix (a host key to check, a login refused, a missing agent) stop the retries.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { classifySshFailure, remoteAgentCommand, type SshFailureReason } from '../../agent/remote/sshCommand.js';
import type { SshHost } from '../../agent/remote/hostSpec.js';
import type { AgentCommand } from './agentConnection.js';
import type { ExitReading } from './collectorHost.js';

/** Where the agent is on remotes: its install path by digest (default), or a path given. */
export interface RemoteAgentLocation {
  agentPath?: string;
  agentDigest?: string;
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
