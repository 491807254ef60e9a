// `isoscope serve` started by a spec (a fixture tree, or extra hosts), beside the one globalSetup
// starts for the lab: its printed URL (token included), and a way to stop it.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ServedApp {
  url: string;
  process: ChildProcess;
  stop(): void;
}

/** Runs `isoscope serve --port 0 ARGS…` and resolves with its URL once printed. */
export async function serveApp(args: string[], timeoutMs = 60_000): Promise<ServedApp> {
  const proc = spawn(process.execPath, ['bin/isoscope.js', 'serve', '--port', '0', ...args], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`isoscope serve printed no URL in ${timeoutMs / 1000} s`)), timeoutMs);
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    proc.on('exit', (code) => reject(new Error(`isoscope serve exited (${code})`)));
  }).catch((err: unknown) => {
    proc.kill('SIGTERM');
    throw err;
  });
  return { url, process: proc, stop: () => proc.kill('SIGTERM') };
}
