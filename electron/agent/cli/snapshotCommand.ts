// `isoscope snapshot [--pretty]`: the snapshot as JSON on stdout.
import { Collector } from '../collect/collector.js';
import { collectOptions, COLLECT_FLAGS, COLLECT_GROUP } from '../commandLine/collectFlags.js';
import { EXIT, type Command } from '../commandLine/command.js';
import { FLAGS } from '../commandLine/flags.js';
import { terminalSafe } from '../commandLine/terminalSafe.js';

export const SNAPSHOT_COMMAND: Command = {
  name: 'snapshot',
  summary: 'the snapshot as JSON on stdout',
  usage: ['snapshot [--root DIR] [--pretty]'],
  flags: { pretty: FLAGS.pretty, ...COLLECT_FLAGS },
  flagGroups: [COLLECT_GROUP],
  async run(a, io) {
    const snap = await new Collector(collectOptions(a)).snapshot();
    // JSON.stringify escapes C0 controls but not DEL, C1 or bidi overrides: terminalSafe's \u escapes keep the value.
    io.stdout.write(terminalSafe(JSON.stringify(snap, null, a.flags.has('pretty') ? 2 : undefined)) + '\n');
    return EXIT.ok;
  },
};
