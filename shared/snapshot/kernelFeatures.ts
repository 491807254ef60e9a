// Schema parts for newer kernel features: the cgroup v2 fields beyond the classic limits
// (protections, events, burst, idle, per-device io, freezer, peaks), time-namespace offsets and
// per-module LSM contexts. Every field here is OPTIONAL: snapshots taken before they were
// collected still load, and the app shows "not collected in this snapshot" for them.
//
// Conventions as in schema.ts: a value that could not be read is `null` with an `unavailable`
// entry naming the field and the reason ("kernel-lacks" when the file does not exist while the
// controller does, "not-present" when the controller is not enabled for the cgroup).
import { z } from 'zod';

const bytes = z.number().nonnegative().nullable();
const count = z.number().nonnegative().nullable();

/** memory.events / memory.events.local: each key null when this kernel does not print it. */
export const MemoryEvents = z.object({
  /** Reclaimed below memory.low (protection breached under pressure). */
  low: count,
  /** Throttled/reclaimed for going over memory.high. */
  high: count,
  /** Usage hit memory.max (allocation had to reclaim). */
  max: count,
  /** The OOM killer was invoked for this cgroup. */
  oom: count,
  /** Processes in this cgroup killed by the OOM killer. */
  oomKill: count,
  /** Whole-group OOM kills (memory.oom.group; Linux 5.17+). */
  oomGroupKill: count,
});

/** Per device, v2 io.stat (or v1 blkio.throttle.io_service_bytes + io_serviced). */
export const IoDeviceStat = z.object({
  /** major:minor */
  device: z.string(),
  /** /proc/partitions name of major:minor on the host, when the host lists it. */
  name: z.string().nullable().optional(),
  rbytes: count,
  wbytes: count,
  rios: count,
  wios: count,
  dbytes: count,
  dios: count,
});

/** Spread into CgroupLimits. */
export const cgroupLimitsExtra = {
  /** v2 memory.min: memory that is never reclaimed (hard protection). */
  memoryMin: bytes.optional(),
  /** v2 memory.oom.group: the OOM killer kills the whole cgroup at once. */
  memoryOomGroup: z.boolean().nullable().optional(),
  /** v2 memory.zswap.max (null = max). */
  memoryZswapMax: bytes.optional(),
  /** v2 cpu.max.burst / v1 cpu.cfs_burst_us, microseconds (0 = no burst). */
  cpuMaxBurst: z.number().nonnegative().nullable().optional(),
  /** v2 / v1 cpu.idle: the cgroup runs at SCHED_IDLE priority. */
  cpuIdle: z.boolean().nullable().optional(),
};

/** Spread into CgroupUsage. */
export const cgroupUsageExtra = {
  /** memory.events (hierarchical: this cgroup and below). v2 only. */
  memoryEvents: MemoryEvents.nullable().optional(),
  /** memory.events.local (this cgroup alone). v2 only, Linux 5.2+. */
  memoryEventsLocal: MemoryEvents.nullable().optional(),
  /** v1 memory.oom_control: OOM killer disabled, cgroup currently under OOM. */
  oomControl: z.object({ killDisabled: z.boolean().nullable(), underOom: z.boolean().nullable() }).nullable().optional(),
  /** v2 memory.swap.current / memory.swap.peak. */
  swapCurrent: bytes.optional(),
  swapPeak: bytes.optional(),
  /** v1 memory.memsw.usage_in_bytes / memsw.max_usage_in_bytes: memory PLUS swap. */
  memswCurrent: bytes.optional(),
  memswPeak: bytes.optional(),
  /** v2 memory.zswap.current: compressed size in the zswap pool. */
  zswapCurrent: bytes.optional(),
  /** cpu.stat nr_bursts and burst_usec (v2) / burst_time (v1), the latter in nanoseconds. */
  nrBursts: count.optional(),
  burstNs: count.optional(),
  /** Per-device io counters. */
  ioDevices: z.array(IoDeviceStat).nullable().optional(),
  /** pids.peak and pids.events "max" (forks refused at pids.max). */
  pidsPeak: count.optional(),
  pidsMaxEvents: count.optional(),
  /** v2 cgroup.events frozen / v1 freezer.state FROZEN. */
  frozen: z.boolean().nullable().optional(),
  /** v2 cgroup.freeze = 1 / v1 freezer.state FREEZING or FROZEN: a freeze was asked for. */
  freezeRequested: z.boolean().nullable().optional(),
  /** v2 cgroup.events populated. */
  populated: z.boolean().nullable().optional(),
};

/** One clock's offset in /proc/PID/timens_offsets. */
export const ClockOffset = z.object({ seconds: z.number().int(), nanoseconds: z.number().int().nonnegative() });

/** A process's time namespace offsets (CLOCK_MONOTONIC and CLOCK_BOOTTIME shifted for it). */
export const TimeNamespace = z.object({
  offsets: z.object({ monotonic: ClockOffset, boottime: ClockOffset }),
  /** The file read, e.g. /proc/1234/timens_offsets. */
  source: z.string(),
});

/** One module's context from /proc/PID/attr/<lsm>/current. */
export const LsmModuleContext = z.object({
  lsm: z.string(),
  /** The context text as read (trailing NUL/newline removed); null when it could not be read. */
  raw: z.string().nullable(),
  /** The file read, or null when the kernel has no per-module file for this module. */
  source: z.string().nullable(),
  /** Why raw is null (ENOENT, EINVAL, kernel-lacks…). */
  reason: z.string().optional(),
  detail: z.string().optional(),
});

export type MemoryEvents = z.infer<typeof MemoryEvents>;
export type IoDeviceStat = z.infer<typeof IoDeviceStat>;
export type ClockOffset = z.infer<typeof ClockOffset>;
export type TimeNamespace = z.infer<typeof TimeNamespace>;
export type LsmModuleContext = z.infer<typeof LsmModuleContext>;
