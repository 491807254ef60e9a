// Snapshot files: what `isoscope export` writes, and the one way to read a snapshot file back.
// Files come from anywhere, so reading is defensive: size, depth, item and string limits are
// checked before objects are built, `__proto__`/`constructor`/`prototype` keys are refused
// (but as keys of the container-keyed maps, where they are data), the format version is checked, older formats are migrated step by step, and
// the result is validated against the schema. Every failure is one line. Pure.
import { z } from 'zod';
import { HistoryPoint } from './historyPoint.js';
import { SCHEMA_VERSION, Snapshot } from './schema.js';
import { IsolationTimeline } from './isolationEvents.js';
import { keyedRecord } from '../ipc/keyed.js';

/** What `isoscope export` writes: a snapshot, optionally with the resource history behind its charts. */
export const SnapshotFile = z.object({
  snapshot: Snapshot,
  /** Container id → recent resource points (oldest first). */
  history: keyedRecord(z.array(HistoryPoint)).optional(),
  /** Container id → isolation changes the collector saw (oldest first). */
  isolation: IsolationTimeline.optional(),
  /** ISO 8601. */
  exportedAt: z.string(),
  /** e.g. "isoscope 0.1.0". */
  exportedBy: z.string(),
});
export type SnapshotFile = z.infer<typeof SnapshotFile>;

export const LIMITS = {
  /** Characters in the whole file. */
  maxChars: 256 * 1024 * 1024,
  maxDepth: 64,
  /** Characters in any one string (or key). */
  maxString: 1024 * 1024,
  /** Items in any one array or object. */
  maxItems: 200_000,
  /** Values in the whole file. */
  maxValues: 5_000_000,
} as const;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export type ParsedSnapshotFile =
  | {
      ok: true;
      snapshot: Snapshot;
      history?: SnapshotFile['history'];
      isolation?: SnapshotFile['isolation'];
      exportedAt?: string;
      exportedBy?: string;
      migratedFrom?: number;
    }
  | { ok: false; error: string };

class Refused extends Error {}

/**
 * One pass over the text, outside strings: nesting depth, items per container and values in
 * all, and whether the JSON ends where the text does. Runs before JSON.parse builds anything.
 */
function scan(text: string): void {
  const items: number[] = []; // per open container: separators seen (+1 once it has a value)
  let values = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c)
        i++; // backslash: skip the escaped character
      else if (ch === 0x22) inString = false;
      continue;
    }
    if (ch === 0x22) {
      inString = true;
      continue;
    }
    if (ch === 0x7b || ch === 0x5b) {
      // { [
      if (items.length >= LIMITS.maxDepth) throw new Refused(`nested deeper than ${LIMITS.maxDepth} levels`);
      items.push(0);
      if (++values > LIMITS.maxValues) throw new Refused(`more than ${LIMITS.maxValues} values`);
    } else if (ch === 0x7d || ch === 0x5d) items.pop();
    else if (ch === 0x2c && items.length > 0) {
      // , between items of the innermost container
      const n = ++items[items.length - 1]!;
      if (n >= LIMITS.maxItems) throw new Refused(`more than ${LIMITS.maxItems} items in one array or object`);
      if (++values > LIMITS.maxValues) throw new Refused(`more than ${LIMITS.maxValues} values`);
    }
  }
  if (inString || items.length > 0)
    throw new Refused(
      `truncated: the file ends inside the JSON (${inString ? 'in a string' : `${items.length} bracket(s) left open`})`,
    );
}

/**
 * Maps keyed by container ids or label names — which containers choose — where any key, even
 * `__proto__`, is data: the export's `history` and `isolation`, and each container's `labels`.
 * They are parsed into null-prototype records (keyedRecord), so such keys are kept, not obeyed.
 */
function isKeyedMap(path: readonly (string | number)[]): boolean {
  const last = path[path.length - 1];
  if (path.length === 1) return last === 'history' || last === 'isolation';
  return last === 'labels' && path[path.length - 3] === 'containers' && typeof path[path.length - 2] === 'number';
}

/** Walks the parsed JSON (depth bounded by scan): prototype-named keys and oversized strings refused. */
function check(value: unknown, path: (string | number)[]): void {
  if (typeof value === 'string') {
    if (value.length > LIMITS.maxString) throw new Refused('refused: a string longer than 1 MiB');
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    value.forEach((v, i) => check(v, [...path, i]));
    return;
  }
  const keyed = isKeyedMap(path);
  for (const key of Object.keys(value)) {
    if (key.length > LIMITS.maxString) throw new Refused('refused: a string longer than 1 MiB');
    if (FORBIDDEN_KEYS.has(key) && !keyed) throw new Refused(`refused: the key "${key}" is not allowed in a snapshot file`);
    check(Reflect.get(value, key), [...path, key]);
  }
}

/**
 * JSON.parse (which defines every key as an own property, never calling a setter), then a walk
 * that refuses prototype-polluting keys outside the id-keyed maps, and oversized strings.
 */
function safeParse(text: string): unknown {
  scan(text);
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (err) {
    throw new Refused(`not valid JSON: ${(err as Error).message.split('\n')[0]}`);
  }
  // A bare snapshot's containers sit at the top; an export's under "snapshot": both paths end in containers[i].labels.
  check(root, []);
  return root;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const arrayOf = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);

/** Format n → n+1, on the parsed JSON of a bare snapshot (mutated and returned). */
export const MIGRATIONS: Record<number, (s: Json) => Json> = {
  /** v0 had no boot time, clock ticks, process start dates or cgroup exclusivity. */
  0: (s) => {
    const notRecorded = (field: string) => ({ field, reason: 'not-recorded', detail: 'snapshot format v0' });
    if (isObject(s.host)) {
      const h = s.host;
      const unavailable = Array.isArray(h.unavailable) ? h.unavailable : ((h.unavailable = []) as unknown[]);
      for (const f of ['bootTime', 'clockTicks']) {
        if (!(f in h)) {
          h[f] = null;
          unavailable.push(notRecorded(f));
        }
      }
    }
    for (const c of arrayOf(s.containers)) {
      if (isObject(c.cgroup) && !('exclusive' in c.cgroup)) {
        c.cgroup.exclusive = null;
        if (Array.isArray(c.unavailable)) c.unavailable.push(notRecorded('cgroup.exclusive'));
      }
      for (const p of arrayOf(c.processes)) if (!('startedAt' in p)) p.startedAt = null;
    }
    s.schemaVersion = 1;
    return s;
  },
};
const OLDEST = Math.min(...Object.keys(MIGRATIONS).map(Number));

function issueText(error: z.ZodError, what: string): string {
  const first = error.issues[0]!;
  const path = first.path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');
  const more =
    error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problem${error.issues.length > 2 ? 's' : ''})` : '';
  return `not a valid ${what}: ${path ? `${path}: ` : ''}${first.message}${more}`;
}

function describeJson(v: unknown): string {
  if (Array.isArray(v)) return 'a JSON array';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'a JSON object without schemaVersion, host and containers' : `a JSON ${typeof v}`;
}

export function parseSnapshotFile(text: string): ParsedSnapshotFile {
  try {
    if (typeof text !== 'string') return { ok: false, error: 'not text' };
    if (text.length > LIMITS.maxChars) return { ok: false, error: `refused: larger than ${LIMITS.maxChars / 1024 / 1024} MiB` };
    const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    if (body.trim() === '') return { ok: false, error: 'empty file' };
    const root = safeParse(body);
    // A file written by `isoscope export` wraps the snapshot; `isoscope snapshot` prints it bare.
    const wrapped = isObject(root) && isObject(root.snapshot) && 'schemaVersion' in root.snapshot;
    const snap = wrapped ? (root.snapshot as Json) : root;
    if (!isObject(snap) || !('schemaVersion' in snap) || (!wrapped && !('host' in snap || 'containers' in snap))) {
      return { ok: false, error: `not an Isoscope snapshot: ${describeJson(snap)}` };
    }
    const version = snap.schemaVersion;
    if (typeof version !== 'number' || !Number.isInteger(version))
      return { ok: false, error: 'not an Isoscope snapshot: schemaVersion is not a whole number' };
    if (version > SCHEMA_VERSION)
      return {
        ok: false,
        error: `snapshot format v${version} is newer than this Isoscope reads (v${SCHEMA_VERSION}): update Isoscope`,
      };
    if (version < OLDEST)
      return { ok: false, error: `unknown snapshot format v${version} (this Isoscope reads v${OLDEST} to v${SCHEMA_VERSION})` };
    let migrated = snap;
    for (let v = version; v < SCHEMA_VERSION; v++) migrated = MIGRATIONS[v]!(migrated);
    const migratedFrom = version < SCHEMA_VERSION ? { migratedFrom: version } : {};
    if (!wrapped) {
      const r = Snapshot.safeParse(migrated);
      return r.success ? { ok: true, snapshot: r.data, ...migratedFrom } : { ok: false, error: issueText(r.error, 'snapshot') };
    }
    const r = SnapshotFile.safeParse({ ...(root as Json), snapshot: migrated });
    if (!r.success) return { ok: false, error: issueText(r.error, 'snapshot file') };
    const { snapshot, history, isolation, exportedAt, exportedBy } = r.data;
    return {
      ok: true,
      snapshot,
      ...(history ? { history } : {}),
      ...(isolation ? { isolation } : {}),
      exportedAt,
      exportedBy,
      ...migratedFrom,
    };
  } catch (err) {
    if (err instanceof Refused) return { ok: false, error: err.message };
    return { ok: false, error: `unreadable: ${(err as Error).message.split('\n')[0]}` };
  }
}

export function snapshotFile(
  snapshot: Snapshot,
  exportedBy: string,
  history?: SnapshotFile['history'],
  exportedAt = new Date().toISOString(),
  isolation?: SnapshotFile['isolation'],
): SnapshotFile {
  return {
    snapshot,
    ...(history ? { history } : {}),
    ...(isolation && Object.keys(isolation).length ? { isolation } : {}),
    exportedAt,
    exportedBy,
  };
}
