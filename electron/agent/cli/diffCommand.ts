// `isoscope diff A B [--json|--html|--md] [--out FILE]`: how isolated A is compared with B.
// A and B: a container id, unique id prefix or name; `host`; or a snapshot file
// (`file.json#container`, or `file.json` holding one container). Like diff(1): exit 0 when
// equal, 1 when different, 2 on error (one line on stderr).
import { existsSync, readFileSync } from 'node:fs';
import { writeOutputFile } from '../seccomp/profiler/outFile.js';
import { basename } from 'node:path';
import { containerSide, diffIsolation, hostSide, type Side } from '../../../shared/diff/diff.js';
import { resolveContainer } from '../../../shared/diff/resolve.js';
import { diffText } from '../../../shared/diff/text.js';
import { parseSnapshotFile } from '../../../shared/snapshot/migrate.js';
import type { Snapshot } from '../../../shared/snapshot/schema.js';
import { diffHtml, diffMarkdown, type History } from '../../../shared/report/index.js';
import { Collector } from '../collect/collector.js';
import { AGENT_VERSION } from '../version.js';
import { flag, parseArgs, UsageError, type ParsedArgs } from './args.js';
import { collectOptions } from './collectFlags.js';
import { terminalSafe } from './terminalSafe.js';

export interface Output {
  write(text: string): unknown;
}
export interface CommandIo {
  stdout: Output;
  stderr: Output;
}
const PROCESS_IO: CommandIo = { stdout: process.stdout, stderr: process.stderr };

/**
 * Removes boolean `--NAME` and valued `--NAME VALUE`/`--NAME=VALUE` flags that args.ts does
 * not know (yet), so parseArgs accepts the rest.
 */
export function takeFlags(argv: string[], booleans: string[], valued: string[] = []): { rest: string[]; taken: Map<string, string> } {
  const rest: string[] = [];
  const taken = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') ? arg.slice(2, eq < 0 ? undefined : eq) : '';
    if (booleans.includes(name)) {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      taken.set(name, 'true');
    } else if (valued.includes(name)) {
      const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      taken.set(name, value);
    } else rest.push(arg);
  }
  return { rest, taken };
}

export type Format = 'text' | 'json' | 'html' | 'md';

export function outputFormat(a: ParsedArgs, taken: Map<string, string>, fallback: Format): Format {
  const chosen = [flag(a, 'json') && 'json', taken.has('html') && 'html', taken.has('md') && 'md'].filter(Boolean) as Format[];
  if (chosen.length > 1) throw new UsageError(`choose one of --${chosen.join(', --')}`);
  return chosen[0] ?? fallback;
}

/** Writes to --out FILE (owner-only: snapshots hold command lines) or to stdout. */
export function emit(a: ParsedArgs, text: string, io: CommandIo): void {
  const out = flag(a, 'out');
  // Text, Markdown, HTML or JSON: terminalSafe keeps JSON's value (its escapes are JSON's own).
  if (out === undefined || out === '-') io.stdout.write(terminalSafe(text));
  else writeOutputFile(out, text, 0o600);
}

export function fail(err: unknown, io: CommandIo): number {
  const e = err as NodeJS.ErrnoException;
  const message = err instanceof UsageError ? e.message : `${e.code ? `${e.code}: ` : ''}${e.message}`;
  io.stderr.write(terminalSafe(`isoscope: ${message.split('\n')[0]}`) + '\n');
  return 2;
}

interface Loaded {
  snapshot: Snapshot;
  history: History;
}

/** Reads, checks and migrates a snapshot file; every failure is a UsageError naming the file. */
export function loadSnapshotFile(path: string): Loaded {
  if (!existsSync(path)) throw new UsageError(`${path}: no such file`);
  const parsed = parseSnapshotFile(readFileSync(path, 'utf8'));
  if (!parsed.ok) throw new UsageError(`${path}: ${parsed.error}`);
  return { snapshot: parsed.snapshot, history: parsed.history ?? {} };
}

class Sources {
  private live: Promise<Snapshot> | null = null;
  private readonly files = new Map<string, Loaded>();
  readonly history: History = {};

  constructor(private readonly args: ParsedArgs) {}

  async side(spec: string): Promise<Side> {
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
  const r = resolveContainer(snapshot, selector);
  if (!r.ok) throw new UsageError(`${r.error}${suffix ? ` in ${suffix.slice(3)}` : ''}`);
  const side = containerSide(snapshot, r.container, { source });
  return { ...side, label: side.label + suffix };
}

export async function diffCommand(argv: string[], io: CommandIo = PROCESS_IO): Promise<number> {
  try {
    const { rest, taken } = takeFlags(argv, ['html', 'md']);
    const a = parseArgs(rest);
    if (a.command !== 'diff') throw new UsageError('diff: expected the command word "diff" first');
    if (a.positional.length !== 2) throw new UsageError('diff needs two things to compare: container ids, prefixes or names, `host`, or FILE.json#container');
    const format = outputFormat(a, taken, 'text');
    const sources = new Sources(a);
    const sa = await sources.side(a.positional[0]!);
    const sb = await sources.side(a.positional[1]!);
    const d = diffIsolation(sa, sb);
    const generatedBy = `isoscope ${AGENT_VERSION}`;
    const text =
      format === 'json' ? JSON.stringify(d, null, 2) + '\n' : format === 'html' ? diffHtml(d, sources.history, generatedBy) : format === 'md' ? diffMarkdown(d) : diffText(d);
    emit(a, text, io);
    return d.equal ? 0 : 1;
  } catch (err) {
    return fail(err, io);
  }
}
