// `isoscope list`: a table of containers and their isolation.
import { Collector } from '../collect/collector.js';
import { collectOptions, COLLECT_FLAGS, COLLECT_GROUP } from '../commandLine/collectFlags.js';
import { EXIT, type Command } from '../commandLine/command.js';
import { terminalSafe } from '../commandLine/terminalSafe.js';
import { listText } from './format.js';

export const LIST_COMMAND: Command = {
  name: 'list',
  summary: 'a table of containers and their isolation',
  usage: ['list [--root DIR]'],
  flags: COLLECT_FLAGS,
  flagGroups: [COLLECT_GROUP],
  async run(a, io) {
    const snap = await new Collector(collectOptions(a)).snapshot();
    io.stdout.write(terminalSafe(listText(snap)));
    return EXIT.ok;
  },
};
