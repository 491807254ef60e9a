// Raw processes + runtime records → container groups. Pure: no I/O.
// A process belongs to a container when its cgroup path names one (docker-<id>.scope, ...) or
// lies in the cgroup a runtime's state file records; a process outside every container whose
// user/pid/mnt/net namespaces differ from the host's is put into a "sandbox" keyed by them.
import type { NamespaceIds, Runtime } from '../../../shared/snapshot/schema.js';
import { candidatePaths } from '../parsers/cgroupMembership.js';
import { LAUNCHER_COMMS, type RawProcess } from '../readers/processReader.js';
import { RESERVED_LABELS, type RuntimeRecord } from '../runtimes/record.js';
import { classifyCgroupPath, nspawnMachineName, type CgroupIdentity } from './classifyCgroup.js';
import { checkLauncher, launcherIdentity } from './launcher.js';

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
  /** Who vouches for the identity: 0 = the host's runtime, else the user whose cgroup, launcher or records named it. */
  owner: number;
  /** Set when another group claims the same id (see resolveConflicts). */
  idConflict?: { claimedId: string; initPids: number[]; detail: string };
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
  owner: number;
  members: RawProcess[];
  base: string | null;
  podUid: string | null;
  pathName: string | null;
  sources: Set<string>;
}

/** Gives a process's command line (read lazily by the caller; a plain lookup in tests). */
export type CmdlineOf = (p: RawProcess) => string[];

/** A record may speak for a process only if root wrote it or the process is its writer's. */
function mayDescribe(r: RuntimeRecord, p: RawProcess): boolean {
  return r.owner === 0 || p.uid?.real === r.owner;
}

export function groupContainers(
  processes: RawProcess[],
  records: RuntimeRecord[],
  hostNs: NamespaceIds,
  cmdlineOf: CmdlineOf = (p) => p.cmdline ?? [],
): ContainerGroup[] {
  const drafts = new Map<string, Draft>();
  const draft = (runtime: Runtime, id: string, base: string | null, owner: number): Draft => {
    // Keyed by owner too: a user's cgroup named like root's container is another group.
    const key = `${owner}\0${id}`;
    let d = drafts.get(key);
    if (!d) {
      d = { runtime, id, owner, members: [], base, podUid: null, pathName: null, sources: new Set() };
      drafts.set(key, d);
    }
    return d;
  };
  const recordsById = new Map<string, RuntimeRecord[]>();
  for (const r of records) recordsById.set(r.id, [...(recordsById.get(r.id) ?? []), r]);
  const withCgroups = records.filter((r) => r.cgroupPaths && r.cgroupPaths.length > 0);
  const byInitPid = new Map<number, RuntimeRecord>();
  for (const r of records)
    if (r.initPid !== undefined && (r.owner === 0 || !byInitPid.has(r.initPid))) byInitPid.set(r.initPid, r);

  const leftovers: RawProcess[] = [];
  for (const p of processes) {
    const paths = p.cgroup ? candidatePaths(p.cgroup) : [];
    // Per path, the outermost claim wins: a runtime's pattern, or a cgroup a runtime's state
    // file records (bare runc, crun, docker with --cgroup-parent). Whatever lies below a
    // container's cgroup is that container's, whatever its name.
    let claim: { identity: CgroupIdentity } | { rec: RuntimeRecord; base: string } | null = null;
    for (const path of paths) {
      const identity = classifyCgroupPath(path);
      let best: { rec: RuntimeRecord; base: string } | null = null;
      for (const r of withCgroups) {
        if (!mayDescribe(r, p)) continue;
        for (const b of r.cgroupPaths!)
          if (underPath(path, b) && (!best || b.length < best.base.length)) best = { rec: r, base: b };
      }
      if (best && (!identity || best.base.length < identity.base.length)) claim = best;
      else if (identity) claim = { identity };
      if (claim) break;
    }
    if (claim && 'identity' in claim) {
      const identity = claim.identity;
      if (identity.role === 'helper') continue;
      // nspawn under --keep-unit: the path has no name; key by the cgroup until the launcher names it.
      const d = draft(identity.runtime, identity.id || `nspawn:${identity.base}`, identity.base, identity.owner);
      d.members.push(p);
      d.podUid ??= identity.podUid;
      d.pathName ??= identity.name;
      d.sources.add(
        identity.owner === 0 ? `cgroup ${identity.base}` : `cgroup ${identity.base} (delegated to uid ${identity.owner})`,
      );
      continue;
    }
    const initRec = byInitPid.get(p.pid);
    const rec = claim ? claim : initRec && mayDescribe(initRec, p) ? { rec: initRec, base: null } : null;
    if (rec) {
      const d = draft(rec.rec.runtime ?? 'runc', rec.rec.id, rec.base, rec.rec.owner);
      d.members.push(p);
      d.sources.add(rec.rec.source);
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
    const d = draft('sandbox', key, null, 0);
    d.members.push(p);
  }

  // Ids already vouched for by a cgroup or a state file: no launcher but root's may take them.
  const claimedIds = new Set<string>();
  for (const d of drafts.values()) if (d.runtime !== 'sandbox') claimedIds.add(d.id);
  for (const r of records) if (r.owner === 0) claimedIds.add(r.id);

  const byPid = new Map(processes.map((p) => [p.pid, p]));
  const groups: ContainerGroup[] = [];
  for (const d of drafts.values()) {
    let init = chooseInit(d.members);
    // Whoever started the init (bwrap, unshare, systemd-nspawn, a shim, a browser) names a sandbox.
    const launcher = init.ppid > 1 ? byPid.get(init.ppid) : undefined;
    const check = launcher ? checkLauncher(launcher, hostNs) : null;
    if (d.runtime === 'sandbox' && launcher && check) {
      const li = check.ok ? launcherIdentity(check.kind, cmdlineOf(launcher)) : null;
      if (!check.ok && LAUNCHER_COMMS.test(launcher.comm)) {
        d.sources.add(`launched by ${launcher.comm} (pid ${launcher.pid}), not trusted to name it: ${check.why}`);
      } else if (check.ok && li && check.owner !== 0 && claimedIds.has(li.id)) {
        d.sources.add(
          `launched by ${launcher.comm} (pid ${launcher.pid}, uid ${check.owner}), whose claim to be ${li.id} is refused: that id is another container's`,
        );
      } else if (check.ok && li) {
        d.runtime = li.runtime;
        d.id = li.id;
        d.owner = check.owner;
        d.pathName = li.name;
        d.sources.add(`launched by ${launcher.comm} (pid ${launcher.pid}), which names it`);
      }
    }
    const nspawn = check?.ok === true && check.kind === 'systemd-nspawn' ? check : null;
    if ((d.runtime === 'sandbox' || d.id.startsWith('nspawn:')) && launcher && nspawn) {
      const machine = nspawnMachineName(cmdlineOf(launcher));
      const refused = machine !== null && nspawn.owner !== 0 && claimedIds.has(machine);
      d.runtime = 'nspawn';
      d.owner = nspawn.owner;
      if (machine && !refused) d.id = machine;
      d.pathName = refused ? null : machine;
      d.sources.add(`launched by systemd-nspawn (pid ${launcher.pid})`);
    } else if (d.runtime === 'sandbox' && launcher) {
      d.sources.add(`launched by ${launcher.comm} (pid ${launcher.pid})`);
    }
    // Only records their writer may make: root's for any container, a user's only for that user's own.
    const recs = (recordsById.get(d.id) ?? []).filter((r) => r.owner === 0 || r.owner === d.owner);
    const claimed = recs.find((r) => r.initPid !== undefined)?.initPid;
    if (claimed !== undefined) init = chooseInit(d.members, claimed);
    let runtime = d.runtime;
    // A bare id under kubepods is containerd's unless CRI-O's (or dockershim's) files claim it.
    const claimedBy = recs.find((r) => r.runtime === 'cri-o' || r.runtime === 'docker')?.runtime;
    if (runtime === 'containerd' && claimedBy) runtime = claimedBy;
    if (runtime === 'runc' && recs.some((r) => r.runtime && r.runtime !== 'runc'))
      runtime = recs.find((r) => r.runtime && r.runtime !== 'runc')!.runtime!;
    const pick = <K extends 'name' | 'image'>(k: K) => recs.find((r) => r[k])?.[k] ?? null;
    // Label keys are the container's: no prototype, so `__proto__` is a label like any other.
    const labels: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const r of recs) {
      for (const [k, v] of Object.entries(r.labels ?? {})) if (!(RESERVED_LABELS as readonly string[]).includes(k)) labels[k] = v;
    }
    // The bundle (whose config.json root reads for the declared configuration) only from root's own
    // state, and only for root's group or the process that state names: a user's group claiming
    // root's container id must not borrow root's declared configuration.
    const bundle = recs.find((r) => r.bundle !== undefined && r.owner === 0 && (d.owner === 0 || r.initPid === init.pid))?.bundle;
    if (bundle !== undefined) labels['oci.bundle'] = bundle;
    const podRec = recs.find((r) => r.pod)?.pod;
    const podUid = podRec?.uid ?? d.podUid;
    const isSandbox = runtime === 'sandbox';
    groups.push({
      runtime,
      id: isSandbox ? String(init.pid) : d.id,
      // runc, crun and runsc have no names: the id the container was created with is its name.
      name: isSandbox
        ? (launcher?.comm ?? init.comm)
        : (pick('name') ?? d.pathName ?? (runtime === 'runc' || runtime === 'crun' || runtime === 'runsc' ? d.id : null)),
      image: pick('image'),
      labels,
      pod:
        podRec || podUid
          ? {
              uid: podUid ?? null,
              name: podRec?.name ?? null,
              namespace: podRec?.namespace ?? null,
              sandboxId: podRec?.sandboxId ?? null,
            }
          : null,
      role: recs.find((r) => r.role)?.role ?? 'container',
      initPid: init.pid,
      pids: d.members.map((p) => p.pid).sort((a, b) => a - b),
      cgroupBase: d.base,
      sources: [...d.sources, ...recs.map((r) => r.source)].filter((s, i, all) => all.indexOf(s) === i),
      owner: d.owner,
    });
  }
  resolveConflicts(groups);
  linkPods(groups, byPid, cmdlineOf);
  return groups.sort((a, b) => a.runtime.localeCompare(b.runtime) || (a.name ?? a.id).localeCompare(b.name ?? b.id));
}

/**
 * Two groups claiming one id (a user's delegated cgroup or launcher naming root's container):
 * both are shown and flagged. The one the host's runtime vouches for (owner 0, then the oldest)
 * keeps the id; the others get "<id>~<init pid>" so that every view keyed by id shows them all.
 */
export function resolveConflicts(groups: ContainerGroup[]): void {
  const byId = new Map<string, ContainerGroup[]>();
  for (const g of groups) byId.set(g.id, [...(byId.get(g.id) ?? []), g]);
  for (const [id, same] of byId) {
    if (same.length < 2) continue;
    same.sort((a, b) => Number(a.owner !== 0) - Number(b.owner !== 0) || a.initPid - b.initPid);
    const initPids = same.map((g) => g.initPid);
    const who = same.map((g) => `pid ${g.initPid} (${g.owner === 0 ? 'root' : `uid ${g.owner}`})`).join(', ');
    same.forEach((g, i) => {
      g.idConflict = {
        claimedId: id,
        initPids,
        detail: `${same.length} groups claim id ${id}: ${who}; ${i === 0 ? 'this one keeps it' : `shown as ${id}~${g.initPid}`}`,
      };
      if (i > 0) g.id = `${id}~${g.initPid}`;
    });
  }
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
