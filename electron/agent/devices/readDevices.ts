// A container's devices, read once per container lifetime (keyed by its init's pid and start
// time) or again on demand: the cgroup v1 devices.list of its devices cgroup, the device programs
// in force on its cgroup v2 directory (kernel-probe, decoded when runc-shaped), and the nodes in
// its /dev. Each part that cannot be read is null with its reason in `unavailable`.
import type { DeviceProgram, Devices } from '../../../shared/snapshot/devices.js';
import type { CgroupMount } from '../parsers/mountinfo.js';
import { dirOf, type CgroupPlacement } from '../readers/cgroupReader.js';
import type { HostFs } from '../readers/hostFs.js';
import { parseDevicesList } from './devicesList.js';
import { scanDevNodes } from './devNodes.js';
import { parseCgroupDevices, runProbe, type CgroupDevicesAnswer } from './probe.js';
import { decodeRuncProgram } from './runcProgram.js';

export interface DevicesInput {
  fs: HostFs;
  mounts: CgroupMount[];
  placement: CgroupPlacement;
  pid: number;
  /** With pid, identifies the container's init for the cache (a reused pid is another container). */
  startTime: number;
  /** Directory of the prebuilt native helpers (default: dist/native). */
  helperDir?: string;
  /** Read again even if cached (on demand). */
  fresh?: boolean;
  /** Injected probe for tests: args → stdout. */
  probe?: (args: string[]) => ReturnType<typeof runProbe>;
}

const CACHE_MAX = 2048;
const cache = new Map<string, Devices>();

/** Forgets cached device facts (all, or one init's), so the next read asks the kernel again. */
export function forgetDevices(pid?: number, startTime?: number): void {
  if (pid === undefined) cache.clear();
  else cache.delete(`${pid}:${startTime}`);
}

export function readDevicesCached(input: DevicesInput): Devices {
  const key = `${input.pid}:${input.startTime}`;
  const hit = input.fresh ? undefined : cache.get(key);
  if (hit) return hit;
  const d = readDevices(input);
  cache.delete(key);
  cache.set(key, d);
  if (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value!);
  return d;
}

/** Builds the snapshot's programs from the probe's answer. */
export function devicePrograms(answer: CgroupDevicesAnswer): DeviceProgram[] {
  return answer.programs.map((p): DeviceProgram => {
    const direct = answer.direct.includes(p.id);
    if ('error' in p)
      return {
        id: p.id,
        tag: '',
        name: '',
        instructions: 0,
        direct,
        rules: null,
        defaultAllow: null,
        note: `could not read it (${p.error})`,
      };
    const base = { id: p.id, tag: p.tag, name: p.name, instructions: p.insnCount, direct };
    if (!p.insns || (p.insns.length === 0 && p.insnCount > 0)) {
      return {
        ...base,
        rules: null,
        defaultAllow: null,
        note: `the kernel did not give its instructions (${p.insnsError ?? 'hidden'})`,
      };
    }
    const decoded = decodeRuncProgram(p.insns);
    if (!decoded) return { ...base, rules: null, defaultAllow: null, note: 'not the shape runc generates' };
    return {
      ...base,
      rules: decoded.rules,
      defaultAllow: decoded.defaultAllow,
      note: decoded.legacyAccess ? 'older runc shape: a rule matches when any requested access bit is listed' : null,
    };
  });
}

export function readDevices(input: DevicesInput): Devices {
  const { fs, mounts, placement, pid } = input;
  const unavailable: Devices['unavailable'] = [];

  // cgroup v1: the devices controller's hierarchy, if one is mounted.
  let v1: Devices['v1'] = null;
  const devMount = mounts.find((m) => m.version === 'v1' && m.controllers.includes('devices'));
  const devPath = placement.v1.get('devices');
  if (!devMount)
    unavailable.push({ field: 'v1', reason: 'not-present', detail: 'no cgroup v1 hierarchy carries the devices controller' });
  else if (devPath === undefined)
    unavailable.push({ field: 'v1', reason: 'not-present', detail: `/proc/${pid}/cgroup names no devices cgroup` });
  else {
    const source = `${dirOf(devMount, devPath)}/devices.list`;
    const text = fs.readText(source);
    if (!text.ok) unavailable.push({ field: 'v1', reason: text.reason, detail: source });
    else {
      const rules = parseDevicesList(text.value);
      if (rules) v1 = { rules, source };
      else unavailable.push({ field: 'v1', reason: 'unparsable', detail: source });
    }
  }

  // cgroup v2: the device programs in force on the container's unified cgroup.
  let v2: Devices['v2'] = null;
  const unified = mounts.find((m) => m.version === 'v2');
  if (!unified) unavailable.push({ field: 'v2', reason: 'not-present', detail: 'no cgroup v2 hierarchy is mounted' });
  else if (placement.unified === null)
    unavailable.push({ field: 'v2', reason: 'not-present', detail: `/proc/${pid}/cgroup names no unified (0::) cgroup` });
  else if (fs.root !== '/' && !input.probe)
    unavailable.push({
      field: 'v2',
      reason: 'fixture-root',
      detail: `reading ${fs.root} as the host's /: the bpf() query asks the running kernel, not the tree`,
    });
  else {
    const dir = dirOf(unified, placement.unified);
    const out = (input.probe ?? ((a: string[]) => runProbe(a, input.helperDir)))(['cgroup-devices', dir]);
    const answer = out.ok ? parseCgroupDevices(out.value) : out;
    if (!answer.ok)
      unavailable.push({ field: 'v2', reason: answer.reason, detail: `BPF_PROG_QUERY on ${dir}: ${answer.detail}` });
    else v2 = { cgroup: placement.unified, source: dir, programs: devicePrograms(answer.value) };
  }

  const scan = scanDevNodes(fs, pid);
  let nodes: Devices['nodes'] = null;
  if (scan.ok)
    nodes = { entries: scan.entries, source: scan.source, scanned: scan.scanned, truncated: scan.truncated, limit: scan.limit };
  else unavailable.push({ field: 'nodes', reason: scan.reason, detail: scan.detail });

  return { v1, v2, nodes, readAt: new Date().toISOString(), unavailable };
}
