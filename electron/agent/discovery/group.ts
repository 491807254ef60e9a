// Raw processes + runtime records → container groups. Pure: no I/O.
// A process belongs to a container when its cgroup path names one (docker-<id>.scope, ...) or
// lies in the cgroup a runtime's state file records; a process outside every container whose
// user/pid/mnt/net namespaces differ from the host's is put into a "sandbox" keyed by them.
import type { NamespaceIds, Runtime } from '../../../shared/snapshot/schema.js';
import { candidatePaths } from '../parsers/cgroupMembership.js';
import type { RawProcess } from '../readers/processReader.js';
import type { RuntimeRecord } from '../runtimes/record.js';
import { classifyCgroupPath, nspawnMachineName, type CgroupIdentity } from './classifyCgroup.js';
import { launcherIdentity } from './launcher.js';

export interface ContainerGroup {
  runtime: Runtime;
  id: string;
  name: string | null;
  image: string | null;
  labels: Record<string, string>;
  pod: { uid: string | null; name: string | null; namespace: string | null; sandboxId: string | null } | null;
  role: 'container' | 'pod-sandbox';
  initPid: number;
  pids: number[];
  /** The container's own cgroup path (as /proc/PID/cgroup prints it), when known. */
  cgroupBase: string | null;
  sources: string[];
}

/**
 * The namespaces that make a sandbox, and its key. pid_for_children rather than pid, so that
 * `unshare --pid --fork` (whose parent stays in the host pid namespace) is one sandbox.
 */
const SANDBOX_NS = ['user', 'pid', 'mnt', 'net'] as const;
const SANDBOX_KEY = ['user', 'pid_for_children', 'mnt', 'net'] as const;

function underPath(path: string, base: string): boolean {
  return path === base || path.startsWith(base.endsWith('/') ? base : base + '/');
}

function identityOf(p: RawProcess): CgroupIdentity | null {
  if (!p.cgroup) return null;
  for (const path of candidatePaths(p.cgroup)) {
    const id = classifyCgroupPath(path);
    if (id) return id;
  }
  return null;
}

/** Picks pid 1 of the container: the runtime's word, else pid 1 of its pid namespace, else the oldest root of the group. */
export function chooseInit(members: RawProcess[], claimed?: number): RawProcess {
  const byPid = new Map(members.map((p) => [p.pid, p]));
  if (claimed !== undefined && byPid.has(claimed)) return byPid.get(claimed)!;
  const nsInit = members.filter((p) => p.nspid.length > 1 && p.nspid[p.nspid.length - 1] === 1);
  const roots = (nsInit.length > 0 ? nsInit : members.filter((p) => !byPid.has(p.ppid))).sort(
    (a, b) => a.startTime - b.startTime || a.pid - b.pid,
  );
  return roots[0] ?? members[0]!;
}

interface Draft {
  runtime: Runtime;
  id: string;
  members: RawProcess[];
  base: string | null;
  podUid: string | null;
  pathName: string | null;
  sources: Set<string>;
}

/** Gives a process's command line (read lazily by the caller; a plain lookup in tests). */
export type CmdlineOf = (p: RawProcess) => string[];

export function groupContainers(processes: RawProcess[], records: RuntimeRecord[], hostNs: NamespaceIds, cmdlineOf: CmdlineOf = (p) => p.cmdline ?? []): ContainerGroup[] {
  const drafts = new Map<string, Draft>();
  const draft = (runtime: Runtime, id: string, base: string | null): Draft => {
    let d = drafts.get(id);
    if (!d) {
      d = { runtime, id, members: [], base, podUid: null, pathName: null, sources: new Set() };
      drafts.set(id, d);
    }
    return d;
  };
  const recordsById = new Map<string, RuntimeRecord[]>();
  for (const r of records) recordsById.set(r.id, [...(recordsById.get(r.id) ?? []), r]);
  const withCgroups = records.filter((r) => r.cgroupPaths && r.cgroupPaths.length > 0);
  const byInitPid = new Map<number, RuntimeRecord>();
  for (const r of records) if (r.initPid !== undefined) byInitPid.set(r.initPid, r);

  const leftovers: RawProcess[] = [];
  for (const p of processes) {
    const identity = identityOf(p);
    if (identity?.role === 'helper') continue;
    if (identity) {
      // nspawn under --keep-unit: the path has no name; key by the cgroup until the launcher names it.
      const d = draft(identity.runtime, identity.id || `nspawn:${identity.base}`, identity.base);
      d.members.push(p);
      d.podUid ??= identity.podUid;
      d.pathName ??= identity.name;
      d.sources.add(`cgroup ${identity.base}`);
      continue;
    }
    // A runtime state file that records this process's cgroup (bare runc, crun).
    const paths = p.cgroup ? candidatePaths(p.cgroup) : [];
    const rec =
      withCgroups.find((r) => r.cgroupPaths!.some((base) => paths.some((path) => underPath(path, base)))) ??
      byInitPid.get(p.pid);
    if (rec) {
      const base = rec.cgroupPaths?.find((b) => paths.some((path) => underPath(path, b))) ?? null;
      const d = draft(rec.runtime ?? 'runc', rec.id, base);
      d.members.push(p);
      d.sources.add(rec.source);
      continue;
    }
    leftovers.push(p);
  }

  // Sandboxes: namespaces of their own but no runtime.
  for (const p of leftovers) {
    if (SANDBOX_KEY.some((t) => p.namespaces[t] === null)) continue; // zombie or unreadable: cannot tell
    const differs = [...SANDBOX_NS, 'pid_for_children' as const].some((t) => hostNs[t] !== null && p.namespaces[t] !== hostNs[t]);
    if (!differs) continue;
    const key = 'sandbox:' + SANDBOX_KEY.map((t) => p.namespaces[t]).join(':');
    const d = draft('sandbox', key, null);
    d.members.push(p);
  }

  const byPid = new Map(processes.map((p) => [p.pid, p]));
  const groups: ContainerGroup[] = [];
  for (const d of drafts.values()) {
    let init = chooseInit(d.members);
    // Whoever started the init (bwrap, unshare, systemd-nspawn, a shim, a browser) names a sandbox.
    const launcher = init.ppid > 1 ? byPid.get(init.ppid) : undefined;
    if (d.runtime === 'sandbox' && launcher) {
      const li = launcherIdentity(launcher.comm, cmdlineOf(launcher));
      if (li) {
        d.runtime = li.runtime;
        d.id = li.id;
        d.pathName = li.name;
        d.sources.add(`launched by ${launcher.comm} (pid ${launcher.pid}), which names it`);
      }
    }
    if ((d.runtime === 'sandbox' || d.id.startsWith('nspawn:')) && launcher?.comm === 'systemd-nspawn') {
      const machine = nspawnMachineName(cmdlineOf(launcher));
      d.runtime = 'nspawn';
      if (machine) d.id = machine;
      d.pathName = machine;
      d.sources.add(`launched by systemd-nspawn (pid ${launcher.pid})`);
    } else if (d.runtime === 'sandbox' && launcher) {
      d.sources.add(`launched by ${launcher.comm} (pid ${launcher.pid})`);
    }
    const recs = recordsById.get(d.id) ?? [];
    const claimed = recs.find((r) => r.initPid !== undefined)?.initPid;
    if (claimed !== undefined) init = chooseInit(d.members, claimed);
    let runtime = d.runtime;
    // A bare id under kubepods is containerd's unless CRI-O's (or dockershim's) files claim it.
    const claimedBy = recs.find((r) => r.runtime === 'cri-o' || r.runtime === 'docker')?.runtime;
    if (runtime === 'containerd' && claimedBy) runtime = claimedBy;
    if (runtime === 'runc' && recs.some((r) => r.runtime && r.runtime !== 'runc')) runtime = recs.find((r) => r.runtime && r.runtime !== 'runc')!.runtime!;
    const pick = <K extends 'name' | 'image'>(k: K) => recs.find((r) => r[k])?.[k] ?? null;
    const labels: Record<string, string> = {};
    for (const r of recs) Object.assign(labels, r.labels ?? {});
    const podRec = recs.find((r) => r.pod)?.pod;
    const podUid = podRec?.uid ?? d.podUid;
    const isSandbox = runtime === 'sandbox';
    groups.push({
      runtime,
      id: isSandbox ? String(init.pid) : d.id,
      // runc and crun have no names: the id the container was created with is its name.
      name: isSandbox ? (launcher?.comm ?? init.comm) : (pick('name') ?? d.pathName ?? (runtime === 'runc' || runtime === 'crun' ? d.id : null)),
      image: pick('image'),
      labels,
      pod:
        podRec || podUid
          ? { uid: podUid ?? null, name: podRec?.name ?? null, namespace: podRec?.namespace ?? null, sandboxId: podRec?.sandboxId ?? null }
          : null,
      role: recs.find((r) => r.role)?.role ?? 'container',
      initPid: init.pid,
      pids: d.members.map((p) => p.pid).sort((a, b) => a - b),
      cgroupBase: d.base,
      sources: [...d.sources, ...recs.map((r) => r.source)].filter((s, i, all) => all.indexOf(s) === i),
    });
  }
  linkPods(groups, byPid, cmdlineOf);
  return groups.sort((a, b) => a.runtime.localeCompare(b.runtime) || (a.name ?? a.id).localeCompare(b.name ?? b.id));
}

/**
 * Kubernetes pods without annotations: containers with the same pod uid share net and ipc;
 * the one running /pause is the pod's sandbox.
 */
function linkPods(groups: ContainerGroup[], byPid: Map<number, RawProcess>, cmdlineOf: CmdlineOf): void {
  const pods = new Map<string, ContainerGroup[]>();
  for (const g of groups) if (g.pod?.uid) pods.set(g.pod.uid, [...(pods.get(g.pod.uid) ?? []), g]);
  for (const members of pods.values()) {
    let sandbox = members.find((g) => g.role === 'pod-sandbox');
    if (!sandbox) {
      sandbox = members.find((g) => {
        const init = byPid.get(g.initPid);
        return init !== undefined && /(^|\/)pause$/.test(cmdlineOf(init)[0] ?? '');
      });
      if (sandbox) {
        sandbox.role = 'pod-sandbox';
        sandbox.sources.push('pod sandbox: its init runs /pause');
      }
    }
    for (const g of members) if (g.pod && !g.pod.sandboxId && sandbox) g.pod.sandboxId = sandbox.id;
  }
}
