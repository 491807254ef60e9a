// `isoscope profile <pid|container> [--duration 30s] [--out FILE] [--json] [-- command args…]`:
// traces what a container really calls (strace) and writes a seccomp profile allowing just that,
// plus what the runtime needs to start it. Progress is one line on stderr; Ctrl-C cancels (no
// strace or traced command is left behind). Exit 0 done, 2 user error, 1 failure, 130 cancelled.
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { ProfileProgress } from '../../../shared/seccomp/report.js';
import { flag, flags, UsageError, type ParsedArgs } from '../commandLine/args.js';
import { Collector } from '../collect/collector.js';
import { collectOptions, COLLECT_GROUP, LOCATION_FLAGS } from '../commandLine/collectFlags.js';
import { EXIT, PROCESS_IO, runCommand, type Command, type CommandIo } from '../commandLine/command.js';
import { containerNamed } from '../commandLine/containerLookup.js';
import { FLAGS, withHelp } from '../commandLine/flags.js';
import { terminalSafe } from '../commandLine/terminalSafe.js';
import { shortId } from '../../../shared/format/ids.js';
import { parseDuration, progressLine, summaryLine } from './profiler/cliText.js';
import { outputProblem, writeOutputFile } from './profiler/outFile.js';
import { readStatIds, type PinnedPid } from './profiler/procStat.js';
import { ProfileRunner, type FinishInfo, type ProfileRequest, type RunnerOptions } from './profiler/runner.js';

interface Target {
  label: string;
  containerId: string;
  pid: number;
  pids: number[];
  /** Start times as the snapshot saw them: a pid reused since is refused. */
  pinned: PinnedPid[];
}

async function resolveTarget(a: ParsedArgs, target: string): Promise<Target> {
  if (/^\d+$/.test(target)) {
    const pid = Number(target);
    const st = pid > 0 && existsSync(`/proc/${pid}`) ? readStatIds(pid) : null;
    if (!st) throw new UsageError(`profile: no process ${target}`);
    return { label: `pid ${pid}`, containerId: `pid:${pid}`, pid, pids: [pid], pinned: [{ pid, startTime: st.startTime }] };
  }
  const c = containerNamed(await new Collector(collectOptions(a)).snapshot(), target, 'profile');
  return {
    label: `${c.runtime} ${c.name ?? shortId(c.id)}`,
    containerId: c.id,
    pid: c.initPid,
    pids: c.processes.map((p) => p.pid),
    pinned: c.processes.map((p) => ({ pid: p.pid, startTime: p.startTime })),
  };
}

/** What to run: the command after `--` (if any) and how long. */
function readRequest(a: ParsedArgs): { target: string; command: string[] | undefined; durationMs: number } {
  const command = a.afterDashDash ?? undefined;
  const targets = a.positional.slice(0, a.positional.length - (command?.length ?? 0));
  if (targets.length !== 1) throw new UsageError('profile: give one pid or container id/name (isoscope profile --help)');
  if (command !== undefined && command.length === 0) throw new UsageError('profile: nothing after --: give the command to run');
  const text = flag(a, 'duration');
  const durationMs = text === undefined ? (command ? 0 : 30_000) : parseDuration(text);
  if (durationMs === null || (text !== undefined && (durationMs < 100 || durationMs > 86_400_000))) {
    throw new UsageError(`profile: --duration ${text}: give 100ms to 24h, e.g. 30s, 2m, 500ms`);
  }
  return { target: targets[0]!, command, durationMs };
}

/** Runs one profile to its end, with the counter on stderr and Ctrl-C cancelling it. */
function runProfile(
  req: ProfileRequest,
  label: string,
  commandToStdout: boolean,
  roots: Pick<RunnerOptions, 'runcRoots' | 'crunRoots' | 'lxcPaths'>,
): Promise<{ p: ProfileProgress; info: FinishInfo | null }> {
  const tty = process.stderr.isTTY === true;
  let line = '';
  const draw = (text: string): void => {
    if (!tty) return;
    line = text.slice(0, Math.max(20, (process.stderr.columns || 100) - 1));
    process.stderr.write(`\r\x1b[K${line}`);
  };
  const clear = (): void => {
    if (tty && line) process.stderr.write('\r\x1b[K');
  };
  let last: ProfileProgress | null = null;
  return new Promise((resolve) => {
    const runner = new ProfileRunner(
      (p) => {
        if (p.state === 'running') return draw(progressLine(label, p));
        clear();
        line = '';
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        last = p;
      },
      {
        ...roots,
        onFinished: (_id, info) => resolve({ p: last!, info }),
        onCommandOutput: (stream, chunk) => {
          clear();
          (stream === 'stdout' && commandToStdout ? process.stdout : process.stderr).write(chunk);
          if (line) process.stderr.write(line);
        },
      },
    );
    let signals = 0;
    const onSignal = (): void => {
      if (++signals === 1) runner.cancel(req.profileId);
      else runner.stopAll();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    runner.start(req);
  });
}

export const PROFILE_COMMAND: Command = {
  name: 'profile',
  summary: 'trace the syscalls it makes (strace) and generate a seccomp profile from them',
  usage: [
    'profile <pid|container-id-or-name> [--duration 30s] [--out FILE] [--json]',
    'profile <pid|container> [--duration LIMIT] [--out FILE] -- command [args…]',
  ],
  description: `Traces the syscalls of every process of the container (strace -f; processes they start are
followed) for --duration (default 30s; 500ms, 2m, … ), or of a command run in the container as
its own processes run (through its runtime: runc/crun exec with the container's cgroups, user,
capabilities, NoNewPrivs, seccomp filter and LSM label; Docker, Podman, containerd, CRI-O and bare
runc containers; lxc-attach for LXC; until it exits, or at most --duration; refused where no
runtime runs the container), and writes an OCI/Docker seccomp profile allowing exactly those plus what runc needs
to start the container: everything else fails with EPERM. Needs root (ptrace). Ctrl-C cancels.`,
  // No --root: processes are traced live.
  flags: {
    duration: withHelp(FLAGS.duration, 'how long to trace: 30s (default), 500ms, 2m… (100ms to 24h)'),
    out: withHelp(FLAGS.out, 'write the profile there (default: stdout)'),
    json: withHelp(FLAGS.json, 'the whole result instead: profile, why each syscall is in it, counts, coverage'),
    'lxc-path': withHelp(FLAGS['lxc-path'], "LXC's lxcpath, for a command in an LXC container (default /var/lib/lxc)"),
    ...LOCATION_FLAGS,
  },
  flagGroups: [{ ...COLLECT_GROUP, title: 'where to look for containers by id or name (as for `isoscope list`)' }],
  async run(a, io) {
    const { target: targetText, command, durationMs } = readRequest(a);
    const out = flag(a, 'out') ?? null;
    const outBad = out === null ? null : outputProblem(out);
    if (outBad) throw new UsageError(`profile: --out ${outBad}`);
    const target = await resolveTarget(a, targetText);
    const req: ProfileRequest = {
      profileId: `cli-${randomBytes(4).toString('hex')}`,
      containerId: target.containerId,
      pid: target.pid,
      pids: target.pids,
      durationMs,
      pinned: target.pinned,
    };
    if (command) req.command = command;
    const { p, info } = await runProfile(req, target.label, out !== null, {
      runcRoots: flags(a, 'runc-root'),
      crunRoots: flags(a, 'crun-root'),
      lxcPaths: flags(a, 'lxc-path'),
    });
    if (p.state === 'cancelled') {
      io.stderr.write('isoscope: profile: cancelled\n');
      return EXIT.cancelled;
    }
    if (p.state === 'failed' || !p.generated) {
      io.stderr.write(terminalSafe(`isoscope: profile: ${p.error ?? 'failed'}`) + '\n');
      return EXIT.failure;
    }
    const json = flag(a, 'json') ? { container: { id: target.containerId, pid: target.pid }, ...p } : p.generated.profile;
    const text = JSON.stringify(json, null, 2) + '\n';
    if (out !== null) writeOutputFile(out, text);
    else io.stdout.write(text);
    const exit = command && info ? `; the command exited with ${info.exitCode ?? 'a signal'}` : '';
    io.stderr.write(`isoscope: profile: ${summaryLine(p, out)}${exit}\n`);
    return EXIT.ok;
  },
};

/** argv: the arguments after `isoscope` (starting with "profile") or after the command name. */
export const profileCommand = (argv: string[], io: CommandIo = PROCESS_IO): Promise<number> =>
  runCommand(PROFILE_COMMAND, argv, io);
