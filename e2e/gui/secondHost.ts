// The app watching a real second host, for the multi-host specs: sshd started for the run in a
// network namespace of its own (e2e/remote/sshHost.ts), reached by the system ssh client with a
// key made for the run and its own ssh_config (never ~/.ssh), running the agent bundle with the
// lab's flags — so the lab's containers are seen through both hosts. Browser mode gets the hosts
// as `isoscope serve` flags; the desktop app (project electron-standin: the real main under the
// Electron stand-in) gets the same `--flag=value` words on its command line, before the collector
// flags' `--`.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { labFlags } from '../agent/labCollector.js';
import { launchStandin, type StandinApp } from '../electron-standin/launch.js';
import { startSshHost, type SshHostHandle } from '../remote/sshHost.js';
import { Inspector } from './pages/inspector.js';
import { serveApp, type ServedApp } from './serve.js';
import { guiState } from './state.js';

// Two collectors' first scans (this machine's and the remote's) on a loaded 2-core machine.
export const REMOTE_MS = 240_000;

export interface TwoHostApp {
  remote: SshHostHandle;
  /** A directory of this run (ssh_config, hosts.json, files the spec saves). */
  dir: string;
  served: ServedApp | null;
  desktop: StandinApp | null;
  /** The app with both hosts, its collector connected: browser mode loaded afresh, or the desktop window reloaded. */
  open(page: Page): Promise<Inspector>;
  /** Stops the app and the second host; throws if the desktop main exited badly. */
  stop(): Promise<void>;
}

/** `--flag value` pairs as `--flag=value` (the form remote agent flags take). */
function joined(flags: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < flags.length; i += 2) out.push(`${flags[i]}=${flags[i + 1]}`);
  return out;
}

export async function startTwoHostApp(project: string, dirPrefix: string): Promise<TwoHostApp> {
  const remote = await startSshHost({ netns: true });
  const dir = mkdtempSync(join(tmpdir(), dirPrefix));
  const sshConfig = join(dir, 'ssh_config');
  writeFileSync(
    sshConfig,
    [
      'Host *',
      `  IdentityFile ${remote.identityFile}`,
      '  IdentitiesOnly yes',
      `  UserKnownHostsFile ${remote.knownHostsFile}`,
      '  GlobalKnownHostsFile /dev/null',
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  const lab = labFlags(guiState().lab);
  const hostFlags = [
    `--host=${remote.url}`,
    `--ssh-config=${sshConfig}`,
    `--host-agent=${resolve('dist/remote/isoscope-agent.cjs')}`,
    ...joined(lab).map((f) => `--host-agent-arg=${f}`),
  ];
  // Hosts added in the desktop app go to the stand-in's userData/hosts.json (a directory of this run).
  const desktop = project === 'electron-standin' ? await launchStandin({ args: [...hostFlags, '--', ...lab] }) : null;
  const served = desktop
    ? null
    : await serveApp(['--interval', '0.5', ...lab, ...hostFlags, `--hosts-file=${join(dir, 'hosts.json')}`]);
  return {
    remote,
    dir,
    served,
    desktop,
    async open(page) {
      const ui = new Inspector(desktop ? desktop.page : page);
      await ui.page.setViewportSize({ width: 1400, height: 860 });
      if (desktop) {
        await desktop.page.reload();
        await ui.status.expectConnected(REMOTE_MS);
      } else await ui.load(served!.url, REMOTE_MS);
      return ui;
    },
    async stop() {
      served?.stop();
      const code = await desktop?.close();
      await remote.stop();
      rmSync(dir, { recursive: true, force: true });
      if (code !== undefined && code !== 0) throw new Error(`the main process exited with ${code}:\n${desktop!.output()}`);
    },
  };
}
