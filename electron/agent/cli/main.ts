// `isoscope <command>`: snapshot, list, agent --stdio. User errors are one line on stderr and a
// non-zero exit; nothing here prints a stack trace for them.
import { Collector } from '../collect/collector.js';
import { AGENT_VERSION } from '../version.js';
import { flag, parseArgs, UsageError } from './args.js';
import { collectOptions } from './collectFlags.js';
import { listText } from './format.js';
import { runStdioAgent } from '../stream/stdioAgent.js';
import { diffCommand } from './diffCommand.js';
import { seccompCommand } from '../seccomp/command.js';
import { profileCommand } from '../seccomp/profileCommand.js';
import { exportCommand } from './exportCommand.js';
import { terminalSafe } from './terminalSafe.js';
import { auditCommand } from './auditCommand.js';


const USAGE = `isoscope ${AGENT_VERSION} — how isolated is each container, from the kernel's own view

usage:
  isoscope snapshot [--root DIR] [--pretty]   the snapshot as JSON on stdout
  isoscope list [--root DIR]                  a table of containers and their isolation
  isoscope agent --stdio [--interval SEC]     the streaming collector (NDJSON on stdin/stdout)
  isoscope serve [--port N] [--interval SEC]  the inspector in a browser, on 127.0.0.1 with a token
  isoscope seccomp <pid|container> [--json]  the seccomp policy the kernel enforces, syscall by
                                              syscall, named after the closest known profile
  isoscope profile <container|pid> --duration 30s [--out FILE]  (or: … --out FILE -- command args…)
                                              trace the syscalls it makes (strace) and generate a
                                              seccomp profile from them
  isoscope diff A B [--json|--html|--md] [--out FILE]
                                              compare isolation (A, B: id, prefix, name, host,
                                              FILE.json#name); exit 0 same, 1 different, 2 error
  isoscope export [--html|--md] [--out FILE] [--duration SEC] [--from FILE] [containers…]
                                              a snapshot file, HTML report or Markdown summary
  isoscope audit [containers…] [--json|--sarif|--junit] [--fail-on low|medium|high]
                                              findings (CIS Docker, Pod Security) from the kernel's
                                              facts; exit 1 at or above --fail-on, 2 on error

where to look (each may repeat; added to the defaults):
  --root DIR             read DIR/proc, DIR/sys, DIR/run, DIR/var/lib… as the host's
  --docker-root DIR      Docker data root (default /var/lib/docker)
  --docker-socket PATH   Docker Engine API socket (default /var/run/docker.sock)
  --podman-socket PATH   Podman API socket (default /run/podman/podman.sock)
  --runc-root DIR        runc state root (defaults include /run/runc)
  --crun-root DIR        crun state root (default /run/crun)
  --storage-root DIR     containers/storage graph root (default /var/lib/containers/storage)
  --storage-runroot DIR  containers/storage run root (default /run/containers/storage)
  --containerd-state DIR containerd task state (default /run/containerd/io.containerd.runtime.v2.task)
  --no-api               do not ask engine APIs over their sockets
`;


export async function main(argv: string[]): Promise<number> {
  try {
    const a = parseArgs(argv);
    if (flag(a, 'version')) {
      process.stdout.write(AGENT_VERSION + '\n');
      return 0;
    }
    // Commands with a usage of their own answer their --help themselves.
    const ownHelp = a.command === 'seccomp' || a.command === 'profile' || a.command === 'audit';
    if ((flag(a, 'help') && !ownHelp) || a.command === null || a.command === 'help') {
      process.stdout.write(USAGE);
      return a.command === null && !flag(a, 'help') ? 2 : 0;
    }
    switch (a.command) {
      case 'snapshot': {
        const snap = await new Collector(collectOptions(a)).snapshot();
        // JSON.stringify escapes C0 controls but not DEL, C1 or bidi overrides: terminalSafe's \u escapes keep the value.
        process.stdout.write(terminalSafe(JSON.stringify(snap, null, flag(a, 'pretty') ? 2 : undefined)) + '\n');
        return 0;
      }
      case 'list': {
        const snap = await new Collector(collectOptions(a)).snapshot();
        process.stdout.write(terminalSafe(listText(snap)));
        return 0;
      }
      case 'agent': {
        if (!flag(a, 'stdio')) throw new UsageError('agent: only --stdio is supported (NDJSON over stdin/stdout)');
        const interval = Number(flag(a, 'interval') ?? '1');
        if (!Number.isFinite(interval) || interval < 0.1 || interval > 3600) throw new UsageError('--interval must be seconds between 0.1 and 3600');
        await runStdioAgent(collectOptions(a), interval * 1000, process.stdin, process.stdout);
        return 0;
      }
      case 'seccomp':
        return await seccompCommand(argv);
      case 'profile':
        return await profileCommand(argv);
      case 'diff':
        return diffCommand(argv);
      case 'export':
        return exportCommand(argv);
      case 'audit':
        return auditCommand(argv);
      default:
        throw new UsageError(`unknown command "${a.command}" (try: snapshot, list, seccomp, profile, diff, export, serve, agent --stdio)`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(terminalSafe(`isoscope: ${err.message}`) + '\n');
      return 2;
    }
    const e = err as NodeJS.ErrnoException;
    process.stderr.write(terminalSafe(`isoscope: ${e.code ? `${e.code}: ` : ''}${e.message}`) + '\n');
    return 1;
  }
}
