// One container group + the raw facts of its processes → the snapshot's Container: the init
// process's isolation facts, the processes that differ from it, the cgroup numbers, and the
// user-namespace maps and root-mount flags read from the init process.
import { NAMESPACE_TYPES } from '../../../shared/snapshot/schema.js';
import type { Container, NamespaceInfo, NamespaceType, Process, Unavailable } from '../../../shared/snapshot/schema.js';
import type { ContainerGroup } from '../discovery/group.js';
import { parseIdMap } from '../parsers/idMap.js';
import { startedAt } from '../parsers/procStat.js';
import { isReadOnly, parseMountinfo, rootMount, type CgroupMount } from '../parsers/mountinfo.js';
import { readCgroup, type CgroupPlacement } from '../readers/cgroupReader.js';
import type { HostFs } from '../readers/hostFs.js';
import { readCmdline, readTimeNamespace, type RawProcess } from '../readers/processReader.js';
import { hostTableOnce, mountsReaderFor } from '../readers/mountsReader.js';
import { declaredOf } from './declaredConfig.js';
import { readDevicesCached } from '../devices/readDevices.js';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function toProcess(p: RawProcess, init: RawProcess, time: { bootTime: number | null; clockTicks: number | null }): Process {
  const out: Process = {
    pid: p.pid,
    ppid: p.ppid,
    comm: p.comm,
    cmdline: p.cmdline ?? [],
    state: p.state,
    startTime: p.startTime,
    startedAt: startedAt(time.bootTime, time.clockTicks, p.startTime),
    uid: p.uid,
    gid: p.gid,
    nspid: p.nspid,
  };
  if (p === init) return out;
  if (!same(p.namespaces, init.namespaces)) out.namespaces = p.namespaces;
  if (!same(p.capabilities, init.capabilities)) out.capabilities = p.capabilities;
  if (!same(p.seccomp, init.seccomp)) out.seccomp = p.seccomp;
  if (!same(p.lsm, init.lsm)) out.lsm = p.lsm;
  return out;
}

/** Cuts a member's cgroup path back to the container's own cgroup (…/libpod-X.scope/container → …/libpod-X.scope). */
export function trimToBase(path: string, base: string | null): string {
  if (!base) return path;
  if (path === base || path.startsWith(base + '/')) return base;
  const last = base.slice(base.lastIndexOf('/'));
  const at = path.indexOf(last + '/');
  if (last.length > 1 && at >= 0) return path.slice(0, at + last.length);
  if (path.endsWith(last) && last.length > 1) return path;
  return path;
}

export function placementOf(init: RawProcess, base: string | null): CgroupPlacement {
  const v1 = new Map<string, string>();
  for (const [c, p] of init.cgroup?.v1 ?? []) v1.set(c, trimToBase(p, base));
  const unified = init.cgroup?.unified ?? null;
  return { v1, unified: unified === null ? null : trimToBase(unified, base) };
}

/**
 * The offsets of p's own time namespace. timens_offsets shows a process's time_for_children
 * namespace, so it is read from p when its time and time_for_children are one, else from any
 * process whose time_for_children is p's time namespace (pid 1 for the host's).
 */
function timeNamespaceOf(
  p: RawProcess,
  ctx: BuildContext,
  unavailable: Unavailable[],
  field: string,
): ReturnType<typeof readTimeNamespace> {
  const want = p.namespaces.time;
  if (want === null) {
    unavailable.push({ field, reason: 'not-present', detail: `the time namespace of pid ${p.pid} is unknown` });
    return null;
  }
  let reader: number | null = p.namespaces.time_for_children === want ? p.pid : null;
  if (reader === null)
    for (const q of ctx.byPid.values())
      if (q.namespaces.time_for_children === want) {
        reader = q.pid;
        break;
      }
  if (reader === null) {
    unavailable.push({
      field,
      reason: 'not-present',
      detail: `timens_offsets of pid ${p.pid} shows its children's time namespace (time_for_children), not its own, and no process has its own as time_for_children`,
    });
    return null;
  }
  return readTimeNamespace(ctx.fs, reader, unavailable, field);
}

export interface BuildContext {
  fs: HostFs;
  mounts: CgroupMount[];
  cgroupVersion: Container['cgroup']['version'];
  hostNamespaces: Record<NamespaceType, number | null>;
  byPid: Map<number, RawProcess>;
  bootTime: number | null;
  clockTicks: number | null;
}

/** The path a process has in the hierarchy that decides membership (memory on v1, else unified). */
function primaryPath(p: RawProcess): string | null {
  return p.cgroup?.v1.get('memory') ?? p.cgroup?.unified ?? null;
}

/** True when no process outside the group sits in (or under) the group's cgroup. */
export function isExclusive(group: ContainerGroup, base: string | null, all: Iterable<RawProcess>): boolean | null {
  if (base === null) return null;
  const members = new Set(group.pids);
  for (const p of all) {
    if (members.has(p.pid)) continue;
    const path = primaryPath(p);
    if (path !== null && (path === base || path.startsWith(base === '/' ? '/' : base + '/'))) return false;
  }
  return true;
}

export function buildContainer(
  group: ContainerGroup,
  ctx: BuildContext,
): Omit<Container, 'namespaces'> & { namespaces: Record<NamespaceType, NamespaceInfo> } {
  const init = ctx.byPid.get(group.initPid)!;
  const members = group.pids.map((pid) => ctx.byPid.get(pid)!).filter(Boolean);
  for (const p of members) readCmdline(ctx.fs, p);
  const unavailable: Unavailable[] = [...init.unavailable];
  const { fs } = ctx;

  const idMap = (file: 'uid_map' | 'gid_map') => {
    const r = fs.readText(`/proc/${init.pid}/${file}`);
    if (!r.ok) {
      unavailable.push({ field: `userNamespace.${file === 'uid_map' ? 'uidMap' : 'gidMap'}`, reason: r.reason });
      return null;
    }
    const parsed = parseIdMap(r.value);
    if (!parsed) unavailable.push({ field: `userNamespace.${file === 'uid_map' ? 'uidMap' : 'gidMap'}`, reason: 'unparsable' });
    return parsed;
  };
  const uidMap = idMap('uid_map');
  const gidMap = idMap('gid_map');

  let rootfsReadOnly: boolean | null = null;
  const mountinfo = fs.readText(`/proc/${init.pid}/mountinfo`);
  if (mountinfo.ok) {
    const root = rootMount(parseMountinfo(mountinfo.value));
    if (root) rootfsReadOnly = isReadOnly(root);
    else {
      // Chrooted into a directory that is not itself a mount point (unshare --root, chroot):
      // mountinfo has no "/" entry, so ask the kernel about the root directory's mount.
      const w = fs.writable(`/proc/${init.pid}/root`);
      if (w.ok) rootfsReadOnly = !w.value;
      else
        unavailable.push({
          field: 'rootfsReadOnly',
          reason: w.reason,
          detail: `no mount at / in mountinfo; access(/proc/${init.pid}/root, W_OK) failed`,
        });
    }
  } else unavailable.push({ field: 'rootfsReadOnly', reason: mountinfo.reason, detail: `/proc/${init.pid}/mountinfo` });
  // Every mount with its host source and flags (cached per init pid + start time while unchanged).
  const mounts = mountsReaderFor(fs).read(
    {
      pid: init.pid,
      startTime: init.startTime,
      runtime: group.runtime,
      inPod: group.pod !== null,
      hostTable: hostTableOnce(fs, ctx.byPid),
    },
    unavailable,
  );

  let cgroup: Container['cgroup'];
  if (init.cgroup) {
    const read = readCgroup(fs, ctx.mounts, placementOf(init, group.cgroupBase), ctx.cgroupVersion);
    for (const u of read.unavailable) unavailable.push({ ...u, field: `cgroup.${u.field}` });
    const { unavailable: _drop, ...rest } = read;
    const placement = placementOf(init, group.cgroupBase);
    cgroup = { ...rest, exclusive: isExclusive(group, placement.v1.get('memory') ?? placement.unified, ctx.byPid.values()) };
  } else {
    const read = readCgroup(fs, [], { v1: new Map(), unified: null }, null);
    unavailable.push({ field: 'cgroup', reason: init.unavailable.find((u) => u.field === 'cgroup')?.reason ?? 'unparsable' });
    cgroup = { ...read, sources: {} };
    delete (cgroup as { unavailable?: unknown }).unavailable;
  }

  // What the runtime declared (its OCI bundle), read once per container lifetime.
  const declared = declaredOf(fs, {
    id: group.id,
    labels: group.labels,
    sources: group.sources,
    initPid: init.pid,
    startTime: init.startTime,
  });
  if (declared.unavailable) unavailable.push(declared.unavailable);

  // Device whitelist (v1), device programs (v2) and /dev nodes, read once per container lifetime.
  const devices = readDevicesCached({
    fs,
    mounts: ctx.mounts,
    placement: placementOf(init, group.cgroupBase),
    pid: init.pid,
    startTime: init.startTime,
  });

  // Time-namespace offsets: the init's, and a member's own where its time namespace differs.
  const timeNamespace = timeNamespaceOf(init, ctx, unavailable, 'timeNamespace');
  const processes = members.map((p) => toProcess(p, init, ctx));
  for (const p of processes) {
    const raw = ctx.byPid.get(p.pid);
    if (raw && raw !== init && raw.namespaces.time !== init.namespaces.time)
      p.timeNamespace = timeNamespaceOf(raw, ctx, unavailable, `processes.${p.pid}.timeNamespace`);
  }

  const namespaces = {} as Record<NamespaceType, NamespaceInfo>;
  for (const t of NAMESPACE_TYPES) {
    const inode = init.namespaces[t];
    const host = ctx.hostNamespaces[t];
    namespaces[t] = { inode, sharedWithHost: inode === null || host === null ? null : inode === host, sharedWith: [] };
  }

  return {
    id: group.id,
    name: group.name,
    runtime: group.runtime,
    image: group.image,
    labels: group.labels,
    pod: group.pod,
    role: group.role,
    initPid: group.initPid,
    sources: group.sources,
    processes,
    namespaces,
    userNamespace: { uidMap, gidMap },
    capabilities: init.capabilities,
    seccomp: init.seccomp,
    lsm: init.lsm,
    cgroup,
    rootfsReadOnly,
    timeNamespace,
    unavailable,
    ...(group.idConflict ? { idConflict: group.idConflict } : {}),
    mounts,
    devices,
    ...(declared.value !== undefined ? { declared: declared.value } : {}),
  };
}

/**
 * Fills namespaces.*.sharedWith: other containers whose init is in the same namespace, for the
 * namespaces that are not the host's. The host's are left empty: there every container with the
 * same inode is a peer, and listing them all in each would make a snapshot grow with N² (200
 * containers sharing the host's user and time namespaces: 41 KB of ids in each). Readers count
 * those peers by inode among the containers they have (renderer/src/views/tabs/namespacePeers.ts).
 */
export function linkSharedNamespaces(containers: Container[]): void {
  for (const t of NAMESPACE_TYPES) {
    const byInode = new Map<number, string[]>();
    for (const c of containers) {
      const ns = c.namespaces[t];
      if (ns.inode === null || ns.sharedWithHost === true) continue;
      const ids = byInode.get(ns.inode);
      if (ids) ids.push(c.id);
      else byInode.set(ns.inode, [c.id]);
    }
    for (const c of containers) {
      const ns = c.namespaces[t];
      const ids = ns.inode === null || ns.sharedWithHost === true ? undefined : byInode.get(ns.inode);
      ns.sharedWith = ids ? ids.filter((id) => id !== c.id) : [];
    }
  }
}
