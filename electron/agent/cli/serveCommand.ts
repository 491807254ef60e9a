// `isoscope serve`: the inspector in a browser. It is the GUI's main side (electron/main/serve/
// cli.ts), which the agent may not import: bin/isoscope.js runs it directly. This entry gives it
// its place in `isoscope --help`, its usage and its flags (serve/cli.ts parses them against these).
import { GUI_INTERVAL_MS } from '../../../shared/ipc/contract.js';
import { COLLECT_FLAGS, COLLECT_GROUP } from '../commandLine/collectFlags.js';
import { EXIT, type Command } from '../commandLine/command.js';
import { FLAGS } from '../commandLine/flags.js';
import { SERVE_HOST_FLAGS, SERVE_HOST_GROUP } from '../commandLine/hostFlag.js';
import { intervalFlag } from '../commandLine/intervalFlag.js';

export const SERVE_COMMAND: Command = {
  name: 'serve',
  summary: 'the inspector in a browser, on 127.0.0.1 with a token',
  usage: ['serve [--port N] [--interval SEC]', 'serve --host ssh://USER@HOST[:PORT] --host k8s://CONTEXT/NODE […]'],
  description: `Serves the inspector on 127.0.0.1 only, with a token in the printed address (for headless
servers and SSH tunnels). Ctrl-C stops it.`,
  flags: {
    port: FLAGS.port,
    interval: intervalFlag(GUI_INTERVAL_MS),
    ...COLLECT_FLAGS,
    ...SERVE_HOST_FLAGS,
  },
  flagGroups: [COLLECT_GROUP, SERVE_HOST_GROUP],
  async run(_a, io) {
    io.stderr.write('isoscope: serve runs through bin/isoscope.js (npx isoscope serve)\n');
    return EXIT.failure;
  },
};
