// The GUI's service with a real collector: a sandbox's pid 1 drops capabilities and sets
// NoNewPrivs without exec (e2e/agent/live/changer.c); the service pushes the events on its
// `isolation` channel and keeps them for the container in getState, which a renderer that
// connects later loads.
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { makeAgentCommand } from '../../electron/main/service/agentCommand.js';
import { IsoscopeService } from '../../electron/main/service/service.js';
import type { PushEvent } from '../../shared/ipc/contract.js';
import { InitialState } from '../../shared/ipc/contract.js';
import { childPids, waitFor } from '../lab/proc.js';

const SOURCE = new URL('./live/changer.c', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'isoscope-live-service-'));
let sandbox: ChildProcessWithoutNullStreams | null = null;
let service: IsoscopeService | null = null;

afterAll(() => {
  service?.stop();
  sandbox?.stdin.end('q\n');
  sandbox?.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

describe('the service keeps isolation events', () => {
  it('pushes them on the isolation channel and serves them in getState', async () => {
    const bin = join(work, 'changer');
    execFileSync('gcc', ['-O2', '-o', bin, SOURCE]);
    const lines: string[] = [];
    sandbox = spawn('unshare', ['--fork', '--pid', '--mount-proc', '--mount', '--net', bin]);
    createInterface({ input: sandbox.stdout }).on('line', (l) => lines.push(l));
    await waitFor(() => (lines.includes('ready') ? true : null), 10_000, 'the changer');
    const pid = await waitFor(() => childPids(sandbox!.pid!)[0] ?? null, 10_000, 'the changer pid');

    service = new IsoscopeService({ agentCommand: makeAgentCommand([], 'node'), intervalMs: 300, backoffMs: [200] });
    const pushes: PushEvent[] = [];
    service.on('push', (e) => pushes.push(e));
    service.start();
    await waitFor(
      () => (service!.getState().containers.some((c) => c.initPid === pid) ? true : null),
      30_000,
      'the sandbox in the service',
    );

    for (const step of ['n', 'c']) {
      const before = lines.length;
      sandbox.stdin.write(step + '\n');
      await waitFor(() => (lines.slice(before).includes(`ok ${step}`) ? true : null), 10_000, `step ${step}`);
    }
    const id = String(pid);
    await waitFor(() => ((service!.getState().isolation?.[id]?.length ?? 0) >= 2 ? true : null), 20_000, 'two events kept');
    const state = InitialState.parse(JSON.parse(JSON.stringify(service.getState())));
    const kept = state.isolation![id]!;
    expect(kept.map((e) => e.change.kind).sort()).toEqual(['capabilities', 'noNewPrivs']);
    expect(kept.every((e) => e.containerId === id && e.pid === pid)).toBe(true);
    const pushed = pushes.flatMap((p) => (p.channel === 'isolation' ? p.payload : [])).filter((e) => e.pid === pid);
    expect(pushed).toEqual(kept);
  });
});
