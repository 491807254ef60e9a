// What diff, export and audit share: the output format flags, writing to --out or stdout, and
// reading a snapshot file.
import { existsSync, readFileSync } from 'node:fs';
import { parseSnapshotFile } from '../../../shared/snapshot/migrate.js';
import type { Snapshot } from '../../../shared/snapshot/schema.js';
import type { History } from '../../../shared/report/index.js';
import { flag, UsageError, type ParsedArgs } from '../commandLine/args.js';
import type { CommandIo } from '../commandLine/command.js';
import { terminalSafe } from '../commandLine/terminalSafe.js';
import { writeOutputFile } from '../seccomp/profiler/outFile.js';

/** The one format flag given among `names` (e.g. json, html, md), or the fallback; two of them is a usage error. */
export function outputFormat<F extends string>(a: ParsedArgs, names: readonly F[], fallback: F | 'text'): F | 'text' {
  const chosen = names.filter((n) => a.flags.has(n));
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

export interface LoadedSnapshot {
  snapshot: Snapshot;
  history: History;
}

/** Reads, checks and migrates a snapshot file; every failure is a UsageError naming the file. */
export function loadSnapshotFile(path: string): LoadedSnapshot {
  if (!existsSync(path)) throw new UsageError(`${path}: no such file`);
  const parsed = parseSnapshotFile(readFileSync(path, 'utf8'));
  if (!parsed.ok) throw new UsageError(`${path}: ${parsed.error}`);
  return { snapshot: parsed.snapshot, history: parsed.history ?? {} };
}
