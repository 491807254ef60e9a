// The streaming agent as the GUI runs it: a child process speaking NDJSON, with containers
// started and stopped while it polls.
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type Lab } from '../lab/lab.js';
import { AgentProcess } from './agentClient.js';
import { labFlags } from './labCollector.js';

const BIN = new URL('../../bin/isoscope.js', import.meta.url).pathname;
let lab: Lab;
let agent: AgentProcess;

beforeAll(async () => {
  lab = await startLab({ only: ['runc-hardened', 'docker'] });
  agent = new AgentProcess(BIN, ['--interval', '0.2', ...labFlags(lab)]);
});
afterAll(async () => {
  agent?.child.kill();
  await lab?.stop();
});

const fdCount = (pid: number) => readdirSync(`/proc/${pid}/fd`).length;

describe('isoscope agent --stdio', () => {
  it('says hello and streams samples with rates for the lab containers', async () => {
    const hello = await agent.request('hello');
    expect(hello).toMatchObject({ result: { schemaVersion: 1, euid: 0, root: '/' } });
    const started = await agent.request('start');
    const ids = (started as { result: { containers: { id: string }[] } }).result.containers.map((c) => c.id);
    for (const lc of lab.containers) expect(ids).toContain(lc.id);
    await agent.until(() => agent.samples().length >= 3, 20_000, 'three samples');
    const last = agent.samples().at(-1)!;
    const hardened = last.containers[lab.containers.find((c) => c.key === 'runc-hardened')!.id]!;
    expect(hardened.counters.memoryCurrent).toBeGreaterThan(0);
    expect(hardened.counters.pidsCurrent).toBeGreaterThanOrEqual(2);
    expect(hardened.rates.cpuPercent).not.toBeNull();
    expect(hardened.rates.cpuPercent!).toBeGreaterThanOrEqual(0);
    // Its own network namespace: the counters come from its /proc/PID/net/dev.
    expect(hardened.counters.netRxBytes).not.toBeNull();
    expect(last.cost.reads).toBeGreaterThan(0);
  });

  it('answers a malformed line with an error and keeps going', async () => {
    agent.child.stdin.write('this is not json\n');
    agent.child.stdin.write(JSON.stringify({ id: 99, method: 'nope' }) + '\n');
    await agent.until(() => agent.errors.length >= 2, 5_000, 'two errors');
    expect(agent.errors.map((e) => ('error' in e ? e.error.code : ''))).toEqual(['bad-json', 'bad-request']);
    expect(await agent.request('setInterval', { ms: 5 })).toMatchObject({ error: { code: 'bad-params' } });
    expect(await agent.request('setInterval', { ms: 200 })).toMatchObject({ result: { intervalMs: 200 } });
    agent.errors.length = 0;
  });

  it('reports containers that start and stop while it streams, without errors or leaked descriptors', async () => {
    const fdsBefore = fdCount(agent.child.pid!);
    // The churn lab has its own runc root, unknown to the agent: the loose runc container
    // (own mount namespace) then shows up as a sandbox — found by its init pid either way.
    const churn = await startLab({ only: ['runc-loose', 'bwrap'] });
    const pids = churn.containers.map((c) => c.initPid);
    let ids: string[] = [];
    try {
      await agent.until(
        () => pids.every((pid) => agent.added().some((c) => c.initPid === pid)),
        20_000,
        'churn containers added',
      );
      ids = pids.map((pid) => agent.added().find((c) => c.initPid === pid)!.id);
    } finally {
      await churn.stop();
    }
    await agent.until(() => ids.every((id) => agent.removed().includes(id)), 20_000, 'churn containers removed');
    const samplesAfter = agent.samples().length;
    await agent.until(() => agent.samples().length >= samplesAfter + 5, 20_000, 'five more samples');
    expect(agent.errors).toEqual([]);
    expect(agent.stderr.join('')).toBe('');
    expect(fdCount(agent.child.pid!)).toBeLessThanOrEqual(fdsBefore + 2);
    for (const id of ids) expect(agent.samples().at(-1)!.containers[id]).toBeUndefined();
  });

  it('shuts down on request', async () => {
    const exited = new Promise<number | null>((resolve) => agent.child.on('exit', resolve));
    await agent.request('shutdown');
    expect(await exited).toBe(0);
  });
});
