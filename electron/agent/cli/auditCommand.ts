// `isoscope audit [containers…] [--json | --sarif | --junit] [--fail-on low|medium|high]
// [--from FILE] [--out FILE]`: the findings of every (or the named) container, judged from what
// the kernel enforces. A table by default; JSON, SARIF 2.1.0 or JUnit XML for CI. Exit 1 when a
// finding at or above --fail-on exists, 0 otherwise, 2 on error.
import { auditSnapshot, failsAt, severityRank } from '../../../shared/findings/audit.js';
import { auditHost } from '../../../shared/findings/host.js';
import { CIS_VERSION, PSS_PAGE } from '../../../shared/findings/references.js';
import { parseOciDeclared } from '../../../shared/findings/declaredConfig.js';
import { auditJunit, auditSarif, auditText } from '../../../shared/findings/output.js';
import { SEVERITIES, type AuditContext, type DeclaredConfig, type Severity } from '../../../shared/findings/types.js';
import type { Snapshot } from '../../../shared/snapshot/schema.js';
import { Collector } from '../collect/collector.js';
import { HostFs } from '../readers/hostFs.js';
import { AGENT_VERSION } from '../version.js';
import { flag, parseArgs, UsageError } from './args.js';
import { collectOptions } from './collectFlags.js';
import { emit, fail, loadSnapshotFile, takeFlags, type CommandIo } from './diffCommand.js';
import { selectContainers } from './exportCommand.js';

export const AUDIT_USAGE = `usage: isoscope audit [containers…] [--json | --sarif | --junit] [--fail-on low|medium|high]
                     [--from FILE] [--out FILE] [--root DIR and the other collector flags]

Judges each container (all, or the named ones: id, unique id prefix or name) from what the
kernel enforces: privileged, capabilities, host namespaces, root without a user namespace,
seccomp, NoNewPrivs, AppArmor, SELinux, memory/pids/CPU limits, read-only root filesystem,
and the runtime's declared configuration against the kernel. Without names, the host's own
checks (is AppArmor or SELinux active) come first and count for --fail-on. Each finding names its CIS Docker
Benchmark v1.6.0 recommendation and Pod Security Standards control, its evidence (with the file
it was read from) and the fix for Docker, Podman and Kubernetes.

  --json             every check (pass, fail, could-not-check) with evidence and fixes
  --sarif            SARIF 2.1.0 (code scanning)
  --junit            JUnit XML (one test suite per container, one test case per check)
  --fail-on LEVEL    exit 1 when a finding of LEVEL or above exists (default: never)
  --from FILE        audit a saved snapshot file instead of the live host
  --out FILE         write to FILE instead of stdout
`;

type Format = 'text' | 'json' | 'sarif' | 'junit';

/** The OCI bundle config.json of each container whose runtime state names one (runc, crun, containerd, CRI-O). */
export function declaredConfigs(fs: HostFs, snapshot: Snapshot): Map<string, DeclaredConfig> {
  const out = new Map<string, DeclaredConfig>();
  for (const c of snapshot.containers) {
    // The runtime's own state names the config: runc/crun state's bundle, or the containerd /
    // CRI-O config.json the collector identified the container from (root-owned runtime state).
    const bundle = c.labels['oci.bundle'];
    const source = typeof bundle === 'string' && bundle.startsWith('/') ? `${bundle.replace(/\/+$/, '')}/config.json` : c.sources.find((p) => p.startsWith('/') && p.endsWith('/config.json'));
    if (source === undefined) continue;
    const json = fs.readJson(source);
    const parsed = json.ok ? parseOciDeclared(json.value, source) : null;
    if (parsed) out.set(c.id, parsed);
  }
  return out;
}

function chooseFormat(json: boolean, taken: Map<string, string>): Format {
  const chosen = [json && 'json', taken.has('sarif') && 'sarif', taken.has('junit') && 'junit'].filter(Boolean) as Format[];
  if (chosen.length > 1) throw new UsageError(`choose one of --${chosen.join(', --')}`);
  return chosen[0] ?? 'text';
}

export async function auditCommand(argv: string[], io: CommandIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  try {
    const { rest, taken } = takeFlags(argv, ['sarif', 'junit'], ['fail-on']);
    const a = parseArgs(rest);
    if (a.command !== 'audit') throw new UsageError('audit: expected the command word "audit" first');
    if (flag(a, 'help')) {
      io.stdout.write(AUDIT_USAGE);
      return 0;
    }
    const format = chooseFormat(flag(a, 'json') !== undefined, taken);
    const failOn = taken.get('fail-on');
    if (failOn !== undefined && !SEVERITIES.includes(failOn as Severity)) throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')}`);
    const from = flag(a, 'from');
    let snapshot: Snapshot;
    const context: AuditContext = {};
    if (from !== undefined) snapshot = loadSnapshotFile(from).snapshot;
    else {
      const options = collectOptions(a);
      snapshot = await new Collector(options).snapshot();
      const fs = new HostFs(options.root ?? '/');
      // The host's bounding set comes with the snapshot (host.capabilityBounding); a snapshot
      // file from before it was collected is judged against every capability Isoscope knows.
      context.declared = declaredConfigs(fs, snapshot);
    }
    const selected = selectContainers(snapshot, a.positional);
    const audits = auditSnapshot(snapshot, context, selected.containers);
    // The host's own checks when the whole machine is audited (not when containers are named).
    const host = a.positional.length === 0 ? auditHost(snapshot) : [];
    const text =
      format === 'json'
        ? JSON.stringify({ generatedBy: `isoscope ${AGENT_VERSION}`, takenAt: snapshot.takenAt, references: { cis: CIS_VERSION, pss: PSS_PAGE }, host: { hostname: snapshot.host.hostname, checks: host }, containers: audits }, null, 2) + '\n'
        : format === 'sarif'
          ? JSON.stringify(auditSarif(audits, AGENT_VERSION), null, 2) + '\n'
          : format === 'junit'
            ? auditJunit(audits)
            : snapshot.containers.length === 0
              ? 'No containers or sandboxes found.\n'
              : auditText(audits, host);
    emit(a, text, io);
    const hostFails = host.some((r) => r.outcome === 'fail' && severityRank(r.severity) <= severityRank(failOn as Severity));
    return failOn !== undefined && (failsAt(audits, failOn as Severity) || hostFails) ? 1 : 0;
  } catch (err) {
    return fail(err, io);
  }
}
