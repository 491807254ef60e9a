// A minimal NDJSON client for `isoscope agent --stdio`, for tests.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { AgentPush, AgentResponse, type AgentMethod } from '../../shared/agent/protocol.js';

export class AgentProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly pushes: AgentPush[] = [];
  readonly errors: AgentResponse[] = [];
  readonly stderr: string[] = [];
  private nextId = 1;
  private readonly waiting = new Map<number, (r: AgentResponse) => void>();
  private readonly watchers: (() => void)[] = [];

  constructor(bin: string, args: string[]) {
    this.child = spawn(process.execPath, [bin, 'agent', '--stdio', ...args]);
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      const msg = JSON.parse(line) as Record<string, unknown>;
      if ('event' in msg) this.pushes.push(AgentPush.parse(msg));
      else {
        const r = AgentResponse.parse(msg);
        if ('error' in r) this.errors.push(r);
        if (typeof r.id === 'number') this.waiting.get(r.id)?.(r);
      }
      for (const w of this.watchers) w();
    });
    this.child.stderr.on('data', (d: Buffer) => this.stderr.push(d.toString()));
  }

  /** Params are sent as given (tests send bad ones on purpose); the method must exist. */
  request(method: AgentMethod, params?: Record<string, unknown>): Promise<AgentResponse> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.child.stdin.write(JSON.stringify({ id, method, params }) + '\n');
    });
  }

  /** Resolves when `check` holds after some message, or rejects after timeoutMs. */
  until(check: () => boolean, timeoutMs = 20_000, what = 'condition'): Promise<void> {
    return new Promise((resolve, reject) => {
      if (check()) return resolve();
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
      this.watchers.push(() => {
        if (check()) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  }

  samples(): Extract<AgentPush, { event: 'sample' }>['data'][] {
    return this.pushes.flatMap((p) => (p.event === 'sample' ? [p.data] : []));
  }

  added(): { id: string; initPid: number; runtime: string }[] {
    return this.pushes.flatMap((p) => (p.event === 'containers' ? p.data.added : []));
  }

  removed(): string[] {
    return this.pushes.flatMap((p) => (p.event === 'containers' ? p.data.removed : []));
  }
}
