// Before the GUI specs: a lab of real containers and `isoscope serve` pointed at it. The state
// (URL with token, lab description) goes to a file of this run that the specs read (named in
// the environment: several runs may share the checkout); the returned function tears both down.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { labToJson, startLab } from '../lab/lab.js';
import { labFlags } from '../agent/labCollector.js';
import { GUI_STATE_ENV } from './state.js';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const lab = await startLab();
  const server = spawn(process.execPath, ['bin/isoscope.js', 'serve', '--port', '0', '--interval', '0.5', ...labFlags(lab)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('isoscope serve printed no URL in 60 s')), 60_000);
    createInterface({ input: server.stdout! }).on('line', (line) => {
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    server.on('exit', (code) => reject(new Error(`isoscope serve exited (${code})`)));
  }).catch(async (err: unknown) => {
    // No server, no specs: the lab's daemons and containers must not outlive the run.
    server.kill('SIGTERM');
    await lab.stop();
    throw err;
  });
  mkdirSync('e2e/artifacts', { recursive: true });
  const statePath = `e2e/artifacts/.gui-state-${process.pid}.json`;
  writeFileSync(statePath, JSON.stringify({ url, lab: labToJson(lab) }, null, 2));
  process.env[GUI_STATE_ENV] = statePath;
  return async () => {
    rmSync(statePath, { force: true });
    server.kill('SIGTERM');
    await lab.stop();
  };
}
