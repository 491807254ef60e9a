// The GUI's IPC contract, declared once: what the renderer may ask (invoke), what the main side
// pushes, and the API the renderer sees. Electron's preload and the browser-mode WebSocket
// bridge both implement IsoscopeApi; main-side handlers validate every argument with these
// schemas and answer with an Envelope.
export {
  INVOKE_CHANNELS,
  PUSH_CHANNELS,
  ipcChannel,
  isInvokeChannel,
  isPushChannel,
  type InvokeChannel,
  type PushChannel,
} from './channels.js';
import { z } from 'zod';
import {
  ContainerIdParam,
  ContainersChanged,
  ProfileDurationMs,
  ProfileId,
  Sample,
  type ChannelSpec,
} from '../agent/protocol.js';
import { type InvokeChannel, type PushChannel } from './channels.js';
import { Container, Host, Snapshot } from '../snapshot/schema.js';
import { ProfileProgress, SeccompReport } from '../seccomp/report.js';
import { keyedRecord } from './keyed.js';
import { IsolationEvent, IsolationTimeline } from '../snapshot/isolationEvents.js';
import { DemoLabResult, DemoLabStatus, DemoPresetList } from '../lab/demoLab.js';
import { HistoryPoint } from '../snapshot/historyPoint.js';

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
  /** The last time the collector was restarted, and why (it died, or stopped answering and was killed). */
  lastRestart: z.object({ at: z.number(), reason: z.string() }).nullable().optional(),
  /** Read-only source ("--root DIR") when not the live host. */
  root: z.string(),
});
export type AgentStatus = z.infer<typeof AgentStatus>;

// A history point is defined beside snapshot files, which carry histories too.
export { HistoryPoint, type NewerHistoryPoint } from '../snapshot/historyPoint.js';

export const InitialState = z.object({
  status: AgentStatus,
  host: Host.nullable(),
  containers: z.array(Container),
  /** Container id → history; a null-prototype object (ids are the containers' to choose). */
  history: keyedRecord(z.array(HistoryPoint)),
  /** Container id → isolation changes seen since the collector started (oldest first). */
  isolation: IsolationTimeline.optional(),
});
export type InitialState = z.infer<typeof InitialState>;

/** A host the app watches: 'local' (this machine) or a service-chosen id for an SSH host. */
export const HostId = z.string().regex(/^(local|h[0-9a-f]{8})$/);
/** One host's connection, in words the status bar and the host list show. */
export const HostStatus = z.object({
  id: HostId,
  /** 'local', or ssh://[user@]host[:port]. */
  url: z.string().max(600),
  /** Remote sudo (-n) for the remote agent; never local elevation. */
  sudo: z.boolean(),
  identityFile: z.string().max(4096).nullable(),
  state: z.enum(['connecting', 'connected', 'reconnecting', 'refused', 'stopped']),
  /** Why it is not connected, in words (null when connected). */
  reason: z.string().max(4000).nullable(),
  /** The kind of SSH failure ('unknown-host-key', 'auth-failed', …) or null. */
  reasonKind: z.string().max(64).nullable(),
  /** When the next attempt starts (reconnecting), ms since the epoch. */
  retryAt: z.number().nullable(),
  /** The host's data on screen is not live since this time (null: live, or none yet). */
  staleSince: z.number().nullable(),
  lastSampleAt: z.number().nullable(),
  hostname: z.string().max(300).nullable(),
});
export type HostStatus = z.infer<typeof HostStatus>;
/** What a remote host's collector has, as getState has it for this machine (container ids are the host's own). */
export const HostState = z.object({
  hostId: HostId,
  host: Host.nullable(),
  containers: z.array(Container),
  history: keyedRecord(z.array(HistoryPoint)),
  isolation: IsolationTimeline,
});
export type HostState = z.infer<typeof HostState>;
/**
 * The key of a remote host's container in the renderer's maps (a local container's key is its id):
 * the same id on two hosts stays two containers. Host ids are random, so no local id can be made to
 * look like a remote key.
 */
export const remoteKey = (hostId: string, id: string) => `${id}@${hostId}`;
/** The host id and container id of a remote key, or null when `key` is not one of `hostIds`. */
export function parseRemoteKey(key: string, hostIds: Iterable<string>): { hostId: string; id: string } | null {
  const at = key.lastIndexOf('@');
  if (at < 0) return null;
  const hostId = key.slice(at + 1);
  for (const h of hostIds) if (h === hostId && h !== 'local') return { hostId, id: key.slice(0, at) };
  return null;
}

/** The poll intervals the GUI offers (the collector itself accepts a wider range). */
export const GUI_INTERVAL_MS = { min: 500, max: 10_000 } as const;

/** A recording written by the main side as it goes (electron/main/service/recordingWriter.ts). */
export const RecordingId = z.string().regex(/^r[0-9a-f]{12}$/);
export const RecordingProgress = z.object({
  recordingId: RecordingId,
  /** Where the file is (the path chosen in the desktop app, or the service's directory). */
  path: z.string().max(4096),
  file: z.string().max(255),
  /** True: the page downloads the file when recording stops (browser mode). */
  download: z.boolean(),
  startedAt: z.number(),
  events: z.number().int().nonnegative(),
  /** Compressed bytes on disk so far; rawBytes: the NDJSON they hold. */
  bytes: z.number().int().nonnegative(),
  rawBytes: z.number().int().nonnegative(),
  /** Events not written (the disk fell behind, or a line longer than a replay opens). */
  dropped: z.number().int().nonnegative(),
  state: z.enum(['recording', 'full', 'stopped', 'failed']),
  reason: z.string().max(1000).nullable(),
  /** The host recorded: 'local', or its ssh:// URL (absent from a service older than hosts). */
  host: z.string().max(600).optional(),
});
export type RecordingProgress = z.infer<typeof RecordingProgress>;

/** Invoke channels: params schema → result schema. A channel is one entry here plus its name in channels.ts. */
export const invokeMap = {
  getState: { params: z.object({}), result: InitialState },
  /** A snapshot of this machine, or of a remote host (stamped with `source.host`). */
  getSnapshot: { params: z.object({ hostId: HostId.optional() }), result: Snapshot },
  setInterval: {
    params: z.object({ ms: z.number().min(GUI_INTERVAL_MS.min).max(GUI_INTERVAL_MS.max) }),
    result: z.object({ intervalMs: z.number() }),
  },
  restartAgent: { params: z.object({ elevation: Elevation }), result: AgentStatus },
  /** The seccomp filter the kernel runs for a live container's init, decoded. */
  getSeccomp: { params: z.object({ containerId: ContainerIdParam }), result: SeccompReport },
  /** Trace a live container's syscalls for a while (progress is pushed on `profile`). */
  startProfile: {
    params: z.object({ containerId: ContainerIdParam, durationMs: ProfileDurationMs }),
    result: z.object({ profileId: ProfileId }),
  },
  cancelProfile: { params: z.object({ profileId: ProfileId }), result: z.null() },
  /** The demo lab, run by the collector (root): what runs, start presets, stop them (all when none named). */
  labStatus: { params: z.object({}), result: DemoLabStatus },
  labUp: { params: z.object({ presets: DemoPresetList }), result: DemoLabResult },
  labDown: { params: z.object({ presets: DemoPresetList.optional() }), result: DemoLabResult },
  /** The hosts watched (this machine first) and their connections. */
  listHosts: { params: z.object({}), result: z.array(HostStatus) },
  /** Watch an SSH host too (remembered in the hosts file); sudo runs the remote agent through sudo -n. */
  addHost: {
    params: z.object({
      url: z.string().min(1).max(600),
      sudo: z.boolean(),
      identityFile: z.string().min(1).max(4096).optional(),
    }),
    result: HostStatus,
  },
  removeHost: { params: z.object({ id: HostId }), result: z.null() },
  /** Try a host again now (after a refusal: once the cause is fixed). */
  reconnectHost: { params: z.object({ id: HostId }), result: HostStatus },
  /** A remote host's containers, history and isolation events (what getState is for this machine). */
  getHostState: { params: z.object({ id: HostId }), result: HostState },
  /** Record one host's stream (absent: this machine's) to a file as it goes; progress is pushed on `recording`. */
  startRecording: { params: z.object({ hostId: HostId.optional() }), result: RecordingProgress },
  stopRecording: { params: z.object({ recordingId: RecordingId }), result: RecordingProgress },
  /** A chunk of a stopped recording from the service's directory (browser mode's download). */
  readRecording: {
    params: z.object({ recordingId: RecordingId, offset: z.number().int().nonnegative() }),
    result: z.object({ base64: z.string(), eof: z.boolean() }),
  },
} as const satisfies { [C in InvokeChannel]: ChannelSpec };
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
  menu: z.object({ command: z.enum(['exportJson', 'exportHtml', 'exportMarkdown', 'compareWithHost']) }),
  /** Isolation changes of containers' processes, as the collector saw them in one tick. */
  isolation: z.array(IsolationEvent),
  /**
   * A file chosen in the desktop menu's "Open Snapshot…" dialog, read by the main process (no
   * symlinks, no FIFOs, size-capped), or why it could not be read. The renderer imports the bytes
   * as it imports a file from its own input.
   */
  openFile: z.union([
    z.object({ name: z.string().max(255), bytes: z.instanceof(Uint8Array) }).strict(),
    z.object({ name: z.string().max(255), error: z.string().max(1000) }).strict(),
  ]),
  /** Every host's connection (this machine first), on each change. */
  hosts: z.array(HostStatus),
  /** A remote host's container changes; `reset`: these are all of them (after a (re)connection). */
  hostContainers: z.object({ hostId: HostId, reset: z.boolean(), changes: ContainersChanged }),
  hostSample: z.object({ hostId: HostId, sample: Sample }),
  hostIsolation: z.object({ hostId: HostId, events: z.array(IsolationEvent) }),
  hostFacts: z.object({ hostId: HostId, host: Host }),
  recording: RecordingProgress,
} as const satisfies { [C in PushChannel]: z.ZodType };
export type PushPayload<C extends PushChannel> = z.infer<(typeof pushMap)[C]>;

/**
 * The maps seen through one type per channel, so that code generic over a channel `C` gets
 * `InvokeParams<C>` out of `invokeSpecs[C].params.parse` (not a union of every channel's type).
 */
export type InvokeSpecs = { [C in InvokeChannel]: { params: z.ZodType<InvokeParams<C>>; result: z.ZodType<InvokeResult<C>> } };
export const invokeSpecs: InvokeSpecs = invokeMap;
export type PushSpecs = { [C in PushChannel]: z.ZodType<PushPayload<C>> };
export const pushSpecs: PushSpecs = pushMap;

/** One pushed message, as the service emits it. */
export type PushEvent = { [C in PushChannel]: { channel: C; payload: PushPayload<C> } }[PushChannel];

export const IpcError = z.object({ code: z.string(), message: z.string() });
export type IpcError = z.infer<typeof IpcError>;
/** Every invoke answers with one of these: never a thrown error across the boundary. */
export type Envelope<T> = { ok: true; result: T } | { ok: false; error: IpcError };

export type Unsubscribe = () => void;

/** One method per invoke channel; channels without parameters may be called without them. */
export type InvokeMethods = {
  [C in InvokeChannel]: (
    ...params: Record<never, never> extends InvokeParams<C> ? [params?: InvokeParams<C>] : [params: InvokeParams<C>]
  ) => Promise<Envelope<InvokeResult<C>>>;
};

/**
 * What the renderer sees as `window.isoscope` (Electron) or the WebSocket bridge (browser):
 * derived from the maps, so a channel that does not exist does not compile.
 */
export interface IsoscopeApi extends InvokeMethods {
  on<C extends PushChannel>(channel: C, listener: (payload: PushPayload<C>) => void): Unsubscribe;
  /**
   * The link to the main side: the listener is called at once with its state, then on every
   * change. Electron's IPC never drops while the page lives (always up); the WebSocket bridge
   * goes down when the socket closes and up again when it reopens, after which the renderer
   * must fetch the state it missed.
   */
  onLink(listener: (up: boolean) => void): Unsubscribe;
}
