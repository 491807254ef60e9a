// Per-tick resource counters of one container: the handful of files that change every second.
// The file list is worked out once per container (a CounterPlan), so a tick is only reads.
import type { Counters } from '../../../shared/agent/protocol.js';
import {
  parseBlkioServiceBytes,
  parseCount,
  parseIoStat,
  parseKeyValues,
  parseMemoryEvents,
  parsePressure,
} from '../parsers/cgroupFiles.js';
import type { CgroupMount } from '../parsers/mountinfo.js';
import { parseNetDev } from '../parsers/netDev.js';
import { dirOf, type CgroupPlacement } from './cgroupReader.js';
import type { HostFs } from './hostFs.js';

type Key = keyof Counters;
interface FileRead {
  path: string;
  apply(text: string, c: Counters): void;
}

export interface CounterPlan {
  files: FileRead[];
}

const set = (key: Key) => (text: string, c: Counters) => {
  c[key] = parseCount(text) ?? null;
};
/** A count from a key/value file: a non-negative integer, else null (never a default). */
const count = (v: number | undefined): number | null => (v !== undefined && Number.isSafeInteger(v) && v >= 0 ? v : null);

export function emptyCounters(): Counters {
  return {
    cpuUsageNs: null,
    memoryCurrent: null,
    pidsCurrent: null,
    ioReadBytes: null,
    ioWriteBytes: null,
    nrThrottled: null,
    throttledNs: null,
    netRxBytes: null,
    netTxBytes: null,
    psiCpu: null,
    psiMemory: null,
    psiIo: null,
    nrBursts: null,
    burstNs: null,
    oomEvents: null,
    oomKillEvents: null,
    highEvents: null,
    maxEvents: null,
    swapCurrent: null,
    memoryPeak: null,
  };
}

export function planCounters(mounts: CgroupMount[], placement: CgroupPlacement, initPid: number, ownNetNs: boolean): CounterPlan {
  const files: FileRead[] = [];
  const v1 = (controller: string): string | null => {
    const mount = mounts.find((m) => m.version === 'v1' && m.controllers.includes(controller));
    const path = placement.v1.get(controller);
    return mount && path !== undefined ? dirOf(mount, path) : null;
  };
  const v2Mount = mounts.find((m) => m.version === 'v2');
  const v2 = v2Mount && placement.unified !== null ? dirOf(v2Mount, placement.unified) : null;
  const onV1 = (c: string) => mounts.some((m) => m.version === 'v1' && m.controllers.includes(c));
  const add = (dir: string | null, file: string, apply: FileRead['apply']) => {
    if (dir !== null) files.push({ path: `${dir}/${file}`, apply });
  };

  if (onV1('memory')) {
    const d = v1('memory');
    add(d, 'memory.usage_in_bytes', set('memoryCurrent'));
    add(d, 'memory.max_usage_in_bytes', set('memoryPeak'));
    // v1 keeps no memory.events: only oom_kill (4.13+) in memory.oom_control. Swap stays null:
    // memsw.usage − usage would be two unsynchronised reads of counters the kernel calls fuzzy.
    add(d, 'memory.oom_control', (text, c) => {
      c.oomKillEvents = count(parseKeyValues(text).oom_kill);
    });
  } else {
    add(v2, 'memory.current', set('memoryCurrent'));
    add(v2, 'memory.peak', set('memoryPeak'));
    add(v2, 'memory.swap.current', set('swapCurrent'));
    add(v2, 'memory.events', (text, c) => {
      const e = parseMemoryEvents(text);
      c.oomEvents = e?.oom ?? null;
      c.oomKillEvents = e?.oomKill ?? null;
      c.highEvents = e?.high ?? null;
      c.maxEvents = e?.max ?? null;
    });
  }

  if (onV1('cpuacct')) add(v1('cpuacct'), 'cpuacct.usage', set('cpuUsageNs'));
  const cpuStat = (text: string, c: Counters) => {
    const s = parseKeyValues(text);
    if (s.usage_usec !== undefined && c.cpuUsageNs === null) c.cpuUsageNs = s.usage_usec * 1000;
    if (s.nr_throttled !== undefined) c.nrThrottled = s.nr_throttled;
    if (s.throttled_time !== undefined) c.throttledNs = s.throttled_time;
    if (s.throttled_usec !== undefined) c.throttledNs = s.throttled_usec * 1000;
    // Burst counters (5.14+): v2 prints burst_usec, v1's cpu controller burst_time in ns.
    c.nrBursts = count(s.nr_bursts);
    const burstUsec = count(s.burst_usec);
    c.burstNs = burstUsec !== null ? burstUsec * 1000 : count(s.burst_time);
  };
  add(onV1('cpu') ? v1('cpu') : v2, 'cpu.stat', cpuStat);

  add(onV1('pids') ? v1('pids') : v2, 'pids.current', set('pidsCurrent'));

  if (onV1('blkio')) {
    add(v1('blkio'), 'blkio.throttle.io_service_bytes', (text, c) => {
      const b = parseBlkioServiceBytes(text);
      c.ioReadBytes = b.readBytes;
      c.ioWriteBytes = b.writeBytes;
    });
  } else {
    add(v2, 'io.stat', (text, c) => {
      const b = parseIoStat(text);
      c.ioReadBytes = b.readBytes;
      c.ioWriteBytes = b.writeBytes;
    });
  }
  if (v2 !== null && !onV1('memory')) {
    const psi = (key: Key) => (text: string, c: Counters) => {
      c[key] = parsePressure(text)?.some?.avg10 ?? null;
    };
    add(v2, 'cpu.pressure', psi('psiCpu'));
    add(v2, 'memory.pressure', psi('psiMemory'));
    add(v2, 'io.pressure', psi('psiIo'));
  }
  // Network counters live in the container's network namespace; a container on the host's
  // network would only repeat the host's totals, so it gets none.
  if (ownNetNs) {
    files.push({
      path: `/proc/${initPid}/net/dev`,
      apply: (text, c) => {
        const n = parseNetDev(text);
        c.netRxBytes = n?.rxBytes ?? null;
        c.netTxBytes = n?.txBytes ?? null;
      },
    });
  }
  return { files };
}

export function readCounters(fs: HostFs, plan: CounterPlan): Counters {
  const c = emptyCounters();
  for (const f of plan.files) {
    const r = fs.readText(f.path);
    if (r.ok) f.apply(r.value, c);
  }
  return c;
}
