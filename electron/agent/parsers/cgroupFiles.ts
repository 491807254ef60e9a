// Cgroup interface files (v1 and v2) → numbers. Each function takes the file's text.
import type { IoLimit, Psi, PsiLine } from '../../../shared/snapshot/schema.js';
import type { IoDeviceStat, MemoryEvents } from '../../../shared/snapshot/kernelFeatures.js';

/**
 * v1 memory limits print "unlimited" as PAGE_COUNTER_MAX × page size, which comes out as
 * 9223372036854771712 on 4 KiB pages (and other values near 2^63 on other page sizes).
 */
const V1_UNLIMITED_FLOOR = 2 ** 62;

/** A single number, or "max" (v2) → null, or v1's near-2^63 "unlimited" → null. */
export function parseLimit(text: string): number | null | undefined {
  const t = text.trim();
  if (t === 'max') return null;
  if (!/^-?\d{1,20}$/.test(t)) return undefined;
  const n = Number(t);
  if (n < 0 || n >= V1_UNLIMITED_FLOOR) return null; // -1 (cfs_quota_us) and 2^63-ish = unlimited
  return n === 0 ? 0 : n; // never -0
}

/** A single unsigned integer; undefined when the text is not one. */
export function parseCount(text: string): number | undefined {
  const t = text.trim();
  return /^\d{1,20}$/.test(t) ? Number(t) : undefined;
}

/** A non-negative finite number in a file's text, or undefined (NaN, "-1", "1e309", "0x10"). */
function unsigned(v: string | undefined): number | undefined {
  return v !== undefined && /^\d{1,20}$/.test(v) ? Number(v) : undefined;
}

/** v2 cpu.max: "max 100000" or "50000 100000" → quota (null = unlimited) and period. */
export function parseCpuMax(text: string): { quota: number | null; period: number } | undefined {
  const [q, p] = text.trim().split(/\s+/);
  const period = unsigned(p);
  if (!q || !period) return undefined;
  if (q === 'max') return { quota: null, period };
  const quota = unsigned(q);
  return quota !== undefined ? { quota, period } : undefined;
}

/** "key value" per line (memory.stat, cpu.stat, memory.events, cpuacct.stat). */
export function parseKeyValues(text: string): Record<string, number> {
  // Keys come from the file: no prototype for "__proto__" or "constructor" to land on.
  const out = Object.create(null) as Record<string, number>;
  for (const line of text.split('\n')) {
    const [k, v, extra] = line.trim().split(/\s+/);
    if (!k || v === undefined || extra !== undefined) continue;
    const n = Number(v);
    if (Number.isFinite(n)) out[k] = n;
  }
  return out;
}

/** PSI: "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\nfull ..." */
export function parsePressure(text: string): Psi | undefined {
  const result: Psi = { some: null, full: null };
  let any = false;
  for (const line of text.split('\n')) {
    const [kind, ...pairs] = line.trim().split(/\s+/);
    if (kind !== 'some' && kind !== 'full') continue;
    const values = Object.create(null) as Record<string, number>;
    for (const pair of pairs) {
      const [k, v] = pair.split('=');
      if (k && v !== undefined) values[k] = Number(v);
    }
    const entry: PsiLine = {
      avg10: values.avg10 ?? NaN,
      avg60: values.avg60 ?? NaN,
      avg300: values.avg300 ?? NaN,
      total: values.total ?? NaN,
    };
    if (Object.values(entry).some((n) => !Number.isFinite(n))) continue;
    result[kind] = entry;
    any = true;
  }
  return any ? result : undefined;
}

/** v2 io.stat: "8:0 rbytes=1 wbytes=2 rios=3 wios=4 dbytes=0 dios=0" per device → totals. */
export function parseIoStat(text: string): { readBytes: number; writeBytes: number } {
  let readBytes = 0;
  let writeBytes = 0;
  for (const line of text.split('\n')) {
    for (const pair of line.trim().split(/\s+/).slice(1)) {
      const [k, v] = pair.split('=');
      if (k === 'rbytes') readBytes += unsigned(v) ?? 0;
      if (k === 'wbytes') writeBytes += unsigned(v) ?? 0;
    }
  }
  return { readBytes, writeBytes };
}

/** v2 io.max: "8:0 rbps=max wbps=1048576 riops=max wiops=max" per device. */
export function parseIoMax(text: string): IoLimit[] {
  const out: IoLimit[] = [];
  for (const line of text.split('\n')) {
    const [device, ...pairs] = line.trim().split(/\s+/);
    if (!device || !/^\d+:\d+$/.test(device)) continue;
    const limit: IoLimit = { device, readBps: null, writeBps: null, readIops: null, writeIops: null };
    for (const pair of pairs) {
      const [k, v] = pair.split('=');
      const n = v === undefined || v === 'max' ? null : (unsigned(v) ?? null);
      if (k === 'rbps') limit.readBps = n;
      if (k === 'wbps') limit.writeBps = n;
      if (k === 'riops') limit.readIops = n;
      if (k === 'wiops') limit.writeIops = n;
    }
    out.push(limit);
  }
  return out;
}

/** v1 blkio.throttle.io_service_bytes: "8:0 Read 123\n8:0 Write 456\n...\nTotal 579". */
export function parseBlkioServiceBytes(text: string): { readBytes: number; writeBytes: number } {
  let readBytes = 0;
  let writeBytes = 0;
  for (const line of text.split('\n')) {
    const [device, op, v] = line.trim().split(/\s+/);
    if (!device || !/^\d+:\d+$/.test(device)) continue;
    if (op === 'Read') readBytes += unsigned(v) ?? 0;
    if (op === 'Write') writeBytes += unsigned(v) ?? 0;
  }
  return { readBytes, writeBytes };
}

/** v1 blkio.throttle.{read,write}_{bps,iops}_device: "8:0 1048576" per line. */
export function parseBlkioThrottle(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const [device, v] = line.trim().split(/\s+/);
    if (device && /^\d+:\d+$/.test(device) && unsigned(v) !== undefined) out.set(device, unsigned(v)!);
  }
  return out;
}

/** v1 memory.oom_control: "oom_kill_disable 0\nunder_oom 0\noom_kill 3". */
export const parseOomControl = parseKeyValues;

// ---------------------------------------------------------------------------------------------
// Newer v2 files (and their v1 equivalents). Each returns undefined for text that is not the
// kernel's format, never a default.

/** memory.events / memory.events.local → the six counters; a key the kernel did not print is null. */
export function parseMemoryEvents(text: string): MemoryEvents | undefined {
  const kv = parseKeyValues(text);
  const get = (k: string): number | null => (kv[k] !== undefined && kv[k]! >= 0 ? kv[k]! : null);
  const ev: MemoryEvents = {
    low: get('low'),
    high: get('high'),
    max: get('max'),
    oom: get('oom'),
    oomKill: get('oom_kill'),
    oomGroupKill: get('oom_group_kill'),
  };
  return Object.values(ev).every((v) => v === null) ? undefined : ev;
}

/** A "0"/"1" switch file (memory.oom.group, cpu.idle, cgroup.freeze). */
export function parseFlag(text: string): boolean | undefined {
  const t = text.trim();
  return t === '1' ? true : t === '0' ? false : undefined;
}

/** cgroup.events: "populated 1\nfrozen 0". */
export function parseCgroupEvents(text: string): { populated: boolean | null; frozen: boolean | null } | undefined {
  const kv = parseKeyValues(text);
  const flag = (k: string) => (kv[k] === 1 ? true : kv[k] === 0 ? false : null);
  const out = { populated: flag('populated'), frozen: flag('frozen') };
  return out.populated === null && out.frozen === null ? undefined : out;
}

/** v1 freezer.state: THAWED, FREEZING or FROZEN. */
export function parseFreezerState(text: string): { frozen: boolean; freezeRequested: boolean } | undefined {
  const t = text.trim();
  if (t === 'THAWED') return { frozen: false, freezeRequested: false };
  if (t === 'FREEZING') return { frozen: false, freezeRequested: true };
  if (t === 'FROZEN') return { frozen: true, freezeRequested: true };
  return undefined;
}

/** v1 memory.oom_control: oom_kill_disable and under_oom as booleans (null when absent). */
export function parseOomControlFlags(text: string): { killDisabled: boolean | null; underOom: boolean | null } {
  const kv = parseKeyValues(text);
  const flag = (k: string) => (kv[k] === 1 ? true : kv[k] === 0 ? false : null);
  return { killDisabled: flag('oom_kill_disable'), underOom: flag('under_oom') };
}

const IO_KEYS = ['rbytes', 'wbytes', 'rios', 'wios', 'dbytes', 'dios'] as const;

/** v2 io.stat per device: "8:0 rbytes=1 wbytes=2 rios=3 wios=4 dbytes=0 dios=0" (a key not printed is null). */
export function parseIoStatDevices(text: string): IoDeviceStat[] {
  const out: IoDeviceStat[] = [];
  for (const line of text.split('\n')) {
    const [device, ...pairs] = line.trim().split(/\s+/);
    if (!device || !/^\d+:\d+$/.test(device)) continue;
    const e: IoDeviceStat = { device, rbytes: null, wbytes: null, rios: null, wios: null, dbytes: null, dios: null };
    for (const pair of pairs) {
      const [k, v] = pair.split('=');
      const key = IO_KEYS.find((x) => x === k);
      if (key) e[key] = unsigned(v) ?? null;
    }
    out.push(e);
  }
  return out;
}

/**
 * v1 blkio.throttle.io_service_bytes (bytes) and io_serviced (operations) per device:
 * "8:0 Read 4096\n8:0 Write 0\n8:0 Sync 0\n8:0 Async 0\n8:0 Discard 0\n8:0 Total 4096\nTotal 4096".
 */
export function parseBlkioDevices(bytesText: string | null, opsText: string | null): IoDeviceStat[] {
  const byDev = new Map<string, IoDeviceStat>();
  const take = (
    text: string | null,
    keys: { Read: keyof IoDeviceStat; Write: keyof IoDeviceStat; Discard: keyof IoDeviceStat },
  ) => {
    if (text === null) return;
    for (const line of text.split('\n')) {
      const [device, op, v] = line.trim().split(/\s+/);
      if (!device || !/^\d+:\d+$/.test(device) || (op !== 'Read' && op !== 'Write' && op !== 'Discard')) continue;
      const n = unsigned(v);
      if (n === undefined) continue;
      const e = byDev.get(device) ?? { device, rbytes: null, wbytes: null, rios: null, wios: null, dbytes: null, dios: null };
      (e as Record<string, unknown>)[keys[op]] = n;
      byDev.set(device, e);
    }
  };
  take(bytesText, { Read: 'rbytes', Write: 'wbytes', Discard: 'dbytes' });
  take(opsText, { Read: 'rios', Write: 'wios', Discard: 'dios' });
  return [...byDev.values()];
}

/** /proc/partitions → major:minor → name ("   8        0   41943040 sda"). */
export function parsePartitions(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^\s*(\d+)\s+(\d+)\s+\d+\s+(\S+)\s*$/.exec(line);
    if (m && /^[A-Za-z0-9._-]{1,64}$/.test(m[3]!)) out.set(`${m[1]}:${m[2]}`, m[3]!);
  }
  return out;
}
