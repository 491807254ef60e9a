// `isoscope seccomp <pid|container-id-or-name> [--json]`: the seccomp policy the kernel enforces
// on a process (for a container: its init process), named after the closest known profile.
// User errors are one line on stderr and exit 2; failures to read the filters exit 1.
import { existsSync } from 'node:fs';
import { Collector } from '../collect/collector.js';
import { flag, UsageError, type ParsedArgs } from '../commandLine/args.js';
import { collectOptions, COLLECT_GROUP, LOCATION_FLAGS } from '../commandLine/collectFlags.js';
import { PROCESS_IO, runCommand, type Command, type CommandIo } from '../commandLine/command.js';
import { containerNamed } from '../commandLine/containerLookup.js';
import { FLAGS, withHelp } from '../commandLine/flags.js';
import { terminalSafe } from '../commandLine/terminalSafe.js';
import type { Container } from '../../../shared/snapshot/schema.js';
import { HostFs } from '../readers/hostFs.js';
import { declaredSeccomp } from './declared.js';
import { reportText } from './format.js';
import { decodeSeccomp, SeccompReadError, type DecodeOptions } from './report.js';

/** The container a user means: exact id or name, else a unique id prefix (shared/diff/resolve.ts). */
export function findContainer(containers: readonly Container[], target: string): Container {
  return containerNamed({ containers: [...containers] }, target, 'seccomp');
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
  const c = containerNamed(snap, target, 'seccomp');
  const bundle = c.labels['oci.bundle'];
  return { pid: c.initPid, container: { id: c.id, name: c.name, runtime: c.runtime }, ...(bundle ? { bundle } : {}) };
}

/** `isoscope seccomp`, decoding with `opts` (tests and the lab pass their helper). */
export function makeSeccompCommand(opts: DecodeOptions = {}): Command {
  return {
    name: 'seccomp',
    summary: 'the seccomp policy the kernel enforces, syscall by syscall, named after the closest known profile',
    usage: ['seccomp <pid|container-id-or-name> [--json]'],
    description: `Reads the seccomp filters the kernel runs for the process (a container's init process) with
PTRACE_SECCOMP_GET_FILTER (needs root: CAP_SYS_ADMIN and the right to ptrace it), decodes the action
for every syscall of each ABI, and names the policy after the closest known profile.`,
    // No --root: filters are read from live processes.
    flags: { json: withHelp(FLAGS.json, 'the whole report as JSON'), ...LOCATION_FLAGS },
    flagGroups: [{ ...COLLECT_GROUP, title: 'where to look for containers by id or name (as for `isoscope list`)' }],
    explain: (err) => (err instanceof SeccompReadError ? `cannot read the filters (${err.reason}): ${err.detail}` : undefined),
    async run(a, io) {
      if (a.positional.length !== 1) throw new UsageError('seccomp: give one pid or container id/name (isoscope seccomp --help)');
      const target = await resolveTarget(a, a.positional[0]!);
      const declared = target.bundle ? declaredSeccomp(new HostFs('/'), target.bundle) : undefined;
      const report = await decodeSeccomp(target.pid, declared ? { ...opts, declared } : opts);
      if (flag(a, 'json')) io.stdout.write(terminalSafe(JSON.stringify({ container: target.container, ...report })) + '\n');
      else
        io.stdout.write(
          reportText(
            report,
            target.container ? `${target.container.runtime} ${target.container.name ?? target.container.id}` : undefined,
          ),
        );
      return 0;
    },
  };
}

export const SECCOMP_COMMAND = makeSeccompCommand();

/** argv: the arguments after `isoscope` (starting with "seccomp") or after the command name. */
export const seccompCommand = (argv: string[], opts: DecodeOptions = {}, io: CommandIo = PROCESS_IO): Promise<number> =>
  runCommand(makeSeccompCommand(opts), argv, io);
