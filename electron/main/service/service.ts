// The main side of the GUI, shared by the Electron main process and browser mode: runs the
// collector as a child process (restarting it with backoff when it dies), keeps the current
// containers, host facts and resource history, answers invoke channels with validated
// envelopes, and pushes updates to whoever listens. No Electron import: browser mode uses it
// from plain Node.
import { EventEmitter } from 'node:events';
import type { AgentPush, ContainersChanged } from '../../../shared/agent/protocol.js';
import {
  invokeSpecs,
  isInvokeChannel,
  type AgentStatus,
  type Elevation,
  type Envelope,
  type HistoryPoint,
  type InitialState,
  type InvokeChannel,
  type InvokeParams,
  type InvokeResult,
  type PushEvent,
} from '../../../shared/ipc/contract.js';
import { appendPoint, toPoint } from '../../../shared/ipc/history.js';
import type { Container, Host } from '../../../shared/snapshot/schema.js';
import type { IsolationEvent } from '../../../shared/snapshot/isolationEvents.js';

/** Isolation events kept per container (a process flapping a capability cannot grow memory without bound). */
export const MAX_ISOLATION_EVENTS = 1000;
import { AgentConnection, AgentRequestError, elevate, type AgentCommand } from './agentConnection.js';
import { LabControl } from './labService.js';

/** A refusal with a code the renderer can act on (`not-found`, `not-connected`…). */
export class ServiceError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

type Handlers = { [C in InvokeChannel]: (params: InvokeParams<C>) => Promise<InvokeResult<C>> | InvokeResult<C> };

const errorEnvelope = (err: unknown): { ok: false; error: { code: string; message: string } } => {
  const code = err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : 'failed';
  return { ok: false, error: { code, message: err instanceof Error ? err.message : String(err) } };
};

export interface ServiceOptions {
  /** Builds the command that starts the agent with the given poll interval. */
  agentCommand(intervalMs: number): AgentCommand;
  intervalMs?: number;
  root?: string;
  /** Backoff schedule for restarts, ms (last value repeats). */
  backoffMs?: number[];
  /** When a collector that stopped answering is killed and restarted (defaults: WATCHDOG). */
  watchdog?: Partial<Watchdog>;
}

/**
 * The collector is watched: a ping every `everyMs` must be answered within `deadlineMs` (the
 * agent answers pings ahead of queued work, so only a process that no longer runs — stopped,
 * or stuck in a blocking read — misses it); samples must keep coming (none for `staleIntervals`
 * poll intervals, at least `minStaleMs`, means its polling is stuck); hello and start must be
 * answered within `handshakeMs` (`elevatedHandshakeMs` when a password prompt may come first).
 * Failing any of these, it is killed and restarted, and the status says why.
 */
export interface Watchdog {
  everyMs: number;
  deadlineMs: number;
  staleIntervals: number;
  minStaleMs: number;
  handshakeMs: number;
  elevatedHandshakeMs: number;
}
// Generous: a first scan of a busy host (hundreds of containers, a loaded machine) can take tens of
// seconds, and a slow collector must not be mistaken for a hung one.
export const WATCHDOG: Watchdog = { everyMs: 5000, deadlineMs: 20_000, staleIntervals: 10, minStaleMs: 30_000, handshakeMs: 120_000, elevatedHandshakeMs: 300_000 };

export class IsoscopeService extends EventEmitter<{ push: [PushEvent] }> {
  private agent: AgentConnection | null = null;
  private readonly containers = new Map<string, Container>();
  private readonly history = new Map<string, HistoryPoint[]>();
  /** Container id → its isolation changes (oldest first, the last MAX_ISOLATION_EVENTS kept). */
  private readonly isolation = new Map<string, IsolationEvent[]>();
  private host: Host | null = null;
  private status: AgentStatus;
  private restartTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** Consecutive failed starts, for the backoff; reset once connected. */
  private failures = 0;
  private readonly backoff: number[];
  private readonly watchdog: Watchdog;
  private watchTimer: NodeJS.Timeout | null = null;
  /** When the last sample arrived (this process's clock), for the watchdog. */
  private lastSampleSeen = 0;
  /** The demo lab, through the collector (which runs as root). */
  private readonly lab = new LabControl(() => this.requireAgent());

  constructor(private readonly options: ServiceOptions) {
    super();
    this.backoff = options.backoffMs ?? [1000, 2000, 4000, 8000, 15_000, 30_000];
    this.watchdog = { ...WATCHDOG, ...options.watchdog };
    this.status = {
      state: 'starting', message: null, euid: null, elevation: 'none', intervalMs: options.intervalMs ?? 1000,
      lastSampleAt: null, agentCpuPercent: null, restarts: 0, root: options.root ?? '/',
    };
  }

  private push(event: PushEvent): void {
    this.emit('push', event);
  }

  private setStatus(patch: Partial<AgentStatus>): void {
    this.status = { ...this.status, ...patch };
    this.push({ channel: 'status', payload: this.status });
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  private connect(): void {
    const cmd = elevate(this.options.agentCommand(this.status.intervalMs), this.status.elevation);
    const agent = new AgentConnection(cmd);
    this.agent = agent;
    agent.on('push', (p) => this.onPush(p));
    agent.on('invalid', (problem) => {
      if (this.agent === agent && this.status.message !== problem) this.setStatus({ message: problem });
    });
    agent.on('exit', ({ code, signal, stderr }) => {
      if (this.agent !== agent) return;
      this.agent = null;
      this.stopWatching();
      if (this.stopped) return;
      const why = stderr || `the agent exited (${signal ?? `code ${code}`})`;
      this.status.lastRestart = { at: Date.now(), reason: why };
      // An elevation the user was refused (pkexec 126/127, sudo asking for a password) falls back.
      if (this.status.elevation !== 'none' && this.status.state !== 'connected') {
        this.setStatus({ elevation: 'none', state: 'reconnecting', message: `running with root privileges failed: ${why}` });
        this.scheduleRestart(0);
        return;
      }
      this.setStatus({ state: 'reconnecting', message: why });
      this.scheduleRestart();
    });
    void this.handshake(agent);
  }

  private async handshake(agent: AgentConnection): Promise<void> {
    const deadline = this.status.elevation === 'none' ? this.watchdog.handshakeMs : this.watchdog.elevatedHandshakeMs;
    try {
      const hello = await agent.request('hello', {}, deadline);
      const started = await agent.request('start', {}, deadline);
      if (this.agent !== agent) return;
      this.host = started.host;
      this.containers.clear();
      for (const c of started.containers) this.containers.set(c.id, c);
      this.push({ channel: 'host', payload: started.host });
      this.push({ channel: 'containers', payload: { added: started.containers, removed: [], changed: [] } });
      this.failures = 0;
      this.setStatus({ state: 'connected', message: null, euid: hello.euid, intervalMs: hello.intervalMs });
      this.watch(agent);
    } catch (err) {
      // A collector that cannot say hello or start is of no use: restart it (the exit says why).
      if (this.agent === agent) agent.abandon(`the collector did not start: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private watch(agent: AgentConnection): void {
    this.stopWatching();
    this.lastSampleSeen = Date.now();
    let pinging = false;
    this.watchTimer = setInterval(() => {
      if (this.agent !== agent) return this.stopWatching();
      const staleMs = Math.max(this.watchdog.staleIntervals * this.status.intervalMs, this.watchdog.minStaleMs);
      const quiet = Date.now() - this.lastSampleSeen;
      if (quiet > staleMs) return agent.abandon(`the collector stopped answering (no sample for ${Math.round(quiet / 1000)} s): killed and restarted`);
      if (pinging) return;
      pinging = true;
      agent.request('ping', {}, this.watchdog.deadlineMs).then(
        () => void (pinging = false),
        (err: unknown) => {
          pinging = false;
          if (this.agent === agent && err instanceof AgentRequestError && err.code === 'timeout') {
            agent.abandon(`the collector stopped answering (no reply to a ping in ${this.watchdog.deadlineMs / 1000} s): killed and restarted`);
          }
        },
      );
    }, this.watchdog.everyMs);
    this.watchTimer.unref();
  }

  private stopWatching(): void {
    if (this.watchTimer) clearInterval(this.watchTimer);
    this.watchTimer = null;
  }

  private scheduleRestart(delay?: number): void {
    const wait = delay ?? this.backoff[Math.min(this.failures, this.backoff.length - 1)]!;
    this.failures++;
    this.status.restarts++;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (!this.stopped) this.connect();
    }, wait);
  }

  private onPush(p: AgentPush): void {
    if (p.event === 'profile') {
      this.push({ channel: 'profile', payload: p.data });
      return;
    }
    if (p.event === 'isolation') {
      for (const e of p.data) {
        const list = this.isolation.get(e.containerId) ?? [];
        list.push(e);
        if (list.length > MAX_ISOLATION_EVENTS) list.splice(0, list.length - MAX_ISOLATION_EVENTS);
        this.isolation.set(e.containerId, list);
      }
      this.push({ channel: 'isolation', payload: p.data });
      return;
    }
    if (p.event === 'containers') {
      this.applyChanges(p.data);
      this.push({ channel: 'containers', payload: p.data });
      return;
    }
    const sample = p.data;
    this.lastSampleSeen = Date.now();
    for (const [id, s] of Object.entries(sample.containers)) {
      const points = this.history.get(id) ?? [];
      appendPoint(points, toPoint(sample.t, s));
      this.history.set(id, points);
    }
    this.push({ channel: 'sample', payload: sample });
    this.status = { ...this.status, lastSampleAt: sample.t, agentCpuPercent: sample.cost.cpuPercent };
  }

  private applyChanges(ch: ContainersChanged): void {
    for (const c of [...ch.added, ...ch.changed]) this.containers.set(c.id, c);
    for (const id of ch.removed) {
      this.containers.delete(id);
      this.history.delete(id);
      this.isolation.delete(id);
    }
  }

  getState(): InitialState {
    return {
      status: this.status,
      host: this.host,
      containers: [...this.containers.values()],
      history: Object.fromEntries(this.history),
      isolation: Object.fromEntries(this.isolation),
    };
  }

  private requireAgent(): AgentConnection {
    if (!this.agent || this.status.state !== 'connected') throw new ServiceError('not-connected', this.status.message ?? 'the collector is not connected');
    return this.agent;
  }

  private liveContainer(id: string): Container {
    const c = this.containers.get(id);
    if (!c) throw new ServiceError('not-found', 'no such live container');
    return c;
  }

  /** One handler per invoke channel; params arrive checked against invokeMap. */
  private readonly handlers: Handlers = {
    getState: () => this.getState(),
    getSnapshot: () => this.requireAgent().request('snapshot', {}),
    setInterval: async ({ ms }) => {
      await this.requireAgent().request('setInterval', { ms });
      this.setStatus({ intervalMs: ms });
      return { intervalMs: ms };
    },
    getSeccomp: ({ containerId }) => {
      const c = this.liveContainer(containerId);
      const bundle = c.labels['oci.bundle'];
      return this.requireAgent().request('seccomp', bundle ? { pid: c.initPid, bundle } : { pid: c.initPid }, 60_000);
    },
    startProfile: async ({ containerId, durationMs }) => {
      const c = this.liveContainer(containerId);
      const profileId = `p${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
      await this.requireAgent().request('profileStart', { profileId, containerId: c.id, pid: c.initPid, pids: c.processes.map((p) => p.pid), durationMs });
      return { profileId };
    },
    cancelProfile: async ({ profileId }) => {
      await this.requireAgent().request('profileCancel', { profileId });
      return null;
    },
    labStatus: () => this.lab.status(),
    labUp: ({ presets }) => this.lab.up(presets),
    labDown: ({ presets }) => this.lab.down(presets),
    restartAgent: ({ elevation }) => {
      this.restart(elevation);
      return this.status;
    },
  };

  /**
   * Answers one invoke from a renderer (Electron IPC or the browser's WebSocket): the channel
   * name and params are untrusted input. Never throws: every outcome is an envelope.
   */
  async invoke(channel: string, params: unknown): Promise<Envelope<unknown>> {
    if (!isInvokeChannel(channel)) return { ok: false, error: { code: 'unknown-channel', message: `no such channel: ${String(channel).slice(0, 64)}` } };
    return this.dispatch(channel, params);
  }

  /** Validates the params of an invoke channel, runs its handler, and wraps the outcome. */
  async dispatch<C extends InvokeChannel>(channel: C, params: unknown): Promise<Envelope<InvokeResult<C>>> {
    const parsed = invokeSpecs[channel].params.safeParse(params ?? {});
    if (!parsed.success) return { ok: false, error: { code: 'bad-params', message: parsed.error.issues.map((i) => `${i.path.map(String).join('.') || 'params'}: ${i.message}`).join('; ') } };
    try {
      return { ok: true, result: await this.handlers[channel](parsed.data) };
    } catch (err) {
      return errorEnvelope(err);
    }
  }

  /** Stops the agent and starts it again (elevated or not). */
  restart(elevation: Elevation): void {
    this.status.elevation = elevation;
    this.failures = 0;
    const old = this.agent;
    this.agent = null;
    this.stopWatching();
    old?.stop();
    this.setStatus({ state: 'starting', message: null });
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.stopWatching();
    this.lab.beforeStop(this.agent);
    this.agent?.stop();
    this.agent = null;
    this.setStatus({ state: 'stopped' });
  }
}
