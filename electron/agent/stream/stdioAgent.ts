// `isoscope agent --stdio`: requests in, responses and pushed samples out, one JSON object per
// line. A malformed line gets an error response (id null) and the agent carries on. Every method
// is one entry of the handler table, typed by the protocol's agentMap, which also checks params.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import {
  AgentRequest,
  agentSpecs,
  isAgentMethod,
  type AgentMethod,
  type AgentParams,
  type AgentPush,
  type AgentResponse,
  type AgentResult,
  type Hello,
} from '../../../shared/agent/protocol.js';
import { SCHEMA_VERSION } from '../../../shared/snapshot/schema.js';
import { Collector } from '../collect/collector.js';
import type { CollectOptions } from '../collect/options.js';
import { AGENT_VERSION } from '../version.js';
import { Poller } from './poller.js';
import { decodeSeccomp, SeccompReadError } from '../seccomp/report.js';
import { declaredSeccomp } from '../seccomp/declared.js';
import { ProfileProgress } from '../../../shared/seccomp/report.js';
import { ProfileRunner } from '../seccomp/profiler/runner.js';
import { labHandlers, LabFailure, labSettled } from '../lab/agentLab.js';
import { helloHost } from './helloHost.js';

/** A failure with a code the caller can act on (`bad-params`, `not-found`, a seccomp reason…). */
export class AgentFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Handlers = { [M in AgentMethod]: (params: AgentParams<M>) => Promise<AgentResult<M>> | AgentResult<M> };

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

const describeIssues = (issues: { path: PropertyKey[]; message: string }[]) =>
  issues.map((i) => `${i.path.map(String).join('.') || 'params'}: ${i.message}`).join('; ');

export class AgentSession {
  private readonly collector: Collector;
  private readonly profiler = new ProfileRunner((p) => this.send({ event: 'profile', data: ProfileProgress.parse(p) }));
  private poller: Poller | null = null;
  private timer: NodeJS.Timeout | null = null;
  private ticking = false;
  private closed = false;

  constructor(
    options: Partial<CollectOptions>,
    private intervalMs: number,
    private readonly send: (msg: AgentResponse | AgentPush) => void,
    /** Methods this session refuses (a TCP client may not start profiles or labs: tcpAgent.ts). */
    private readonly refused: ReadonlySet<AgentMethod> = new Set(),
    /**
     * Whether a snapshot is checked against the schema before it is sent. Its receiver checks it
     * again at its own boundary (every client of the protocol does: what the agent sends is data
     * read from containers); false where only such clients read, so that a snapshot is validated
     * once, where the trust boundary is.
     */
    private readonly validateSnapshots = true,
  ) {
    this.collector = new Collector(options);
  }

  hello(): Hello {
    return {
      version: AGENT_VERSION,
      schemaVersion: SCHEMA_VERSION,
      euid: process.geteuid?.() ?? -1,
      root: this.collector.options.root,
      intervalMs: this.intervalMs,
      ...helloHost(this.collector.fs), // the host's name (honest under a UTS namespace of its own), a k8s node's name
    };
  }

  private schedule(): void {
    if (this.closed || !this.poller) return;
    this.timer = setTimeout(() => void this.runTick(), this.intervalMs);
  }

  private async runTick(): Promise<void> {
    if (this.ticking || !this.poller) return;
    this.ticking = true;
    try {
      const { sample, changes, events } = await this.poller.tick();
      if (changes && (changes.added.length || changes.removed.length || changes.changed.length)) {
        this.send({ event: 'containers', data: changes });
      }
      if (events.length > 0) this.send({ event: 'isolation', data: events });
      this.send({ event: 'sample', data: sample });
    } catch (err) {
      this.send({ id: null, error: { code: 'tick-failed', message: messageOf(err) } });
    } finally {
      this.ticking = false;
      this.schedule();
    }
  }

  /** One handler per method; params arrive checked against agentMap. */
  private readonly handlers: Handlers = {
    hello: () => this.hello(),
    snapshot: () => this.collector.snapshot({ validate: this.validateSnapshots }),
    seccomp: async ({ pid, bundle }) => {
      const declared = bundle !== undefined ? declaredSeccomp(this.collector.fs, bundle) : undefined;
      try {
        return await decodeSeccomp(pid, declared ? { declared } : {});
      } catch (err) {
        if (err instanceof SeccompReadError) throw new AgentFailure(err.reason, err.detail);
        throw err;
      }
    },
    profileStart: (req) => {
      try {
        this.profiler.start(req);
      } catch (err) {
        throw new AgentFailure('bad-params', messageOf(err));
      }
      return { profileId: req.profileId };
    },
    profileCancel: ({ profileId }) => {
      if (!this.profiler.cancel(profileId)) throw new AgentFailure('not-found', `no running profile ${profileId}`);
      return null;
    },
    setInterval: ({ ms }) => {
      this.intervalMs = ms;
      return { intervalMs: ms };
    },
    start: async () => {
      if (!this.poller) {
        this.poller = new Poller(this.collector);
        await this.runTick();
      }
      return { host: this.poller.host, containers: this.poller.containers };
    },
    stop: () => {
      this.stopPolling();
      return null;
    },
    shutdown: () => {
      this.close();
      return null;
    },
    ping: () => ({ t: Date.now() }),
    ...labHandlers,
  };

  async handle(line: string): Promise<void> {
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      this.send({ id: null, error: { code: 'bad-json', message: 'request is not JSON' } });
      return;
    }
    const parsed = AgentRequest.safeParse(raw);
    if (!parsed.success) {
      const id = typeof raw === 'object' && raw !== null && 'id' in raw && typeof raw.id === 'number' ? raw.id : null;
      this.send({ id, error: { code: 'bad-request', message: parsed.error.issues[0]?.message ?? 'invalid request' } });
      return;
    }
    const { id, method, params } = parsed.data;
    if (!isAgentMethod(method)) {
      this.send({ id, error: { code: 'bad-request', message: `no such method: ${method.slice(0, 64)}` } });
      return;
    }
    if (this.refused.has(method)) {
      this.send({ id, error: { code: 'refused', message: `${method} is not offered on this connection` } });
      return;
    }
    await this.dispatch(id, method, params);
  }

  private async dispatch<M extends AgentMethod>(id: number, method: M, rawParams: unknown): Promise<void> {
    const params = agentSpecs[method].params.safeParse(rawParams ?? {});
    if (!params.success) {
      this.send({ id, error: { code: 'bad-params', message: describeIssues(params.error.issues) } });
      return;
    }
    try {
      this.send({ id, result: await this.handlers[method](params.data) });
    } catch (err) {
      const code = err instanceof AgentFailure || err instanceof LabFailure ? err.code : 'failed';
      this.send({ id, error: { code, message: messageOf(err) } });
    }
  }

  private stopPolling(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.poller = null;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  close(): void {
    this.closed = true;
    this.profiler.stopAll();
    this.stopPolling();
  }
}

const PING = /^\s*\{\s*"id"\s*:\s*\d+\s*,\s*"method"\s*:\s*"ping"\s*[,}]/;

/**
 * One NDJSON conversation: each line of input goes to the session (in order; pings at once),
 * answers and pushes are written by the session's own send. Resolves when input ends or the
 * session is shut down (the session is closed then). The stdio and the TCP agent both use it.
 */
export function serveNdjson(session: AgentSession, input: Readable): Promise<void> {
  return new Promise((resolve) => {
    const rl = createInterface({ input, crlfDelay: Infinity });
    let queue = Promise.resolve();
    const finish = () => {
      session.close();
      rl.close();
      resolve();
    };
    rl.on('line', (line) => {
      if (!line.trim()) return;
      // Pings are answered at once, not behind a long request: they ask whether this process
      // still runs (its event loop turns), which is what the GUI's watchdog needs to know.
      if (PING.test(line)) return void session.handle(line);
      queue = queue.then(async () => {
        await session.handle(line);
        if (session.isClosed) finish();
      });
    });
    rl.on('close', () => void queue.then(finish));
  });
}

export function runStdioAgent(
  options: Partial<CollectOptions>,
  intervalMs: number,
  input: Readable,
  output: Writable,
): Promise<void> {
  // Its readers validate every answer on receipt (electron/main/service/agentConnection.ts for this
  // machine, electron/agent/remote/remoteAgent.ts over SSH): the snapshot is not validated twice.
  const session = new AgentSession(
    options,
    intervalMs,
    (msg) => {
      output.write(JSON.stringify(msg) + '\n');
    },
    new Set(),
    false,
  );
  // Killed by the GUI (or Ctrl-C): stop any strace it started before going.
  for (const sig of ['SIGTERM', 'SIGINT'] as const) {
    process.once(sig, () => {
      session.close();
      // A demo lab start or stop in flight finishes first (its state stays true to what runs).
      void labSettled().finally(() => process.exit(0));
    });
  }
  return serveNdjson(session, input);
}
