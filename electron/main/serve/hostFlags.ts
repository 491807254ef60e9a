// serve's flags for remote hosts: `--host ssh://…` (repeatable) adds hosts for this run,
// `--hosts-file FILE` is where hosts added in the app are remembered (default
// $XDG_CONFIG_HOME/isoscope/hosts.json), `--ssh-config FILE` the ssh client configuration used
// for every remote (default: ssh's own ~/.ssh/config), `--host-sudo` runs the --host agents
// through sudo -n on the remotes. Parsed here; the agent never sees them.
import { flag, flags, UsageError, type FlagTable, type ParsedArgs } from '../../agent/commandLine/args.js';
import { canonicalUrl, defaultHostsFile } from '../service/hostsFile.js';
import type { ServiceOptions } from '../service/service.js';
import { isAbsolute, resolve } from 'node:path';

export const SERVE_HOST_FLAGS = {
  host: { type: 'string', value: 'ssh://[USER@]HOST[:PORT]', repeats: true, help: 'watch this SSH host too, for this run (repeatable); hosts added in the app are remembered in --hosts-file' },
  'host-sudo': { type: 'boolean', help: 'run the --host agents through sudo -n on the remotes' },
  'hosts-file': { type: 'string', value: 'FILE', help: 'where hosts added in the app are remembered (default $XDG_CONFIG_HOME/isoscope/hosts.json)' },
  'ssh-config': { type: 'string', value: 'FILE', help: 'the ssh client configuration for every remote host (default: ssh’s own, ~/.ssh/config)' },
} as const satisfies FlagTable;

/** The service options these flags give (UsageError on a bad host). */
export function hostOptions(a: ParsedArgs): Pick<ServiceOptions, 'hosts' | 'hostsFile' | 'sshConfigFile'> {
  const sudo = a.flags.has('host-sudo');
  const hosts = flags(a, 'host').map((url) => {
    try {
      return { url: canonicalUrl(url), sudo };
    } catch (err) {
      throw new UsageError(`--host: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
  const file = flag(a, 'hosts-file');
  const config = flag(a, 'ssh-config');
  return {
    hosts,
    hostsFile: file !== undefined ? resolve(file) : defaultHostsFile(),
    ...(config !== undefined ? { sshConfigFile: isAbsolute(config) ? config : resolve(config) } : {}),
  };
}
