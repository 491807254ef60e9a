// `isoscope agent --stdio`: requests in, responses and pushed samples out, one JSON object per
// line. A malformed line gets an error response (id null) and the agent carries on.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { AgentRequest, type AgentPush, type AgentResponse, type Hello } from '../../../shared/agent/protocol.js';
import { SCHEMA_VERSION } from '../../../shared/snapshot/schema.js';
import { Collector } from '../collect/collector.js';
import type { CollectOptions } from '../collect/options.js';
import { AGENT_VERSION } from '../version.js';
import { Poller } from './poller.js';
import { decodeSeccomp, SeccompReadError } from '../seccomp/report.js';
import { declaredSeccomp } from '../seccomp/declared.js';
import { ProfileProgress, SeccompReport } from '../../../shared/seccomp/report.js';
import { ProfileRunner, type ProfileRequest } from '../seccomp/profiler/runner.js';

export const MIN_INTERVAL_MS = 100;
export const MAX_INTERVAL_MS = 3_600_000;

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
      const { sample, changes } = await this.poller.tick();
      if (changes && (changes.added.length || changes.removed.length || changes.changed.length)) {
        this.send({ event: 'containers', data: changes });
      }
      this.send({ event: 'sample', data: sample });
    } catch (err) {
      this.send({ id: null, error: { code: 'tick-failed', message: (err as Error).message } });
    } finally {
      this.ticking = false;
      this.schedule();
    }
  }

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
      const id = typeof (raw as { id?: unknown })?.id === 'number' ? (raw as { id: number }).id : null;
      this.send({ id, error: { code: 'bad-request', message: parsed.error.issues[0]?.message ?? 'invalid request' } });
      return;
    }
    const { id, method, params } = parsed.data;
    try {
      switch (method) {
        case 'hello':
          return this.send({ id, result: this.hello() });
        case 'snapshot':
          return this.send({ id, result: await this.collector.snapshot() });
        case 'seccomp': {
          const pid = Number(params?.pid);
          if (!Number.isInteger(pid) || pid <= 0) return this.send({ id, error: { code: 'bad-params', message: 'pid must be a positive integer' } });
          try {
            const declared = typeof params?.bundle === 'string' ? declaredSeccomp(this.collector.fs, params.bundle) : undefined;
            return this.send({ id, result: SeccompReport.parse(await decodeSeccomp(pid, declared ? { declared } : {})) });
          } catch (err) {
            if (err instanceof SeccompReadError) return this.send({ id, error: { code: err.reason, message: err.detail } });
            throw err;
          }
        }
        case 'profileStart': {
          const req = params as Partial<ProfileRequest> | undefined;
          const ok =
            typeof req?.profileId === 'string' && typeof req.containerId === 'string' && Number.isInteger(req.pid) && Array.isArray(req.pids) &&
            req.pids.every((p) => Number.isInteger(p)) && Number.isInteger(req.durationMs) && req.durationMs! >= 1000 && req.durationMs! <= 600_000;
          if (!ok) return this.send({ id, error: { code: 'bad-params', message: 'profileId, containerId, pid, pids and durationMs (1000–600000) are required' } });
          try {
            this.profiler.start(req as ProfileRequest);
          } catch (err) {
            return this.send({ id, error: { code: 'bad-params', message: (err as Error).message } });
          }
          return this.send({ id, result: { profileId: req.profileId } });
        }
        case 'profileCancel': {
          const profileId = String(params?.profileId ?? '');
          if (!this.profiler.cancel(profileId)) return this.send({ id, error: { code: 'not-found', message: `no running profile ${profileId}` } });
          return this.send({ id, result: null });
        }
        case 'setInterval': {
          const ms = Number(params?.ms);
          if (!Number.isFinite(ms) || ms < MIN_INTERVAL_MS || ms > MAX_INTERVAL_MS) {
            return this.send({ id, error: { code: 'bad-params', message: `ms must be ${MIN_INTERVAL_MS}–${MAX_INTERVAL_MS}` } });
          }
          this.intervalMs = ms;
          return this.send({ id, result: { intervalMs: ms } });
        }
        case 'start': {
          if (!this.poller) {
            this.poller = new Poller(this.collector);
            await this.runTick();
          }
          return this.send({ id, result: { host: this.poller.host, containers: this.poller.containers } });
        }
        case 'stop':
          this.stopPolling();
          return this.send({ id, result: null });
        case 'shutdown':
          this.send({ id, result: null });
          this.close();
          return;
      }
    } catch (err) {
      this.send({ id, error: { code: 'failed', message: (err as Error).message } });
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

export function runStdioAgent(options: Partial<CollectOptions>, intervalMs: number, input: Readable, output: Writable): Promise<void> {
  return new Promise((resolve) => {
    const rl = createInterface({ input, crlfDelay: Infinity });
    const session = new AgentSession(options, intervalMs, (msg) => {
      output.write(JSON.stringify(msg) + '\n');
    });
    let queue = Promise.resolve();
    const finish = () => {
      session.close();
      rl.close();
      resolve();
    };
    rl.on('line', (line) => {
      if (!line.trim()) return;
      queue = queue.then(async () => {
        await session.handle(line);
        if (session.isClosed) finish();
      });
    });
    rl.on('close', () => void queue.then(finish));
    // Killed by the GUI (or Ctrl-C): stop any strace it started before going.
    for (const sig of ['SIGTERM', 'SIGINT'] as const) {
      process.once(sig, () => {
        session.close();
        process.exit(0);
      });
    }
  });
}
