// Small process helpers for the lab: run a command, spawn a detached daemon,
// identify processes by pid + start time, wait for conditions.
import { execFile, spawn } from 'node:child_process';
import { openSync, closeSync, readFileSync, readdirSync } from 'node:fs';
import type { ProcRef } from './types.js';

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  input?: string | Buffer;
  timeoutMs?: number;
}

export interface RunResult {
  stdout: string;
  stderr: string;
}

export class CommandError extends Error {
  constructor(
    message: string,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super(message);
  }
}

/** Runs a command to completion; rejects with stderr in the message on failure. */
export function run(cmd: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      cmd,
      args,
      {
        env: opts.env ?? process.env,
        cwd: opts.cwd,
        timeout: opts.timeoutMs ?? 60_000,
        maxBuffer: 64 * 1024 * 1024,
        encoding: 'utf8',
      },
      (err, stdout, stderr) => {
        if (err) {
          const detail = (stderr || stdout || err.message).trim().split('\n').slice(-5).join(' | ');
          reject(new CommandError(`${cmd} ${args.join(' ')} failed: ${detail}`, stdout, stderr));
          return;
        }
        resolve({ stdout, stderr });
      },
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
    else child.stdin?.end();
  });
}

/** Like run() but never rejects; returns null on failure. */
export async function tryRun(cmd: string, args: string[], opts: RunOptions = {}): Promise<RunResult | null> {
  try {
    return await run(cmd, args, opts);
  } catch {
    return null;
  }
}

/**
 * Runs a command whose stdio goes to a log file rather than pipes. Needed for
 * commands that leave children holding stdio open (e.g. `runc run -d`).
 */
export function runToLog(cmd: string, args: string[], logFile: string, opts: RunOptions = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const fd = openSync(logFile, 'a');
    const child = spawn(cmd, args, { env: opts.env ?? process.env, cwd: opts.cwd, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${cmd} ${args.join(' ')} exited ${code ?? signal}: ${tailFile(logFile)}`));
    });
  });
}

/** Spawns a long-lived detached process (own session) with stdio to a log file. */
export function spawnDetached(cmd: string, args: string[], logFile: string, env?: NodeJS.ProcessEnv): ProcRef {
  const fd = openSync(logFile, 'a');
  const child = spawn(cmd, args, { env: env ?? process.env, detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  child.on('error', () => undefined);
  child.unref();
  if (child.pid === undefined) throw new Error(`could not spawn ${cmd}`);
  const ref = procRef(child.pid);
  if (!ref) throw new Error(`${cmd} exited immediately: ${tailFile(logFile)}`);
  return ref;
}

export function tailFile(path: string, lines = 5): string {
  try {
    return readFileSync(path, 'utf8').trim().split('\n').slice(-lines).join(' | ');
  } catch {
    return '(no log)';
  }
}

/** Start time of a pid (clock ticks since boot) or null if it does not exist. */
export function startTimeOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm may contain spaces/parens: fields after the last ')' start at field 3.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return rest[19] ?? null; // field 22
  } catch {
    return null;
  }
}

export function procRef(pid: number): ProcRef | null {
  const startTime = startTimeOf(pid);
  return startTime === null ? null : { pid, startTime };
}

export function isAlive(ref: ProcRef): boolean {
  const st = startTimeOf(ref.pid);
  if (st !== ref.startTime) return false;
  // A zombie is not alive for our purposes.
  try {
    const stat = readFileSync(`/proc/${ref.pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Sends a signal only if the pid still is the process we started. */
export function signalRef(ref: ProcRef, signal: NodeJS.Signals): boolean {
  if (!isAlive(ref)) return false;
  try {
    process.kill(ref.pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM, wait, then SIGKILL. Resolves when the process is gone. */
export async function terminate(ref: ProcRef, graceMs = 10_000, first: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!signalRef(ref, first)) return;
  if (await waitUntil(() => !isAlive(ref), graceMs)) return;
  signalRef(ref, 'SIGKILL');
  await waitUntil(() => !isAlive(ref), 5_000);
}

export function childPids(pid: number): number[] {
  const out: number[] = [];
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const text = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
      if (text) out.push(...text.split(/\s+/).map(Number));
    }
  } catch {
    /* process gone */
  }
  return out;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls cond every 100 ms until true or timeout; returns whether it became true. */
export async function waitUntil(cond: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await cond()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(100);
  }
}

/** Polls fn until it returns a non-null value; throws `what` (evaluated then) on timeout. */
export async function waitFor<T>(
  fn: () => T | null | Promise<T | null>,
  timeoutMs: number,
  what: string | (() => string),
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== null) return v;
    if (Date.now() >= deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`);
    }
    await sleep(100);
  }
}
