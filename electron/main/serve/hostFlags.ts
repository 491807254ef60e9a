// serve's flags for remote hosts (the table is in agent/commandLine/hostFlag.ts, so that `isoscope
// serve --help` lists them): `--host ssh://…` or `--host k8s://CONTEXT/NODE` (repeatable) adds hosts for this run,
// `--hosts-file FILE` is where hosts added in the app are remembered (default
// $XDG_CONFIG_HOME/isoscope/hosts.json), `--ssh-config FILE` the ssh client configuration used
// for every remote (default: ssh's own ~/.ssh/config), `--host-sudo` runs the --host agents
// through sudo -n on the remotes, `--kubeconfig FILE` and `--k8s-agent-namespace NS` say how
// k8s:// hosts are reached. Parsed here; the agent never sees them.
import { flag, flags, UsageError, type ParsedArgs } from '../../agent/commandLine/args.js';
import { SERVE_HOST_FLAGS } from '../../agent/commandLine/hostFlag.js';
import { canonicalUrl, defaultHostsFile } from '../service/hostsFile.js';
import type { ServiceOptions } from '../service/service.js';
import { localBundleDigest } from '../service/remoteCommand.js';
import { isAbsolute, resolve } from 'node:path';

export { SERVE_HOST_FLAGS };

/** The service options these flags give (UsageError on a bad host). */
export function hostOptions(
  a: ParsedArgs,
): Pick<ServiceOptions, 'hosts' | 'hostsFile' | 'sshConfigFile' | 'remoteAgent' | 'remoteAgentArgs' | 'k8s'> {
  const sudo = a.flags.has('host-sudo');
  const hosts = flags(a, 'host').map((url) => {
    try {
      const canonical = canonicalUrl(url);
      return { url: canonical, sudo: sudo && canonical.startsWith('ssh://') }; // sudo is an ssh setting
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
  const kubeconfig = flag(a, 'kubeconfig');
  const agentNamespace = flag(a, 'k8s-agent-namespace');
  if (agentNamespace !== undefined && !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(agentNamespace))
    throw new UsageError(`--k8s-agent-namespace: ${JSON.stringify(agentNamespace.slice(0, 80))} is not a namespace name`);
  return {
    hosts,
    hostsFile: file !== undefined ? resolve(file) : defaultHostsFile(),
    ...(config !== undefined ? { sshConfigFile: isAbsolute(config) ? config : resolve(config) } : {}),
    ...(agentPath !== undefined ? { remoteAgent: { agentPath, ...localBundleDigest() } } : {}),
    ...(agentArgs.length > 0 ? { remoteAgentArgs: agentArgs } : {}),
    k8s: {
      ...(kubeconfig !== undefined ? { kubeconfig: resolve(kubeconfig) } : {}),
      ...(agentNamespace !== undefined ? { agentNamespace } : {}),
    },
  };
}
