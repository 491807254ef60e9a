// `isoscope seccomp <pid|container-id-or-name> [--json]`: the seccomp policy the kernel enforces
// on a process (for a container: its init process), named after the closest known profile.
// User errors are one line on stderr and exit 2; failures to read the filters exit 1.
import { existsSync } from 'node:fs';
import { Collector } from '../collect/collector.js';
import { flag, parseArgs, UsageError, type ParsedArgs } from '../cli/args.js';
import { collectOptions, COLLECT_FLAGS } from '../cli/collectFlags.js';
import type { Container } from '../../../shared/snapshot/schema.js';
import { HostFs } from '../readers/hostFs.js';
import { terminalSafe } from '../cli/terminalSafe.js';
import { declaredSeccomp } from './declared.js';
import { reportText } from './format.js';
import { decodeSeccomp, SeccompReadError, type DecodeOptions } from './report.js';

export const SECCOMP_USAGE = `usage: isoscope seccomp <pid|container-id-or-name> [--json]

Reads the seccomp filters the kernel runs for the process (a container's init process) with
PTRACE_SECCOMP_GET_FILTER (needs root: CAP_SYS_ADMIN and the right to ptrace it), decodes the action
for every syscall of each ABI, and names the policy after the closest known profile.

  --json                 the whole report as JSON
  --docker-socket PATH, --podman-socket PATH, --runc-root DIR, --crun-root DIR, --docker-root DIR,
  --storage-root DIR, --storage-runroot DIR, --containerd-state DIR, --no-api
                         where to look for containers by id or name (as for \`isoscope list\`)
`;

const SECCOMP_FLAGS = new Set<string>(['json', 'help', ...COLLECT_FLAGS]);


/** The container a user means: exact id or name, else a unique id prefix. */
export function findContainer(containers: readonly Container[], target: string): Container {
  const exact = containers.filter((c) => c.id === target || c.name === target);
  const matches = exact.length > 0 ? exact : containers.filter((c) => c.id.startsWith(target));
  if (matches.length === 0) throw new UsageError(`seccomp: no process or container "${target}"`);
  if (matches.length > 1) throw new UsageError(`seccomp: "${target}" matches ${matches.length} containers: ${matches.map((c) => c.name ?? c.id).join(', ')}`);
  return matches[0]!;
}

interface Target {
  pid: number;
  container: Pick<Container, 'id' | 'name' | 'runtime'> | null;
  /** The container's OCI bundle, when a runtime recorded one (for the declared profile). */
  bundle?: string;
}

async function resolveTarget(a: ParsedArgs, target: string): Promise<Target> {
  if (/^\d+$/.test(target)) {
    const pid = Number(target);
    if (pid <= 0 || !existsSync(`/proc/${pid}`)) throw new UsageError(`seccomp: no process ${target}`);
    return { pid, container: null };
  }
  const snap = await new Collector(collectOptions(a)).snapshot();
  const c = findContainer(snap.containers, target);
  const bundle = c.labels['oci.bundle'];
  return { pid: c.initPid, container: { id: c.id, name: c.name, runtime: c.runtime }, ...(bundle ? { bundle } : {}) };
}

/** argv: the arguments after `isoscope` (starting with "seccomp") or after the command name. */
export async function seccompCommand(argv: string[], opts: DecodeOptions = {}): Promise<number> {
  try {
    const a = parseArgs(argv[0] === 'seccomp' ? argv : ['seccomp', ...argv]);
    if (flag(a, 'help')) {
      process.stdout.write(SECCOMP_USAGE);
      return 0;
    }
    const other = [...a.flags.keys()].find((f) => !SECCOMP_FLAGS.has(f));
    if (other) throw new UsageError(`seccomp: --${other} does not apply here (isoscope seccomp --help)`);
    if (flag(a, 'root') !== undefined) throw new UsageError('seccomp: --root is not supported (filters are read from live processes)');
    if (a.positional.length !== 1) throw new UsageError('seccomp: give one pid or container id/name (isoscope seccomp --help)');
    const target = await resolveTarget(a, a.positional[0]!);
    const declared = target.bundle ? declaredSeccomp(new HostFs('/'), target.bundle) : undefined;
    const report = await decodeSeccomp(target.pid, declared ? { ...opts, declared } : opts);
    if (flag(a, 'json')) process.stdout.write(terminalSafe(JSON.stringify({ container: target.container, ...report })) + '\n');
    else process.stdout.write(reportText(report, target.container ? `${target.container.runtime} ${target.container.name ?? target.container.id}` : undefined));
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(terminalSafe(`isoscope: ${err.message}`) + '\n');
      return 2;
    }
    if (err instanceof SeccompReadError) {
      process.stderr.write(terminalSafe(`isoscope: seccomp: cannot read the filters (${err.reason}): ${err.detail}`) + '\n');
      return 1;
    }
    const e = err as NodeJS.ErrnoException;
    process.stderr.write(terminalSafe(`isoscope: seccomp: ${e.code ? `${e.code}: ` : ''}${e.message}`) + '\n');
    return 1;
  }
}
