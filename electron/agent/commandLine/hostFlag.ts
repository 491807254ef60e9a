// `--host ssh://[user@]host[:port]`, `--host k8s://CONTEXT/NODE` (or `local`) and the ssh settings
// that go with it, for the commands that collect (list, snapshot, audit) and `isoscope host`. An
// ssh remote runs the agent bundle (electron/agent/remote/) with its own node; ssh is the system
// client with the user's keys, agent and ~/.ssh/config, unless these flags say otherwise. A k8s
// host is the node's agent pod through the API server (electron/agent/kubernetes/k8sBridge.ts),
// with $KUBECONFIG (else ~/.kube/config). Also serve's host flags, here so that `isoscope serve
// --help` lists them (the agent side may not import electron/main/serve/).
import { HostSpecError, parseHostSpec, type HostSpec } from '../remote/hostSpec.js';
import type { SshOptions } from '../remote/install.js';
import { flag, flags, UsageError, type FlagTable, type ParsedArgs } from './args.js';

export const HOST_FLAGS = {
  host: {
    type: 'string',
    value: 'ssh://USER@HOST[:PORT]|k8s://CONTEXT/NODE',
    repeats: true,
    help: 'collect on a remote host over ssh, or on a Kubernetes node through its isoscope agent pod (`local`: this machine)',
  },
  sudo: { type: 'boolean', help: 'run the remote agent through sudo -n (fails rather than asks for a password)' },
  identity: { type: 'string', value: 'FILE', help: "ssh private key (default: ssh's own keys and ssh-agent)" },
  'known-hosts': { type: 'string', value: 'FILE', help: "known_hosts file for host keys (default: ssh's own)" },
  'ssh-config': { type: 'string', value: 'FILE', help: 'ssh_config file (default: ~/.ssh/config)' },
} as const satisfies FlagTable;

export const HOST_GROUP = { title: 'remote hosts', names: Object.keys(HOST_FLAGS) } as const;

/** Parses a host spec given on the command line (a HostSpecError becomes a usage error). */
export function hostArg(text: string): HostSpec {
  try {
    return parseHostSpec(text);
  } catch (err) {
    if (err instanceof HostSpecError) throw new UsageError(err.message);
    throw err;
  }
}

/** Every --host, parsed, in order (none: []). */
export const hostsOf = (a: ParsedArgs): HostSpec[] => flags(a, 'host').map(hostArg);

/** The ssh settings the flags give. */
export function sshOptionsOf(a: ParsedArgs): SshOptions {
  const o: SshOptions = {};
  const identity = flag(a, 'identity');
  const knownHosts = flag(a, 'known-hosts');
  const config = flag(a, 'ssh-config');
  if (identity !== undefined) o.identityFile = identity;
  if (knownHosts !== undefined) o.knownHostsFile = knownHosts;
  if (config !== undefined) o.sshConfigFile = config;
  return o;
}

/** `isoscope serve`'s host flags (parsed by electron/main/serve/hostFlags.ts). */
export const SERVE_HOST_FLAGS = {
  host: {
    type: 'string',
    value: 'ssh://[USER@]HOST[:PORT]|k8s://CONTEXT/NODE',
    repeats: true,
    help: 'watch this SSH host or Kubernetes node too, for this run (repeatable); hosts added in the app are remembered in --hosts-file',
  },
  'host-sudo': { type: 'boolean', help: 'run the --host agents through sudo -n on the ssh remotes' },
  'hosts-file': {
    type: 'string',
    value: 'FILE',
    help: 'where hosts added in the app are remembered (default $XDG_CONFIG_HOME/isoscope/hosts.json)',
  },
  'host-agent': {
    type: 'string',
    value: 'PATH',
    help: 'where the agent file is on the ssh remotes (default ~/.cache/isoscope/agent-<sha256>.cjs, as `isoscope host install` puts it); its sha256 is checked against this installation’s bundle either way',
  },
  'host-agent-arg': {
    type: 'string',
    value: '--FLAG=VALUE',
    repeats: true,
    help: 'a collector flag for the ssh remotes’ agents (repeatable), e.g. --host-agent-arg=--runc-root=/run/x',
  },
  'ssh-config': {
    type: 'string',
    value: 'FILE',
    help: 'the ssh client configuration for every ssh host (default: ssh’s own, ~/.ssh/config)',
  },
  kubeconfig: {
    type: 'string',
    value: 'FILE',
    help: 'the kubeconfig for every k8s:// host (default: $KUBECONFIG, else ~/.kube/config)',
  },
  'k8s-agent-namespace': {
    type: 'string',
    value: 'NS',
    help: 'where the isoscope DaemonSet runs, for every k8s:// host (default isoscope)',
  },
} as const satisfies FlagTable;

export const SERVE_HOST_GROUP = { title: 'remote hosts', names: Object.keys(SERVE_HOST_FLAGS) } as const;
