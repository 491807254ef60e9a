// A connection to `isoscope agent --stdio` on a remote host through the system ssh client
// (sshCommand.ts): NDJSON requests over the ssh session's stdin, answers on its stdout. What the
// remote sends is checked against the protocol's schemas (agentMap), as from any agent; ssh's
// exit code and stderr become one typed reason (classifySshFailure) when the session ends early.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { createInterface } from 'node:readline';
import {
  AgentPush,
  AgentResponse,
  agentSpecs,
  Hello,
  type AgentMethod,
  type AgentParams,
  type AgentResult,
} from '../../../shared/agent/protocol.js';
import { SCHEMA_VERSION, type Snapshot } from '../../../shared/snapshot/schema.js';
import { formatHostSpec, type SshHost } from './hostSpec.js';
import { classifySshFailure, remoteAgentCommand, type RemoteAgentOptions, type SshFailure } from './sshCommand.js';

/** The end of a session: how ssh exited, what it said, and (unless it ended as asked) why. */
export interface RemoteExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  /** null when the session ended because we closed it. */
  failure: SshFailure | null;
}

/** A remote session that failed: the typed reason and the host. */
export class RemoteAgentError extends Error {
  constructor(
    readonly host: string,
    readonly failure: SshFailure,
  ) {
    super(`${host}: ${failure.reason}: ${failure.message}`);
  }
}

/** ssh stderr kept (the tail): enough for the reason, bounded whatever the remote writes. */
const STDERR_CAP = 64 * 1024;

export class RemoteAgent extends EventEmitter<{ push: [AgentPush] }> {
  readonly child: ChildProcessWithoutNullStreams;
  readonly hostText: string;
  readonly exited: Promise<RemoteExit>;
  private stderr = '';
  private nextId = 1;
  private closing = false;
  private readonly waiting = new Map<number, { resolve: (r: AgentResponse) => void; reject: (e: Error) => void }>();
  private ended: RemoteExit | null = null;

  constructor(
    readonly host: SshHost,
    opts: RemoteAgentOptions,
  ) {
    super();
    this.hostText = formatHostSpec(host);
    const { command, args } = remoteAgentCommand(host, opts);
    this.child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (d: string) => {
      this.stderr = (this.stderr + d).slice(-STDERR_CAP);
    });
    this.child.stdin.on('error', () => {
      /* the session ended: reported through exited */
    });
    createInterface({ input: this.child.stdout, crlfDelay: Infinity }).on('line', (line) => this.onLine(line));
    this.exited = new Promise((resolve) => {
      this.child.on('close', (code, signal) => {
        const failure = this.closing && (code === 0 || signal === 'SIGTERM') ? null : classifySshFailure(code, this.stderr);
        this.ended = { code, signal, stderr: this.stderr, failure };
        const err = new RemoteAgentError(this.hostText, failure ?? { reason: 'other', message: 'the session was closed' });
        for (const w of this.waiting.values()) w.reject(err);
        this.waiting.clear();
        resolve(this.ended);
      });
      this.child.on('error', (e) => {
        this.stderr += `\n${e.message}`;
      });
    });
  }

  private onLine(line: string): void {
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      return; // not the protocol (a login banner on stdout): ignored, never interpreted
    }
    if (typeof raw === 'object' && raw !== null && 'event' in raw) {
      const p = AgentPush.safeParse(raw);
      if (p.success) this.emit('push', p.data);
      return;
    }
    const r = AgentResponse.safeParse(raw);
    if (!r.success || typeof r.data.id !== 'number') return;
    const w = this.waiting.get(r.data.id);
    if (!w) return;
    this.waiting.delete(r.data.id);
    w.resolve(r.data);
  }

  /** One request; its result checked against the protocol's schema. Rejects with RemoteAgentError when the session ends first. */
  async request<M extends AgentMethod>(method: M, params: AgentParams<M>): Promise<AgentResult<M>> {
    if (this.ended)
      throw new RemoteAgentError(this.hostText, this.ended.failure ?? { reason: 'other', message: 'the session was closed' });
    const id = this.nextId++;
    const response = await new Promise<AgentResponse>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.child.stdin.write(JSON.stringify({ id, method, params }) + '\n');
    });
    if ('error' in response) throw new Error(`${this.hostText}: ${method}: ${response.error.code}: ${response.error.message}`);
    const checked = agentSpecs[method].result.safeParse(response.result);
    if (!checked.success)
      throw new Error(
        `${this.hostText}: ${method}: the remote agent's answer does not fit the protocol: ${checked.error.issues[0]?.message ?? 'invalid'}`,
      );
    return checked.data;
  }

  /** hello, checked: the remote agent must speak this snapshot schema. */
  async hello(): Promise<Hello> {
    const h = await this.request('hello', {});
    if (h.schemaVersion !== SCHEMA_VERSION)
      throw new Error(
        `${this.hostText}: the remote agent speaks snapshot schema ${String(h.schemaVersion)}, not ${SCHEMA_VERSION}`,
      );
    return h;
  }

  /** Asks the agent to shut down, ends its stdin, and kills ssh if it has not gone after graceMs. */
  async close(graceMs = 5000): Promise<RemoteExit> {
    if (this.ended) return this.ended;
    this.closing = true;
    try {
      this.child.stdin.write(JSON.stringify({ id: this.nextId++, method: 'shutdown', params: {} }) + '\n');
      this.child.stdin.end();
    } catch {
      /* already gone */
    }
    const timer = setTimeout(() => this.child.kill('SIGTERM'), graceMs);
    const exit = await this.exited;
    clearTimeout(timer);
    return exit;
  }
}

/** One snapshot from a remote host, marked with the host it came from (snapshot.source.host). */
export async function remoteSnapshot(host: SshHost, opts: RemoteAgentOptions): Promise<Snapshot> {
  const agent = new RemoteAgent(host, opts);
  try {
    await agent.hello();
    const snap = await agent.request('snapshot', {});
    return { ...snap, source: { host: agent.hostText } };
  } finally {
    await agent.close();
  }
}
