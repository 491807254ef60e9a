// Facts about the host itself: name, kernel, LSMs, cgroup layout and the namespaces that count
// as "the host's". The reference is PID 1 when its ns links are readable, else the collector's
// own process (/proc/1/ns is unreadable even as root on some machines).
import type { CgroupVersion, Host, NamespaceIds, Unavailable } from '../../../shared/snapshot/schema.js';
import { cgroupMounts, parseMountinfo, type CgroupMount } from '../parsers/mountinfo.js';
import { parseCapabilityMask } from '../parsers/capabilities.js';
import { cleanAttr, parseLsmList } from '../parsers/lsmContext.js';
import { statusFields } from '../parsers/status.js';
import { parseAuxvClockTicks, parseBootTime } from '../parsers/procStat.js';
import type { HostFs } from './hostFs.js';
import { parseNsLink } from '../parsers/nsLink.js';
import { readNamespaces, type LsmSource } from './processReader.js';
import { readHostKernel } from '../devices/hostKernel.js';

export interface HostFacts {
  host: Host;
  mounts: CgroupMount[];
  lsmSource: LsmSource;
  /** The pid standing for "the host" and the collector's own pid (as seen under the root). */
  selfPid: number | null;
}

function selfPid(fs: HostFs): number | null {
  const link = fs.readLink('/proc/self');
  return link.ok && /^\d+$/.test(link.value) ? Number(link.value) : null;
}

export function cgroupVersionOf(mounts: CgroupMount[]): CgroupVersion | null {
  const v1 = mounts.some((m) => m.version === 'v1' && m.controllers.some((c) => !c.startsWith('name=')));
  const v2 = mounts.some((m) => m.version === 'v2');
  if (v1 && v2) return 'hybrid';
  if (v1) return 'v1';
  if (v2) return 'v2';
  return null;
}

export function lsmSourceOf(lsms: string[] | null): LsmSource {
  if (lsms === null) return 'unknown';
  if (lsms.includes('selinux')) return 'selinux';
  if (lsms.includes('apparmor')) return 'apparmor';
  return 'none';
}

/** The error reading our own attr/current gives, if any. */
function probeAttr(fs: HostFs, pid: number): string | null {
  const r = fs.readText(`/proc/${pid}/attr/current`);
  return r.ok ? null : r.reason;
}

/** CapBnd of the host reference process: what "every capability" means on this kernel. */
function readBoundingSet(fs: HostFs, pid: number, unavailable: Unavailable[]): Host['capabilityBounding'] {
  const path = `/proc/${pid}/status`;
  const text = fs.readText(path);
  if (!text.ok) {
    unavailable.push({ field: 'capabilityBounding', reason: text.reason, detail: `${path} CapBnd` });
    return null;
  }
  const hex = statusFields(text.value).get('CapBnd');
  const set = hex === undefined ? null : parseCapabilityMask(hex);
  if (!set) {
    unavailable.push({
      field: 'capabilityBounding',
      reason: hex === undefined ? 'not-present' : 'unparsable',
      detail: `${path} CapBnd`,
    });
    return null;
  }
  return { set, source: `${path} CapBnd (${pid === 1 ? 'pid 1' : "the collector's own process"}, the host reference)` };
}

/**
 * /proc/sys/kernel/hostname is the name of the reader's own UTS namespace. A collector in a UTS
 * namespace of its own (a pod without hostNetwork, `unshare --uts`) would report that name — a
 * pod's — as the host's: then the host's name is unavailable, with why. Compared by inode with the
 * host reference's (pid 1's) UTS namespace; when the collector's own link is unreadable, nothing
 * is claimed either way beyond what was read.
 */
function honestHostname(
  fs: HostFs,
  hostname: string | null,
  self: number | null,
  referencePid: number,
  referenceUts: number | null,
  unavailable: Unavailable[],
): string | null {
  if (hostname === null || self === null || referencePid === self) return hostname;
  const hostUts = referenceUts;
  const link = fs.readLink(`/proc/${self}/ns/uts`);
  const own = link.ok ? parseNsLink(link.value) : null;
  if (own === null || hostUts === null || own.inode === hostUts) return hostname;
  unavailable.push({
    field: 'hostname',
    reason: 'own-uts-namespace',
    detail: `the collector runs in a UTS namespace of its own (uts:[${own.inode}]; the host reference, pid ${referencePid}, is in uts:[${hostUts}]): its hostname, ${JSON.stringify(hostname.slice(0, 64))}, names that namespace (a pod, a sandbox), not the host`,
  });
  return null;
}

export function readHost(fs: HostFs, version: string, euid: number): HostFacts {
  const unavailable: Unavailable[] = [];
  const text = (path: string, field: string): string | null => {
    const r = fs.readText(path);
    if (r.ok) return cleanAttr(r.value);
    unavailable.push({ field, reason: r.reason, detail: path });
    return null;
  };
  let hostname = text('/proc/sys/kernel/hostname', 'hostname');
  const kernel = text('/proc/sys/kernel/osrelease', 'kernel');
  const lsmText = fs.readText('/sys/kernel/security/lsm');
  const lsms = lsmText.ok ? parseLsmList(lsmText.value) : null;
  if (!lsmText.ok) {
    unavailable.push({
      field: 'lsms',
      reason: lsmText.reason,
      detail: lsmText.reason === 'ENOENT' ? 'securityfs is not mounted at /sys/kernel/security' : '/sys/kernel/security/lsm',
    });
  }

  const self = selfPid(fs);
  const statText = fs.readText('/proc/stat');
  const bootTime = statText.ok ? parseBootTime(statText.value) : null;
  if (bootTime === null)
    unavailable.push({ field: 'bootTime', reason: statText.ok ? 'unparsable' : statText.reason, detail: '/proc/stat btime' });
  const auxv = fs.readBytes(self === null ? '/proc/self/auxv' : `/proc/${self}/auxv`);
  const clockTicks = auxv.ok ? parseAuxvClockTicks(auxv.value) : null;
  if (clockTicks === null)
    unavailable.push({
      field: 'clockTicks',
      reason: auxv.ok ? 'not-present' : auxv.reason,
      detail: 'AT_CLKTCK in the auxiliary vector',
    });
  const mountText = fs.readText(self === null ? '/proc/self/mountinfo' : `/proc/${self}/mountinfo`);
  const mounts = mountText.ok ? cgroupMounts(parseMountinfo(mountText.value)) : [];
  if (!mountText.ok) unavailable.push({ field: 'cgroupVersion', reason: mountText.reason, detail: 'mountinfo' });

  // Host namespace reference: pid 1 if every link reads, else ourselves.
  const pid1Missing: Unavailable[] = [];
  const pid1 = readNamespaces(fs, 1, pid1Missing);
  let namespaces: NamespaceIds = pid1;
  let reference = { pid: 1, why: 'pid 1 (init) namespaces are readable' };
  const pid1Readable = !pid1Missing.some((u) => u.reason !== 'kernel-lacks');
  if (!pid1Readable && self !== null) {
    const selfMissing: Unavailable[] = [];
    namespaces = readNamespaces(fs, self, selfMissing);
    const why = pid1Missing[0]?.reason ?? 'unreadable';
    reference = { pid: self, why: `pid 1 namespaces unreadable (${why}); the collector's own namespaces stand for the host` };
    for (const u of selfMissing) unavailable.push({ ...u, field: `namespaces.${u.field.split('.')[1]}` });
  } else {
    for (const u of pid1Missing) unavailable.push(u);
  }

  hostname = honestHostname(fs, hostname, self, reference.pid, namespaces.uts ?? null, unavailable);
  const capabilityBounding = readBoundingSet(fs, reference.pid, unavailable);
  const { landlock, bpfLsm } = readHostKernel(fs); // Landlock ABI and BPF LSM programs (kernel-probe)

  return {
    host: {
      hostname,
      kernel,
      cgroupVersion: cgroupVersionOf(mounts),
      lsms,
      bootTime,
      clockTicks,
      namespaces,
      namespaceReference: reference,
      capabilityBounding,
      landlock,
      bpfLsm,
      collector: { euid, privileged: euid === 0, version, root: fs.root },
      unavailable,
    },
    mounts,
    lsmSource:
      lsmSourceOf(lsms) === 'unknown' && self !== null && probeAttr(fs, self) === 'EINVAL' ? 'einval' : lsmSourceOf(lsms),
    selfPid: self,
  };
}

/**
 * The host's name alone, as honestly as readHost gives it (for the agent's hello): null with the
 * reason when unreadable or when the collector sits in a UTS namespace of its own.
 */
export function readHostName(fs: HostFs): { hostname: string | null; unavailable: Unavailable | null } {
  const unavailable: Unavailable[] = [];
  const r = fs.readText('/proc/sys/kernel/hostname');
  if (!r.ok) return { hostname: null, unavailable: { field: 'hostname', reason: r.reason, detail: '/proc/sys/kernel/hostname' } };
  const self = selfPid(fs);
  const pid1 = fs.readLink('/proc/1/ns/uts');
  const pid1Uts = pid1.ok ? (parseNsLink(pid1.value)?.inode ?? null) : null;
  const hostname = honestHostname(fs, cleanAttr(r.value), self, pid1Uts === null ? (self ?? 1) : 1, pid1Uts, unavailable);
  return { hostname, unavailable: unavailable[0] ?? null };
}
