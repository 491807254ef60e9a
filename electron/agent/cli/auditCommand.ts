// `isoscope audit [containers…] [--json | --sarif | --junit] [--fail-on low|medium|high]
// [--from FILE] [--out FILE]`: the findings of every (or the named) container, judged from what
// the kernel enforces. A table by default; JSON, SARIF 2.1.0 or JUnit XML for CI. Exit 1 when a
// finding at or above --fail-on exists, 0 otherwise, 2 on error.
import { auditSnapshot, failsAt, severityRank } from '../../../shared/findings/audit.js';
import { auditHost } from '../../../shared/findings/host.js';
import { CIS_VERSION, PSS_PAGE } from '../../../shared/findings/references.js';
import { auditJunit, auditSarif, auditText } from '../../../shared/findings/output.js';
import { SEVERITIES, type AuditContext, type DeclaredConfig, type Severity } from '../../../shared/findings/types.js';
import type { Snapshot } from '../../../shared/snapshot/schema.js';
import { AGENT_VERSION } from '../version.js';
import { flag, UsageError } from '../commandLine/args.js';
import { COLLECT_FLAGS, COLLECT_GROUP } from '../commandLine/collectFlags.js';
import { EXIT, PROCESS_IO, runCommand, type Command, type CommandIo } from '../commandLine/command.js';
import { selectContainers } from '../commandLine/containerLookup.js';
import { FLAGS, withHelp } from '../commandLine/flags.js';
import { HOST_FLAGS, HOST_GROUP, hostsOf } from '../commandLine/hostFlag.js';
import { snapshotOf } from './hostSnapshot.js';
import { emit, loadSnapshotFile, outputFormat } from './output.js';

/**
 * The declared configuration of each container as the snapshot carries it (Container.declared,
 * read by the collector from root-owned OCI bundles). The first argument is unused: kept for
 * callers written when the command line read the bundles itself.
 */
export function declaredConfigs(_fs: unknown, snapshot: Snapshot): Map<string, DeclaredConfig> {
  const out = new Map<string, DeclaredConfig>();
  for (const c of snapshot.containers) if (c.declared) out.set(c.id, c.declared);
  return out;
}

const FORMATS = ['json', 'sarif', 'junit'] as const;

export const AUDIT_COMMAND: Command = {
  name: 'audit',
  summary: "findings (CIS Docker, Pod Security) from the kernel's facts; exit 1 at or above --fail-on, 2 on error",
  usage: [
    'audit [containers…] [--json | --sarif | --junit] [--fail-on low|medium|high] [--from FILE] [--out FILE]',
    'audit [containers…] --host ssh://USER@HOST[:PORT]|k8s://CONTEXT/NODE [--sudo] […]',
  ],
  description: `Judges each container (all, or the named ones: id, unique id prefix or name) from what the
kernel enforces: privileged, capabilities, host namespaces, root without a user namespace,
seccomp, NoNewPrivs, AppArmor, SELinux, memory/pids/CPU limits, read-only root filesystem,
and the runtime's declared configuration against the kernel. Without names, the host's own
checks (is AppArmor or SELinux active) come first and count for --fail-on. Each finding names its CIS Docker
Benchmark v1.6.0 recommendation and Pod Security Standards control, its evidence (with the file
it was read from) and the fix for Docker, Podman and Kubernetes.`,
  flags: {
    json: withHelp(FLAGS.json, 'every check (pass, fail, could-not-check) with evidence and fixes'),
    sarif: FLAGS.sarif,
    junit: FLAGS.junit,
    'fail-on': FLAGS['fail-on'],
    from: withHelp(FLAGS.from, 'audit a saved snapshot file instead of the live host'),
    out: FLAGS.out,
    ...COLLECT_FLAGS,
    ...HOST_FLAGS,
  },
  flagGroups: [COLLECT_GROUP, HOST_GROUP],
  failureExit: EXIT.usage,
  async run(a, io) {
    const format = outputFormat(a, FORMATS, 'text');
    const failOn = flag(a, 'fail-on');
    if (failOn !== undefined && !SEVERITIES.includes(failOn as Severity))
      throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')}`);
    const from = flag(a, 'from');
    let snapshot: Snapshot;
    // The runtime's declared configuration (its OCI bundle) and the host's bounding set come with
    // the snapshot, live or saved (Container.declared, read by the collector from root-owned
    // runtime state; host.capabilityBounding): a saved file is judged as the live host was.
    const context: AuditContext = {};
    const hosts = hostsOf(a);
    if (hosts.length > 1) throw new UsageError('audit: one --host at a time');
    if (from !== undefined && hosts.length > 0) throw new UsageError('audit: --from or --host, not both');
    if (from !== undefined) snapshot = loadSnapshotFile(from).snapshot;
    else snapshot = await snapshotOf(a, hosts[0]);
    const selected = selectContainers(snapshot, a.positional);
    const audits = auditSnapshot(snapshot, context, selected.containers);
    // The host's own checks when the whole machine is audited (not when containers are named).
    const host = a.positional.length === 0 ? auditHost(snapshot) : [];
    const text =
      format === 'json'
        ? JSON.stringify(
            {
              generatedBy: `isoscope ${AGENT_VERSION}`,
              takenAt: snapshot.takenAt,
              references: { cis: CIS_VERSION, pss: PSS_PAGE },
              host: { hostname: snapshot.host.hostname, checks: host },
              containers: audits,
            },
            null,
            2,
          ) + '\n'
        : format === 'sarif'
          ? JSON.stringify(auditSarif(audits, AGENT_VERSION), null, 2) + '\n'
          : format === 'junit'
            ? auditJunit(audits)
            : snapshot.containers.length === 0
              ? 'No containers or sandboxes found.\n'
              : auditText(audits, host);
    emit(a, text, io);
    const hostFails = host.some((r) => r.outcome === 'fail' && severityRank(r.severity) <= severityRank(failOn as Severity));
    return failOn !== undefined && (failsAt(audits, failOn as Severity) || hostFails) ? EXIT.result : EXIT.ok;
  },
};

/** argv: the words after `isoscope` (starting with "audit"). */
export const auditCommand = (argv: string[], io: CommandIo = PROCESS_IO): Promise<number> => runCommand(AUDIT_COMMAND, argv, io);
