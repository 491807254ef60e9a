// `isoscope snapshot [--pretty]`: the snapshot as JSON on stdout.
import { COLLECT_FLAGS, COLLECT_GROUP } from '../commandLine/collectFlags.js';
import { EXIT, type Command } from '../commandLine/command.js';
import { FLAGS } from '../commandLine/flags.js';
import { HOST_FLAGS, HOST_GROUP, hostsOf } from '../commandLine/hostFlag.js';
import { UsageError } from '../commandLine/args.js';
import { snapshotOf } from './hostSnapshot.js';
import { terminalSafe } from '../commandLine/terminalSafe.js';

export const SNAPSHOT_COMMAND: Command = {
  name: 'snapshot',
  summary: 'the snapshot as JSON on stdout',
  usage: ['snapshot [--root DIR] [--pretty]', 'snapshot --host ssh://USER@HOST[:PORT]|k8s://CONTEXT/NODE [--sudo] [--pretty]'],
  flags: { pretty: FLAGS.pretty, ...COLLECT_FLAGS, ...HOST_FLAGS },
  flagGroups: [COLLECT_GROUP, HOST_GROUP],
  async run(a, io) {
    const hosts = hostsOf(a);
    if (hosts.length > 1) throw new UsageError('snapshot: one --host at a time');
    const snap = await snapshotOf(a, hosts[0]);
    // JSON.stringify escapes C0 controls but not DEL, C1 or bidi overrides: terminalSafe's \u escapes keep the value.
    io.stdout.write(terminalSafe(JSON.stringify(snap, null, a.flags.has('pretty') ? 2 : undefined)) + '\n');
    return EXIT.ok;
  },
};
