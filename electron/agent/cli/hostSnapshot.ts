// One snapshot from where a command line points: this machine (the collector in this process)
// or a remote host (remote/remoteAgent.ts). Remote snapshots carry their host (source.host).
import type { Snapshot } from '../../../shared/snapshot/schema.js';
import { Collector } from '../collect/collector.js';
import { type ParsedArgs } from '../commandLine/args.js';
import { collectOptions, COLLECT_FLAGS } from '../commandLine/collectFlags.js';
import { sshOptionsOf } from '../commandLine/hostFlag.js';
import type { HostSpec } from '../remote/hostSpec.js';
import { k8sSnapshot } from '../kubernetes/k8sBridge.js';
import { localAgentBundle } from '../remote/localBundle.js';
import { remoteSnapshot } from '../remote/remoteAgent.js';

/** The collector's location flags (--runc-root, --docker-root, --root…) as given, for the remote agent: they say where to look on every host. */
function collectArgs(a: ParsedArgs): string[] {
  const out: string[] = [];
  for (const [name, spec] of Object.entries(COLLECT_FLAGS)) {
    for (const value of a.flags.get(name) ?? []) out.push(spec.type === 'boolean' ? `--${name}` : `--${name}=${value}`);
  }
  return out;
}

/**
 * Snapshots this machine (host undefined or `local`) or a remote one. Remote failures throw
 * RemoteAgentError (typed reason). The location flags apply on every host (the remote agent gets them).
 */
export async function snapshotOf(a: ParsedArgs, host: HostSpec | undefined): Promise<Snapshot> {
  if (host === undefined || host.kind === 'local') {
    const snap = await new Collector(collectOptions(a)).snapshot();
    return host === undefined ? snap : { ...snap, source: { host: 'local' } };
  }
  if (host.kind === 'k8s') return k8sSnapshot(host); // the node's agent pod, through the API server
  const bundle = localAgentBundle();
  return remoteSnapshot(host, {
    ...sshOptionsOf(a),
    sudo: a.flags.has('sudo'),
    intervalMs: 1000,
    agentDigest: bundle.sha256,
    agentArgs: collectArgs(a),
  });
}
