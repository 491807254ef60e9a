// The collector's NDJSON protocol (one JSON object per line, both directions). The GUI's main
// process, `isoscope serve` and tests speak it to `isoscope agent --stdio`.
//   request : {"id": 1, "method": "snapshot"}            → response {"id": 1, "result": …}
//                                                         or        {"id": 1, "error": {code, message}}
//   push    : {"event": "sample", "data": Sample}  every interval
//             {"event": "containers", "data": ContainersChanged} when containers come and go
import { z } from 'zod';
import { Container, SCHEMA_VERSION } from '../snapshot/schema.js';
import { ProfileProgress } from '../seccomp/report.js';

export const AgentMethod = z.enum(['hello', 'snapshot', 'seccomp', 'profileStart', 'profileCancel', 'setInterval', 'start', 'stop', 'shutdown']);
export type AgentMethod = z.infer<typeof AgentMethod>;

export const AgentRequest = z.object({
  id: z.number().int(),
  method: AgentMethod,
  params: z.record(z.string(), z.unknown()).optional(),
});
export type AgentRequest = z.infer<typeof AgentRequest>;

export const AgentError = z.object({ code: z.string(), message: z.string() });
export type AgentError = z.infer<typeof AgentError>;

export const Hello = z.object({
  version: z.string(),
  schemaVersion: z.literal(SCHEMA_VERSION),
  euid: z.number().int(),
  root: z.string(),
  intervalMs: z.number(),
});
export type Hello = z.infer<typeof Hello>;

/** Raw counters of one container at one instant (cumulative values as the kernel keeps them). */
export const Counters = z.object({
  cpuUsageNs: z.number().nullable(),
  memoryCurrent: z.number().nullable(),
  pidsCurrent: z.number().nullable(),
  ioReadBytes: z.number().nullable(),
  ioWriteBytes: z.number().nullable(),
  nrThrottled: z.number().nullable(),
  throttledNs: z.number().nullable(),
  netRxBytes: z.number().nullable(),
  netTxBytes: z.number().nullable(),
  /** PSI "some" avg10 per resource, cgroup v2 only. */
  psiCpu: z.number().nullable(),
  psiMemory: z.number().nullable(),
  psiIo: z.number().nullable(),
});
export type Counters = z.infer<typeof Counters>;

/** Rates derived from two consecutive samples. */
export const Rates = z.object({
  cpuPercent: z.number().nullable(), // 100 = one full CPU
  ioReadBps: z.number().nullable(),
  ioWriteBps: z.number().nullable(),
  netRxBps: z.number().nullable(),
  netTxBps: z.number().nullable(),
  throttledPerSec: z.number().nullable(),
});
export type Rates = z.infer<typeof Rates>;

export const ContainerSample = z.object({ counters: Counters, rates: Rates });
export type ContainerSample = z.infer<typeof ContainerSample>;

export const Sample = z.object({
  /** Milliseconds since the epoch at which counters were read. */
  t: z.number(),
  containers: z.record(z.string(), ContainerSample),
  /** What the collector itself cost for this tick. */
  cost: z.object({ cpuPercent: z.number().nullable(), tickMs: z.number(), reads: z.number().int() }),
});
export type Sample = z.infer<typeof Sample>;

export const ContainersChanged = z.object({
  added: z.array(Container),
  removed: z.array(z.string()),
  changed: z.array(Container),
});
export type ContainersChanged = z.infer<typeof ContainersChanged>;

export const AgentPush = z.discriminatedUnion('event', [
  z.object({ event: z.literal('sample'), data: Sample }),
  z.object({ event: z.literal('containers'), data: ContainersChanged }),
  z.object({ event: z.literal('profile'), data: ProfileProgress }),
]);
export type AgentPush = z.infer<typeof AgentPush>;

export const AgentResponse = z.union([
  z.object({ id: z.number().int(), result: z.unknown() }),
  z.object({ id: z.number().int().nullable(), error: AgentError }),
]);
export type AgentResponse = z.infer<typeof AgentResponse>;
