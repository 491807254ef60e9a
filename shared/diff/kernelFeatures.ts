// Differences in the newer kernel features: CPU burst, memory.min, OOM group, cpu.idle and
// zswap limits; time-namespace clock offsets; per-module LSM contexts. A field a snapshot did
// not collect (absent) is not compared; one that could not be read is unknown. Pure.
import type { ClockOffset, LsmModuleContext, TimeNamespace } from '../snapshot/kernelFeatures.js';
import type { Container } from '../snapshot/schema.js';
import type { Difference } from './types.js';
import {
  diff,
  formatBytes,
  known,
  type Known,
  LETTER,
  unavailableFor,
  unknownBecause,
  unknownDiff,
  type Which,
} from './values.js';

type Value = number | boolean | null;
interface Spec {
  key: 'cpuMaxBurst' | 'memoryMin' | 'memoryOomGroup' | 'cpuIdle' | 'memoryZswapMax';
  show: (v: Value) => string;
  /** The side a larger number makes less isolated (burst, zswap), or none. */
  looser: 'higher' | 'none';
  meaning: (x: string, y: string) => string;
}

const SPECS: Spec[] = [
  {
    key: 'cpuMaxBurst',
    show: (v) => (v === null ? 'unset' : v === 0 ? 'no burst' : `${String(v)} µs burst`),
    looser: 'higher',
    meaning: (x, y) => `A and B may run above their CPU quota by different amounts (cpu.max.burst: ${x} and ${y}).`,
  },
  {
    key: 'memoryMin',
    show: (v) => (v === null ? 'unset' : v === 0 ? 'none' : formatBytes(Number(v))),
    looser: 'none',
    meaning: (x, y) => `A and B protect different amounts of memory from reclaim (memory.min: ${x} and ${y}).`,
  },
  {
    key: 'memoryOomGroup',
    show: (v) => (v === null ? 'unset' : v ? 'whole group' : 'single processes'),
    looser: 'none',
    meaning: (x, y) => `On OOM the kernel kills ${x} in A and ${y} in B (memory.oom.group).`,
  },
  {
    key: 'cpuIdle',
    show: (v) => (v === null ? 'unset' : v ? 'idle priority' : 'normal'),
    looser: 'none',
    meaning: (x, y) => `A and B are scheduled differently (cpu.idle: ${x} and ${y}).`,
  },
  {
    key: 'memoryZswapMax',
    show: (v) => (v === null ? 'unlimited' : formatBytes(Number(v))),
    looser: 'higher',
    meaning: (x, y) => `A and B may keep different amounts in zswap (${x} and ${y}).`,
  },
];

function value(c: Container, key: Spec['key']): Known<Value> | undefined {
  const v = c.cgroup.limits[key];
  if (v === undefined) return undefined; // not collected in that snapshot
  if (v !== null) return known(v);
  const u = unavailableFor(c.unavailable, `cgroup.limits.${key}`);
  return u ? unknownBecause(u.reason) : known(null);
}

export function diffCgroupsNewer(a: Container, b: Container, same: boolean): Difference[] {
  if (same) return [];
  const out: Difference[] = [];
  for (const s of SPECS) {
    const va = value(a, s.key);
    const vb = value(b, s.key);
    if (!va || !vb) continue;
    // A kernel without the file on both sides: there is no such setting to compare.
    const absent = (k: Known<Value>) => !k.known && (k.reason === 'kernel-lacks' || k.reason === 'not-present');
    if (absent(va) && absent(vb)) continue;
    const unknown = unknownDiff('cgroups', s.key, `The ${s.key} setting`, va, vb, s.show, same);
    if (unknown) {
      out.push(unknown);
      continue;
    }
    if (!va.known || !vb.known || va.value === vb.value) continue;
    const [x, y] = [s.show(va.value), s.show(vb.value)];
    let w: Which | null = null;
    if (s.looser === 'higher') {
      const n = (v: Value) => (v === null ? Infinity : Number(v));
      w = n(va.value) > n(vb.value) ? 'a' : 'b';
    }
    out.push(
      diff(
        'cgroups',
        s.key,
        x,
        y,
        w,
        w && s.key === 'cpuMaxBurst'
          ? `${LETTER[w]} may run further above its CPU quota: ${w === 'a' ? x : y} against ${w === 'a' ? y : x}.`
          : s.meaning(x, y),
      ),
    );
  }
  return out;
}

const offsetText = (o: ClockOffset) =>
  `${o.seconds >= 0 ? '+' : ''}${o.seconds}${o.nanoseconds ? `.${String(o.nanoseconds).padStart(9, '0')}` : ''} s`;
export const timeOffsetsText = (t: TimeNamespace) =>
  `boottime ${offsetText(t.offsets.boottime)}, monotonic ${offsetText(t.offsets.monotonic)}`;

/** Different clock offsets (the time namespace's inode difference is reported with the namespaces). */
export function diffTimeOffsets(a: Container | null, b: Container | null, same: boolean): Difference[] {
  if (same || !a || !b) return [];
  const ta = a.timeNamespace;
  const tb = b.timeNamespace;
  if (ta === undefined || tb === undefined) return [];
  const k = (c: Container, t: TimeNamespace | null): Known<TimeNamespace> =>
    t ? known(t) : unknownBecause(unavailableFor(c.unavailable, 'timeNamespace')?.reason ?? 'unreadable');
  const ka = k(a, ta);
  const kb = k(b, tb);
  const unknown = unknownDiff('namespaces', 'time offsets', 'The time-namespace offsets', ka, kb, timeOffsetsText, same);
  if (unknown) return [unknown];
  if (!ka.known || !kb.known) return [];
  const [x, y] = [timeOffsetsText(ka.value), timeOffsetsText(kb.value)];
  if (x === y) return [];
  return [
    diff(
      'namespaces',
      'time offsets',
      x,
      y,
      null,
      `A and B see shifted boot and monotonic clocks differently (${x}; ${y}): uptime and timers read differently inside.`,
    ),
  ];
}

/** A module whose own context differs while the legacy attr/current does not show it. */
export function diffLsmModules(a: Container, b: Container, same: boolean): Difference[] {
  if (same) return [];
  const ma = a.lsm.modules;
  const mb = b.lsm.modules;
  if (!ma || !mb) return [];
  const out: Difference[] = [];
  const find = (list: LsmModuleContext[], lsm: string) => list.find((m) => m.lsm === lsm);
  for (const m of ma) {
    const n = find(mb, m.lsm);
    if (!n || m.raw === n.raw) continue;
    // The legacy context is compared already: report a module only where it says something else.
    if (m.raw === a.lsm.raw && n.raw === b.lsm.raw) continue;
    const show = (v: LsmModuleContext) => v.raw ?? `unknown (${v.reason ?? 'unreadable'})`;
    const unknown = m.raw === null || n.raw === null;
    out.push({
      ...diff(
        'mac',
        `${m.lsm} context`,
        show(m),
        show(n),
        null,
        unknown
          ? `The ${m.lsm} context could not be read on one side: they cannot be compared.`
          : `A and B have different ${m.lsm} contexts (/proc/PID/attr/${m.lsm}/current): ${show(m)} and ${show(n)}.`,
      ),
      unknown,
    });
  }
  return out;
}
