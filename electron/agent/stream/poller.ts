// The streaming collector's state between ticks. What a process cannot change without exec is
// cached per (pid, start time, comm); what it can (credentials, capabilities, NoNewPrivs,
// seccomp, namespaces, LSM context) is re-read every tick for every container member, and for
// every process every tenth tick. Each tick also reads the resource counters; containers are
// rebuilt when their processes or those facts change, and each change is an isolation event.
import type { Container } from '../../../shared/snapshot/schema.js';
import type { ContainersChanged, Counters, Sample } from '../../../shared/agent/protocol.js';
import { deriveRates } from '../../../shared/agent/rates.js';
import type { Collector } from '../collect/collector.js';
import { planCounters, readCounters, type CounterPlan } from '../readers/counterReader.js';
import type { CgroupPlacement } from '../readers/cgroupReader.js';
import type { HostFacts } from '../readers/hostReader.js';
import type { RawProcess } from '../readers/processReader.js';
import type { IsolationEvent } from '../../../shared/snapshot/isolationEvents.js';
import { IsolationTracker } from './isolationTracker.js';
import { keyed } from '../../../shared/ipc/keyed.js';

/** The longest a container's cgroup limits and other rebuild-only facts may go unread. */
export const REBUILD_EVERY_MS = 5_000;

interface Tracked {
  container: Container;
  /** isolationKey(container), kept: each rebuild compares against it instead of re-serialising the old container. */
  key: string;
  plan: CounterPlan;
  prev?: { counters: Counters; t: number };
}

/** Isolation facts only: what makes a container "changed" (usage changes every tick). */
function isolationKey(c: Container): string {
  const { cgroup, processes, ...rest } = c;
  return JSON.stringify({
    ...rest,
    limits: cgroup.limits,
    paths: cgroup.paths,
    pids: processes.map((p) => [
      p.pid,
      p.startTime,
      p.ppid,
      p.comm,
      p.uid,
      p.gid,
      p.namespaces,
      p.capabilities,
      p.seccomp,
      p.lsm,
    ]),
  });
}

/** The placement a container's cgroup.paths describe (controller → path, plus "unified"). */
export function placementFromPaths(paths: Record<string, string>): CgroupPlacement {
  const v1 = new Map(Object.entries(paths).filter(([k]) => k !== 'unified'));
  return { v1, unified: paths.unified ?? null };
}

export class Poller {
  private lastCpu: { usage: NodeJS.CpuUsage; t: number } | null = null;
  private facts: HostFacts;
  private processes: RawProcess[] = [];
  private members = new Set<number>();
  private readonly tracked = new Map<string, Tracked>();
  private ticks = 0;
  /** When the containers were last rebuilt (their cgroup limits, mounts, devices re-read). */
  private lastRebuild = -Infinity;
  private readonly isolation = new IsolationTracker();

  constructor(private readonly collector: Collector) {
    this.facts = collector.readHost();
  }

  get host(): HostFacts['host'] {
    return this.facts.host;
  }

  get containers(): Container[] {
    return [...this.tracked.values()].map((t) => t.container);
  }

  /** Rescans processes (cached per pid, start time and comm); true when the set or a live fact changed. */
  private refreshProcesses(): boolean {
    // Every tenth tick every known process is re-checked (exec, live facts: a host process that
    // unshares becomes a sandbox), otherwise only members, whose live facts are re-read each tick.
    const recheckAll = this.ticks % 10 === 0;
    const wanted = (pid: number) => recheckAll || this.members.has(pid);
    const scanned = this.collector.scanProcesses(this.facts, wanted, wanted);
    const changed = scanned.length !== this.processes.length || scanned.some((p, i) => p !== this.processes[i]);
    this.processes = scanned;
    return changed;
  }

  /** One tick: refresh processes (and containers when they changed), then read counters. */
  async tick(now = Date.now()): Promise<{ sample: Sample; changes: ContainersChanged | null; events: IsolationEvent[] }> {
    const readsBefore = this.collector.fs.reads;
    const started = performance.now();
    let changes: ContainersChanged | null = null;
    const refreshed = this.refreshProcesses();
    // What no process change announces (a cgroup limit written after start, `docker update`, a
    // mount added into the namespace) is re-read at least every REBUILD_EVERY_MS.
    if (refreshed || this.ticks === 0 || now - this.lastRebuild >= REBUILD_EVERY_MS) {
      changes = await this.rebuild();
      this.lastRebuild = now;
    }
    this.ticks++;
    const events = this.isolation.observe(this.containers, this.byPid(), this.facts.host.namespaces, now);

    // Keyed without a prototype: a container whose id is __proto__ keeps its samples.
    const containers: Sample['containers'] = keyed();
    for (const [id, t] of this.tracked) {
      const counters = readCounters(this.collector.fs, t.plan);
      containers[id] = { counters, rates: deriveRates(t.prev?.counters, counters, t.prev ? now - t.prev.t : 0) };
      t.prev = { counters, t: now };
    }
    const tickMs = performance.now() - started;
    // The collector's own CPU use since the previous tick, as a share of one CPU.
    const usage = process.cpuUsage();
    let cpuPercent: number | null = null;
    if (this.lastCpu && now > this.lastCpu.t) {
      const us = usage.user + usage.system - this.lastCpu.usage.user - this.lastCpu.usage.system;
      cpuPercent = (us / 1000 / (now - this.lastCpu.t)) * 100;
    }
    this.lastCpu = { usage, t: now };
    return {
      sample: { t: now, containers, cost: { cpuPercent, tickMs, reads: this.collector.fs.reads - readsBefore } },
      changes,
      events,
    };
  }

  private byPidCache: { from: RawProcess[]; map: Map<number, RawProcess> } | null = null;
  private byPid(): Map<number, RawProcess> {
    if (this.byPidCache?.from !== this.processes)
      this.byPidCache = { from: this.processes, map: new Map(this.processes.map((p) => [p.pid, p])) };
    return this.byPidCache.map;
  }

  private async rebuild(): Promise<ContainersChanged> {
    const processes = this.processes;
    const { records } = await this.collector.runtimeRecords(this.facts);
    const next = this.collector.containersFrom(this.facts, processes, records);
    const added: Container[] = [];
    const changed: Container[] = [];
    const seen = new Set<string>();
    this.members = new Set();
    for (const c of next) {
      seen.add(c.id);
      for (const p of c.processes) this.members.add(p.pid);
      const old = this.tracked.get(c.id);
      const plan = planCounters(
        this.facts.mounts,
        placementFromPaths(c.cgroup.paths),
        c.initPid,
        c.namespaces.net.sharedWithHost === false,
      );
      const key = isolationKey(c);
      if (!old) added.push(c);
      else if (old.key !== key) changed.push(c);
      const entry: Tracked = { container: c, key, plan };
      if (old?.prev && old.container.initPid === c.initPid) entry.prev = old.prev;
      this.tracked.set(c.id, entry);
    }
    const removed = [...this.tracked.keys()].filter((id) => !seen.has(id));
    for (const id of removed) this.tracked.delete(id);
    return { added, removed, changed };
  }
}
