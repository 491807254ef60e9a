// The collector against a lab of real containers: every fact it reports is compared with an
// independent reference (lsns, capsh, /proc status, cgroup files, the runtime's own inspect).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Collector } from '../../electron/agent/collect/collector.js';
import type { Container, Snapshot } from '../../shared/snapshot/schema.js';
import { startLab, type Lab, type LabContainer } from '../lab/lab.js';
import { labOptions } from './labCollector.js';
import {
  capshDecode,
  catFile,
  cgroupPathOf,
  cgroupProcs,
  lsnsOf,
  pidsInPidNs,
  sh,
  statusField,
  LSNS_TO_PROC,
} from './reference.js';

let lab: Lab;
let snap: Snapshot;

beforeAll(async () => {
  lab = await startLab();
  if (lab.skipped.length) console.warn('lab skipped:', lab.skipped);
  snap = await new Collector(labOptions(lab)).snapshot();
});
afterAll(async () => {
  await lab?.stop();
});

const RUNTIME: Record<string, Container['runtime']> = {
  runc: 'runc',
  docker: 'docker',
  podman: 'podman',
  lxc: 'lxc',
  nspawn: 'nspawn',
  sandbox: 'sandbox',
};

function found(lc: LabContainer): Container {
  const c = snap.containers.find((x) => x.initPid === lc.initPid);
  if (!c)
    throw new Error(
      `${lc.key} (init pid ${lc.initPid}) not in snapshot: ${snap.containers.map((x) => `${x.runtime}:${x.name}:${x.initPid}`).join(', ')}`,
    );
  return c;
}

const keys = () => lab.containers.map((c) => [c.key, c] as const);

describe('the lab', () => {
  it('started every runtime', () => {
    expect(lab.skipped).toEqual([]);
    expect(lab.containers.map((c) => c.key).sort()).toEqual([
      'bwrap',
      'docker',
      'lxc',
      'nspawn',
      'podman',
      'runc-hardened',
      'runc-loose',
      'unshare',
    ]);
  });
});

describe('identity', () => {
  it('finds each lab container once, under its runtime, id and name', () => {
    for (const [key, lc] of keys()) {
      const c = found(lc);
      expect(c.runtime, key).toBe(RUNTIME[lc.runtime]);
      expect(c.id, key).toBe(lc.id);
      expect(c.name, key).toBe(lc.name);
      expect(
        snap.containers.filter((x) => x.id === lc.id),
        key,
      ).toHaveLength(1);
      if (lc.image) expect(c.image, key).toContain(lc.image.replace(/:latest$/, ''));
    }
  });

  it('agrees with docker inspect and podman inspect', () => {
    const docker = lab.containers.find((c) => c.key === 'docker')!;
    const [d] = JSON.parse(sh('docker', ['--host', `unix://${lab.docker!.socket}`, 'inspect', docker.id])) as {
      Id: string;
      Name: string;
      State: { Pid: number };
      Config: { Image: string };
      HostConfig: { Memory: number; PidsLimit: number; ReadonlyRootfs: boolean };
    }[];
    const c = found(docker);
    expect(c.initPid).toBe(d!.State.Pid);
    expect(c.name).toBe(d!.Name.replace(/^\//, ''));
    expect(c.image).toBe(d!.Config.Image);
    expect(c.cgroup.limits.memoryMax).toBe(d!.HostConfig.Memory);
    expect(c.cgroup.limits.pidsMax).toBe(d!.HostConfig.PidsLimit);
    expect(c.rootfsReadOnly).toBe(d!.HostConfig.ReadonlyRootfs);

    const podman = lab.containers.find((c) => c.key === 'podman')!;
    const [p] = JSON.parse(sh('podman', ['--url', `unix://${lab.podman!.socket}`, 'inspect', podman.id])) as {
      Id: string;
      Name: string;
      State: { Pid: number };
    }[];
    const pc = found(podman);
    expect(pc.initPid).toBe(p!.State.Pid);
    expect(pc.name).toBe(p!.Name);
  });

  it('agrees with runc state for the bare runc containers', () => {
    for (const lc of lab.containers.filter((c) => c.runtime === 'runc')) {
      const state = JSON.parse(sh('runc', ['--root', lab.runcRoot, 'state', lc.id])) as { pid: number; id: string };
      expect(found(lc).initPid, lc.key).toBe(state.pid);
    }
  });

  it('knows when each init started, as ps reports its elapsed time', () => {
    for (const [key, lc] of keys()) {
      const init = found(lc).processes.find((p) => p.pid === lc.initPid)!;
      const elapsed = Number(sh('ps', ['-o', 'etimes=', '-p', String(lc.initPid)]).trim());
      expect(Math.abs(Date.now() - elapsed * 1000 - init.startedAt!), key).toBeLessThan(2500);
    }
  });

  it('lists exactly the processes in the container (cgroup.procs, or the pid namespace for sandboxes)', () => {
    for (const [key, lc] of keys()) {
      const c = found(lc);
      const pids = c.processes.map((p) => p.pid).sort((a, b) => a - b);
      expect(pids.length, key).toBeGreaterThanOrEqual(2);
      if (lc.runtime === 'sandbox') {
        // A sandbox is its pid namespace plus the launcher that made it (unshare --fork stays
        // outside as the parent, with the new namespace as its pid_for_children).
        expect(pids, key).toEqual(pidsInPidNs(c.namespaces.pid.inode!));
      } else if (lc.runtime !== 'nspawn') {
        expect(pids, key).toEqual(cgroupProcs('memory', cgroupPathOf(lc.initPid, 'memory')));
      }
      const init = c.processes.find((p) => p.pid === c.initPid)!;
      if (c.namespaces.pid.sharedWithHost === false) expect(init.nspid.at(-1), key).toBe(1);
    }
  });
});

describe('without being told where the runtimes keep their state', () => {
  it('still names Docker, Podman and LXC containers from their cgroups and their launchers (shim, conmon)', async () => {
    const bare = await new Collector({ useEngineApis: false }).snapshot();
    for (const key of ['docker', 'podman', 'lxc'] as const) {
      const lc = lab.containers.find((c) => c.key === key)!;
      const c = bare.containers.find((x) => x.initPid === lc.initPid);
      expect(c, key).toBeDefined();
      expect(c!.runtime, key).toBe(key);
      expect(c!.id, key).toBe(lc.id);
    }
  });
});

describe('namespaces', () => {
  it('match lsns for every type, and "shared with host" matches the test process', () => {
    const host = lsnsOf(process.pid);
    for (const [key, lc] of keys()) {
      const c = found(lc);
      const ref = lsnsOf(lc.initPid);
      for (const [lsType, procType] of Object.entries(LSNS_TO_PROC)) {
        if (ref[lsType] === undefined) continue;
        const ns = c.namespaces[procType as keyof Container['namespaces']];
        expect(ns.inode, `${key} ${procType}`).toBe(ref[lsType]);
        expect(ns.sharedWithHost, `${key} ${procType}`).toBe(ref[lsType] === host[lsType]);
      }
      for (const t of lc.declared.hostNamespaces ?? [])
        expect(c.namespaces[t as 'net'].sharedWithHost, `${key} declared host ${t}`).toBe(true);
    }
  });

  it('reads the hardened container’s user-namespace map', () => {
    const lc = lab.containers.find((c) => c.key === 'runc-hardened')!;
    const c = found(lc);
    expect(c.userNamespace.uidMap).toEqual(lc.declared.uidMap);
    expect(c.userNamespace.gidMap).toEqual(lc.declared.uidMap);
    expect(c.namespaces.user.sharedWithHost).toBe(false);
    expect(catFile(`/proc/${lc.initPid}/uid_map`).split(/\s+/).map(Number)).toEqual([
      c.userNamespace.uidMap![0]!.inside,
      c.userNamespace.uidMap![0]!.outside,
      c.userNamespace.uidMap![0]!.count,
    ]);
  });
});

describe('capabilities, seccomp, rootfs', () => {
  it('decode every set as capsh does from /proc status', () => {
    const sets = {
      effective: 'CapEff',
      permitted: 'CapPrm',
      bounding: 'CapBnd',
      inheritable: 'CapInh',
      ambient: 'CapAmb',
    } as const;
    for (const [key, lc] of keys()) {
      const c = found(lc);
      for (const [set, field] of Object.entries(sets)) {
        expect(c.capabilities[set as keyof typeof sets]!.names, `${key} ${set}`).toEqual(
          capshDecode(statusField(lc.initPid, field)),
        );
      }
    }
  });

  it('match what the lab declared', () => {
    for (const [key, lc] of keys()) {
      const c = found(lc);
      if (lc.declared.capabilities)
        expect([...c.capabilities.effective!.names].sort(), key).toEqual([...lc.declared.capabilities].sort());
      if (lc.declared.seccomp) expect(c.seccomp.mode, key).toBe(lc.declared.seccomp === 'none' ? 'disabled' : 'filter');
      if (lc.declared.noNewPrivs !== undefined) expect(c.seccomp.noNewPrivs, key).toBe(lc.declared.noNewPrivs);
      if (lc.declared.readonlyRootfs !== undefined) expect(c.rootfsReadOnly, key).toBe(lc.declared.readonlyRootfs);
    }
  });

  it('read seccomp mode, filter count and NoNewPrivs as /proc status prints them', () => {
    const modes: Record<string, string> = { '0': 'disabled', '1': 'strict', '2': 'filter' };
    for (const [key, lc] of keys()) {
      const c = found(lc);
      expect(c.seccomp.mode, key).toBe(modes[statusField(lc.initPid, 'Seccomp')]);
      expect(c.seccomp.filters, key).toBe(Number(statusField(lc.initPid, 'Seccomp_filters')));
      expect(c.seccomp.noNewPrivs, key).toBe(statusField(lc.initPid, 'NoNewPrivs') === '1');
    }
  });
});

describe('cgroups', () => {
  it('report limits equal to the cgroup files, with unlimited as null and the file as source', () => {
    for (const [key, lc] of keys()) {
      const c = found(lc);
      const mem = cgroupPathOf(lc.initPid, 'memory');
      const memFile = `/sys/fs/cgroup/memory${mem}/memory.limit_in_bytes`;
      const limit = Number(catFile(memFile));
      expect(c.cgroup.limits.memoryMax, key).toBe(limit >= 2 ** 62 ? null : limit);
      expect(c.cgroup.sources['limits.memoryMax'], key).toBe(memFile);
      const cpu = cgroupPathOf(lc.initPid, 'cpu');
      const quota = Number(catFile(`/sys/fs/cgroup/cpu${cpu}/cpu.cfs_quota_us`));
      expect(c.cgroup.limits.cpuQuota, key).toBe(quota < 0 ? null : quota);
      const pids = cgroupPathOf(lc.initPid, 'pids');
      if (pids !== '/') {
        const max = catFile(`/sys/fs/cgroup/pids${pids}/pids.max`);
        expect(c.cgroup.limits.pidsMax, key).toBe(max === 'max' ? null : Number(max));
      }
    }
  });

  it('match what the lab declared', () => {
    for (const [key, lc] of keys()) {
      const c = found(lc);
      const d = lc.declared;
      if (d.memoryMaxBytes !== undefined) expect(c.cgroup.limits.memoryMax, key).toBe(d.memoryMaxBytes);
      if (d.pidsMax !== undefined) expect(c.cgroup.limits.pidsMax, key).toBe(d.pidsMax);
      if (d.cpuQuotaUs !== undefined) expect(c.cgroup.limits.cpuQuota, key).toBe(d.cpuQuotaUs);
      if (d.cpuPeriodUs !== undefined && d.cpuPeriodUs !== null) expect(c.cgroup.limits.cpuPeriod, key).toBe(d.cpuPeriodUs);
      if (d.cgroupsPath) expect(c.cgroup.paths.memory, key).toBe(d.cgroupsPath);
      expect(c.cgroup.version, key).toBe('v1');
      expect(c.cgroup.usage.memoryCurrent, key).toBeGreaterThan(0);
    }
  });

  it('never reports a guessed value: every null limit is either unlimited or listed as unavailable', () => {
    for (const c of snap.containers) {
      for (const [field, value] of Object.entries(c.cgroup.usage)) {
        if (value === null)
          expect(
            c.unavailable.some((u) => u.field.startsWith(`cgroup.usage.${field}`)),
            `${c.name} usage.${field}`,
          ).toBe(true);
      }
    }
  });
});
