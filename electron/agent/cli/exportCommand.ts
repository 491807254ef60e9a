// `isoscope export [--html|--md] [--out FILE] [--duration SEC [--interval SEC]] [--from FILE] [containers…]`:
// the snapshot as a file to keep or share. JSON (a snapshot file `diff` and the GUI read back)
// by default, a self-contained HTML report or a Markdown summary on request. With --duration
// it first records that many seconds of resource history for the report's charts; with
// --from it re-exports a saved snapshot file instead of the live host. Exit 0, or 2 on error.
import { AGENT_INTERVAL_MS } from '../../../shared/agent/protocol.js';
import { appendPoint, toPoint } from '../../../shared/ipc/history.js';
import { keyed } from '../../../shared/ipc/keyed.js';
import { snapshotHtml, snapshotMarkdown, type History } from '../../../shared/report/index.js';
import { snapshotFile } from '../../../shared/snapshot/migrate.js';
import type { Snapshot } from '../../../shared/snapshot/schema.js';
import { Collector } from '../collect/collector.js';
import { Poller } from '../stream/poller.js';
import { flag, secondsFlag, UsageError } from '../commandLine/args.js';
import { collectOptions, COLLECT_FLAGS, COLLECT_GROUP } from '../commandLine/collectFlags.js';
import { EXIT, generatedBy, PROCESS_IO, runCommand, type Command, type CommandIo } from '../commandLine/command.js';
import { selectContainers } from '../commandLine/containerLookup.js';
import { FLAGS, withHelp } from '../commandLine/flags.js';
import { intervalFlag, intervalMs } from '../commandLine/intervalFlag.js';
import { emit, loadSnapshotFile, outputFormat } from './output.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Samples resource counters every `intervalMs` for `durationMs`: the points behind the charts. */
async function record(collector: Collector, durationMs: number, intervalMs: number): Promise<History> {
  const poller = new Poller(collector);
  const history: History = keyed(); // ids are the containers' to choose (__proto__, constructor…)
  const end = Date.now() + durationMs;
  for (;;) {
    const { sample } = await poller.tick();
    for (const [id, s] of Object.entries(sample.containers)) appendPoint((history[id] ??= []), toPoint(sample.t, s));
    if (Date.now() + intervalMs > end) break;
    await sleep(intervalMs);
  }
  return history;
}

const FORMATS = ['json', 'html', 'md'] as const;
/** History samples for a report: as often as the agent may sample, at most a minute apart. */
const EXPORT_INTERVAL_MS = { min: AGENT_INTERVAL_MS.min, max: 60_000 } as const;

export const EXPORT_COMMAND: Command = {
  name: 'export',
  summary: 'a snapshot file, HTML report or Markdown summary',
  usage: ['export [--html|--md] [--out FILE] [--duration SEC [--interval SEC]] [--from FILE] [containers…]'],
  description: `The snapshot as a file to keep or share: JSON (a snapshot file diff and the GUI read back) by
default, a self-contained HTML report or a Markdown summary on request; every container, or the
named ones (id, unique id prefix or name).`,
  flags: {
    json: withHelp(FLAGS.json, 'a snapshot file (the default)'),
    html: FLAGS.html,
    md: FLAGS.md,
    out: FLAGS.out,
    duration: withHelp(FLAGS.duration, "first record SEC seconds of resource history for the report's charts (0–3600)"),
    interval: intervalFlag(EXPORT_INTERVAL_MS, 'seconds between two history samples'),
    from: FLAGS.from,
    ...COLLECT_FLAGS,
  },
  flagGroups: [COLLECT_GROUP],
  failureExit: EXIT.usage,
  async run(a, io) {
    const format = outputFormat(a, FORMATS, 'json');
    const from = flag(a, 'from');
    let snapshot: Snapshot;
    let history: History | undefined;
    if (from !== undefined) {
      if (flag(a, 'duration') !== undefined)
        throw new UsageError('--duration records the live host: it cannot be used with --from');
      const loaded = loadSnapshotFile(from);
      snapshot = loaded.snapshot;
      history = Object.keys(loaded.history).length ? loaded.history : undefined;
    } else {
      const duration = secondsFlag(a, 'duration', 0, 0, 3600);
      const interval = intervalMs(a, EXPORT_INTERVAL_MS);
      const collector = new Collector(collectOptions(a));
      if (duration > 0) history = await record(collector, duration * 1000, interval);
      snapshot = await collector.snapshot();
    }
    snapshot = selectContainers(snapshot, a.positional);
    if (history) {
      const kept = new Set(snapshot.containers.map((c) => c.id));
      history = Object.fromEntries(Object.entries(history).filter(([id]) => kept.has(id)));
    }
    const by = generatedBy();
    const text =
      format === 'html'
        ? snapshotHtml(snapshot, history ?? {}, by)
        : format === 'md'
          ? snapshotMarkdown(snapshot)
          : JSON.stringify(snapshotFile(snapshot, by, history), null, 2) + '\n';
    emit(a, text, io);
    return EXIT.ok;
  },
};

/** argv: the words after `isoscope` (starting with "export"). */
export const exportCommand = (argv: string[], io: CommandIo = PROCESS_IO): Promise<number> =>
  runCommand(EXPORT_COMMAND, argv, io);
