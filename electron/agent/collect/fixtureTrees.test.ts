// `isoscope snapshot --root <tree>` on host trees made from real captured text (cgroup v2 with
// SELinux, cgroup v2 with AppArmor, a Kubernetes node): every fact must equal the tree's
// EXPECTED.json, which was written down independently of the collector.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Container, Snapshot } from '../../../shared/snapshot/schema.js';
import { HostFs } from '../readers/hostFs.js';
import { readHost } from '../readers/hostReader.js';
import { Collector } from './collector.js';

const ROOTS = new URL('../fixtures/roots/', import.meta.url).pathname;
const TREES = readdirSync(ROOTS, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

interface Expected {
  host: {
    hostname: string;
    osrelease: string;
    cgroupVersion: number;
    lsmModules: string;
    capBndHex: string;
    hostNamespaces: Record<string, number>;
  };
  containers: {
    id: string;
    runtime: string;
    name: string;
    image: string | null;
    initPid: number;
    pids: number[];
    hostNamespaces: string[];
    capEffHex: string;
    seccompMode: number;
    noNewPrivs: boolean;
    lsm: { apparmor?: string; selinux?: string };
    limits: { memoryMax: number | null; pidsMax: number | null; cpuQuota: number | null; cpuPeriod: number | null };
    rootfsReadOnly: boolean;
    cgroupPath: string;
    helperPids?: number[];
    pod?: { name: string; namespace: string; uid: string; sandboxId: string; role: string };
  }[];
  sandboxes?: { kind: string; pids: number[]; hostNamespaces: string[] }[];
  nonContainerPids: number[];
}

const NS = ['cgroup', 'ipc', 'mnt', 'net', 'pid', 'time', 'user', 'uts'] as const;
const hostNs = (c: Container) => NS.filter((t) => c.namespaces[t].sharedWithHost === true);
const MODES = ['disabled', 'strict', 'filter'];

describe.each(TREES)('fixture tree %s', (tree) => {
  const expected = JSON.parse(readFileSync(join(ROOTS, tree, 'EXPECTED.json'), 'utf8')) as Expected;
  let snap: Snapshot;
  const get = async () => (snap ??= await new Collector({ root: join(ROOTS, tree), useEngineApis: false }).snapshot());

  it('reads the host: name, kernel, cgroup v2, LSMs and the namespaces of pid 1', async () => {
    const { host } = await get();
    expect(host.hostname).toBe(expected.host.hostname);
    expect(host.kernel).toBe(expected.host.osrelease);
    expect(host.cgroupVersion).toBe(`v${expected.host.cgroupVersion}`);
    expect(host.lsms).toEqual(expected.host.lsmModules.split(','));
    expect(host.namespaceReference.pid).toBe(1);
    for (const [t, inode] of Object.entries(expected.host.hostNamespaces)) expect(host.namespaces[t as 'net'], t).toBe(inode);
    // The host's own bounding set (pid 1's CapBnd): what "every capability" means on that kernel.
    expect(host.capabilityBounding?.set.hex).toBe(expected.host.capBndHex);
    expect(host.capabilityBounding?.set.names).toHaveLength(41);
    expect(host.capabilityBounding?.source).toBe('/proc/1/status CapBnd (pid 1, the host reference)');
    expect(host.unavailable.filter((u) => u.field === 'capabilityBounding')).toEqual([]);
  });

  it('finds exactly the expected containers and sandboxes', async () => {
    const s = await get();
    const want = [...expected.containers.map((c) => c.initPid), ...(expected.sandboxes ?? []).map((x) => x.pids[0])].sort();
    expect(s.containers.map((c) => c.initPid).sort()).toEqual(want);
  });

  it.each(expected.containers.map((c) => [c.name, c] as const))(
    'container %s: identity, namespaces, caps, seccomp, LSM, limits, rootfs',
    async (_name, e) => {
      const c = (await get()).containers.find((x) => x.id === e.id)!;
      expect(c, e.id).toBeDefined();
      expect(c.runtime).toBe(e.runtime);
      expect(c.name).toBe(e.name);
      expect(c.image).toBe(e.image);
      expect(c.initPid).toBe(e.initPid);
      expect(c.processes.map((p) => p.pid).sort()).toEqual([...e.pids].sort());
      expect(hostNs(c).sort()).toEqual([...e.hostNamespaces].sort());
      expect(c.capabilities.effective?.hex).toBe(e.capEffHex);
      expect(c.seccomp.mode).toBe(MODES[e.seccompMode]);
      expect(c.seccomp.noNewPrivs).toBe(e.noNewPrivs);
      if (e.lsm.apparmor) expect(c.lsm.raw).toBe(e.lsm.apparmor);
      if (e.lsm.selinux) expect(c.lsm.raw).toBe(e.lsm.selinux);
      if (e.lsm.selinux) expect(c.lsm.selinux?.type).toBe(e.lsm.selinux.split(':')[2]);
      expect({
        memoryMax: c.cgroup.limits.memoryMax,
        pidsMax: c.cgroup.limits.pidsMax,
        cpuQuota: c.cgroup.limits.cpuQuota,
        cpuPeriod: c.cgroup.limits.cpuPeriod,
      }).toEqual(e.limits);
      expect(c.rootfsReadOnly).toBe(e.rootfsReadOnly);
      // Podman's processes live in a `container` leaf under libpod-<id>.scope, where the limits
      // are set: the scope is the container's cgroup.
      expect(c.cgroup.paths.unified).toBe(e.runtime === 'podman' ? e.cgroupPath.replace(/\/container$/, '') : e.cgroupPath);
      expect(c.cgroup.version).toBe('v2');
      if (e.pod) {
        expect(c.pod).toMatchObject({ name: e.pod.name, namespace: e.pod.namespace, uid: e.pod.uid, sandboxId: e.pod.sandboxId });
        expect(c.role).toBe(e.pod.role === 'sandbox' ? 'pod-sandbox' : 'container');
      }
    },
  );

  it('does not count runtime helpers (conmon, shims, monitors) or host processes as container members', async () => {
    const members = new Set((await get()).containers.flatMap((c) => c.processes.map((p) => p.pid)));
    const sandboxPids = new Set((expected.sandboxes ?? []).flatMap((s) => s.pids));
    for (const pid of expected.nonContainerPids) if (!sandboxPids.has(pid)) expect(members.has(pid), `pid ${pid}`).toBe(false);
    for (const c of expected.containers)
      for (const pid of c.helperPids ?? []) expect(members.has(pid), `helper ${pid}`).toBe(false);
  });

  it.each((expected.sandboxes ?? []).map((s) => [s.kind, s] as const))(
    'sandbox %s: its processes and host namespaces',
    async (_kind, e) => {
      const c = (await get()).containers.find((x) => x.runtime === 'sandbox' && x.initPid === e.pids[0])!;
      expect(c).toBeDefined();
      expect(c.processes.map((p) => p.pid).sort()).toEqual([...e.pids].sort());
      expect(hostNs(c).sort()).toEqual([...e.hostNamespaces].sort());
    },
  );
});

describe("the host's bounding set when pid 1's status cannot be used", () => {
  const root = mkdtempSync(join(tmpdir(), 'isoscope-capbnd-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('unreadable: null with the reason, never a default', () => {
    const { host } = readHost(new HostFs(root), 'test', 0);
    expect(host.capabilityBounding).toBeNull();
    expect(host.unavailable).toContainEqual({ field: 'capabilityBounding', reason: 'ENOENT', detail: '/proc/1/status CapBnd' });
  });

  it('a CapBnd line that is not a mask: null, unparsable', () => {
    mkdirSync(join(root, 'proc/1'), { recursive: true });
    writeFileSync(join(root, 'proc/1/status'), 'Name:\tinit\nCapBnd:\tall-of-them\n');
    const { host } = readHost(new HostFs(root), 'test', 0);
    expect(host.capabilityBounding).toBeNull();
    expect(host.unavailable).toContainEqual({
      field: 'capabilityBounding',
      reason: 'unparsable',
      detail: '/proc/1/status CapBnd',
    });
  });
});
