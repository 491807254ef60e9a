// serve's flags for remote hosts: `--host ssh://…` (repeatable) adds hosts for this run,
// `--hosts-file FILE` is where hosts added in the app are remembered (default
// $XDG_CONFIG_HOME/isoscope/hosts.json), `--ssh-config FILE` the ssh client configuration used
// for every remote (default: ssh's own ~/.ssh/config), `--host-sudo` runs the --host agents
// through sudo -n on the remotes. Parsed here; the agent never sees them.
import { flag, flags, UsageError, type FlagTable, type ParsedArgs } from '../../agent/commandLine/args.js';
import { canonicalUrl, defaultHostsFile } from '../service/hostsFile.js';
import type { ServiceOptions } from '../service/service.js';
import { localBundleDigest } from '../service/remoteCommand.js';
import { isAbsolute, resolve } from 'node:path';

export const SERVE_HOST_FLAGS = {
  host: {
    type: 'string',
    value: 'ssh://[USER@]HOST[:PORT]',
    repeats: true,
    help: 'watch this SSH host too, for this run (repeatable); hosts added in the app are remembered in --hosts-file',
  },
  'host-sudo': { type: 'boolean', help: 'run the --host agents through sudo -n on the remotes' },
  'hosts-file': {
    type: 'string',
    value: 'FILE',
    help: 'where hosts added in the app are remembered (default $XDG_CONFIG_HOME/isoscope/hosts.json)',
  },
  'host-agent': {
    type: 'string',
    value: 'PATH',
    help: 'where the agent file is on the remotes (default ~/.cache/isoscope/agent-<sha256>.cjs, as `isoscope host install` puts it); its sha256 is checked against this installation’s bundle either way',
  },
  'host-agent-arg': {
    type: 'string',
    value: '--FLAG=VALUE',
    repeats: true,
    help: 'a collector flag for the remote agents (repeatable), e.g. --host-agent-arg=--runc-root=/run/x',
  },
  'ssh-config': {
    type: 'string',
    value: 'FILE',
    help: 'the ssh client configuration for every remote host (default: ssh’s own, ~/.ssh/config)',
  },
} as const satisfies FlagTable;

/** The service options these flags give (UsageError on a bad host). */
export function hostOptions(
  a: ParsedArgs,
): Pick<ServiceOptions, 'hosts' | 'hostsFile' | 'sshConfigFile' | 'remoteAgent' | 'remoteAgentArgs'> {
  const sudo = a.flags.has('host-sudo');
  const hosts = flags(a, 'host').map((url) => {
    try {
      return { url: canonicalUrl(url), sudo };
    } catch (err) {
      throw new UsageError(`--host: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
  const agentArgs = flags(a, 'host-agent-arg');
  for (const arg of agentArgs)
    if (!/^--[a-z][a-z-]*(=|$)/.test(arg))
      throw new UsageError(`--host-agent-arg: ${JSON.stringify(arg.slice(0, 80))} is not --flag or --flag=value`);
  const agentPath = flag(a, 'host-agent');
  const file = flag(a, 'hosts-file');
  const config = flag(a, 'ssh-config');
  return {
    hosts,
    hostsFile: file !== undefined ? resolve(file) : defaultHostsFile(),
    ...(config !== undefined ? { sshConfigFile: isAbsolute(config) ? config : resolve(config) } : {}),
    ...(agentPath !== undefined ? { remoteAgent: { agentPath, ...localBundleDigest() } } : {}),
    ...(agentArgs.length > 0 ? { remoteAgentArgs: agentArgs } : {}),
  };
}
