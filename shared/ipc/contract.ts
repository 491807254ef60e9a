// The GUI's IPC contract, declared once: what the renderer may ask (invoke), what the main side
// pushes, and the API the renderer sees. Electron's preload and the browser-mode WebSocket
// bridge both implement IsoscopeApi; main-side handlers validate every argument with these
// schemas and answer with an Envelope.
import { z } from 'zod';
import { ContainersChanged, Sample } from '../agent/protocol.js';
import { Container, Host, Snapshot } from '../snapshot/schema.js';
import { ProfileProgress, SeccompReport } from '../seccomp/report.js';

export const Elevation = z.enum(['none', 'pkexec', 'sudo']);
export type Elevation = z.infer<typeof Elevation>;

export const AgentStatus = z.object({
  state: z.enum(['starting', 'connected', 'reconnecting', 'failed', 'stopped']),
  /** Why it is not connected (the agent's last words, or the spawn error). */
  message: z.string().nullable(),
  euid: z.number().int().nullable(),
  elevation: Elevation,
  intervalMs: z.number(),
  lastSampleAt: z.number().nullable(),
  /** The agent's own CPU use, % of one CPU. */
  agentCpuPercent: z.number().nullable(),
  restarts: z.number().int(),
  /** Read-only source ("--root DIR") when not the live host. */
  root: z.string(),
});
export type AgentStatus = z.infer<typeof AgentStatus>;

/** One point of a container's resource history (rates already derived). */
export const HistoryPoint = z.object({
  t: z.number(),
  cpuPercent: z.number().nullable(),
  memoryBytes: z.number().nullable(),
  pids: z.number().nullable(),
  ioReadBps: z.number().nullable(),
  ioWriteBps: z.number().nullable(),
  netRxBps: z.number().nullable(),
  netTxBps: z.number().nullable(),
  throttledPerSec: z.number().nullable(),
  psiCpu: z.number().nullable(),
  psiMemory: z.number().nullable(),
  psiIo: z.number().nullable(),
});
export type HistoryPoint = z.infer<typeof HistoryPoint>;

export const InitialState = z.object({
  status: AgentStatus,
  host: Host.nullable(),
  containers: z.array(Container),
  history: z.record(z.string(), z.array(HistoryPoint)),
});
export type InitialState = z.infer<typeof InitialState>;

/** Invoke channels: params schema → result schema. */
export const invokeMap = {
  getState: { params: z.object({}), result: InitialState },
  getSnapshot: { params: z.object({}), result: Snapshot },
  setInterval: { params: z.object({ ms: z.number().min(500).max(10_000) }), result: z.object({ intervalMs: z.number() }) },
  restartAgent: { params: z.object({ elevation: Elevation }), result: AgentStatus },
  /** The seccomp filter the kernel runs for a live container's init, decoded. */
  getSeccomp: { params: z.object({ containerId: z.string().max(256) }), result: SeccompReport },
  /** Trace a live container's syscalls for a while (progress is pushed on `profile`). */
  startProfile: { params: z.object({ containerId: z.string().max(256), durationMs: z.number().int().min(1000).max(600_000) }), result: z.object({ profileId: z.string() }) },
  cancelProfile: { params: z.object({ profileId: z.string().max(64) }), result: z.null() },
} as const;
export type InvokeChannel = keyof typeof invokeMap;
export type InvokeParams<C extends InvokeChannel> = z.infer<(typeof invokeMap)[C]['params']>;
export type InvokeResult<C extends InvokeChannel> = z.infer<(typeof invokeMap)[C]['result']>;

/** Push channels: main → renderer. */
export const pushMap = {
  status: AgentStatus,
  containers: ContainersChanged,
  sample: Sample,
  /** Host facts after (re)connecting. */
  host: Host,
  /** Syscall profiling of a container: progress, then the result. */
  profile: ProfileProgress,
  /** A command chosen in the desktop app's menu. */
  menu: z.object({ command: z.enum(['openSnapshot', 'exportJson', 'exportHtml', 'exportMarkdown', 'compareWithHost']) }),
} as const;
export type PushChannel = keyof typeof pushMap;
export type PushPayload<C extends PushChannel> = z.infer<(typeof pushMap)[C]>;

export const IpcError = z.object({ code: z.string(), message: z.string() });
export type IpcError = z.infer<typeof IpcError>;
/** Every invoke answers with one of these: never a thrown error across the boundary. */
export type Envelope<T> = { ok: true; result: T } | { ok: false; error: IpcError };

export type Unsubscribe = () => void;

/** What the renderer sees as `window.isoscope` (Electron) or the WebSocket bridge (browser). */
export interface IsoscopeApi {
  getState(): Promise<Envelope<InitialState>>;
  getSnapshot(): Promise<Envelope<Snapshot>>;
  setInterval(params: InvokeParams<'setInterval'>): Promise<Envelope<InvokeResult<'setInterval'>>>;
  restartAgent(params: InvokeParams<'restartAgent'>): Promise<Envelope<AgentStatus>>;
  getSeccomp(params: InvokeParams<'getSeccomp'>): Promise<Envelope<SeccompReport>>;
  startProfile(params: InvokeParams<'startProfile'>): Promise<Envelope<{ profileId: string }>>;
  cancelProfile(params: InvokeParams<'cancelProfile'>): Promise<Envelope<null>>;
  on<C extends PushChannel>(channel: C, listener: (payload: PushPayload<C>) => void): Unsubscribe;
}

/** Electron channel names, prefixed so they cannot collide with anything else. */
export const ipcChannel = (name: InvokeChannel | PushChannel) => `isoscope:${name}`;
