// The collector's NDJSON protocol (one JSON object per line, both directions). The GUI's main
// process, `isoscope serve` and tests speak it to `isoscope agent --stdio`.
//   request : {"id": 1, "method": "snapshot", "params": {…}}  → response {"id": 1, "result": …}
//                                                              or        {"id": 1, "error": {code, message}}
//   push    : {"event": "sample", "data": Sample}  every interval
//             {"event": "containers", "data": ContainersChanged} when containers come and go
//             {"event": "isolation", "data": IsolationEvent[]} when a container's process changes its isolation
// Every method is one entry of `agentMap` ({params, result} schemas): the agent checks params
// with it, the main side checks results with it, and the types of both ends come from it.
import { z } from 'zod';
import { Container, Host, SCHEMA_VERSION, Snapshot } from '../snapshot/schema.js';
import { ProfileProgress, SeccompReport } from '../seccomp/report.js';
import { keyedRecord } from '../ipc/keyed.js';
import { IsolationEvent } from '../snapshot/isolationEvents.js';
import { DemoLabResult, DemoLabStatus, DemoPresetList } from '../lab/demoLab.js';

/** A request/response channel: what it takes and what it answers. */
export interface ChannelSpec {
  params: z.ZodType;
  result: z.ZodType;
}

export const AgentRequest = z.object({
  id: z.number().int(),
  method: z.string().max(64),
  params: z.unknown().optional(),
});
export type AgentRequest = z.infer<typeof AgentRequest>;

export const AgentError = z.object({ code: z.string(), message: z.string() });
export type AgentError = z.infer<typeof AgentError>;

// Limits, declared once: the agent enforces them through agentMap, the IPC contract reuses them.
/** Poll intervals the collector accepts (the GUI offers a narrower range, GUI_INTERVAL_MS). */
export const AGENT_INTERVAL_MS = { min: 100, max: 3_600_000 } as const;
/** The poll interval when none is asked for: the agent's, the app's and every command's. */
export const DEFAULT_INTERVAL_MS = 1000;
export const ProfileDurationMs = z.number().int().min(1000).max(600_000);
export const ProfileId = z.string().min(1).max(64);
export const ContainerIdParam = z.string().max(256);
const Pid = z.number().int().positive();

export const Hello = z.object({
  version: z.string(),
  schemaVersion: z.literal(SCHEMA_VERSION),
  euid: z.number().int(),
  root: z.string(),
  intervalMs: z.number(),
  /** The host's name as the agent reads it; null: unavailable (hostnameUnavailable says why). Absent: an older agent. */
  hostname: z.string().max(256).nullable().optional(),
  hostnameUnavailable: z.string().max(1000).optional(),
  /** The Kubernetes node the agent runs on (the pod's downward API, ISOSCOPE_NODE_NAME), when it runs in one. */
  nodeName: z.string().max(253).optional(),
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
  // Newer counters (optional: samples recorded before them lack them; null = the file is absent).
  /** cpu.stat nr_bursts (v2, and v1's cpu controller on 5.14+). */
  nrBursts: z.number().nullable().optional(),
  /** cpu.stat burst time in ns (v2 burst_usec × 1000, v1 burst_time). */
  burstNs: z.number().nullable().optional(),
  /** memory.events (v2) oom, oom_kill, high, max; v1 has only oom_kill (memory.oom_control). */
  oomEvents: z.number().nullable().optional(),
  oomKillEvents: z.number().nullable().optional(),
  highEvents: z.number().nullable().optional(),
  maxEvents: z.number().nullable().optional(),
  /** v2 memory.swap.current; null on v1 (memsw − usage is two unsynchronised reads of fuzzy counters, not exact). */
  swapCurrent: z.number().nullable().optional(),
  /** v2 memory.peak (5.19+), v1 memory.max_usage_in_bytes. */
  memoryPeak: z.number().nullable().optional(),
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
  // Newer (optional like their counters): bursts per second, memory events in the interval.
  burstsPerSec: z.number().nullable().optional(),
  /** memory.events counts added since the previous sample (a count per interval, not per second). */
  oomEvents: z.number().nullable().optional(),
  oomKillEvents: z.number().nullable().optional(),
  highEvents: z.number().nullable().optional(),
  maxEvents: z.number().nullable().optional(),
});
export type Rates = z.infer<typeof Rates>;

export const ContainerSample = z.object({ counters: Counters, rates: Rates });
export type ContainerSample = z.infer<typeof ContainerSample>;

export const Sample = z.object({
  /** Milliseconds since the epoch at which counters were read. */
  t: z.number(),
  /** Container id → sample; a null-prototype object (ids are the containers' to choose). */
  containers: keyedRecord(ContainerSample),
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
  /** Isolation changes seen by a tick (shared/snapshot/isolationEvents.ts), before its sample. */
  z.object({ event: z.literal('isolation'), data: z.array(IsolationEvent) }),
]);
export type AgentPush = z.infer<typeof AgentPush>;

/** What `start` answers: the host and the containers seen by the first tick. */
export const Started = z.object({ host: Host, containers: z.array(Container) });
export type Started = z.infer<typeof Started>;

export const agentMap = {
  hello: { params: z.object({}), result: Hello },
  snapshot: { params: z.object({}), result: Snapshot },
  /** The seccomp filter of a process, decoded; with the OCI bundle, the declared profile beside it. */
  seccomp: { params: z.object({ pid: Pid, bundle: z.string().max(4096).optional() }), result: SeccompReport },
  profileStart: {
    params: z.object({
      profileId: ProfileId,
      containerId: ContainerIdParam,
      pid: Pid,
      pids: z.array(Pid).max(100_000),
      durationMs: ProfileDurationMs,
    }),
    result: z.object({ profileId: ProfileId }),
  },
  profileCancel: { params: z.object({ profileId: ProfileId }), result: z.null() },
  setInterval: {
    params: z.object({ ms: z.number().min(AGENT_INTERVAL_MS.min).max(AGENT_INTERVAL_MS.max) }),
    result: z.object({ intervalMs: z.number() }),
  },
  /** Starts polling: answers after the first tick. */
  start: { params: z.object({}), result: Started },
  stop: { params: z.object({}), result: z.null() },
  shutdown: { params: z.object({}), result: z.null() },
  /** Liveness: answered at once, ahead of queued requests (the service's watchdog sends it). */
  ping: { params: z.object({}), result: z.object({ t: z.number() }) },
  /** The demo lab (shared/lab/demoLab.ts): what runs, start presets, stop them (all when none named). */
  labStatus: { params: z.object({}), result: DemoLabStatus },
  labUp: { params: z.object({ presets: DemoPresetList }), result: DemoLabResult },
  labDown: { params: z.object({ presets: DemoPresetList.optional() }), result: DemoLabResult },
} as const satisfies Record<string, ChannelSpec>;
export type AgentMethod = keyof typeof agentMap;
export type AgentParams<M extends AgentMethod> = z.infer<(typeof agentMap)[M]['params']>;
export type AgentResult<M extends AgentMethod> = z.infer<(typeof agentMap)[M]['result']>;

/** agentMap seen through one type per method, for code generic over the method (see InvokeSpecs). */
export type AgentSpecs = { [M in AgentMethod]: { params: z.ZodType<AgentParams<M>>; result: z.ZodType<AgentResult<M>> } };
export const agentSpecs: AgentSpecs = agentMap;

export function isAgentMethod(name: string): name is AgentMethod {
  return Object.hasOwn(agentMap, name);
}

export const AgentResponse = z.union([
  z.object({ id: z.number().int(), result: z.unknown() }),
  z.object({ id: z.number().int().nullable(), error: AgentError }),
]);
export type AgentResponse = z.infer<typeof AgentResponse>;
