// The mount analysis on real captured mount tables (fixtures/text/MANIFEST.md): host sources by
// major:minor and root, the flags with their reasons, masked/read-only paths against runc's
// default. The host's answers (what a path is, whether the kernel has a file) are the ones the
// capture machine gave; the lab test (e2e/agent/mounts.lab.test.ts) checks them live.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMountinfo, type MountEntry } from '../parsers/mountinfo.js';
import { analyzeMounts, resolveHost, type HostLookups, type HostNode } from './analyze.js';
import { RUNC_DEFAULT } from './defaults.js';

const text = (f: string) => readFileSync(new URL(`../fixtures/text/mountinfo/${f}`, import.meta.url), 'utf8');
const LAB = '/tmp/isoscope-lab-0ea8d6de/run/m';
const host = parseMountinfo(text('local-host-with-runc-binds.mountinfo'));
// What lstat said on the capture machine (a listening socket, mknod c 1 7, directories).
const NODES = new Map<string, HostNode>([
  [`${LAB}/sock/docker.sock`, { node: 'socket' }],
  [`${LAB}/labdev`, { node: 'char-device', rdev: '1:7' }],
  [`${LAB}/data`, { node: 'directory' }],
  [`${LAB}/shared`, { node: 'directory' }],
]);
// The capture kernel has no kcore, sysrq-trigger, asound, sched_debug, scsi, latency_stats, timer_stats.
const ABSENT = new Set([
  '/proc/kcore',
  '/proc/sysrq-trigger',
  '/proc/asound',
  '/proc/sched_debug',
  '/proc/scsi',
  '/proc/latency_stats',
  '/proc/timer_stats',
]);
const lookups: HostLookups = {
  node: (p) => NODES.get(p) ?? { node: 'directory' },
  kernelHas: (p) => !ABSENT.has(p),
  socketsIn: () => [],
};

function analyze(file: string, opts: { host?: MountEntry[] | null; inPod?: boolean } = {}) {
  const entries = parseMountinfo(text(file));
  return analyzeMounts({
    entries,
    truncated: false,
    source: '/proc/1234/mountinfo',
    host: opts.host === undefined ? host : opts.host,
    hostReference: '/proc/1/mountinfo',
    defaults: RUNC_DEFAULT,
    inPod: opts.inPod ?? false,
    lookups,
  });
}
const at = (m: ReturnType<typeof analyze>, target: string) => m.mounts.find((x) => x.target === target)!;

describe('host sources', () => {
  it('resolves bind mounts through the host mount of the same filesystem', () => {
    const m = analyze('local-runc-binds-socket-device-shared.mountinfo');
    expect(at(m, '/data').host).toMatchObject({ kind: 'host', path: `${LAB}/data`, node: 'directory' });
    expect(at(m, '/data').host.how).toContain('host mount 26 (254:0, root /) at /');
    expect(at(m, '/').host.path).toBe('/tmp/isoscope-lab-0ea8d6de/run/runc-mounts-exposed/rootfs');
    expect(at(m, '/proc').host).toMatchObject({ kind: 'own', path: null });
    // cgroup v1 hierarchies are the host's own superblocks: their root is the container's cgroup.
    expect(at(m, '/sys/fs/cgroup/memory').host.path).toBe('/sys/fs/cgroup/memory/isoscope-lab-0ea8d6de-mounts-exposed');
  });

  it('lists every host path when several host mounts reach the same root, and picks none', () => {
    const e = parseMountinfo(text('local-runc-binds-socket-device-shared.mountinfo')).find((x) => x.mountPoint === '/shared')!;
    const r = resolveHost(e, host, 'ref', lookups);
    // The host has / (root /) and the shared bind of the dir on itself (root = the dir): one path.
    expect(r).toMatchObject({ kind: 'host', path: `${LAB}/shared` });
    const twice = [...host, { ...host.find((h) => h.mountPoint === '/')!, id: 9999, mountPoint: '/mnt/again' }];
    const amb = resolveHost(e, twice, 'ref', lookups);
    expect(amb.kind).toBe('ambiguous');
    expect(amb.path).toBeNull();
    expect(amb.candidates.sort()).toEqual([`${LAB}/shared`, `/mnt/again${LAB}/shared`].sort());
    expect(amb.how).toContain('none picked');
  });

  it('says unresolved, not own, when the host mount table is unreadable', () => {
    const m = analyze('local-runc-binds-socket-device-shared.mountinfo', { host: null });
    expect(at(m, '/data').host.kind).toBe('unresolved');
    expect(at(m, '/data').flags).toEqual([]);
  });
});

describe('flags', () => {
  const m = analyze('local-runc-binds-socket-device-shared.mountinfo');
  it('flags the Docker socket by what the host path is', () => {
    expect(at(m, '/var/run/docker.sock').flags).toEqual([expect.objectContaining({ kind: 'runtime-socket', severity: 'high' })]);
    expect(at(m, '/var/run/docker.sock').flags[0]!.reason).toContain('Docker API');
  });
  it('flags a host device node bound in, with its major:minor', () => {
    expect(at(m, '/dev/labdev').flags).toEqual([expect.objectContaining({ kind: 'host-device' })]);
    expect(at(m, '/dev/labdev').flags[0]!.reason).toContain('(1:7)');
  });
  it('flags shared propagation and names the host peer', () => {
    const f = at(m, '/shared').flags.find((x) => x.kind === 'shared-propagation')!;
    expect(f.reason).toContain(`peer group 34: the host's ${LAB}/shared`);
  });
  it('leaves a plain data bind, proc, ro sysfs and cgroups unflagged', () => {
    for (const t of ['/data', '/proc', '/sys', '/sys/fs/cgroup/memory', '/dev']) expect(at(m, t).flags, t).toEqual([]);
  });
  it('flags /proc/sys writable when no read-only bind covers it', () => {
    const u = analyze('local-runc-unmasked.mountinfo');
    expect(at(u, '/proc').flags.map((f) => f.kind)).toEqual(['proc-sys-writable']);
  });
  it("does not flag runc's default devices bound from the host's devtmpfs (user namespace)", () => {
    const u = analyze('local-runc-userns-idmapped.mountinfo');
    for (const t of ['/dev/null', '/dev/zero', '/dev/tty']) expect(at(u, t).flags, t).toEqual([]);
    expect(at(u, '/dev/null').host.path).toBe('/dev/null');
  });
  it('tells a hostPath volume from kubelet-managed ones in a pod', () => {
    const pod = analyze('local-runc-binds-socket-device-shared.mountinfo', { inPod: true });
    expect(at(pod, '/data').flags.map((f) => f.kind)).toEqual(['hostpath']);
    expect(at(pod, '/').flags).toEqual([]);
  });
  it('flags the host root, /etc and a bound /run with its sockets', () => {
    const entries = parseMountinfo(
      [
        '1 0 254:0 / / rw - ext4 /dev/vda rw',
        '2 1 254:0 /etc /host/etc ro - ext4 /dev/vda rw',
        '3 1 0:25 / /host/run rw - tmpfs tmpfs rw',
      ].join('\n'),
    );
    const h = parseMountinfo(['26 1 254:0 / / rw - ext4 /dev/vda rw', '27 26 0:25 / /run rw - tmpfs tmpfs rw'].join('\n'));
    const r = analyzeMounts({
      entries,
      truncated: false,
      source: 's',
      host: h,
      hostReference: 'r',
      defaults: RUNC_DEFAULT,
      inPod: false,
      lookups: { ...lookups, socketsIn: (d) => [`${d}/docker.sock`] },
    });
    expect(r.mounts[0]!.flags[0]).toMatchObject({ kind: 'host-directory', severity: 'high' });
    expect(r.mounts[1]!.flags[0]).toMatchObject({ kind: 'host-directory', severity: 'medium' });
    expect(r.mounts[2]!.flags.map((f) => f.kind)).toEqual(['host-directory', 'runtime-socket']);
    expect(r.mounts[2]!.flags[1]!.reason, JSON.stringify(r.mounts[2])).toContain('/run/docker.sock');
  });
});

describe('masked and read-only paths against the default', () => {
  it("finds runc's masks and read-only binds in force", () => {
    const p = analyze('local-runc-binds-socket-device-shared.mountinfo').protections;
    const state = Object.fromEntries(p.paths.map((x) => [x.path, x.state]));
    expect(state).toMatchObject({
      '/proc/keys': 'masked',
      '/proc/timer_list': 'masked',
      '/proc/acpi': 'masked',
      '/sys/firmware': 'masked',
      '/proc/sys': 'readonly',
      '/proc/bus': 'readonly',
      '/proc/kcore': 'absent',
    });
    expect(p.paths.filter((x) => x.state === 'exposed')).toEqual([]);
  });
  it('says which default paths are exposed when maskedPaths were removed', () => {
    const p = analyze('local-runc-unmasked.mountinfo').protections;
    const exposed = p.paths
      .filter((x) => x.state === 'exposed')
      .map((x) => x.path)
      .sort();
    expect(exposed).toEqual(
      ['/proc/acpi', '/proc/bus', '/proc/fs', '/proc/irq', '/proc/keys', '/proc/sys', '/proc/timer_list', '/sys/firmware'].sort(),
    );
    expect(p.paths.find((x) => x.path === '/proc/kcore')!.state).toBe('absent');
  });
  it('masks by a bind of the host /dev/null in a user namespace count as masks', () => {
    const p = analyze('local-runc-userns-idmapped.mountinfo').protections;
    expect(p.paths.find((x) => x.path === '/proc/keys')).toMatchObject({ state: 'masked' });
  });
  it('marks idmapped mounts', () => {
    const u = analyze('local-runc-userns-idmapped.mountinfo');
    expect(u.mounts.filter((x) => x.idmapped).map((x) => x.target)).toEqual(['/vol']);
    // The host reaches that directory twice: through / and through the idmapped bind of it.
    expect(at(u, '/vol').host).toMatchObject({ kind: 'ambiguous', path: null });
    expect([...at(u, '/vol').host.candidates].sort()).toEqual([`${LAB}/vol`, `${LAB}/volmapped`]);
  });
});

describe('hostile mount tables', () => {
  it('caps long targets and keeps keys like __proto__ as data', () => {
    const long = '/x'.repeat(5000);
    const entries = parseMountinfo(
      `1 0 254:0 / / rw - ext4 /dev/vda rw\n2 1 254:0 /__proto__ /__proto__ rw - ext4 /dev/vda rw\n3 1 254:0 /a ${long} rw - ext4 /dev/vda rw\n4 1 254:0 /a /constructor rw - ext4 /dev/vda rw`,
    );
    const r = analyzeMounts({
      entries,
      truncated: false,
      source: 's',
      host,
      hostReference: 'r',
      defaults: RUNC_DEFAULT,
      inPod: false,
      lookups,
    });
    expect(r.mounts[1]!.target).toBe('/__proto__');
    expect(r.mounts[2]!.target.length).toBeLessThan(4200);
    expect(r.mounts[2]!.target).toContain('cut at 4096');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
