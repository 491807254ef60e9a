// The main side of the GUI, shared by the Electron main process and browser mode: this machine's
// collector plus any number of SSH hosts' (each a CollectorHost: its own agent, restarts with
// backoff, state and data), answering invoke channels with validated envelopes and pushing
// updates to whoever listens. This machine's data goes on the channels it always had; a remote
// host's on the host* channels, with its host id. No Electron import: browser mode uses it from
// plain Node.
import { EventEmitter } from 'node:events';
import {
  invokeSpecs,
  isInvokeChannel,
  parseRemoteKey,
  remoteKey,
  type Elevation,
  type Envelope,
  type HostState,
  type HostStatus,
  type InitialState,
  type InvokeChannel,
  type InvokeParams,
  type InvokeResult,
  type PushEvent,
} from '../../../shared/ipc/contract.js';
import type { Container, Snapshot } from '../../../shared/snapshot/schema.js';
import { AgentRequestError, type AgentCommand, type AgentConnection } from './agentConnection.js';
import { CollectorHost, DEFAULT_BACKOFF_MS, WATCHDOG, type ExitReading, type Watchdog } from './collectorHost.js';
import { canonicalUrl, HostsFileError, readHostsFile, writeHostsFile, type RememberedHost } from './hostsFile.js';
import { LabControl } from './labService.js';
import { checkNewHost, newHostId } from './newHost.js';
import { ServiceError } from './serviceError.js';
import { hostAgentCommand, type K8sHostOptions, type RemoteAgentLocation } from './remoteCommand.js';
import { Recordings, type RecordingsOptions } from './recordingWriter.js';

export { MAX_ISOLATION_EVENTS, WATCHDOG, type Watchdog } from './collectorHost.js';

export { ServiceError };

type Handlers = { [C in InvokeChannel]: (params: InvokeParams<C>) => Promise<InvokeResult<C>> | InvokeResult<C> };

const errorEnvelope = (err: unknown): { ok: false; error: { code: string; message: string } } => {
  const code = err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : 'failed';
  return { ok: false, error: { code, message: err instanceof Error ? err.message : String(err) } };
};

export interface ServiceOptions {
  /** Builds the command that starts this machine's agent with the given poll interval. */
  agentCommand(intervalMs: number): AgentCommand;
  intervalMs?: number;
  root?: string;
  /** Backoff schedule for restarts, ms (last value repeats); every host's. */
  backoffMs?: number[];
  /** When a collector that stopped answering is killed and restarted (defaults: WATCHDOG). */
  watchdog?: Partial<Watchdog>;
  /** Where SSH hosts are remembered (absent: nowhere, hosts last this run). */
  hostsFile?: string;
  /** Hosts added at start for this run (`isoscope serve --host`), not written to the hosts file. */
  hosts?: { url: string; sudo: boolean; identityFile?: string }[];
  /** An ssh_config file for every remote host (default: ssh's own, ~/.ssh/config). */
  sshConfigFile?: string;
  /** Where the agent is on remotes (default: this installation's bundle, by digest). */
  remoteAgent?: RemoteAgentLocation;
  /** Collector flags for every remote agent (`--name=value`). */
  remoteAgentArgs?: string[];
  /** How k8s://CONTEXT/NODE hosts are reached (the bridge bundle, a kubeconfig). */
  k8s?: K8sHostOptions;
  /** How a remote host's agent starts (default: ssh); tests give a stand-in agent. */
  remoteCommand?(host: RememberedHost): {
    agentCommand(intervalMs: number): AgentCommand;
    readExit(code: number | null, stderr: string): ExitReading;
  };
  /** Where recordings of this machine's stream go (recordingWriter.ts): a directory, or a save dialog. */
  recordings?: RecordingsOptions;
}

interface Remote {
  config: RememberedHost;
  collector: CollectorHost;
  /** Written to the hosts file (not one of --host's). */
  remembered: boolean;
}

const STATE: Record<string, HostStatus['state']> = {
  starting: 'connecting',
  connected: 'connected',
  reconnecting: 'reconnecting',
  failed: 'refused',
  stopped: 'stopped',
};

export class IsoscopeService extends EventEmitter<{ push: [PushEvent] }> {
  private readonly local: CollectorHost;
  private readonly remotes = new Map<string, Remote>();
  /** Profile id → remote host id, for cancel and for the pushes' container keys. */
  private readonly remoteProfiles = new Map<string, string>();
  /** Why the hosts file was refused (then it is never written over). */
  readonly hostsFileProblem: string | null = null;
  private readonly backoff: number[];
  private readonly watchdog: Watchdog;
  private readonly intervalMs: number;
  /** The demo lab, through this machine's collector (which runs as root). */
  private readonly lab = new LabControl(() => this.requireAgent());
  /** Recordings of this machine's stream, written as they go. */
  private readonly recordings: Recordings;

  constructor(private readonly options: ServiceOptions) {
    super();
    this.backoff = options.backoffMs ?? DEFAULT_BACKOFF_MS;
    this.watchdog = { ...WATCHDOG, ...options.watchdog };
    this.intervalMs = options.intervalMs ?? 1000;
    this.local = new CollectorHost({
      agentCommand: options.agentCommand,
      intervalMs: this.intervalMs,
      root: options.root ?? '/',
      backoffMs: this.backoff,
      watchdog: this.watchdog,
    });
    this.local.on('status', (payload) => {
      this.push({ channel: 'status', payload });
      this.pushHosts();
    });
    this.local.on('host', (payload) => this.push({ channel: 'host', payload }));
    this.recordings = new Recordings(options.recordings ?? {}, (payload) => this.push({ channel: 'recording', payload }));
    this.local.on(
      'containers',
      ({ changes }) => (this.recordings.containers(changes), this.push({ channel: 'containers', payload: changes })),
    );
    this.local.on('sample', (payload) => (this.recordings.sample(payload), this.push({ channel: 'sample', payload })));
    this.local.on('isolation', (payload) => (this.recordings.isolation(payload), this.push({ channel: 'isolation', payload })));
    this.local.on('profile', (payload) => this.push({ channel: 'profile', payload }));
    let remembered: RememberedHost[] = [];
    if (options.hostsFile) {
      try {
        remembered = readHostsFile(options.hostsFile);
      } catch (err) {
        this.hostsFileProblem = err instanceof Error ? err.message : String(err);
      }
    }
    for (const h of remembered) this.addRemote(h, true);
    for (const h of options.hosts ?? []) {
      const url = canonicalUrl(h.url);
      if ([...this.remotes.values()].some((r) => r.config.url === url)) continue;
      this.addRemote({ id: newHostId(), url, sudo: h.sudo, identityFile: h.identityFile ?? null }, false);
    }
  }

  private push(event: PushEvent): void {
    this.emit('push', event);
  }

  private pushHosts(): void {
    this.push({ channel: 'hosts', payload: this.listHosts() });
  }

  private addRemote(config: RememberedHost, remembered: boolean): Remote {
    const how = this.options.remoteCommand?.(config) ?? hostAgentCommand(config, this.options);
    const collector = new CollectorHost({
      agentCommand: how.agentCommand,
      readExit: how.readExit,
      intervalMs: this.intervalMs,
      root: '/',
      backoffMs: this.backoff,
      watchdog: this.watchdog,
    });
    const hostId = config.id;
    collector.on('status', () => this.pushHosts());
    collector.on('host', (host) => this.push({ channel: 'hostFacts', payload: { hostId, host } }));
    collector.on('containers', ({ reset, changes }) => {
      this.recordings.containers(changes, hostId);
      this.push({ channel: 'hostContainers', payload: { hostId, reset, changes } });
    });
    collector.on('sample', (sample) => {
      this.recordings.sample(sample, hostId);
      this.push({ channel: 'hostSample', payload: { hostId, sample } });
    });
    collector.on('isolation', (events) => {
      this.recordings.isolation(events, hostId);
      this.push({ channel: 'hostIsolation', payload: { hostId, events } });
    });
    collector.on('profile', (p) =>
      this.push({ channel: 'profile', payload: { ...p, containerId: remoteKey(hostId, p.containerId) } }),
    );
    const remote = { config, collector, remembered };
    this.remotes.set(hostId, remote);
    return remote;
  }

  private remember(): void {
    if (!this.options.hostsFile) return;
    if (this.hostsFileProblem) throw new ServiceError('hosts-file', `not saved: ${this.hostsFileProblem}`);
    writeHostsFile(
      this.options.hostsFile,
      [...this.remotes.values()].filter((r) => r.remembered).map((r) => r.config),
    );
  }

  private hostStatus(id: string, url: string, sudo: boolean, identityFile: string | null, c: CollectorHost): HostStatus {
    const s = c.status;
    const state = STATE[s.state] ?? 'connecting';
    return {
      id,
      url,
      sudo,
      identityFile,
      state,
      reason: state === 'connected' ? null : (c.connection.refused?.message ?? s.message),
      reasonKind: state === 'connected' ? null : (c.connection.refused?.kind ?? c.connection.kind),
      retryAt: state === 'reconnecting' ? c.connection.retryAt : null,
      staleSince: state === 'connected' ? null : c.connection.staleSince,
      lastSampleAt: s.lastSampleAt,
      hostname: c.host?.hostname ?? null,
    };
  }

  listHosts(): HostStatus[] {
    return [
      this.hostStatus('local', 'local', false, null, this.local),
      ...[...this.remotes.values()].map((r) =>
        this.hostStatus(r.config.id, r.config.url, r.config.sudo, r.config.identityFile, r.collector),
      ),
    ];
  }

  private remote(id: string): Remote {
    const r = this.remotes.get(id);
    if (!r) throw new ServiceError('not-found', id === 'local' ? 'this machine is not a remote host' : 'no such host');
    return r;
  }

  /** This machine's collector pid (undefined between runs): for tests and diagnostics. */
  get localAgentPid(): number | undefined {
    return this.local.agentPid;
  }

  start(): void {
    this.local.start();
    for (const r of this.remotes.values()) r.collector.start();
  }

  getState(): InitialState {
    const c = this.local;
    return {
      status: c.status,
      host: c.host,
      containers: [...c.containers.values()],
      history: Object.fromEntries(c.history),
      isolation: Object.fromEntries(c.isolation),
    };
  }

  private requireAgent(): AgentConnection {
    try {
      return this.local.connected();
    } catch (err) {
      throw new ServiceError('not-connected', err instanceof Error ? err.message : String(err));
    }
  }

  /** A live container by its key (its id here, `id@hostId` on a remote host) and the collector that has it. */
  private liveContainer(key: string): { collector: CollectorHost; container: Container; hostId: string } {
    const here = this.local.containers.get(key);
    if (here) return { collector: this.local, container: here, hostId: 'local' };
    const parsed = parseRemoteKey(key, this.remotes.keys());
    const r = parsed ? this.remotes.get(parsed.hostId) : undefined;
    const there = parsed && r ? r.collector.containers.get(parsed.id) : undefined;
    if (!parsed || !r || !there) throw new ServiceError('not-found', 'no such live container');
    return { collector: r.collector, container: there, hostId: parsed.hostId };
  }

  private connectedAgent(c: CollectorHost): AgentConnection {
    try {
      return c.connected();
    } catch (err) {
      throw new ServiceError('not-connected', err instanceof Error ? err.message : String(err));
    }
  }

  /** One handler per invoke channel; params arrive checked against invokeMap. */
  private readonly handlers: Handlers = {
    getState: () => this.getState(),
    getSnapshot: async ({ hostId }) => {
      const remote = hostId && hostId !== 'local' ? this.remote(hostId) : null;
      const snap: Snapshot = await this.connectedAgent(remote?.collector ?? this.local).request('snapshot', {});
      return { ...snap, source: { host: remote?.config.url ?? 'local' } };
    },
    setInterval: async ({ ms }) => {
      await this.local.setInterval(ms).catch((err: unknown) => {
        throw err instanceof AgentRequestError && err.code === 'not-connected'
          ? new ServiceError('not-connected', err.message)
          : err;
      });
      for (const r of this.remotes.values())
        if (r.collector.status.state === 'connected') r.collector.setInterval(ms).catch(() => undefined);
      return { intervalMs: ms };
    },
    getSeccomp: ({ containerId }) => {
      const { collector, container: c } = this.liveContainer(containerId);
      const bundle = c.labels['oci.bundle'];
      return this.connectedAgent(collector).request('seccomp', bundle ? { pid: c.initPid, bundle } : { pid: c.initPid }, 60_000);
    },
    startProfile: async ({ containerId, durationMs }) => {
      const { collector, container: c, hostId } = this.liveContainer(containerId);
      const profileId = `p${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
      await this.connectedAgent(collector).request('profileStart', {
        profileId,
        containerId: c.id,
        pid: c.initPid,
        pids: c.processes.map((p) => p.pid),
        durationMs,
      });
      if (hostId !== 'local') this.remoteProfiles.set(profileId, hostId);
      return { profileId };
    },
    cancelProfile: async ({ profileId }) => {
      const hostId = this.remoteProfiles.get(profileId);
      await this.connectedAgent(hostId ? this.remote(hostId).collector : this.local).request('profileCancel', { profileId });
      return null;
    },
    labStatus: () => this.lab.status(),
    labUp: ({ presets }) => this.lab.up(presets),
    labDown: ({ presets }) => this.lab.down(presets),
    restartAgent: ({ elevation }) => {
      this.restart(elevation);
      return this.local.status;
    },
    listHosts: () => this.listHosts(),
    addHost: ({ url, sudo, identityFile }) => {
      const canonical = checkNewHost(url, sudo, identityFile);
      if ([...this.remotes.values()].some((r) => r.config.url === canonical))
        throw new ServiceError('exists', `${canonical} is already in the host list`);
      if (this.hostsFileProblem) throw new ServiceError('hosts-file', `not added: ${this.hostsFileProblem}`);
      const r = this.addRemote({ id: newHostId(), url: canonical, sudo, identityFile: identityFile ?? null }, true);
      try {
        this.remember();
      } catch (err) {
        this.remotes.delete(r.config.id);
        throw err instanceof ServiceError
          ? err
          : new ServiceError(
              'hosts-file',
              `not added: the hosts file could not be written (${err instanceof Error ? err.message : String(err)})`,
            );
      }
      r.collector.start();
      this.pushHosts();
      return this.hostStatus(r.config.id, r.config.url, r.config.sudo, r.config.identityFile, r.collector);
    },
    removeHost: ({ id }) => {
      const r = this.remote(id);
      this.remotes.delete(id);
      r.collector.removeAllListeners();
      r.collector.stop();
      if (r.remembered) this.remember();
      this.pushHosts();
      return null;
    },
    reconnectHost: ({ id }) => {
      if (id === 'local') {
        this.local.restart();
        return this.listHosts()[0]!;
      }
      const r = this.remote(id);
      r.collector.restart('none');
      return this.hostStatus(r.config.id, r.config.url, r.config.sudo, r.config.identityFile, r.collector);
    },
    getHostState: ({ id }): HostState => {
      const c = this.remote(id).collector;
      return {
        hostId: id,
        host: c.host,
        containers: [...c.containers.values()],
        history: Object.fromEntries(c.history),
        isolation: Object.fromEntries(c.isolation),
      };
    },
    startRecording: ({ hostId }) => {
      // One host's stream: a remote host's facts, containers and pushes, its URL in the header.
      const r = hostId && hostId !== 'local' ? this.remote(hostId) : null;
      const c = r?.collector ?? this.local;
      return this.recordings.start(
        c.host,
        [...c.containers.values()],
        r ? { hostId: r.config.id, url: r.config.url } : undefined,
      );
    },
    stopRecording: ({ recordingId }) => this.recordings.stop(recordingId),
    readRecording: ({ recordingId, offset }) => this.recordings.read(recordingId, offset),
  };

  /**
   * Answers one invoke from a renderer (Electron IPC or the browser's WebSocket): the channel
   * name and params are untrusted input. Never throws: every outcome is an envelope.
   */
  async invoke(channel: string, params: unknown): Promise<Envelope<unknown>> {
    if (!isInvokeChannel(channel))
      return { ok: false, error: { code: 'unknown-channel', message: `no such channel: ${String(channel).slice(0, 64)}` } };
    return this.dispatch(channel, params);
  }

  /** Validates the params of an invoke channel, runs its handler, and wraps the outcome. */
  async dispatch<C extends InvokeChannel>(channel: C, params: unknown): Promise<Envelope<InvokeResult<C>>> {
    const parsed = invokeSpecs[channel].params.safeParse(params ?? {});
    if (!parsed.success)
      return {
        ok: false,
        error: {
          code: 'bad-params',
          message: parsed.error.issues.map((i) => `${i.path.map(String).join('.') || 'params'}: ${i.message}`).join('; '),
        },
      };
    try {
      return { ok: true, result: await this.handlers[channel](parsed.data) };
    } catch (err) {
      return errorEnvelope(err);
    }
  }

  /** Stops this machine's agent and starts it again (elevated or not; never a remote's). */
  restart(elevation: Elevation): void {
    this.local.restart(elevation);
  }

  stop(): void {
    void this.recordings.stopAll();
    this.lab.beforeStop(this.local.current);
    for (const r of this.remotes.values()) r.collector.stop();
    this.local.stop();
  }
}

export { HostsFileError };
