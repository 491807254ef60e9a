// One snapshot from where a command line points: this machine (the collector in this process)
// or a remote host (remote/remoteAgent.ts). Remote snapshots carry their host (source.host).
import type { Snapshot } from '../../../shared/snapshot/schema.js';
import { Collector } from '../collect/collector.js';
import { UsageError, type ParsedArgs } from '../commandLine/args.js';
import { collectOptions, COLLECT_FLAGS } from '../commandLine/collectFlags.js';
import { sshOptionsOf } from '../commandLine/hostFlag.js';
import type { HostSpec } from '../remote/hostSpec.js';
import { localAgentBundle } from '../remote/localBundle.js';
import { remoteSnapshot } from '../remote/remoteAgent.js';

/** The collector's location flags say where to look on this machine: refused with a remote host rather than ignored. */
function refuseLocalFlags(a: ParsedArgs): void {
  for (const name of Object.keys(COLLECT_FLAGS)) {
    if (a.flags.has(name)) throw new UsageError(`--${name} applies to this machine only, not to a --host ssh://… (the remote agent looks in its host's default places)`);
  }
}

/**
 * Snapshots this machine (host undefined or `local`) or a remote one. Remote failures throw
 * RemoteAgentError (typed reason). `localSidesToo`: the command also collects here (diff A@ssh://… B),
 * so the location flags are not refused for the remote side.
 */
export async function snapshotOf(a: ParsedArgs, host: HostSpec | undefined, localSidesToo = false): Promise<Snapshot> {
  if (host === undefined || host.kind === 'local') {
    const snap = await new Collector(collectOptions(a)).snapshot();
    return host === undefined ? snap : { ...snap, source: { host: 'local' } };
  }
  if (!localSidesToo) refuseLocalFlags(a);
  const bundle = localAgentBundle();
  return remoteSnapshot(host, { ...sshOptionsOf(a), sudo: a.flags.has('sudo'), intervalMs: 1000, agentDigest: bundle.sha256 });
}
