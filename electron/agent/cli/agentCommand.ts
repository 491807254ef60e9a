// `isoscope agent --stdio [--interval SEC]`: the streaming collector the GUI runs (NDJSON on
// stdin/stdout; electron/main/service/agentCommand.ts starts it).
import { AGENT_INTERVAL_MS } from '../../../shared/agent/protocol.js';
import { secondsFlag, UsageError } from '../commandLine/args.js';
import { collectOptions, COLLECT_FLAGS, COLLECT_GROUP } from '../commandLine/collectFlags.js';
import { EXIT, type Command } from '../commandLine/command.js';
import { FLAGS, withHelp } from '../commandLine/flags.js';
import { runStdioAgent } from '../stream/stdioAgent.js';

export const AGENT_COMMAND: Command = {
  name: 'agent',
  summary: 'the streaming collector (NDJSON on stdin/stdout)',
  usage: ['agent --stdio [--interval SEC]'],
  flags: {
    stdio: FLAGS.stdio,
    interval: withHelp(FLAGS.interval, `seconds between two samples (${AGENT_INTERVAL_MS.min / 1000}–${AGENT_INTERVAL_MS.max / 1000}, default 1)`),
    ...COLLECT_FLAGS,
  },
  flagGroups: [COLLECT_GROUP],
  async run(a) {
    if (!a.flags.has('stdio')) throw new UsageError('agent: only --stdio is supported (NDJSON over stdin/stdout)');
    const interval = secondsFlag(a, 'interval', 1, AGENT_INTERVAL_MS.min / 1000, AGENT_INTERVAL_MS.max / 1000);
    // The protocol is the process's own stdin/stdout, not the command's io.
    await runStdioAgent(collectOptions(a), interval * 1000, process.stdin, process.stdout);
    return EXIT.ok;
  },
};
