// Keys from containers never index plain objects (issue 9 item 8), attacked for real: runc
// containers whose ids are `__proto__`, `constructor` and `toString` (plus the lab's own as a
// control), seen by the snapshot, the streaming agent, the GUI's service and diff/audit.
// With a plain `{}` keyed by id, `__proto__` would set the prototype instead of a key and
// `constructor`/`toString` would find Object's function before any container's value.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentStatus } from '../../shared/ipc/contract.js';
import { Snapshot } from '../../shared/snapshot/schema.js';
import { makeAgentCommand } from '../../electron/main/service/agentCommand.js';
import { IsoscopeService } from '../../electron/main/service/service.js';
import { startLab, startRuncWithId, type Lab } from '../lab/lab.js';
import { stopRunc } from '../lab/runtimes/runc.js';
import { AgentProcess } from './agentClient.js';
import { labFlags } from './labCollector.js';

const exec = promisify(execFile);
const BIN = new URL('../../bin/isoscope.js', import.meta.url).pathname;
const HOSTILE = ['__proto__', 'constructor', 'toString'];

let lab: Lab;
let ids: string[] = []; // the hostile ones, then the control
const initPids = new Map<string, number>();
const bundleConfigs = new Map<string, string>();
let agent: AgentProcess | null = null;
let service: IsoscopeService | null = null;

beforeAll(async () => {
  lab = await startLab({ only: ['runc-hardened'] });
  if (lab.containers.length !== 1) throw new Error(`the lab did not start runc: ${JSON.stringify(lab.skipped)}`);
  for (const id of HOSTILE) {
    initPids.set(id, (await startRuncWithId(lab, 'runc-hardened', id)).initPid);
    const { stdout } = await exec('runc', ['--root', lab.runcRoot, 'state', id]);
    bundleConfigs.set(id, `${(JSON.parse(stdout) as { bundle: string }).bundle}/config.json`);
  }
  ids = [...HOSTILE, lab.containers[0]!.id];
  initPids.set(ids[3]!, lab.containers[0]!.initPid);
}, 120_000);

afterAll(async () => {
  agent?.child.kill();
  service?.stop();
  // The hostile ids lack the lab prefix: delete them here for sure (started or not); lab.stop()
  // then sweeps their processes and cgroups, which do carry the prefix.
  if (lab) {
    for (const id of HOSTILE) await stopRunc(lab.runcRoot, id, undefined, lab.prefix).catch(() => undefined);
    await lab.stop();
  }
}, 120_000);

async function isoscope(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [BIN, ...args], { maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const until = async (check: () => boolean, what: string, ms = 30_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('runc containers named __proto__, constructor, toString', () => {
  it('isoscope snapshot lists each with its id, runtime and init pid', async () => {
    const { code, stdout, stderr } = await isoscope(['snapshot', '--runc-root', lab.runcRoot]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const snap = Snapshot.parse(JSON.parse(stdout));
    for (const id of ids) {
      const c = snap.containers.filter((x) => x.id === id);
      expect(c, id).toHaveLength(1);
      expect(c[0]!.runtime, id).toBe('runc');
      // Its own runc state, not the control's or another's: the init pid runc reported for it.
      expect(c[0]!.initPid, id).toBe(initPids.get(id));
    }
  });

  it('the streaming agent announces each and samples it, with numbers, on two ticks', async () => {
    agent = new AgentProcess(BIN, ['--interval', '0.2', '--runc-root', lab.runcRoot]);
    const started = (await agent.request('start')) as { result: { containers: { id: string }[] } };
    const announced = started.result.containers.map((c) => c.id);
    for (const id of ids)
      expect(
        announced.filter((x) => x === id),
        id,
      ).toHaveLength(1);
    await agent.until(
      () => agent!.samples().filter((s) => ids.every((id) => Object.hasOwn(s.containers, id))).length >= 2,
      30_000,
      'two samples with every container',
    );
    const withAll = agent.samples().filter((s) => ids.every((id) => Object.hasOwn(s.containers, id)));
    for (const sample of withAll.slice(-2)) {
      // Exactly the containers, as own keys: a `__proto__` assignment on `{}` leaves no key.
      expect(Object.keys(sample.containers), 'keys').toEqual(expect.arrayContaining(ids));
      for (const id of ids) {
        const s = sample.containers[id]!;
        expect(typeof s, id).toBe('object');
        expect(s.counters.memoryCurrent, id).toBeGreaterThan(0);
        expect(s.counters.pidsCurrent, id).toBeGreaterThanOrEqual(2);
        expect(typeof s.counters.cpuUsageNs, id).toBe('number');
      }
    }
    // The second tick has rates, which need the first tick's counters found under the same key.
    const last = withAll.at(-1)!;
    for (const id of ids) {
      expect(last.containers[id]!.rates.cpuPercent, id).not.toBeNull();
      expect(last.containers[id]!.rates.cpuPercent!, id).toBeGreaterThanOrEqual(0);
    }
    expect(agent.errors).toEqual([]);
    expect(agent.stderr.join('')).toBe('');
  });

  it('the GUI service holds each, with history points, in getState', async () => {
    const statuses: AgentStatus[] = [];
    service = new IsoscopeService({ agentCommand: makeAgentCommand(labFlags(lab), 'node'), backoffMs: [200] });
    service.on('push', (e) => e.channel === 'status' && statuses.push(e.payload as AgentStatus));
    service.start();
    await until(() => statuses.some((x) => x.state === 'connected'), 'connected');
    await until(
      () =>
        ids.every((id) => (service!.getState().history[id]?.length ?? 0) >= 2 && Array.isArray(service!.getState().history[id])),
      'two history points each',
    );
    const state = service.getState();
    expect(state.containers.map((c) => c.id)).toEqual(expect.arrayContaining(ids));
    for (const id of ids) {
      expect(Object.hasOwn(state.history, id), id).toBe(true);
      const points = state.history[id]!;
      expect(Array.isArray(points), id).toBe(true);
      expect(points.length, id).toBeGreaterThanOrEqual(2);
      expect(
        points.every((p) => typeof p.t === 'number' && typeof p.memoryBytes === 'number' && p.memoryBytes > 0),
        id,
      ).toBe(true);
    }
    // The same through the invoke channel, which checks the result against the contract.
    const r = await service.invoke('getState', {});
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const viaInvoke = r.result as { history: Record<string, unknown[]> };
    for (const id of ids) expect(Object.hasOwn(viaInvoke.history, id) && Array.isArray(viaInvoke.history[id]), id).toBe(true);
    // The per-container channels find the live container too.
    const sec = await service.invoke('getSeccomp', { containerId: '__proto__' });
    expect(sec).toMatchObject({ ok: true, result: { mode: 'filter' } });
    service.stop();
    service = null;
  });

  it('isoscope list shows a row for each, with its init pid', async () => {
    const { code, stdout, stderr } = await isoscope(['list', '--runc-root', lab.runcRoot]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    for (const id of HOSTILE) {
      const row = stdout.split('\n').find((l) => l.split(/\s+/)[0] === id);
      expect(row, id).toBeDefined();
      expect(row!.split(/\s{2,}/)[3], id).toBe(String(initPids.get(id)));
    }
  });

  it.each(HOSTILE)('isoscope seccomp %s --json decodes its filter', async (id) => {
    const r = await isoscope(['seccomp', id, '--json', '--runc-root', lab.runcRoot]);
    expect(r.stderr, id).toBe('');
    expect(r.code, id).toBe(0);
    expect(JSON.parse(r.stdout), id).toMatchObject({ mode: 'filter', filterCount: 1 });
  });

  it.each(HOSTILE)('isoscope diff <id> host and isoscope audit <id> --json resolve %s', async (id) => {
    const diff = await isoscope(['diff', id, 'host', '--json', '--runc-root', lab.runcRoot]);
    expect(diff.stderr, id).toBe('');
    expect([0, 1], id).toContain(diff.code);
    const d = JSON.parse(diff.stdout) as { a: { id: string | null; runtime: string | null } };
    expect(d.a, id).toMatchObject({ id, runtime: 'runc' });

    const audit = await isoscope(['audit', id, '--json', '--runc-root', lab.runcRoot]);
    expect(audit.stderr, id).toBe('');
    expect([0, 1], id).toContain(audit.code);
    const a = JSON.parse(audit.stdout) as {
      containers: { id: string; checks: { rule: string; outcome: string; evidence: { source: string }[] }[] }[];
    };
    expect(
      a.containers.map((c) => c.id),
      id,
    ).toEqual([id]);
    // Its declared configuration was found by its id: its own bundle's config.json, matching the kernel.
    const declared = a.containers[0]!.checks.find((c) => c.rule === 'declared.differs');
    expect(declared, id).toMatchObject({ outcome: 'pass', evidence: [{ source: bundleConfigs.get(id) }] });
  });
});

describe('reports about containers named __proto__, constructor, toString', () => {
  // A report's history and isolation are keyed by container id: a plain `{}` default finds
  // Object's own `constructor` / `__proto__` there and takes it for a container's history.
  it.each([[['export', '--html']], [['export', '--md']], [['export', '--html', '--duration', '1']]])(
    'isoscope %j names each container and exits 0',
    async (args) => {
      const r = await isoscope([...args, '--runc-root', lab.runcRoot]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      for (const id of ids) expect(r.stdout, id).toContain(id);
      if (!args.includes('--duration')) return;
      // The recorded history is each container's own: every section has its memory chart.
      for (const id of ids) {
        const section = r.stdout.split('<section id="c').find((x) => x.includes(`<small>runc · <code>${id}</code></small></h2>`));
        expect(section, id).toBeDefined();
        expect(section, id).toContain('aria-label="Memory"');
      }
    },
  );

  it.each(HOSTILE)('isoscope diff %s host --html and --md render it', async (id) => {
    for (const format of ['--html', '--md']) {
      const r = await isoscope(['diff', id, 'host', format, '--runc-root', lab.runcRoot]);
      expect(r.stderr, `${id} ${format}`).toBe('');
      expect([0, 1], `${id} ${format}`).toContain(r.code);
      expect(r.stdout, `${id} ${format}`).toContain(id);
    }
  });
});
