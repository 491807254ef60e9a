// `isoscope export [--html|--md] [--out FILE] [--duration SEC [--interval SEC]] [--from FILE] [containers…]`:
// the snapshot as a file to keep or share. JSON (a snapshot file `diff` and the GUI read back)
// by default, a self-contained HTML report or a Markdown summary on request. With --duration
// it first records that many seconds of resource history for the report's charts; with
// --from it re-exports a saved snapshot file instead of the live host. Exit 0, or 2 on error.
import { appendPoint, toPoint } from '../../../shared/ipc/history.js';
import { keyed } from '../../../shared/ipc/keyed.js';
import { resolveContainer } from '../../../shared/diff/resolve.js';
import { snapshotHtml, snapshotMarkdown, type History } from '../../../shared/report/index.js';
import { snapshotFile } from '../../../shared/snapshot/migrate.js';
import type { Snapshot } from '../../../shared/snapshot/schema.js';
import { Collector } from '../collect/collector.js';
import { Poller } from '../stream/poller.js';
import { AGENT_VERSION } from '../version.js';
import { flag, parseArgs, UsageError, type ParsedArgs } from './args.js';
import { emit, fail, loadSnapshotFile, outputFormat, takeFlags, type CommandIo } from './diffCommand.js';
import { collectOptions } from './collectFlags.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function seconds(a: ParsedArgs, name: string, fallback: number, min: number, max: number): number {
  const raw = flag(a, name);
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (!Number.isFinite(v) || v < min || v > max) throw new UsageError(`--${name} must be seconds between ${min} and ${max}`);
  return v;
}

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

/** Keeps only the named containers (each must name exactly one), in snapshot order. */
export function selectContainers(snapshot: Snapshot, queries: string[]): Snapshot {
  if (queries.length === 0) return snapshot;
  const ids = new Set<string>();
  for (const q of queries) {
    const r = resolveContainer(snapshot, q);
    if (!r.ok) throw new UsageError(r.error);
    ids.add(r.container.id);
  }
  return { ...snapshot, containers: snapshot.containers.filter((c) => ids.has(c.id)) };
}

export async function exportCommand(argv: string[], io: CommandIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  try {
    const { rest, taken } = takeFlags(argv, ['html', 'md'], ['from']);
    const a = parseArgs(rest);
    if (a.command !== 'export') throw new UsageError('export: expected the command word "export" first');
    const format = outputFormat(a, taken, 'json');
    const from = taken.get('from');
    let snapshot: Snapshot;
    let history: History | undefined;
    if (from !== undefined) {
      if (flag(a, 'duration') !== undefined) throw new UsageError('--duration records the live host: it cannot be used with --from');
      const loaded = loadSnapshotFile(from);
      snapshot = loaded.snapshot;
      history = Object.keys(loaded.history).length ? loaded.history : undefined;
    } else {
      const duration = seconds(a, 'duration', 0, 0, 3600);
      const interval = seconds(a, 'interval', 1, 0.1, 60);
      const collector = new Collector(collectOptions(a));
      if (duration > 0) history = await record(collector, duration * 1000, interval * 1000);
      snapshot = await collector.snapshot();
    }
    snapshot = selectContainers(snapshot, a.positional);
    if (history) {
      const kept = new Set(snapshot.containers.map((c) => c.id));
      history = Object.fromEntries(Object.entries(history).filter(([id]) => kept.has(id)));
    }
    const by = `isoscope ${AGENT_VERSION}`;
    const text =
      format === 'html' ? snapshotHtml(snapshot, history ?? {}, by) : format === 'md' ? snapshotMarkdown(snapshot) : JSON.stringify(snapshotFile(snapshot, by, history), null, 2) + '\n';
    emit(a, text, io);
    return 0;
  } catch (err) {
    return fail(err, io);
  }
}
