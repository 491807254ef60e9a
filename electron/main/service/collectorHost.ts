// One host's collector: this machine's (`isoscope agent --stdio`, possibly through pkexec/sudo) or
// a remote one over ssh. It starts the agent, restarts it with backoff when it dies or stops
// answering (the watchdog), keeps that host's containers, host facts, resource history and
// isolation events, and says in its status what state it is in. When the agent drops, the data
// stays and is marked stale since the last sample — never shown as live. A refusal that retrying
// cannot fix (an unknown host key, a failed login) stops the retries until asked again.
import { EventEmitter } from 'node:events';
import type { AgentPush, ContainersChanged, Sample } from '../../../shared/agent/protocol.js';
import type { AgentStatus, Elevation, HistoryPoint } from '../../../shared/ipc/contract.js';
import { appendPoint, toPoint } from '../../../shared/ipc/history.js';
import type { Container, Host } from '../../../shared/snapshot/schema.js';
import type { IsolationEvent } from '../../../shared/snapshot/isolationEvents.js';
import type { ProfileProgress } from '../../../shared/seccomp/report.js';
import { AgentConnection, AgentRequestError, elevate, type AgentCommand } from './agentConnection.js';

/** Isolation events kept per container (a process flapping a capability cannot grow memory without bound). */
export const MAX_ISOLATION_EVENTS = 1000;

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
export const WATCHDOG: Watchdog = {
  everyMs: 5000,
  deadlineMs: 20_000,
  staleIntervals: 10,
  minStaleMs: 30_000,
  handshakeMs: 120_000,
  elevatedHandshakeMs: 300_000,
};

export const DEFAULT_BACKOFF_MS = [1000, 2000, 4000, 8000, 15_000, 30_000];

/** How an agent's exit reads: words, a kind, and whether trying again can help. */
export interface ExitReading {
  kind: string | null;
  message: string;
  retry: boolean;
}

export interface CollectorHostOptions {
  /** Builds the command that starts the agent with the given poll interval. */
  agentCommand(intervalMs: number): AgentCommand;
  intervalMs: number;
  root: string;
  backoffMs: number[];
  watchdog: Watchdog;
  /** Reads an exit that came before the agent answered (ssh's own failures); absent: always retry. */
  readExit?(code: number | null, stderr: string): ExitReading | null;
}

export interface CollectorHostEvents {
  status: [AgentStatus];
  host: [Host];
  /** Container changes; `reset`: these are all of them (after a (re)connection). */
  containers: [{ reset: boolean; changes: ContainersChanged }];
  sample: [Sample];
  isolation: [IsolationEvent[]];
  profile: [ProfileProgress];
}

/** What the host list shows beyond AgentStatus. */
export interface Connection {
  refused: { kind: string | null; message: string } | null;
  /** The kind of the last failure (ssh's reading), null once connected. */
  kind: string | null;
  retryAt: number | null;
  staleSince: number | null;
}

export class CollectorHost extends EventEmitter<CollectorHostEvents> {
  private agent: AgentConnection | null = null;

  /** The running collector's pid (undefined between runs): for tests and diagnostics. */
  get agentPid(): number | undefined {
    return this.agent?.pid;
  }
  readonly containers = new Map<string, Container>();
  readonly history = new Map<string, HistoryPoint[]>();
  /** Container id → its isolation changes (oldest first, the last MAX_ISOLATION_EVENTS kept). */
  readonly isolation = new Map<string, IsolationEvent[]>();
  host: Host | null = null;
  status: AgentStatus;
  connection: Connection = { refused: null, kind: null, retryAt: null, staleSince: null };
  private restartTimer: NodeJS.Timeout | null = null;
  private stopped = true;
  /** Consecutive failed starts, for the backoff; reset once connected. */
  private failures = 0;
  private watchTimer: NodeJS.Timeout | null = null;
  /** When the last sample arrived (this process's clock), for the watchdog. */
  private lastSampleSeen = 0;
  /** Whether this agent said hello (an exit before it is read by readExit). */
  private greeted = false;

  constructor(private readonly options: CollectorHostOptions) {
    super();
    this.status = {
      state: 'starting',
      message: null,
      euid: null,
      elevation: 'none',
      intervalMs: options.intervalMs,
      lastSampleAt: null,
      agentCpuPercent: null,
      restarts: 0,
      root: options.root,
    };
  }

  private setStatus(patch: Partial<AgentStatus>): void {
    this.status = { ...this.status, ...patch };
    this.emit('status', this.status);
  }

  /** The agent, if connected; else throws `not-connected` with the reason. */
  connected(): AgentConnection {
    if (!this.agent || this.status.state !== 'connected')
      throw new AgentRequestError(
        'not-connected',
        this.connection.refused?.message ?? this.status.message ?? 'the collector is not connected',
      );
    return this.agent;
  }

  /** The running agent, connected or not (the lab's clean-up at exit). */
  get current(): AgentConnection | null {
    return this.agent;
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  private markStale(): void {
    if (this.connection.staleSince === null && (this.host !== null || this.containers.size > 0)) {
      this.connection = { ...this.connection, staleSince: this.status.lastSampleAt ?? Date.now() };
    }
  }

  private connect(): void {
    this.connection = { ...this.connection, refused: null, retryAt: null };
    this.greeted = false;
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
      this.markStale();
      const reading = this.options.readExit ? this.options.readExit(code, stderr) : null;
      const why = reading?.message ?? (stderr || `the agent exited (${signal ?? `code ${code}`})`);
      this.status.lastRestart = { at: Date.now(), reason: why };
      this.connection = { ...this.connection, kind: reading?.kind ?? null };
      // Only before the agent answered: after it, its stderr may hold text that containers chose.
      if (reading && !reading.retry && !this.greeted) {
        // Trying again would fail the same way (or accept what must be checked): wait to be asked.
        this.connection = { ...this.connection, refused: { kind: reading.kind, message: reading.message }, retryAt: null };
        this.setStatus({ state: 'failed', message: why });
        return;
      }
      if (reading) this.connection = { ...this.connection, refused: null };
      // An elevation the user was refused (pkexec 126/127, sudo asking for a password) falls back.
      if (this.status.elevation !== 'none' && this.status.state !== 'connected') {
        this.scheduleRestart(0);
        this.setStatus({ elevation: 'none', state: 'reconnecting', message: `running with root privileges failed: ${why}` });
        return;
      }
      this.scheduleRestart();
      this.setStatus({ state: 'reconnecting', message: why });
    });
    void this.handshake(agent);
  }

  private async handshake(agent: AgentConnection): Promise<void> {
    const deadline =
      this.status.elevation === 'none' ? this.options.watchdog.handshakeMs : this.options.watchdog.elevatedHandshakeMs;
    try {
      const hello = await agent.request('hello', {}, deadline);
      if (this.agent === agent) this.greeted = true;
      // An agent whose command line cannot carry the interval (a k8s:// node's, listening in its
      // pod with its own) is told it before it starts polling.
      let intervalMs = hello.intervalMs;
      if (intervalMs !== this.status.intervalMs) {
        await agent.request('setInterval', { ms: this.status.intervalMs }, deadline);
        intervalMs = this.status.intervalMs;
      }
      const started = await agent.request('start', {}, deadline);
      if (this.agent !== agent) return;
      this.host = started.host;
      this.containers.clear();
      for (const c of started.containers) this.containers.set(c.id, c);
      this.connection = { refused: null, kind: null, retryAt: null, staleSince: null };
      this.emit('host', started.host);
      this.emit('containers', { reset: true, changes: { added: started.containers, removed: [], changed: [] } });
      this.failures = 0;
      this.setStatus({ state: 'connected', message: null, euid: hello.euid, intervalMs });
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
    const dog = this.options.watchdog;
    this.watchTimer = setInterval(() => {
      if (this.agent !== agent) return this.stopWatching();
      const staleMs = Math.max(dog.staleIntervals * this.status.intervalMs, dog.minStaleMs);
      const quiet = Date.now() - this.lastSampleSeen;
      if (quiet > staleMs)
        return agent.abandon(
          `the collector stopped answering (no sample for ${Math.round(quiet / 1000)} s): killed and restarted`,
        );
      if (pinging) return;
      pinging = true;
      agent.request('ping', {}, dog.deadlineMs).then(
        () => void (pinging = false),
        (err: unknown) => {
          pinging = false;
          if (this.agent === agent && err instanceof AgentRequestError && err.code === 'timeout') {
            agent.abandon(
              `the collector stopped answering (no reply to a ping in ${dog.deadlineMs / 1000} s): killed and restarted`,
            );
          }
        },
      );
    }, dog.everyMs);
    this.watchTimer.unref();
  }

  private stopWatching(): void {
    if (this.watchTimer) clearInterval(this.watchTimer);
    this.watchTimer = null;
  }

  private scheduleRestart(delay?: number): void {
    const backoff = this.options.backoffMs;
    const wait = delay ?? backoff[Math.min(this.failures, backoff.length - 1)]!;
    this.failures++;
    this.status.restarts++;
    this.connection = { ...this.connection, retryAt: Date.now() + wait };
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (!this.stopped) this.connect();
    }, wait);
  }

  private onPush(p: AgentPush): void {
    if (p.event === 'profile') {
      this.emit('profile', p.data);
      return;
    }
    if (p.event === 'isolation') {
      for (const e of p.data) {
        const list = this.isolation.get(e.containerId) ?? [];
        list.push(e);
        if (list.length > MAX_ISOLATION_EVENTS) list.splice(0, list.length - MAX_ISOLATION_EVENTS);
        this.isolation.set(e.containerId, list);
      }
      this.emit('isolation', p.data);
      return;
    }
    if (p.event === 'containers') {
      this.applyChanges(p.data);
      this.emit('containers', { reset: false, changes: p.data });
      return;
    }
    const sample = p.data;
    this.lastSampleSeen = Date.now();
    for (const [id, s] of Object.entries(sample.containers)) {
      const points = this.history.get(id) ?? [];
      appendPoint(points, toPoint(sample.t, s));
      this.history.set(id, points);
    }
    this.status = { ...this.status, lastSampleAt: sample.t, agentCpuPercent: sample.cost.cpuPercent };
    this.emit('sample', sample);
  }

  private applyChanges(ch: ContainersChanged): void {
    for (const c of [...ch.added, ...ch.changed]) this.containers.set(c.id, c);
    for (const id of ch.removed) {
      this.containers.delete(id);
      this.history.delete(id);
      this.isolation.delete(id);
    }
  }

  /** Sets the poll interval of a connected agent. */
  async setInterval(ms: number): Promise<void> {
    await this.connected().request('setInterval', { ms });
    this.setStatus({ intervalMs: ms });
  }

  /** Stops the agent and starts it again now (elevated or not: only this machine's is ever elevated). */
  restart(elevation: Elevation = this.status.elevation): void {
    this.status.elevation = elevation;
    this.stopped = false;
    this.failures = 0;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const old = this.agent;
    this.agent = null;
    this.stopWatching();
    old?.stop();
    if (old) this.markStale();
    this.setStatus({ state: 'starting', message: null });
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    this.stopWatching();
    this.agent?.stop();
    this.agent = null;
    this.connection = { ...this.connection, retryAt: null };
    this.setStatus({ state: 'stopped' });
  }
}
