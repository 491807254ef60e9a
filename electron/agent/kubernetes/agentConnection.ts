// The client half of the agent's NDJSON protocol over any byte stream (a port-forward, a TCP
// socket): one request at a time is enough for the plugin. Answers are checked against the
// protocol's result schemas: the agent is remote, and what reaches us went through a cluster.
import type { Duplex } from 'node:stream';
import { AgentResponse, agentSpecs, type AgentMethod, type AgentResult } from '../../../shared/agent/protocol.js';

/** A snapshot of a large node is a few MB; a line longer than this is refused, not buffered forever. */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;

export class AgentError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class AgentConnection {
  private buffered: Buffer[] = [];
  private bufferedBytes = 0;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (r: AgentResponse) => void; reject: (e: Error) => void }>();
  private failure: Error | null = null;

  constructor(
    private readonly stream: Duplex,
    private readonly maxLineBytes = MAX_LINE_BYTES,
  ) {
    stream.on('data', (chunk: Buffer) => this.take(chunk));
    stream.on('error', (err: Error) => this.fail(err));
    stream.on('close', () => this.fail(new AgentError('closed', 'the agent closed the connection')));
    stream.on('end', () => this.fail(new AgentError('closed', 'the agent closed the connection')));
  }

  private take(chunk: Buffer): void {
    let start = 0;
    for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
      this.buffered.push(chunk.subarray(start, nl));
      const line = Buffer.concat(this.buffered).toString('utf8');
      this.buffered = [];
      this.bufferedBytes = 0;
      start = nl + 1;
      this.line(line);
    }
    if (start < chunk.length) {
      this.buffered.push(chunk.subarray(start));
      this.bufferedBytes += chunk.length - start;
      if (this.bufferedBytes > this.maxLineBytes) {
        this.fail(new AgentError('too-long', `the agent sent a line over ${this.maxLineBytes} bytes`));
        this.stream.destroy();
      }
    }
  }

  private line(text: string): void {
    if (!text.trim()) return;
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return this.fail(new AgentError('bad-json', 'the agent sent a line that is not JSON'));
    }
    if (typeof raw === 'object' && raw !== null && 'event' in raw) return; // pushes: not asked for here
    const parsed = AgentResponse.safeParse(raw);
    if (!parsed.success) return this.fail(new AgentError('bad-response', 'the agent sent an answer outside the protocol'));
    const r = parsed.data;
    if (typeof r.id !== 'number') {
      // An error without an id is about the connection (e.g. "busy"): every waiter gets it.
      if ('error' in r) this.fail(new AgentError(r.error.code, r.error.message));
      return;
    }
    const w = this.waiting.get(r.id);
    this.waiting.delete(r.id);
    w?.resolve(r);
  }

  private fail(err: Error): void {
    if (this.failure) return;
    this.failure = err;
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }

  /** Sends one request and resolves with its result, checked against the protocol. */
  async request<M extends AgentMethod>(method: M, params: Record<string, unknown> = {}): Promise<AgentResult<M>> {
    if (this.failure) throw this.failure;
    const id = this.nextId++;
    const response = await new Promise<AgentResponse>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.stream.write(JSON.stringify({ id, method, params }) + '\n');
    });
    if ('error' in response) throw new AgentError(response.error.code, `${method}: ${response.error.message}`);
    const result = agentSpecs[method].result.safeParse(response.result);
    if (!result.success)
      throw new AgentError(
        'bad-response',
        `${method}: the agent's answer does not match the protocol (${result.error.issues[0]?.path.join('.') ?? ''}: ${result.error.issues[0]?.message ?? ''})`,
      );
    return result.data as AgentResult<M>;
  }

  close(): void {
    this.stream.end();
  }
}
