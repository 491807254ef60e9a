// The scripted workload the profiling lab test traces and then replays under the generated profile,
// and helpers to run things in the seccomp lab's runc containers and to find leftover straces.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { run } from '../../lab/proc.js';

/** One round: read files (cat uses sendfile, the shell's `read` uses read), list a dir, write a file, sleep. */
const ROUND = [
  'cat /etc/passwd > /dev/null',
  'ls / > /dev/null',
  'read -r first < /etc/passwd',
  'echo "round $i: $first" > /dev/shm/out',
  'cat /dev/shm/out',
  'sleep 0.1',
].join('; ');

/** Runs until killed, output dropped: what gets profiled. */
export const WORKLOAD_FOREVER = `exec > /dev/null 2>&1; i=0; while :; do ${ROUND}; i=$((i+1)); done`;

/** Three rounds and a last word: the replay under the generated profile. */
export const WORKLOAD_THREE = `i=0; while [ $i -lt 3 ]; do ${ROUND}; i=$((i+1)); done; echo workload-ok`;

export const WORKLOAD_THREE_OUTPUT = [
  'round 0: root:x:0:0:root:/root:/bin/sh',
  'round 1: root:x:0:0:root:/root:/bin/sh',
  'round 2: root:x:0:0:root:/root:/bin/sh',
  'workload-ok',
  '',
].join('\n');

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end, never rejecting: the exit code is the point. */
function runFor(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env, timeoutMs = 60_000): Promise<ExecResult> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs, encoding: 'utf8', env }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** `runc exec` in a lab container. */
export const runcExec = (runcRoot: string, id: string, args: string[]): Promise<ExecResult> =>
  runFor('runc', ['--root', runcRoot, 'exec', id, ...args]);

/** `docker run --rm --network none` against the lab's dockerd (Debian's client, like the lab). */
export function dockerRun(socket: string, configDir: string, args: string[]): Promise<ExecResult> {
  const client = existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker';
  return runFor(
    client,
    ['-H', `unix://${socket}`, 'run', '--rm', '--network', 'none', ...args],
    { ...process.env, DOCKER_CONFIG: configDir },
    120_000,
  );
}

/** Starts the endless workload in a container (`runc exec -d`), returns the pids now in it. */
export async function startWorkload(runcRoot: string, id: string): Promise<number[]> {
  await run('runc', ['--root', runcRoot, 'exec', '-d', id, '/bin/sh', '-c', WORKLOAD_FOREVER]);
  return containerPids(runcRoot, id);
}

export async function containerPids(runcRoot: string, id: string): Promise<number[]> {
  const { stdout } = await run('runc', ['--root', runcRoot, 'ps', '--format', 'json', id]);
  return JSON.parse(stdout) as number[];
}

/** strace processes (by /proc/N/comm) whose command line names one of these pids with -p, or any when none given. */
export function straceProcesses(pids: readonly number[] = []): { pid: number; cmdline: string[] }[] {
  const out: { pid: number; cmdline: string[] }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/comm`, 'utf8').trim() !== 'strace') continue;
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').filter(Boolean);
      const targets = cmdline.flatMap((a, i) => (cmdline[i - 1] === '-p' ? [Number(a)] : []));
      if (pids.length === 0 || targets.some((t) => pids.includes(t)) || cmdline.some((a) => pids.map(String).includes(a)))
        out.push({ pid: Number(name), cmdline });
    } catch {
      // gone
    }
  }
  return out;
}

/** Processes running exactly this command line (e.g. a command the profiler ran). */
export function processesRunning(argv: readonly string[]): number[] {
  const want = argv.join('\0') + '\0';
  return readdirSync('/proc')
    .filter((n) => /^\d+$/.test(n))
    .flatMap((n) => {
      try {
        return readFileSync(`/proc/${n}/cmdline`, 'utf8') === want ? [Number(n)] : [];
      } catch {
        return [];
      }
    });
}

/** A pid that cannot exist (above pid_max). */
export const impossiblePid = (): number => Number(readFileSync('/proc/sys/kernel/pid_max', 'utf8').trim()) + 1;

/** Waits for `check` to hold, polling; throws with `what` on timeout. */
export async function waitFor(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
