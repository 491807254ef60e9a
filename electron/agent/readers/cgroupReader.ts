// Reads a container's cgroup limits and usage from the cgroup filesystem, v1 or v2 per
// controller (so hybrid hosts work), recording the file each number came from. A file that
// does not exist or cannot be read leaves the value null with an `unavailable` entry;
// "unlimited" is null without one.
import type { Cgroup, CgroupLimits, CgroupUsage, Unavailable } from '../../../shared/snapshot/schema.js';
import {
  parseBlkioServiceBytes,
  parseBlkioThrottle,
  parseCount,
  parseCpuMax,
  parseIoMax,
  parseIoStat,
  parseKeyValues,
  parseLimit,
  parsePressure,
} from '../parsers/cgroupFiles.js';
import { readCgroupExtras } from './cgroupExtras.js';
import type { CgroupMount } from '../parsers/mountinfo.js';
import type { HostFs } from './hostFs.js';

/** Where a container sits: v1 controller → path, and its path in the unified hierarchy. */
export interface CgroupPlacement {
  v1: Map<string, string>;
  unified: string | null;
}

const USER_HZ_NS = 1e9 / 100;

export function emptyLimits(): CgroupLimits {
  return {
    memoryMax: null,
    memoryHigh: null,
    memorySwapMax: null,
    memoryReservation: null,
    cpuQuota: null,
    cpuPeriod: null,
    cpuShares: null,
    cpuWeight: null,
    cpusetCpus: null,
    cpusetMems: null,
    pidsMax: null,
    io: [],
  };
}

export function emptyUsage(): CgroupUsage {
  return {
    memoryCurrent: null,
    memoryPeak: null,
    memoryStat: null,
    cpuUsageNs: null,
    cpuUserNs: null,
    cpuSystemNs: null,
    nrPeriods: null,
    nrThrottled: null,
    throttledNs: null,
    pidsCurrent: null,
    ioReadBytes: null,
    ioWriteBytes: null,
    oomEvents: null,
    oomKillEvents: null,
    psi: null,
  };
}

/** Joins a hierarchy mount with a cgroup path as /proc/PID/cgroup prints it. */
export function dirOf(mount: CgroupMount, path: string): string {
  const rel = mount.root !== '/' && path.startsWith(mount.root) ? path.slice(mount.root.length) : path;
  return (mount.mountPoint + (rel.startsWith('/') ? rel : '/' + rel)).replace(/\/+$/, '');
}

export class CgroupFileReader {
  readonly sources: Record<string, string> = {};
  constructor(
    private readonly fs: HostFs,
    readonly unavailable: Unavailable[],
    /** Directories that are a hierarchy's root cgroup, which has no limit files at all. */
    private readonly roots: Set<string>,
  ) {}

  isRoot(dir: string): boolean {
    return this.roots.has(dir);
  }

  /** Reads `file` in `dir` for `field`; records the source or the reason. */
  text(dir: string | null, file: string, field: string, why?: string): string | null {
    if (dir === null) {
      this.unavailable.push({ field, reason: 'not-present', detail: why ?? `no hierarchy carries ${file}` });
      return null;
    }
    const path = `${dir}/${file}`;
    const r = this.fs.readText(path);
    if (!r.ok) {
      this.unavailable.push({ field, reason: r.reason, detail: path });
      return null;
    }
    this.sources[field] = path;
    return r.value;
  }

  /** As text(), but a missing file is silently absent (for optional counters). */
  optional(dir: string | null, file: string, field: string): string | null {
    if (dir === null) return null;
    const r = this.fs.readText(`${dir}/${file}`);
    if (!r.ok) return null;
    this.sources[field] = `${dir}/${file}`;
    return r.value;
  }

  limit(dir: string | null, file: string, field: string): number | null {
    // The root cgroup is never limited; its limit files do not exist.
    if (dir !== null && this.roots.has(dir) && !this.fs.readText(`${dir}/${file}`).ok) return null;
    const t = this.text(dir, file, field);
    if (t === null) return null;
    const v = parseLimit(t);
    if (v === undefined) {
      this.unavailable.push({ field, reason: 'unparsable', detail: t.trim().slice(0, 80) });
      return null;
    }
    return v;
  }

  count(dir: string | null, file: string, field: string): number | null {
    const t = this.text(dir, file, field);
    if (t === null) return null;
    const v = parseCount(t);
    if (v === undefined) this.unavailable.push({ field, reason: 'unparsable', detail: t.trim().slice(0, 80) });
    return v ?? null;
  }
}

export function readCgroup(
  fs: HostFs,
  mounts: CgroupMount[],
  placement: CgroupPlacement,
  version: Cgroup['version'],
): Cgroup & { unavailable: Unavailable[] } {
  const unavailable: Unavailable[] = [];
  const r = new CgroupFileReader(fs, unavailable, new Set(mounts.map((m) => m.mountPoint.replace(/\/+$/, ''))));
  const limits = emptyLimits();
  const usage = emptyUsage();
  const v2Mount = mounts.find((m) => m.version === 'v2') ?? null;
  const v2Dir = v2Mount && placement.unified !== null ? dirOf(v2Mount, placement.unified) : null;

  /** The v1 directory for a controller, or null when the controller is not on v1. */
  const v1Dir = (controller: string): string | null => {
    const mount = mounts.find((m) => m.version === 'v1' && m.controllers.includes(controller));
    const path = placement.v1.get(controller);
    return mount && path !== undefined ? dirOf(mount, path) : null;
  };
  const onV1 = (controller: string) => mounts.some((m) => m.version === 'v1' && m.controllers.includes(controller));
  const paths: Record<string, string> = {};
  for (const [c, p] of placement.v1) paths[c] = p;
  if (placement.unified !== null) paths.unified = placement.unified;

  // memory
  if (onV1('memory')) {
    const d = v1Dir('memory');
    limits.memoryMax = r.limit(d, 'memory.limit_in_bytes', 'limits.memoryMax');
    limits.memoryReservation = r.limit(d, 'memory.soft_limit_in_bytes', 'limits.memoryReservation');
    const memsw = r.optional(d, 'memory.memsw.limit_in_bytes', 'limits.memorySwapMax');
    if (memsw === null) {
      unavailable.push({
        field: 'limits.memorySwapMax',
        reason: 'not-present',
        detail: 'swap accounting is off (no memory.memsw.limit_in_bytes)',
      });
    } else {
      const both = parseLimit(memsw);
      limits.memorySwapMax =
        both === null || both === undefined || limits.memoryMax === null ? null : Math.max(0, both - limits.memoryMax);
    }
    usage.memoryCurrent = r.count(d, 'memory.usage_in_bytes', 'usage.memoryCurrent');
    usage.memoryPeak = r.count(d, 'memory.max_usage_in_bytes', 'usage.memoryPeak');
    const stat = r.text(d, 'memory.stat', 'usage.memoryStat');
    usage.memoryStat = stat === null ? null : parseKeyValues(stat);
    const oom = r.text(d, 'memory.oom_control', 'usage.oomKillEvents');
    const oomKill = oom === null ? undefined : parseKeyValues(oom).oom_kill;
    usage.oomKillEvents = oomKill ?? null;
    if (oom !== null && oomKill === undefined)
      unavailable.push({
        field: 'usage.oomKillEvents',
        reason: 'kernel-lacks',
        detail: 'memory.oom_control has no oom_kill line',
      });
    unavailable.push({ field: 'usage.oomEvents', reason: 'not-present', detail: 'cgroup v1 keeps no OOM event counter' });
  } else {
    limits.memoryMax = r.limit(v2Dir, 'memory.max', 'limits.memoryMax');
    limits.memoryHigh = r.limit(v2Dir, 'memory.high', 'limits.memoryHigh');
    limits.memorySwapMax = r.limit(v2Dir, 'memory.swap.max', 'limits.memorySwapMax');
    limits.memoryReservation = r.limit(v2Dir, 'memory.low', 'limits.memoryReservation');
    usage.memoryCurrent = r.count(v2Dir, 'memory.current', 'usage.memoryCurrent');
    const peak = r.optional(v2Dir, 'memory.peak', 'usage.memoryPeak');
    usage.memoryPeak = peak === null ? null : (parseCount(peak) ?? null);
    if (peak === null)
      unavailable.push({ field: 'usage.memoryPeak', reason: 'kernel-lacks', detail: 'memory.peak (Linux 5.19+)' });
    const stat = r.text(v2Dir, 'memory.stat', 'usage.memoryStat');
    usage.memoryStat = stat === null ? null : parseKeyValues(stat);
    const events = r.text(v2Dir, 'memory.events', 'usage.oomEvents');
    if (events !== null) {
      const ev = parseKeyValues(events);
      usage.oomEvents = ev.oom ?? null;
      usage.oomKillEvents = ev.oom_kill ?? null;
      if (ev.oom_kill !== undefined) r.sources['usage.oomKillEvents'] = r.sources['usage.oomEvents']!;
    }
  }

  // cpu
  if (onV1('cpu')) {
    const d = v1Dir('cpu');
    limits.cpuQuota = r.limit(d, 'cpu.cfs_quota_us', 'limits.cpuQuota');
    limits.cpuPeriod = r.count(d, 'cpu.cfs_period_us', 'limits.cpuPeriod');
    limits.cpuShares = r.count(d, 'cpu.shares', 'limits.cpuShares');
    const stat = r.text(d, 'cpu.stat', 'usage.nrThrottled');
    if (stat !== null) {
      const s = parseKeyValues(stat);
      usage.nrPeriods = s.nr_periods ?? null;
      usage.nrThrottled = s.nr_throttled ?? null;
      usage.throttledNs = s.throttled_time ?? null;
      r.sources['usage.nrPeriods'] = r.sources['usage.throttledNs'] = r.sources['usage.nrThrottled']!;
    }
  } else {
    const max = r.text(v2Dir, 'cpu.max', 'limits.cpuQuota', 'the cpu controller is not enabled for this cgroup');
    const parsed = max === null ? undefined : parseCpuMax(max);
    if (parsed) {
      limits.cpuQuota = parsed.quota;
      limits.cpuPeriod = parsed.period;
      r.sources['limits.cpuPeriod'] = r.sources['limits.cpuQuota']!;
    }
    const weight = r.optional(v2Dir, 'cpu.weight', 'limits.cpuWeight');
    limits.cpuWeight = weight === null ? null : (parseCount(weight) ?? null);
  }
  if (onV1('cpuacct')) {
    const d = v1Dir('cpuacct');
    usage.cpuUsageNs = r.count(d, 'cpuacct.usage', 'usage.cpuUsageNs');
    const stat = r.text(d, 'cpuacct.stat', 'usage.cpuUserNs');
    if (stat !== null) {
      const s = parseKeyValues(stat);
      usage.cpuUserNs = s.user === undefined ? null : s.user * USER_HZ_NS;
      usage.cpuSystemNs = s.system === undefined ? null : s.system * USER_HZ_NS;
      r.sources['usage.cpuSystemNs'] = r.sources['usage.cpuUserNs']!;
    }
  } else {
    // cpu.stat exists in every v2 cgroup (usage is core accounting), throttling needs the cpu controller.
    const stat = r.text(v2Dir, 'cpu.stat', 'usage.cpuUsageNs');
    if (stat !== null) {
      const s = parseKeyValues(stat);
      const src = r.sources['usage.cpuUsageNs']!;
      const us = (k: string) => (s[k] === undefined ? null : s[k]! * 1000);
      usage.cpuUsageNs = us('usage_usec');
      usage.cpuUserNs = us('user_usec');
      usage.cpuSystemNs = us('system_usec');
      for (const f of ['cpuUserNs', 'cpuSystemNs']) r.sources[`usage.${f}`] = src;
      if (!onV1('cpu')) {
        usage.nrPeriods = s.nr_periods ?? null;
        usage.nrThrottled = s.nr_throttled ?? null;
        usage.throttledNs = us('throttled_usec');
        for (const f of ['nrPeriods', 'nrThrottled', 'throttledNs']) r.sources[`usage.${f}`] = src;
      }
    }
  }

  // cpuset
  if (onV1('cpuset')) {
    const d = v1Dir('cpuset');
    limits.cpusetCpus = r.text(d, 'cpuset.cpus', 'limits.cpusetCpus')?.trim() ?? null;
    limits.cpusetMems = r.text(d, 'cpuset.mems', 'limits.cpusetMems')?.trim() ?? null;
  } else {
    limits.cpusetCpus = r.optional(v2Dir, 'cpuset.cpus.effective', 'limits.cpusetCpus')?.trim() ?? null;
    limits.cpusetMems = r.optional(v2Dir, 'cpuset.mems.effective', 'limits.cpusetMems')?.trim() ?? null;
  }

  // pids
  const pidsDir = onV1('pids') ? v1Dir('pids') : v2Dir;
  limits.pidsMax = r.limit(pidsDir, 'pids.max', 'limits.pidsMax');
  usage.pidsCurrent = r.count(pidsDir, 'pids.current', 'usage.pidsCurrent');

  // io
  if (onV1('blkio')) {
    const d = v1Dir('blkio');
    const bytes = r.text(d, 'blkio.throttle.io_service_bytes', 'usage.ioReadBytes');
    if (bytes !== null) {
      const b = parseBlkioServiceBytes(bytes);
      usage.ioReadBytes = b.readBytes;
      usage.ioWriteBytes = b.writeBytes;
      r.sources['usage.ioWriteBytes'] = r.sources['usage.ioReadBytes']!;
    }
    const devices = new Map<string, CgroupLimits['io'][number]>();
    const throttle = (file: string, key: 'readBps' | 'writeBps' | 'readIops' | 'writeIops') => {
      const t = r.optional(d, file, `limits.io.${key}`);
      if (t === null) return;
      for (const [device, v] of parseBlkioThrottle(t)) {
        const e = devices.get(device) ?? { device, readBps: null, writeBps: null, readIops: null, writeIops: null };
        e[key] = v;
        devices.set(device, e);
      }
    };
    throttle('blkio.throttle.read_bps_device', 'readBps');
    throttle('blkio.throttle.write_bps_device', 'writeBps');
    throttle('blkio.throttle.read_iops_device', 'readIops');
    throttle('blkio.throttle.write_iops_device', 'writeIops');
    limits.io = [...devices.values()];
  } else {
    const max = r.optional(v2Dir, 'io.max', 'limits.io');
    limits.io = max === null ? [] : parseIoMax(max);
    const stat = r.text(v2Dir, 'io.stat', 'usage.ioReadBytes', 'the io controller is not enabled for this cgroup');
    if (stat !== null) {
      const b = parseIoStat(stat);
      usage.ioReadBytes = b.readBytes;
      usage.ioWriteBytes = b.writeBytes;
      r.sources['usage.ioWriteBytes'] = r.sources['usage.ioReadBytes']!;
    }
  }

  // PSI lives in the v2 hierarchy only, and only with CONFIG_PSI (and psi=1 on some distros).
  if (v2Dir !== null && version !== 'v1') {
    const psi = (res: 'cpu' | 'memory' | 'io') => {
      const t = r.optional(v2Dir, `${res}.pressure`, `usage.psi.${res}`);
      return t === null ? null : (parsePressure(t) ?? null);
    };
    const cpu = psi('cpu');
    const memory = psi('memory');
    const io = psi('io');
    usage.psi = cpu || memory || io ? { cpu, memory, io } : null;
    if (!usage.psi)
      unavailable.push({
        field: 'usage.psi',
        reason: 'not-present',
        detail: 'no *.pressure files (kernel without PSI, or controllers on v1)',
      });
  } else {
    unavailable.push({
      field: 'usage.psi',
      reason: 'not-present',
      detail: 'pressure stall information exists only on cgroup v2',
    });
  }

  readCgroupExtras(r, { fs, limits, usage, v2Dir, v1Dir, onV1, isRoot: (d) => d !== null && r.isRoot(d) });

  return { version, exclusive: null, paths, limits, usage, sources: r.sources, unavailable };
}
