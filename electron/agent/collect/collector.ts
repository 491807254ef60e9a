// The collector: reads the host and every process under the root, asks runtimes for names,
// groups processes into containers and returns a validated snapshot.
import { SCHEMA_VERSION, Snapshot } from '../../../shared/snapshot/schema.js';
import type { Container, Unavailable } from '../../../shared/snapshot/schema.js';
import { groupContainers } from '../discovery/group.js';
import { sandboxesOf } from '../discovery/sandboxes.js';
import { HostFs } from '../readers/hostFs.js';
import { readHost, type HostFacts } from '../readers/hostReader.js';
import { listPids, readCmdline, readProcess, type RawProcess } from '../readers/processReader.js';
import { queryEngines } from '../runtimes/engineApi.js';
import type { RuntimeIssue, RuntimeRecord } from '../runtimes/record.js';
import { engineSocketsOf, readRuntimeState } from '../runtimes/sources.js';
import { buildContainer, linkSharedNamespaces, type BuildContext } from './buildContainer.js';
import { resolveOptions, type CollectOptions } from './options.js';
import { AGENT_VERSION } from '../version.js';
import { parseStat } from '../parsers/stat.js';
import { refreshLive } from './liveFacts.js';

export interface RawScan {
  facts: HostFacts;
  processes: RawProcess[];
}

export class Collector {
  readonly options: CollectOptions;
  readonly fs: HostFs;
  private readonly euid: number;

  constructor(options: Partial<CollectOptions> = {}, euid: number = process.geteuid?.() ?? -1) {
    this.options = resolveOptions(options);
    this.fs = new HostFs(this.options.root);
    this.euid = euid;
  }

  /**
   * Process facts, cached per (pid, start time, comm): what a process cannot change without
   * exec (start time, cmdline, exe) is read once; a new pid, a reused one or an exec (which
   * changes comm) is read in full. What it can change without exec — credentials,
   * capabilities, NoNewPrivs, seccomp, namespaces, LSM context (liveFacts.ts) — is re-read
   * whenever `live(pid)` says so, and a process whose live facts changed is a new object.
   */
  private readonly cache = new Map<number, RawProcess>();
  /** Kernel threads seen (pid → start time): skipped without reading again. */
  private readonly kernelThreads = new Map<number, number>();

  /**
   * `recheck(pid)` false: trust a cached process without reading its stat (the poller's fast
   * path). `live(pid)` true: also re-read the live facts of a cached process (default: every
   * rechecked one, so a snapshot is what a fresh read would give).
   */
  scanProcesses(
    facts: HostFacts,
    recheck: (pid: number) => boolean = () => true,
    live: (pid: number) => boolean = recheck,
  ): RawProcess[] {
    const out: RawProcess[] = [];
    const seen = new Set<number>();
    const pids = listPids(this.fs);
    const full: number[] = [];
    for (const pid of pids) {
      seen.add(pid);
      const known = this.cache.get(pid);
      if ((known || this.kernelThreads.has(pid)) && !recheck(pid)) {
        if (known) out.push(known);
        continue;
      }
      const stat = this.fs.readText(`/proc/${pid}/stat`);
      const now = stat.ok ? parseStat(stat.value) : null;
      if (!now) {
        this.cache.delete(pid);
        continue; // gone
      }
      // Kernel threads (kthreadd and its children) are nobody's container: remembered, not read.
      if (pid === 2 || now.ppid === 2) {
        this.kernelThreads.set(pid, now.startTime);
        continue;
      }
      this.kernelThreads.delete(pid);
      if (known && now.startTime === known.startTime && now.comm === known.comm.slice(0, 15)) {
        known.state = now.state;
        if (!live(pid)) {
          out.push(known);
          continue;
        }
        const current = refreshLive(this.fs, known, facts.lsmSource, now.state === 'Z');
        if (!current) {
          this.cache.delete(pid);
          continue; // gone
        }
        this.cache.set(pid, current);
        out.push(current);
        continue;
      }
      this.cache.delete(pid);
      full.push(pid);
    }
    for (const pid of full) {
      const p = readProcess(this.fs, pid, facts.lsmSource);
      if (p) {
        this.cache.set(pid, p);
        out.push(p);
      }
    }
    for (const pid of this.cache.keys()) if (!seen.has(pid)) this.cache.delete(pid);
    for (const pid of this.kernelThreads.keys()) if (!seen.has(pid)) this.kernelThreads.delete(pid);
    return out.sort((a, b) => a.pid - b.pid);
  }

  async runtimeRecords(facts: HostFacts): Promise<{ records: RuntimeRecord[]; unavailable: Unavailable[] }> {
    const o = this.options;
    const issues: RuntimeIssue[] = [];
    // Each runtime's sources (runtimes/sources.ts): its state files, then its engine API.
    const records = readRuntimeState({ fs: this.fs, options: o, mountPoints: facts.mounts.map((m) => m.mountPoint), issues });
    const unavailable: Unavailable[] = issues.map((i) => ({ field: 'runtimeMetadata', reason: i.reason, detail: i.path }));
    if (o.useEngineApis) {
      const engines = await queryEngines(engineSocketsOf(o).map((s) => ({ ...s, path: this.fs.resolve(s.path) })));
      records.push(...engines.records);
      for (const e of engines.errors) unavailable.push({ field: 'runtimeApi', reason: e.reason, detail: e.socket });
    }
    return { records, unavailable };
  }

  readHost(): HostFacts {
    return readHost(this.fs, AGENT_VERSION, this.euid);
  }

  /** Groups processes into containers and reads each container's facts. */
  containersFrom(facts: HostFacts, processes: RawProcess[], records: RuntimeRecord[]): Container[] {
    const groups = groupContainers(processes, records, facts.host.namespaces, (p) => readCmdline(this.fs, p));
    const ctx: BuildContext = {
      fs: this.fs,
      mounts: facts.mounts,
      cgroupVersion: facts.host.cgroupVersion === 'hybrid' ? 'v1' : facts.host.cgroupVersion,
      hostNamespaces: facts.host.namespaces,
      byPid: new Map(processes.map((p) => [p.pid, p])),
      bootTime: facts.host.bootTime,
      clockTicks: facts.host.clockTicks,
    };
    // gVisor / Kata: recognised from root-owned runtime state; their init becomes the sandbox's own process.
    const sandboxes = sandboxesOf(this.fs, groups, processes, facts.host.namespaces, (p) => readCmdline(this.fs, p));
    const containers: Container[] = groups.map((g) => ({ ...buildContainer(g, ctx), sandbox: sandboxes.get(g) ?? null }));
    linkSharedNamespaces(containers);
    if (facts.host.cgroupVersion === 'hybrid') {
      for (const c of containers) c.cgroup.version = controllersOnV1(c) ? 'v1' : 'v2';
    }
    return containers;
  }

  /**
   * A whole snapshot, checked against the schema — unless `validate` is false, for output whose
   * receiver checks it on receipt (the agent protocol's clients: stream/stdioAgent.ts).
   */
  async snapshot({ validate = true }: { validate?: boolean } = {}): Promise<Snapshot> {
    const facts = this.readHost();
    const processes = this.scanProcesses(facts);
    const { records, unavailable } = await this.runtimeRecords(facts);
    facts.host.unavailable.push(...unavailable);
    const snapshot: Snapshot = {
      schemaVersion: SCHEMA_VERSION,
      takenAt: new Date().toISOString(),
      host: facts.host,
      containers: this.containersFrom(facts, processes, records),
    };
    return validate ? Snapshot.parse(snapshot) : snapshot;
  }
}

function controllersOnV1(c: Container): boolean {
  return Object.keys(c.cgroup.paths).some((k) => k !== 'unified' && !k.startsWith('name='));
}
