// `isoscope diff A B [--json|--html|--md] [--out FILE]`: how isolated A is compared with B.
// A and B: a container id, unique id prefix or name; `host`; or a snapshot file
// (`file.json#container`, or `file.json` holding one container). Like diff(1): exit 0 when
// equal, 1 when different, 2 on error (one line on stderr).
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { containerSide, diffIsolation, hostSide, type Side } from '../../../shared/diff/diff.js';
import { diffText } from '../../../shared/diff/text.js';
import type { Snapshot } from '../../../shared/snapshot/schema.js';
import { diffHtml, diffMarkdown, type History } from '../../../shared/report/index.js';
import { Collector } from '../collect/collector.js';
import { UsageError, type ParsedArgs } from '../commandLine/args.js';
import { collectOptions, COLLECT_FLAGS, COLLECT_GROUP } from '../commandLine/collectFlags.js';
import { EXIT, generatedBy, PROCESS_IO, runCommand, type Command, type CommandIo } from '../commandLine/command.js';
import { containerNamed } from '../commandLine/containerLookup.js';
import { FLAGS, withHelp } from '../commandLine/flags.js';
import { HOST_FLAGS, HOST_GROUP, hostArg } from '../commandLine/hostFlag.js';
import { formatHostSpec } from '../remote/hostSpec.js';
import { snapshotOf } from './hostSnapshot.js';
import { emit, loadSnapshotFile, outputFormat, type LoadedSnapshot } from './output.js';

export type { CommandIo, Output } from '../commandLine/command.js';

class Sources {
  private live: Promise<Snapshot> | null = null;
  private readonly files = new Map<string, LoadedSnapshot>();
  private readonly hosts = new Map<string, Promise<Snapshot>>();
  readonly history: History = {};

  constructor(private readonly args: ParsedArgs) {}

  async side(spec: string): Promise<Side> {
    // NAME@ssh://user@host[:port], NAME@k8s://context/node or NAME@local: a container on that host.
    const at = /^(.+?)@((?:ssh|k8s):\/\/.+|local)$/.exec(spec);
    if (at) {
      const host = hostArg(at[2]!);
      const key = formatHostSpec(host);
      let snap = this.hosts.get(key);
      if (!snap) {
        snap = snapshotOf(this.args, host);
        this.hosts.set(key, snap);
      }
      return pick(await snap, at[1]!, key, ` @ ${key}`);
    }
    const hash = spec.lastIndexOf('#');
    const asFile = hash > 0 ? spec.slice(0, hash) : spec.endsWith('.json') && existsSync(spec) ? spec : null;
    if (asFile === null) {
      this.live ??= new Collector(collectOptions(this.args)).snapshot();
      return pick(await this.live, spec, 'live', '');
    }
    let loaded = this.files.get(asFile);
    if (!loaded) {
      loaded = loadSnapshotFile(asFile);
      this.files.set(asFile, loaded);
      Object.assign(this.history, loaded.history);
    }
    const selector = hash > 0 ? spec.slice(hash + 1) : null;
    if (selector === null) {
      const n = loaded.snapshot.containers.length;
      if (n !== 1) throw new UsageError(`${asFile} holds ${n} containers: name one as ${asFile}#NAME (or #host)`);
    }
    return pick(loaded.snapshot, selector ?? loaded.snapshot.containers[0]!.id, `file:${asFile}`, ` @ ${basename(asFile)}`);
  }
}

function pick(snapshot: Snapshot, selector: string, source: string, suffix: string): Side {
  if (selector === 'host') return hostSide(snapshot, { source, label: `host ${snapshot.host.hostname ?? ''}`.trim() + suffix });
  let container;
  try {
    container = containerNamed(snapshot, selector);
  } catch (err) {
    throw suffix && err instanceof UsageError ? new UsageError(`${err.message} in ${suffix.slice(3)}`) : err;
  }
  const side = containerSide(snapshot, container, { source });
  return { ...side, label: side.label + suffix };
}

const FORMATS = ['json', 'html', 'md'] as const;

export const DIFF_COMMAND: Command = {
  name: 'diff',
  summary: 'compare isolation (A, B: id, prefix, name, host, FILE.json#name); exit 0 same, 1 different, 2 error',
  usage: [
    'diff A B [--json|--html|--md] [--out FILE]',
    'diff NAME@ssh://USER@HOST[:PORT] NAME@local [--sudo] […]',
    'diff NAME@k8s://CONTEXT/NODE NAME@local',
  ],
  description: `Compares how isolated A is with B, fact by fact. A and B: a container id, unique id prefix
or name; host; or a snapshot file (FILE.json#container, or FILE.json holding one container); or
a container on a host, NAME@ssh://USER@HOST[:PORT], NAME@k8s://CONTEXT/NODE or NAME@local (the ssh flags below apply).
Exit 0 when they are equally isolated, 1 when they differ, 2 on error.`,
  flags: {
    json: withHelp(FLAGS.json, 'the difference as JSON'),
    html: FLAGS.html,
    md: FLAGS.md,
    out: FLAGS.out,
    ...COLLECT_FLAGS,
    sudo: HOST_FLAGS.sudo,
    identity: HOST_FLAGS.identity,
    'known-hosts': HOST_FLAGS['known-hosts'],
    'ssh-config': HOST_FLAGS['ssh-config'],
  },
  flagGroups: [COLLECT_GROUP, { title: HOST_GROUP.title, names: ['sudo', 'identity', 'known-hosts', 'ssh-config'] }],
  failureExit: EXIT.usage,
  async run(a, io) {
    if (a.positional.length !== 2)
      throw new UsageError(
        'diff needs two things to compare: container ids, prefixes or names, `host`, FILE.json#container, NAME@ssh://USER@HOST or NAME@k8s://CONTEXT/NODE',
      );
    const format = outputFormat(a, FORMATS, 'text');
    const sources = new Sources(a);
    const sa = await sources.side(a.positional[0]!);
    const sb = await sources.side(a.positional[1]!);
    const d = diffIsolation(sa, sb);
    const text =
      format === 'json'
        ? JSON.stringify(d, null, 2) + '\n'
        : format === 'html'
          ? diffHtml(d, sources.history, generatedBy())
          : format === 'md'
            ? diffMarkdown(d)
            : diffText(d);
    emit(a, text, io);
    return d.equal ? EXIT.ok : EXIT.result;
  },
};

/** argv: the words after `isoscope` (starting with "diff"). */
export const diffCommand = (argv: string[], io: CommandIo = PROCESS_IO): Promise<number> => runCommand(DIFF_COMMAND, argv, io);
