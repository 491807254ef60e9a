// The newer cgroup fields, read after the classic ones (cgroupReader.ts): memory protections
// and events, swap/zswap, OOM group, CPU burst and idle, per-device io, pids peak/events and the
// freezer — on v2 from the unified hierarchy, on v1 from the equivalent file where one exists.
//
// Why a value is missing is told apart:
// - the controller is not enabled for the cgroup (its base file is absent) → "not-present";
// - the controller is there but this file is not (an older kernel) → "kernel-lacks";
// - the file is there but unreadable → the errno.
import type { CgroupLimits, CgroupUsage, Unavailable } from '../../../shared/snapshot/schema.js';
import {
  parseBlkioDevices,
  parseCgroupEvents,
  parseCount,
  parseFlag,
  parseFreezerState,
  parseIoStatDevices,
  parseKeyValues,
  parseLimit,
  parseMemoryEvents,
  parseOomControlFlags,
  parsePartitions,
} from '../parsers/cgroupFiles.js';
import type { CgroupFileReader } from './cgroupReader.js';
import type { HostFs } from './hostFs.js';

export interface ExtrasContext {
  fs: HostFs;
  limits: CgroupLimits;
  usage: CgroupUsage;
  v2Dir: string | null;
  v1Dir: (controller: string) => string | null;
  onV1: (controller: string) => boolean;
  isRoot: (dir: string | null) => boolean;
}

/** The kernel version a v2 file first appeared in, for the "kernel lacks it" detail. */
const SINCE: Record<string, string> = {
  'memory.min': '4.18',
  'memory.oom.group': '4.19',
  'memory.events.local': '5.2',
  'memory.swap.peak': '6.5',
  'memory.zswap.max': '5.19',
  'memory.zswap.current': '5.19',
  'cpu.max.burst': '5.14',
  'cpu.idle': '5.15',
  'pids.peak': '6.1 (v2; v1 6.13)',
  'pids.events': '4.7',
  'cgroup.freeze': '5.2',
  'memory.swap.current': '4.5',
  'cpu.cfs_burst_us': '5.14',
  'cgroup.events': '4.5',
};

class Extras {
  constructor(
    private readonly r: CgroupFileReader,
    private readonly c: ExtrasContext,
  ) {}
  private get un(): Unavailable[] {
    return this.r.unavailable;
  }

  /**
   * Reads an optional file of a controller whose presence is `controllerOn`: returns the text,
   * or null with the reason (controller off, kernel lacks the file, errno).
   */
  file(dir: string | null, file: string, field: string, controller: string, controllerOn: boolean): string | null {
    if (dir === null) {
      this.un.push({ field, reason: 'not-present', detail: `no hierarchy carries the ${controller} controller for this cgroup` });
      return null;
    }
    if (this.c.isRoot(dir)) {
      this.un.push({ field, reason: 'not-present', detail: `${dir} is the hierarchy's root cgroup, which has no ${file}` });
      return null;
    }
    if (!controllerOn) {
      this.un.push({
        field,
        reason: 'not-present',
        detail: `the ${controller} controller is not enabled for this cgroup (no ${file})`,
      });
      return null;
    }
    const path = `${dir}/${file}`;
    const t = this.c.fs.readText(path);
    if (!t.ok) {
      this.un.push(
        t.reason === 'ENOENT'
          ? {
              field,
              reason: 'kernel-lacks',
              detail: `${path} does not exist while the ${controller} controller does${SINCE[file] ? ` (Linux ${SINCE[file]}+)` : ''}`,
            }
          : { field, reason: t.reason, detail: path },
      );
      return null;
    }
    this.r.sources[field] = path;
    return t.value;
  }

  /** As file(), then parsed; unparsable text is null with the text in the reason. */
  parsed<T>(
    dir: string | null,
    file: string,
    field: string,
    controller: string,
    on: boolean,
    parse: (t: string) => T | undefined,
  ): T | null {
    const t = this.file(dir, file, field, controller, on);
    if (t === null) return null;
    const v = parse(t);
    if (v === undefined) {
      this.un.push({ field, reason: 'unparsable', detail: t.trim().slice(0, 80) });
      delete this.r.sources[field];
      return null;
    }
    return v;
  }

  /** The base file of a controller exists (the controller is enabled for the cgroup). */
  has(dir: string | null, file: string): boolean {
    return dir !== null && this.c.fs.readText(`${dir}/${file}`).ok;
  }

  /**
   * The classic reader already read `field` from `dir/file`: the controller is there, with no
   * second read. Falls back to probing the file.
   */
  read(field: string, dir: string | null, file: string): boolean {
    if (dir === null) return false;
    return this.r.sources[field] === `${dir}/${file}` || this.has(dir, file);
  }
}

const limit = (t: string) => parseLimit(t);
const count = (t: string) => parseCount(t);

export function readCgroupExtras(r: CgroupFileReader, c: ExtrasContext): void {
  const x = new Extras(r, c);
  const { limits, usage, v2Dir } = c;

  // memory
  if (c.onV1('memory')) {
    const d = c.v1Dir('memory');
    const on = x.read('usage.memoryCurrent', d, 'memory.usage_in_bytes');
    const oom = x.parsed(d, 'memory.oom_control', 'usage.oomControl', 'memory', on, (t) => parseOomControlFlags(t));
    usage.oomControl = oom;
    // memsw files exist only with swap accounting (swapaccount=1 / CONFIG_MEMCG_SWAP).
    const memswOn = x.read('limits.memorySwapMax', d, 'memory.memsw.limit_in_bytes');
    for (const [file, key] of [
      ['memory.memsw.usage_in_bytes', 'memswCurrent'],
      ['memory.memsw.max_usage_in_bytes', 'memswPeak'],
    ] as const) {
      if (on && !memswOn && d !== null && !c.isRoot(d)) {
        r.unavailable.push({ field: `usage.${key}`, reason: 'not-present', detail: `swap accounting is off (no ${file})` });
        usage[key] = null;
      } else usage[key] = x.parsed(d, file, `usage.${key}`, 'memory', on, count);
    }
    for (const f of ['memoryMin', 'memoryOomGroup', 'memoryZswapMax'] as const)
      r.unavailable.push({ field: `limits.${f}`, reason: 'not-present', detail: 'cgroup v1 has no equivalent' });
    for (const f of ['memoryEvents', 'memoryEventsLocal', 'swapCurrent', 'swapPeak', 'zswapCurrent'] as const) {
      r.unavailable.push({
        field: `usage.${f}`,
        reason: 'not-present',
        detail: f.startsWith('memoryEvents')
          ? 'cgroup v1 keeps no memory.events (see memory.oom_control and memory.failcnt)'
          : f === 'zswapCurrent'
            ? 'cgroup v1 has no zswap counter'
            : 'cgroup v1 counts swap only as memory+swap (memory.memsw.*)',
      });
      usage[f] = null;
    }
    limits.memoryMin = null;
    limits.memoryOomGroup = null;
    limits.memoryZswapMax = null;
  } else {
    const d = v2Dir;
    const on = x.read('usage.memoryCurrent', d, 'memory.current');
    limits.memoryMin = x.parsed(d, 'memory.min', 'limits.memoryMin', 'memory', on, limit);
    limits.memoryOomGroup = x.parsed(d, 'memory.oom.group', 'limits.memoryOomGroup', 'memory', on, parseFlag);
    usage.memoryEvents = x.parsed(d, 'memory.events', 'usage.memoryEvents', 'memory', on, parseMemoryEvents);
    usage.memoryEventsLocal = x.parsed(d, 'memory.events.local', 'usage.memoryEventsLocal', 'memory', on, parseMemoryEvents);
    for (const [ev, name] of [
      [usage.memoryEvents, 'memoryEvents'],
      [usage.memoryEventsLocal, 'memoryEventsLocal'],
    ] as const) {
      if (ev?.oomGroupKill === null)
        r.unavailable.push({
          field: `usage.${name}.oomGroupKill`,
          reason: 'kernel-lacks',
          detail: 'memory.events has no oom_group_kill line (Linux 5.17+)',
        });
    }
    // Swap files exist only with swap accounting compiled in (CONFIG_MEMCG_SWAP / CONFIG_SWAP).
    const swapOn = on && x.read('limits.memorySwapMax', d, 'memory.swap.max');
    const swapNote = on && !swapOn && d !== null && !c.isRoot(d);
    for (const [file, key] of [
      ['memory.swap.current', 'swapCurrent'],
      ['memory.swap.peak', 'swapPeak'],
    ] as const) {
      if (swapNote) {
        r.unavailable.push({
          field: `usage.${key}`,
          reason: 'not-present',
          detail: `this kernel has no swap accounting (no memory.swap.max, no ${file})`,
        });
        usage[key] = null;
      } else usage[key] = x.parsed(d, file, `usage.${key}`, 'memory', on, count);
    }
    limits.memoryZswapMax = x.parsed(d, 'memory.zswap.max', 'limits.memoryZswapMax', 'memory', on, limit);
    usage.zswapCurrent = x.parsed(d, 'memory.zswap.current', 'usage.zswapCurrent', 'memory', on, count);
    usage.oomControl = null;
    r.unavailable.push({
      field: 'usage.oomControl',
      reason: 'not-present',
      detail: 'memory.oom_control is cgroup v1 only (v2: memory.events, memory.oom.group)',
    });
    for (const f of ['memswCurrent', 'memswPeak'] as const) {
      usage[f] = null;
      r.unavailable.push({
        field: `usage.${f}`,
        reason: 'not-present',
        detail: 'memory.memsw.* is cgroup v1 only (v2 counts swap alone: memory.swap.*)',
      });
    }
  }

  // cpu: burst, idle and the burst counters of cpu.stat
  {
    const v1 = c.onV1('cpu');
    const d = v1 ? c.v1Dir('cpu') : v2Dir;
    const on = v1 ? x.read('limits.cpuShares', d, 'cpu.shares') : x.read('limits.cpuQuota', d, 'cpu.max');
    limits.cpuMaxBurst = x.parsed(d, v1 ? 'cpu.cfs_burst_us' : 'cpu.max.burst', 'limits.cpuMaxBurst', 'cpu', on, count);
    limits.cpuIdle = x.parsed(d, 'cpu.idle', 'limits.cpuIdle', 'cpu', on, parseFlag);
    usage.nrBursts = null;
    usage.burstNs = null;
    const stat = on && d !== null && !c.isRoot(d) ? c.fs.readText(`${d}/cpu.stat`) : null;
    if (stat?.ok) {
      const s = parseKeyValues(stat.value);
      const src = `${d}/cpu.stat`;
      if (s.nr_bursts !== undefined) {
        usage.nrBursts = s.nr_bursts;
        r.sources['usage.nrBursts'] = src;
      } else
        r.unavailable.push({
          field: 'usage.nrBursts',
          reason: 'kernel-lacks',
          detail: `${src} has no nr_bursts line (Linux 5.14+)`,
        });
      const burst = v1 ? s.burst_time : s.burst_usec === undefined ? undefined : s.burst_usec * 1000;
      if (burst !== undefined) {
        usage.burstNs = burst;
        r.sources['usage.burstNs'] = src;
      } else
        r.unavailable.push({
          field: 'usage.burstNs',
          reason: 'kernel-lacks',
          detail: `${src} has no ${v1 ? 'burst_time' : 'burst_usec'} line (Linux 5.14+)`,
        });
    } else {
      const why = d === null || c.isRoot(d) || !on ? 'not-present' : stat && !stat.ok ? stat.reason : 'not-present';
      for (const f of ['nrBursts', 'burstNs'])
        r.unavailable.push({
          field: `usage.${f}`,
          reason: why,
          detail: d === null || !on ? 'the cpu controller is not enabled for this cgroup' : `${d}/cpu.stat`,
        });
    }
  }

  // pids
  {
    const d = c.onV1('pids') ? c.v1Dir('pids') : v2Dir;
    const on = x.read('usage.pidsCurrent', d, 'pids.current');
    usage.pidsPeak = x.parsed(d, 'pids.peak', 'usage.pidsPeak', 'pids', on, count);
    usage.pidsMaxEvents = x.parsed(d, 'pids.events', 'usage.pidsMaxEvents', 'pids', on, (t) => parseKeyValues(t).max);
  }

  // io per device, named from /proc/partitions
  {
    let devices: CgroupUsage['ioDevices'] = null;
    if (c.onV1('blkio')) {
      const d = c.v1Dir('blkio');
      const on = x.read('usage.ioReadBytes', d, 'blkio.throttle.io_service_bytes');
      const bytes = x.file(d, 'blkio.throttle.io_service_bytes', 'usage.ioDevices', 'blkio', on);
      const ops = bytes === null ? null : c.fs.readText(`${d}/blkio.throttle.io_serviced`);
      if (bytes !== null) {
        devices = parseBlkioDevices(bytes, ops?.ok ? ops.value : null);
        r.sources['usage.ioDevices'] = `${d}/blkio.throttle.io_service_bytes + io_serviced`;
      }
    } else {
      const d = v2Dir;
      devices = x.parsed(d, 'io.stat', 'usage.ioDevices', 'io', x.read('usage.ioReadBytes', d, 'io.stat'), parseIoStatDevices);
    }
    if (devices && devices.length) {
      const parts = c.fs.readText('/proc/partitions');
      const names = parts.ok ? parsePartitions(parts.value) : new Map<string, string>();
      for (const dev of devices) dev.name = names.get(dev.device) ?? null;
    }
    usage.ioDevices = devices;
  }

  // freezer: v2 cgroup.freeze + cgroup.events (core files), v1 freezer.state
  if (c.onV1('freezer')) {
    const d = c.v1Dir('freezer');
    const st = x.parsed(
      d,
      'freezer.state',
      'usage.frozen',
      'freezer',
      x.has(d, 'freezer.state') || (d !== null && !c.isRoot(d)),
      parseFreezerState,
    );
    usage.frozen = st?.frozen ?? null;
    usage.freezeRequested = st?.freezeRequested ?? null;
    if (st) r.sources['usage.freezeRequested'] = r.sources['usage.frozen']!;
    usage.populated = null;
    if (v2Dir !== null && !c.isRoot(v2Dir)) {
      const ev = c.fs.readText(`${v2Dir}/cgroup.events`);
      const p = ev.ok ? parseCgroupEvents(ev.value) : undefined;
      if (p && p.populated !== null) {
        usage.populated = p.populated;
        r.sources['usage.populated'] = `${v2Dir}/cgroup.events`;
      }
    }
    if (usage.populated === null)
      r.unavailable.push({ field: 'usage.populated', reason: 'not-present', detail: 'cgroup.events is a cgroup v2 file' });
  } else {
    const d = v2Dir;
    const on = d !== null;
    const req = x.parsed(d, 'cgroup.freeze', 'usage.freezeRequested', 'cgroup core', on, parseFlag);
    usage.freezeRequested = req;
    const ev = x.parsed(d, 'cgroup.events', 'usage.frozen', 'cgroup core', on, parseCgroupEvents);
    usage.frozen = ev?.frozen ?? null;
    usage.populated = ev?.populated ?? null;
    if (ev) r.sources['usage.populated'] = r.sources['usage.frozen']!;
    if (ev && ev.frozen === null)
      r.unavailable.push({
        field: 'usage.frozen',
        reason: 'kernel-lacks',
        detail: 'cgroup.events has no frozen line (Linux 5.2+)',
      });
  }
  // Fields read from the same file share its reason: a null never stands without one.
  const said = (field: string) => r.unavailable.some((u) => u.field === field);
  const sameReason = (field: string, from: string) => {
    if (said(field)) return;
    const src = r.unavailable.find((u) => u.field === from);
    r.unavailable.push(
      src ? { ...src, field } : { field, reason: 'not-present', detail: `read together with ${from}, which was not read` },
    );
  };
  if (usage.freezeRequested === null) sameReason('usage.freezeRequested', 'usage.frozen');
  if (usage.frozen === null) sameReason('usage.frozen', 'usage.freezeRequested');
  if (usage.populated === null) sameReason('usage.populated', 'usage.frozen');
}
