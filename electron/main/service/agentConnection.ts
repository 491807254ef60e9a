// One running collector process (`isoscope agent --stdio`), possibly elevated through pkexec or
// sudo: requests with ids, pushed events, and an exit notification. The GUI never reads /proc
// itself; everything comes through here.
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { createInterface } from 'node:readline';
import {
  AgentPush,
  AgentResponse,
  agentSpecs,
  type AgentMethod,
  type AgentParams,
  type AgentResult,
} from '../../../shared/agent/protocol.js';
import type { Elevation } from '../../../shared/ipc/contract.js';
import { checkElevation, refusalCommand } from './elevation.js';

export interface AgentCommand {
  /** The program and arguments that start `isoscope agent --stdio …`. */
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Variables the command needs even when elevated (pkexec and sudo clear the environment). */
  keepEnv?: Record<string, string>;
}

/**
 * Prefixes the command with pkexec or sudo (sudo -n: no password prompt on a pipe), on real paths,
 * only when everything root would run is root's alone (elevation.ts); otherwise the command is a
 * refusal that exits 126 saying which file, whose, which mode (the service then falls back).
 */
export function elevate(cmd: AgentCommand, how: Elevation): AgentCommand {
  if (how === 'none') return cmd;
  const checked = checkElevation(cmd);
  if (!checked.ok) return refusalCommand(cmd, checked.problem);
  const kept = checked.launcher ? [] : Object.entries(cmd.keepEnv ?? {}).map(([k, v]) => `${k}=${v}`);
  const target = [checked.command, ...checked.args];
  const inner = kept.length > 0 ? ['/usr/bin/env', ...kept, ...target] : target;
  if (how === 'sudo') return { ...cmd, command: 'sudo', args: ['-n', '--', ...inner] };
  return { ...cmd, command: 'pkexec', args: inner };
}

/** A request the agent refused or could not answer; `code` is the protocol's error code. */
export class AgentRequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface AgentConnectionEvents {
  push: [AgentPush];
  /** A line that claims to be a push but does not match the protocol (it is dropped). */
  invalid: [string];
  exit: [{ code: number | null; signal: string | null; stderr: string }];
}

export class AgentConnection extends EventEmitter<AgentConnectionEvents> {
  private readonly child: ChildProcess;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private stderrTail = '';
  private exited = false;

  constructor(cmd: AgentCommand) {
    super();
    const env = { ...(cmd.env ?? process.env), ...(cmd.keepEnv ?? {}) };
    this.child = spawn(cmd.command, cmd.args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.on('error', (err) => this.finish(null, null, err.message));
    this.child.on('exit', (code, signal) => this.finish(code, signal, ''));
    this.child.stderr!.on('data', (d: Buffer) => {
      this.stderrTail = (this.stderrTail + d.toString()).slice(-4000);
    });
    createInterface({ input: this.child.stdout! }).on('line', (line) => this.onLine(line));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  private onLine(line: string): void {
    let msg: unknown;
    try {
      msg = JSON.parse(line);
    } catch {
      return; // not ours (a sudo banner, say)
    }
    const push = AgentPush.safeParse(msg);
    if (push.success) {
      this.emit('push', push.data);
      return;
    }
    if (typeof msg === 'object' && msg !== null && 'event' in msg) {
      // Dropped, but not silently: a push that does not match the protocol is a collector bug.
      const issue = push.error.issues[0];
      this.emit(
        'invalid',
        `the collector sent a ${String(msg.event).slice(0, 32)} push that does not match the protocol (${issue ? `${issue.path.map(String).join('.')}: ${issue.message}` : 'invalid'})`,
      );
      return;
    }
    const res = AgentResponse.safeParse(msg);
    if (!res.success || res.data.id === null) return;
    const waiter = this.pending.get(res.data.id);
    if (!waiter) return;
    this.pending.delete(res.data.id);
    if ('error' in res.data) waiter.reject(new AgentRequestError(res.data.error.code, res.data.error.message));
    else waiter.resolve(res.data.result);
  }

  private finish(code: number | null, signal: string | null, error: string): void {
    if (this.exited) return;
    this.exited = true;
    for (const w of this.pending.values()) w.reject(new AgentRequestError('not-connected', 'the agent exited'));
    this.pending.clear();
    this.emit('exit', { code, signal, stderr: (error || this.stderrTail).trim() });
  }

  /**
   * Calls one method of the agent's protocol. Params are typed by agentMap; the answer is checked
   * against the method's result schema (the agent reads what containers write: its output is
   * data, not trusted code), and a failure carries the agent's error code.
   */
  request<M extends AgentMethod>(method: M, params: AgentParams<M>, timeoutMs = 30_000): Promise<AgentResult<M>> {
    if (this.exited) return Promise.reject(new AgentRequestError('not-connected', 'the agent is not running'));
    const id = this.nextId++;
    const raw = new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new AgentRequestError('timeout', `the agent did not answer ${method} in ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (v) => (clearTimeout(timer), resolve(v)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      this.child.stdin!.write(JSON.stringify({ id, method, params }) + '\n');
    });
    return raw.then((value) => {
      const checked = agentSpecs[method].result.safeParse(value);
      if (!checked.success)
        throw new AgentRequestError(
          'bad-result',
          `the agent's answer to ${method} does not match the protocol: ${checked.error.issues[0]?.message ?? 'invalid'}`,
        );
      return checked.data;
    });
  }

  stop(): void {
    if (this.exited) return;
    this.child.stdin!.end();
    const t = setTimeout(() => this.child.kill('SIGTERM'), 1000);
    t.unref();
  }

  /**
   * Gives up on a collector that stopped answering: SIGKILL (which also ends a stopped process),
   * pipes closed, pending requests failed, and `exit` emitted at once with the reason — without
   * waiting for the process, which may not be ours to kill (an elevated collector runs as root).
   */
  abandon(reason: string): void {
    if (this.exited) return;
    try {
      this.child.kill('SIGKILL');
    } catch {
      // EPERM: root's process; it is cut off below all the same.
    }
    this.child.stdin?.destroy();
    this.child.stdout?.destroy();
    this.child.stderr?.destroy();
    this.finish(null, 'SIGKILL', reason);
  }
}
