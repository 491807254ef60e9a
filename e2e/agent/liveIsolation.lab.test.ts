// "Live means live": a process in a sandbox changes its isolation without exec — a new UTS
// namespace, NoNewPrivs, a seccomp filter, capabilities dropped with capset, setresgid,
// setresuid — one step at a time (e2e/agent/live/changer.c). After each step, within two poll
// ticks, the poller's container shows what the kernel says now and there is one event per
// change with the right before/after values; the streaming agent's container and a snapshot
// requested from it equal a fresh `isoscope snapshot`; an nsenter from the host (more
// capabilities than the sandbox) is flagged as a weaker entry.
import { execFile, execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Collector } from '../../electron/agent/collect/collector.js';
import { Poller } from '../../electron/agent/stream/poller.js';
import type { IsolationEvent } from '../../shared/snapshot/isolationEvents.js';
import { Snapshot, type Container } from '../../shared/snapshot/schema.js';
import { childPids, waitFor } from '../lab/proc.js';
import { AgentProcess } from './agentClient.js';

const BIN = new URL('../../bin/isoscope.js', import.meta.url).pathname;
const SOURCE = new URL('./live/changer.c', import.meta.url).pathname;
const run = promisify(execFile);

let work: string;
let sandbox: ChildProcessWithoutNullStreams;
let pid: number; // the changer: pid 1 of the sandbox's pid namespace
const lines: string[] = [];
let poller: Poller;
let agent: AgentProcess;
let nsenter: ChildProcessWithoutNullStreams | null = null;

/** What /proc/PID/status and the ns links say right now. */
function kernel(p: number) {
  const status = readFileSync(`/proc/${p}/status`, 'utf8');
  const field = (k: string) => new RegExp(`^${k}:\\s*(.*)$`, 'm').exec(status)![1]!.trim();
  return {
    capEff: field('CapEff'),
    capPrm: field('CapPrm'),
    noNewPrivs: field('NoNewPrivs') === '1',
    seccomp: Number(field('Seccomp')),
    filters: Number(field('Seccomp_filters')),
    uid: field('Uid').split(/\s+/).map(Number),
    gid: field('Gid').split(/\s+/).map(Number),
    uts: Number(/\[(\d+)\]/.exec(readlinkSync(`/proc/${p}/ns/uts`))![1]),
  };
}

/** The container's view of its init, in the kernel's terms. */
function shown(c: Container) {
  return {
    capEff: c.capabilities.effective!.hex,
    capPrm: c.capabilities.permitted!.hex,
    noNewPrivs: c.seccomp.noNewPrivs,
    seccomp: c.seccomp.mode === 'filter' ? 2 : c.seccomp.mode === 'strict' ? 1 : 0,
    filters: c.seccomp.filters,
    uid: Object.values(c.processes.find((p) => p.pid === c.initPid)!.uid!),
    gid: Object.values(c.processes.find((p) => p.pid === c.initPid)!.gid!),
    uts: c.namespaces.uts.inode,
  };
}

/** Isolation facts of a container, without usage, process state and time (which move on their own). */
function isolationOf(c: Container) {
  return {
    id: c.id,
    namespaces: Object.fromEntries(Object.entries(c.namespaces).map(([t, n]) => [t, n.inode])),
    capabilities: c.capabilities,
    seccomp: c.seccomp,
    lsm: c.lsm,
    userNamespace: c.userNamespace,
    processes: c.processes.map(({ state: _s, startedAt: _a, ...p }) => p),
    unavailable: c.unavailable.filter((u) => !u.field.startsWith('cgroup')),
  };
}

async function step(cmd: string): Promise<void> {
  const before = lines.length;
  sandbox.stdin.write(cmd + '\n');
  const reply = await waitFor(
    () => lines.slice(before).find((l) => l.endsWith(` ${cmd}`) || l.includes(` ${cmd} `)) ?? null,
    10_000,
    `step ${cmd}`,
  );
  expect(reply).toBe(`ok ${cmd}`);
}

/** Ticks the poller until `want` holds, at most two ticks; returns the events of those ticks. */
async function withinTwoTicks(
  want: (c: Container, events: IsolationEvent[]) => boolean,
): Promise<{ c: Container; events: IsolationEvent[]; ticks: number }> {
  const events: IsolationEvent[] = [];
  for (let ticks = 1; ticks <= 2; ticks++) {
    const r = await poller.tick();
    events.push(...r.events);
    const c = poller.containers.find((x) => x.initPid === pid);
    if (c && want(c, events)) return { c, events, ticks };
  }
  const c = poller.containers.find((x) => x.initPid === pid)!;
  return { c, events, ticks: 3 };
}

const mine = (events: IsolationEvent[], p = pid) => events.filter((e) => e.pid === p);

async function freshSnapshot(): Promise<Snapshot> {
  const { stdout } = await run(process.execPath, [BIN, 'snapshot'], { maxBuffer: 256 * 1024 * 1024 });
  return Snapshot.parse(JSON.parse(stdout));
}

async function agentSnapshot(): Promise<Snapshot> {
  const r = await agent.request('snapshot');
  if (!('result' in r)) throw new Error(JSON.stringify(r));
  return Snapshot.parse(r.result);
}

/** Isolation events the streaming agent pushed for the changer. */
function pushedEvents(): IsolationEvent[] {
  return agent.pushes.flatMap((p) => (p.event === 'isolation' ? p.data.filter((e) => e.pid === pid) : []));
}

/** The latest container the stream pushed (added or changed) for the sandbox. */
function streamed(): Container | undefined {
  let last: Container | undefined;
  for (const p of agent.pushes) {
    if (p.event !== 'containers') continue;
    for (const c of [...p.data.added, ...p.data.changed]) if (c.initPid === pid) last = c;
  }
  return last;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'isoscope-live-'));
  const bin = join(work, 'changer');
  execFileSync('gcc', ['-O2', '-Wall', '-o', bin, SOURCE]);
  // A sandbox the test owns: own pid, mount and network namespaces, the changer as its pid 1.
  sandbox = spawn('unshare', ['--fork', '--pid', '--mount-proc', '--mount', '--net', bin]);
  createInterface({ input: sandbox.stdout }).on('line', (l) => lines.push(l));
  await waitFor(() => (lines.includes('ready') ? true : null), 10_000, 'the changer to start');
  pid = await waitFor(() => childPids(sandbox.pid!)[0] ?? null, 10_000, 'the changer pid');
  poller = new Poller(new Collector({ useEngineApis: false }));
  await poller.tick(); // first sight: no events
  agent = new AgentProcess(BIN, ['--interval', '0.2']);
  await agent.request('start');
  await agent.until(() => streamed() !== undefined, 20_000, 'the sandbox streamed');
});

afterAll(async () => {
  nsenter?.kill('SIGKILL');
  agent?.child.kill();
  sandbox?.stdin.end('q\n');
  sandbox?.kill('SIGKILL');
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('isolation that changes without exec', () => {
  it('starts with the kernel values and no events', () => {
    const c = poller.containers.find((x) => x.initPid === pid)!;
    expect(c, 'the sandbox is a container').toBeDefined();
    expect(c.runtime).toBe('sandbox');
    expect(shown(c)).toEqual(kernel(pid));
    expect(kernel(pid).capEff).not.toBe('0000000000000000');
  });

  const steps: {
    cmd: string;
    what: string;
    kinds: IsolationEvent['change']['kind'][];
    check: (events: IsolationEvent[], before: ReturnType<typeof kernel>, after: ReturnType<typeof kernel>) => void;
  }[] = [
    {
      cmd: 'u',
      what: 'unshare(CLONE_NEWUTS)',
      kinds: ['namespace'],
      check: ([e], b, a) => {
        // The sandbox was started without its own UTS namespace: it leaves the host's.
        expect(e!.change).toEqual({ kind: 'namespace', type: 'uts', from: b.uts, to: a.uts, fromHost: true, toHost: false });
        expect(b.uts).toBe(Number(/\[(\d+)\]/.exec(readlinkSync('/proc/self/ns/uts'))![1]));
        expect(e!.weakens).toBe(false);
      },
    },
    {
      cmd: 'n',
      what: 'PR_SET_NO_NEW_PRIVS',
      kinds: ['noNewPrivs'],
      check: ([e]) => {
        expect(e!.change).toEqual({ kind: 'noNewPrivs', from: false, to: true });
        expect(e!.weakens).toBe(false);
      },
    },
    {
      cmd: 's',
      what: 'a seccomp filter',
      kinds: ['seccomp'],
      check: ([e], b, a) => {
        expect(e!.change).toEqual({
          kind: 'seccomp',
          from: { mode: 'disabled', filters: b.filters },
          to: { mode: 'filter', filters: a.filters },
        });
        expect(a.filters).toBe(b.filters + 1);
        expect(e!.weakens).toBe(false);
      },
    },
    {
      cmd: 'c',
      what: 'capset keeping CAP_SETUID and CAP_SETGID',
      kinds: ['capabilities'],
      check: ([e], b, a) => {
        if (e!.change.kind !== 'capabilities') throw new Error('not a capabilities event');
        const eff = e!.change.sets.find((s) => s.set === 'effective')!;
        expect(eff).toMatchObject({ fromHex: b.capEff, toHex: a.capEff, gained: [] });
        expect(eff.lost).toContain('CAP_SYS_ADMIN');
        expect(eff.lost).not.toContain('CAP_SETUID');
        expect(e!.change.sets.find((s) => s.set === 'permitted')).toMatchObject({ fromHex: b.capPrm, toHex: a.capPrm });
        expect(a.capEff).toBe('00000000000000c0');
        expect(e!.weakens).toBe(false);
      },
    },
    {
      cmd: 'g',
      what: 'setresgid(1000)',
      kinds: ['gid'],
      check: ([e], b) => {
        expect(e!.change).toEqual({
          kind: 'gid',
          from: { real: b.gid[0], effective: b.gid[1], saved: b.gid[2], filesystem: b.gid[3] },
          to: { real: 1000, effective: 1000, saved: 1000, filesystem: 1000 },
        });
      },
    },
    {
      // The kernel clears the capabilities left when every uid becomes non-zero: two facts change.
      cmd: 'i',
      what: 'setresuid(1000)',
      kinds: ['capabilities', 'uid'],
      check: (events, b, a) => {
        const uid = events.find((e) => e.change.kind === 'uid')!;
        expect(uid.change).toEqual({
          kind: 'uid',
          from: { real: 0, effective: 0, saved: 0, filesystem: 0 },
          to: { real: 1000, effective: 1000, saved: 1000, filesystem: 1000 },
        });
        expect(uid.weakens).toBe(false);
        const caps = events.find((e) => e.change.kind === 'capabilities')!;
        expect(caps.change).toMatchObject({
          sets: expect.arrayContaining([
            { set: 'effective', fromHex: b.capEff, toHex: a.capEff, gained: [], lost: ['CAP_SETGID', 'CAP_SETUID'] },
          ]),
        });
        expect(a.capEff).toBe('0000000000000000');
      },
    },
  ];

  for (const s of steps) {
    it(`${s.what}: within two ticks the container shows the kernel's values, one event per change, and the agent's snapshot equals a fresh one`, async () => {
      const before = kernel(pid);
      const pushedBefore = pushedEvents().length;
      await step(s.cmd);
      const after = kernel(pid);
      const { c, events, ticks } = await withinTwoTicks(
        (c, ev) => JSON.stringify(shown(c)) === JSON.stringify(after) && mine(ev).length >= s.kinds.length,
      );
      expect(ticks, 'ticks until the change shows').toBeLessThanOrEqual(2);
      expect(shown(c)).toEqual(after);
      const own = mine(events);
      expect(own.map((e) => e.change.kind).sort()).toEqual([...s.kinds].sort());
      for (const e of own) {
        expect(e.containerId).toBe(c.id);
        expect(e.startTime).toBe(c.processes.find((p) => p.pid === pid)!.startTime);
        expect(e.since).not.toBeNull();
        expect(e.t).toBeGreaterThan(e.since!);
      }
      s.check(own, before, after);

      // The streaming agent (its own cache and ticks): the pushed container shows it too, by
      // its second sample after the step (a tick's pushes come before its sample).
      const samplesAtStep = agent.samples().length;
      let samplesWhenShown = -1;
      await agent.until(
        () => {
          const c2 = streamed();
          if (c2 === undefined || JSON.stringify(shown(c2)) !== JSON.stringify(after)) return false;
          if (samplesWhenShown < 0) samplesWhenShown = agent.samples().length;
          return true;
        },
        20_000,
        'the streamed container to show the change',
      );
      expect(samplesWhenShown - samplesAtStep, 'agent samples before the change was pushed').toBeLessThanOrEqual(2);
      // It pushes the same events (kind, before and after) as the poller computed in-process.
      await agent.until(() => pushedEvents().length >= pushedBefore + s.kinds.length, 20_000, 'the isolation push');
      const pushed = pushedEvents().slice(pushedBefore);
      expect(pushed.map((e) => e.change)).toEqual(own.map((e) => e.change));
      // A snapshot asked of the running agent equals a fresh `isoscope snapshot`.
      const [fromAgent, fresh] = await Promise.all([agentSnapshot(), freshSnapshot()]);
      const a = fromAgent.containers.find((x) => x.initPid === pid)!;
      const f = fresh.containers.find((x) => x.initPid === pid)!;
      expect(isolationOf(a)).toEqual(isolationOf(f));
      expect(shown(a)).toEqual(after);
    });
  }

  it('an nsenter from the host, with more capabilities than the sandbox, is flagged as a weaker entry', async () => {
    nsenter = spawn('nsenter', ['-t', String(pid), '-m', '-n', '-p', '-u', '-i', '--', 'sleep', '600']);
    const sleepPid = await waitFor(
      () => childPids(nsenter!.pid!).find((p) => readFileSync(`/proc/${p}/comm`, 'utf8').trim() === 'sleep') ?? null,
      10_000,
      'sleep under nsenter',
    );
    const { events, ticks } = await withinTwoTicks((_c, ev) => mine(ev, sleepPid).length > 0);
    expect(ticks).toBeLessThanOrEqual(2);
    const [e] = mine(events, sleepPid);
    expect(e!.weakens).toBe(true);
    if (e!.change.kind !== 'weakerEntry') throw new Error(`not a weaker entry: ${e!.change.kind}`);
    expect(e!.change.initPid).toBe(pid);
    const fields = e!.change.weaker.map((w) => w.field);
    expect(fields).toEqual(expect.arrayContaining(['capabilities.effective', 'seccomp', 'noNewPrivs', 'uid']));
    const eff = e!.change.weaker.find((w) => w.field === 'capabilities.effective')!;
    expect(eff.init).toBe('none');
    expect(eff.process).toContain('CAP_SYS_ADMIN');
    // Processes that were in the sandbox all along (the unshare launcher) are not flagged.
    expect(events.filter((x) => x.pid === sandbox.pid)).toEqual([]);
  });
});
