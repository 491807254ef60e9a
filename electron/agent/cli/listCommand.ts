// `isoscope list [--host ssh://… …]`: a table of containers and their isolation; with hosts, one
// table with a HOST column (a host that cannot be reached is one line on stderr, and exit 1).
import type { Snapshot } from '../../../shared/snapshot/schema.js';
import { COLLECT_FLAGS, COLLECT_GROUP } from '../commandLine/collectFlags.js';
import { EXIT, type Command } from '../commandLine/command.js';
import { HOST_FLAGS, HOST_GROUP, hostsOf } from '../commandLine/hostFlag.js';
import { terminalSafe } from '../commandLine/terminalSafe.js';
import { formatHostSpec } from '../remote/hostSpec.js';
import { listText, multiHostListText } from './format.js';
import { snapshotOf } from './hostSnapshot.js';

export const LIST_COMMAND: Command = {
  name: 'list',
  summary: 'a table of containers and their isolation',
  usage: ['list [--root DIR]', 'list --host ssh://USER@HOST[:PORT]|k8s://CONTEXT/NODE [--host …] [--sudo]'],
  flags: { ...COLLECT_FLAGS, ...HOST_FLAGS },
  flagGroups: [COLLECT_GROUP, HOST_GROUP],
  async run(a, io) {
    const hosts = hostsOf(a);
    if (hosts.length === 0) {
      io.stdout.write(terminalSafe(listText(await snapshotOf(a, undefined))));
      return EXIT.ok;
    }
    const results = await Promise.allSettled(hosts.map((h) => snapshotOf(a, h)));
    const snaps: { host: string; snap: Snapshot }[] = [];
    let failed = false;
    results.forEach((r, i) => {
      const name = formatHostSpec(hosts[i]!);
      if (r.status === 'fulfilled') snaps.push({ host: name, snap: r.value });
      else {
        failed = true;
        const msg = r.reason instanceof Error ? r.reason.message : String(r.reason);
        io.stderr.write(terminalSafe(`isoscope: list: ${msg.startsWith(name) ? msg : `${name}: ${msg}`}`.split('\n')[0]!) + '\n');
      }
    });
    if (snaps.length > 0) io.stdout.write(terminalSafe(multiHostListText(snaps)));
    return failed ? EXIT.failure : EXIT.ok;
  },
};
