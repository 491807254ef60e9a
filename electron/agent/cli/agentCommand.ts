// `isoscope agent --stdio [--interval SEC]`: the streaming collector the GUI runs (NDJSON on
// stdin/stdout; electron/main/service/agentCommand.ts starts it).
import { AGENT_INTERVAL_MS } from '../../../shared/agent/protocol.js';
import { UsageError } from '../commandLine/args.js';
import { collectOptions, COLLECT_FLAGS, COLLECT_GROUP } from '../commandLine/collectFlags.js';
import { EXIT, type Command } from '../commandLine/command.js';
import { FLAGS } from '../commandLine/flags.js';
import { intervalFlag, intervalMs } from '../commandLine/intervalFlag.js';
import { runStdioAgent } from '../stream/stdioAgent.js';
import { LISTEN_FLAG, runListeningAgent } from './k8sCommand.js';

export const AGENT_COMMAND: Command = {
  name: 'agent',
  summary: 'the streaming collector (NDJSON on stdin/stdout)',
  usage: ['agent --stdio [--interval SEC]', 'agent --listen 127.0.0.1:PORT [--interval SEC]'],
  flags: {
    stdio: FLAGS.stdio,
    listen: LISTEN_FLAG,
    interval: intervalFlag(AGENT_INTERVAL_MS),
    ...COLLECT_FLAGS,
  },
  flagGroups: [COLLECT_GROUP],
  async run(a, io) {
    if (a.flags.has('stdio') === a.flags.has('listen'))
      throw new UsageError('agent: give --stdio (NDJSON over stdin/stdout) or --listen 127.0.0.1:PORT (over TCP), one of them');
    const interval = intervalMs(a, AGENT_INTERVAL_MS);
    if (a.flags.has('listen')) return runListeningAgent(a, interval, io);
    // The protocol is the process's own stdin/stdout, not the command's io.
    await runStdioAgent(collectOptions(a), interval, process.stdin, process.stdout);
    return EXIT.ok;
  },
};
