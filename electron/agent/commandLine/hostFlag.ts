// `--host ssh://[user@]host[:port]` (or `local`) and the ssh settings that go with it, for the
// commands that collect (list, snapshot, audit) and `isoscope host`. The remote runs the agent
// bundle (electron/agent/remote/) with its own node; ssh is the system client with the user's
// keys, agent and ~/.ssh/config, unless these flags say otherwise.
import { HostSpecError, parseHostSpec, type HostSpec } from '../remote/hostSpec.js';
import type { SshOptions } from '../remote/install.js';
import { flag, flags, UsageError, type FlagTable, type ParsedArgs } from './args.js';

export const HOST_FLAGS = {
  host: {
    type: 'string',
    value: 'ssh://USER@HOST[:PORT]',
    repeats: true,
    help: 'collect on a remote host over ssh (`local`: this machine)',
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
