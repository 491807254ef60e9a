// Cgroup limits, version and exclusivity. A limit that is null without an unavailable entry
// is "unlimited"; with one it is unknown. Pure.
import type { CgroupLimits, Container, IoLimit } from '../snapshot/schema.js';
import type { Difference } from './types.js';
import {
  diff,
  formatBytes,
  known,
  type Known,
  LETTER,
  reasonFor,
  unavailableFor,
  unknownBecause,
  unknownDiff,
  type Which,
} from './values.js';

type Direction = 'higher-is-looser' | 'none';
interface LimitSpec {
  key: keyof Omit<CgroupLimits, 'io' | 'cpuQuota' | 'cpuPeriod'>;
  what: string;
  show: (v: number | string) => string;
  /** What null (without an unavailable entry) means for it. */
  unset: string;
  direction: Direction;
}

const bytes = (v: number | string) => (typeof v === 'number' ? formatBytes(v) : v);
const plain = (v: number | string) => String(v);

const LIMITS: LimitSpec[] = [
  { key: 'memoryMax', what: 'memory', show: bytes, unset: 'unlimited', direction: 'higher-is-looser' },
  {
    key: 'memoryHigh',
    what: 'memory before throttling (memory.high)',
    show: bytes,
    unset: 'unlimited',
    direction: 'higher-is-looser',
  },
  { key: 'memorySwapMax', what: 'swap', show: bytes, unset: 'unlimited', direction: 'higher-is-looser' },
  { key: 'memoryReservation', what: 'reserved memory', show: bytes, unset: 'none', direction: 'none' },
  { key: 'pidsMax', what: 'processes', show: plain, unset: 'unlimited', direction: 'higher-is-looser' },
  { key: 'cpuShares', what: 'CPU shares', show: plain, unset: 'not set', direction: 'none' },
  { key: 'cpuWeight', what: 'CPU weight', show: plain, unset: 'not set', direction: 'none' },
  { key: 'cpusetCpus', what: 'CPUs it may run on', show: plain, unset: 'not set', direction: 'none' },
  { key: 'cpusetMems', what: 'memory nodes', show: plain, unset: 'not set', direction: 'none' },
];

/** A limit's value: a number/string, null for "unset", or unknown. */
type Limit = Known<number | string | null>;

function limit(c: Container, key: string): Limit {
  const v = (c.cgroup.limits as unknown as Record<string, number | string | null>)[key] ?? null;
  if (v !== null) return known(v);
  const u = unavailableFor(c.unavailable, `cgroup.limits.${key}`);
  return u ? unknownBecause(u.reason) : known(null);
}

/** CPU bandwidth as a number of CPUs (quota / period). */
function cpus(c: Container): Limit {
  const q = limit(c, 'cpuQuota');
  if (!q.known || q.value === null) return q;
  const p = limit(c, 'cpuPeriod');
  if (!p.known) return p;
  if (typeof p.value !== 'number' || p.value <= 0) return unknownBecause('no cpu period');
  return known(Number(q.value) / p.value);
}

function compare(
  spec: { key: string; what: string; show: (v: number | string) => string; unset: string; direction: Direction },
  la: Limit,
  lb: Limit,
  same: boolean,
): Difference | null {
  const show = (v: number | string | null) => (v === null ? spec.unset : spec.show(v));
  const unknown = unknownDiff('cgroups', spec.key, `The ${spec.key} limit`, la, lb, show, same);
  if (unknown) return unknown;
  if (!la.known || !lb.known || la.value === lb.value) return null;
  const [x, y] = [la.value, lb.value];
  if (spec.direction === 'none')
    return diff('cgroups', spec.key, show(x), show(y), null, `A and B differ in ${spec.what}: ${show(x)} and ${show(y)}.`);
  if (x === null || y === null) {
    const w: Which = x === null ? 'a' : 'b';
    return diff(
      'cgroups',
      spec.key,
      show(x),
      show(y),
      w,
      `${LETTER[w]} has no ${spec.key === 'memoryMax' ? 'memory limit' : `limit on ${spec.what}`}: it can use as much as the host has.`,
    );
  }
  const w: Which = Number(x) > Number(y) ? 'a' : 'b';
  return diff(
    'cgroups',
    spec.key,
    show(x),
    show(y),
    w,
    `${LETTER[w]} may use more ${spec.what}: ${show(w === 'a' ? x : y)} against ${show(w === 'a' ? y : x)}.`,
  );
}

const ioText = (l: IoLimit | undefined) => {
  if (!l) return 'unlimited';
  const f = (n: number | null) => (n === null ? 'max' : String(n));
  return `rbps=${f(l.readBps)} wbps=${f(l.writeBps)} riops=${f(l.readIops)} wiops=${f(l.writeIops)}`;
};

export function diffCgroups(a: Container, b: Container, same: boolean): Difference[] {
  if (same) return [];
  // A cgroup that could not be read at all: one unknown, not one per limit.
  const whole = (c: Container) =>
    cgroupReadable(c) ? known(c.cgroup.version ?? 'unknown') : unknownBecause<string>(reasonFor(c, 'cgroup'));
  const wa = whole(a);
  const wb = whole(b);
  const unknownWhole = unknownDiff('cgroups', 'cgroup', 'The cgroup', wa, wb, String, same);
  if (unknownWhole) return [unknownWhole];

  const out: Difference[] = [];
  if (a.cgroup.version !== b.cgroup.version) {
    out.push(
      diff(
        'cgroups',
        'version',
        a.cgroup.version ?? 'unknown',
        b.cgroup.version ?? 'unknown',
        null,
        `A's limits are enforced by cgroup ${a.cgroup.version ?? '?'}, B's by cgroup ${b.cgroup.version ?? '?'}: the same numbers come from different controllers.`,
      ),
    );
  }
  if (a.cgroup.exclusive !== null && b.cgroup.exclusive !== null && a.cgroup.exclusive !== b.cgroup.exclusive) {
    const w: Which = a.cgroup.exclusive ? 'b' : 'a';
    out.push(
      diff(
        'cgroups',
        'exclusive',
        a.cgroup.exclusive ? 'own cgroup' : 'shared cgroup',
        b.cgroup.exclusive ? 'own cgroup' : 'shared cgroup',
        w,
        `${LETTER[w]}'s cgroup also holds processes outside it: its limits bind them together and its usage counts them too.`,
      ),
    );
  }
  const cpu = compare(
    {
      key: 'cpu',
      what: 'CPU time',
      show: (v) =>
        `${Number(v)
          .toFixed(2)
          .replace(/\.?0+$/, '')} CPU`,
      unset: 'unlimited',
      direction: 'higher-is-looser',
    },
    cpus(a),
    cpus(b),
    same,
  );
  const rest = LIMITS.map((spec) => compare(spec, limit(a, spec.key), limit(b, spec.key), same));
  for (const d of [rest[0], rest[1], rest[2], rest[3], cpu, ...rest.slice(4)]) if (d) out.push(d);

  const devices = [...new Set([...a.cgroup.limits.io, ...b.cgroup.limits.io].map((l) => l.device))].sort();
  for (const dev of devices) {
    const ia = a.cgroup.limits.io.find((l) => l.device === dev);
    const ib = b.cgroup.limits.io.find((l) => l.device === dev);
    if (ioText(ia) === ioText(ib)) continue;
    const w: Which | null = !ia ? 'a' : !ib ? 'b' : null;
    const meaning = w ? `${LETTER[w]} has no I/O limit on device ${dev}.` : `The I/O limits on device ${dev} differ.`;
    out.push(diff('cgroups', `io ${dev}`, ioText(ia), ioText(ib), w, meaning));
  }
  return out;
}

/** The cgroup could be read at all (else diffCgroups reports one unknown for the whole of it). */
export const cgroupReadable = (c: Container): boolean => !unavailableFor(c.unavailable, 'cgroup');
