// Mounts against real runc containers: a host dir bound rw, a listening unix socket named
// docker.sock, a device node (mknod c 1 7), a dir shared with the host (peer group), a
// container with runc's maskedPaths/readonlyPaths removed, and one in a user namespace with an
// idmapped bind (what a Kubernetes hostUsers: false volume is). Every mount fact is compared
// with the container's own /proc/self/mountinfo read through nsenter and with `findmnt -J` on
// the host; host sources are checked by stat (same device and inode through the container's
// root); masks by what /proc/PID/root/proc/keys is.
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Collector } from '../../electron/agent/collect/collector.js';
import { RUNC_DEFAULT } from '../../electron/agent/mounts/defaults.js';
import { parseMountinfo } from '../../electron/agent/parsers/mountinfo.js';
import type { MountRecord } from '../../shared/snapshot/mounts.js';
import type { Container, Snapshot } from '../../shared/snapshot/schema.js';
import { startLab, type Lab } from '../lab/lab.js';
import { stopRunc } from '../lab/runtimes/runc.js';
import { idmapTool, startRuncWithMounts, type RuncMountsContainer } from '../lab/runtimes/runcMounts.js';

let lab: Lab;
let dir = '';
let server: Server | null = null;
const hostMounts: string[] = [];
const started: RuncMountsContainer[] = [];
let exposed: RuncMountsContainer;
let unmasked: RuncMountsContainer;
let userns: RuncMountsContainer;
let snap: Snapshot;
let collector: Collector;

beforeAll(async () => {
  lab = await startLab({ only: [] });
  dir = `${lab.internals.runDir}/m`;
  for (const d of ['data', 'sock', 'shared', 'vol', 'volmapped']) mkdirSync(`${dir}/${d}`, { recursive: true });
  writeFileSync(`${dir}/data/hello`, 'hi');
  server = createServer(() => undefined);
  await new Promise<void>((resolve) => server!.listen(`${dir}/sock/docker.sock`, resolve));
  execFileSync('mknod', [`${dir}/labdev`, 'c', '1', '7']);
  execFileSync('mount', ['--bind', `${dir}/shared`, `${dir}/shared`]);
  hostMounts.push(`${dir}/shared`);
  execFileSync('mount', ['--make-shared', `${dir}/shared`]);
  execFileSync(await idmapTool(lab), [`${dir}/vol`, `${dir}/volmapped`, '100000', '65536']);
  hostMounts.push(`${dir}/volmapped`);
  exposed = await startRuncWithMounts(lab, 'exposed', {
    binds: [
      { source: `${dir}/data`, destination: '/data', options: ['rbind', 'rw'] },
      { source: `${dir}/sock/docker.sock`, destination: '/var/run/docker.sock', options: ['bind', 'rw'] },
      { source: `${dir}/labdev`, destination: '/dev/labdev', options: ['bind', 'rw'] },
      { source: `${dir}/shared`, destination: '/shared', options: ['rbind', 'rw', 'rshared'] },
    ],
    rootfsPropagation: 'shared',
  });
  started.push(exposed);
  unmasked = await startRuncWithMounts(lab, 'unmasked', {
    binds: [{ source: `${dir}/data`, destination: '/data', options: ['rbind', 'ro'] }],
    unmasked: true,
  });
  started.push(unmasked);
  userns = await startRuncWithMounts(lab, 'userns', {
    binds: [{ source: `${dir}/volmapped`, destination: '/vol', options: ['rbind', 'rw'] }],
    userns: { hostId: 100000, size: 65536 },
  });
  started.push(userns);
  collector = new Collector({ runcRoots: [lab.runcRoot], useEngineApis: false });
  snap = await collector.snapshot();
}, 180_000);

afterAll(async () => {
  for (const c of started) await stopRunc(lab.runcRoot, c.id, c.cgroupsPath, lab.prefix).catch(() => undefined);
  server?.close();
  for (const m of hostMounts.reverse()) execFileSync('umount', [m]);
  await lab?.stop();
}, 120_000);

const containerOf = (r: RuncMountsContainer): Container => {
  const c = snap.containers.find((x) => x.id === r.id);
  if (!c) throw new Error(`${r.id} not in the snapshot`);
  return c;
};
const mountsOf = (r: RuncMountsContainer) => {
  const m = containerOf(r).mounts;
  if (!m) throw new Error(`no mounts for ${r.id}: ${JSON.stringify(containerOf(r).unavailable)}`);
  return m;
};
const at = (r: RuncMountsContainer, target: string): MountRecord => {
  const list = mountsOf(r).mounts.filter((m) => m.target === target);
  return list[list.length - 1]!;
};

interface FindmntRow {
  id: number;
  parent: number;
  'maj:min': string;
  fsroot: string;
  target: string;
  fstype: string;
  'vfs-options': string;
  'fs-options': string;
  propagation: string;
}
function findmnt(pid: number): FindmntRow[] {
  const out = execFileSync(
    'findmnt',
    ['-J', '-l', '-N', String(pid), '-o', 'ID,PARENT,MAJ:MIN,FSROOT,TARGET,FSTYPE,VFS-OPTIONS,FS-OPTIONS,PROPAGATION'],
    { encoding: 'utf8' },
  );
  return (JSON.parse(out) as { filesystems: FindmntRow[] }).filesystems;
}

describe('every mount fact against the container itself and findmnt', () => {
  it('matches /proc/self/mountinfo read inside the container through nsenter, mount by mount', () => {
    for (const r of started) {
      const inside = parseMountinfo(
        execFileSync('nsenter', ['-t', String(r.initPid), '-m', '-p', 'cat', '/proc/self/mountinfo'], { encoding: 'utf8' }),
      );
      const ours = mountsOf(r).mounts;
      expect(ours.map((m) => m.id).sort(), r.id).toEqual(inside.map((m) => m.id).sort());
      for (const m of ours) {
        const e = inside.find((x) => x.id === m.id)!;
        expect(
          {
            parentId: m.parentId,
            majorMinor: m.majorMinor,
            root: m.root,
            target: m.target,
            fsType: m.fsType,
            source: m.source,
            options: m.options,
            superOptions: m.superOptions,
          },
          `${r.id} ${m.target}`,
        ).toEqual({
          parentId: e.parentId,
          majorMinor: e.majorMinor,
          root: e.root,
          target: e.mountPoint,
          fsType: e.fsType,
          source: e.source,
          options: e.options,
          superOptions: e.superOptions,
        });
        expect(m.propagation, m.target).toBe(e.optional.length ? e.optional.join(' ') : 'private');
      }
    }
  });

  it('matches findmnt -J -N on the host: ids, filesystem, root, ro/rw, propagation, idmapped', () => {
    for (const r of started) {
      const rows = findmnt(r.initPid);
      const ours = mountsOf(r).mounts;
      expect(ours).toHaveLength(rows.length);
      for (const m of ours) {
        const f = rows.find((x) => x.id === m.id)!;
        expect(f, `${r.id} mount ${m.id}`).toBeDefined();
        expect([f.parent, f['maj:min'], f.fsroot, f.target, f.fstype], m.target).toEqual([
          m.parentId,
          m.majorMinor,
          m.root,
          m.target,
          m.fsType,
        ]);
        const vfs = f['vfs-options'].split(',');
        expect(m.mountReadOnly, m.target).toBe(vfs.includes('ro'));
        expect(m.superReadOnly, m.target).toBe(f['fs-options'].split(',').includes('ro'));
        expect(m.idmapped, m.target).toBe(vfs.includes('idmapped'));
        expect(m.sharedGroup !== null, m.target).toBe(f.propagation.split(',').includes('shared'));
        expect(m.masterGroup !== null, m.target).toBe(f.propagation.split(',').includes('slave'));
      }
    }
  });

  it('resolves host sources to the very file: same device and inode as the target seen through the container', () => {
    let checked = 0;
    for (const r of started) {
      const top = new Map(mountsOf(r).mounts.map((m) => [m.target, m]));
      for (const m of top.values()) {
        if (m.host.kind !== 'host' || m.host.path === null) continue;
        if (m.root.endsWith('/null')) continue; // masks: the target is /dev/null itself
        const inside = statSync(`/proc/${r.initPid}/root${m.target}`);
        const onHost = statSync(m.host.path);
        expect([inside.dev, inside.ino], `${r.id} ${m.target} ← ${m.host.path}`).toEqual([onHost.dev, onHost.ino]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
    expect(at(exposed, '/data').host.path).toBe(`${dir}/data`);
    expect(at(exposed, '/data')).toMatchObject({ readOnly: false, host: { node: 'directory' } });
    expect(at(unmasked, '/data')).toMatchObject({ readOnly: true, flags: [] });
  });
});

describe('flags, with the host checked for real', () => {
  it('flags the bound docker.sock as a runtime socket because the host path is a listening socket', () => {
    expect(lstatSync(`${dir}/sock/docker.sock`).isSocket()).toBe(true);
    const m = at(exposed, '/var/run/docker.sock');
    expect(m.host).toMatchObject({ kind: 'host', path: `${dir}/sock/docker.sock`, node: 'socket' });
    expect(m.flags).toEqual([expect.objectContaining({ kind: 'runtime-socket', severity: 'high' })]);
  });

  it('flags the device node with its major:minor', () => {
    const m = at(exposed, '/dev/labdev');
    expect(m.host).toMatchObject({ node: 'char-device', rdev: '1:7' });
    expect(m.flags.map((f) => f.kind)).toEqual(['host-device']);
  });

  it('flags the shared mount and names the host peer (findmnt shows the host side shared too)', () => {
    const m = at(exposed, '/shared');
    const host = (
      JSON.parse(execFileSync('findmnt', ['-J', '-o', 'TARGET,PROPAGATION', `${dir}/shared`], { encoding: 'utf8' })) as {
        filesystems: { propagation: string }[];
      }
    ).filesystems[0]!;
    expect(host.propagation).toContain('shared');
    expect(m.flags.map((f) => f.kind)).toEqual(['shared-propagation']);
    expect(m.flags[0]!.reason).toContain(`peer group ${m.sharedGroup}: the host's ${dir}/shared`);
  });

  it('flags nothing in the plain containers but writable /proc/sys where the read-only bind was removed', () => {
    expect(mountsOf(userns).mounts.filter((m) => m.flags.length)).toEqual([]);
    expect(
      mountsOf(unmasked)
        .mounts.filter((m) => m.flags.length)
        .map((m) => [m.target, m.flags.map((f) => f.kind)]),
    ).toEqual([['/proc', ['proc-sys-writable']]]);
  });
});

describe('masked and read-only paths', () => {
  const isNull = (pid: number, path: string) => {
    const st = statSync(`/proc/${pid}/root${path}`);
    return st.isCharacterDevice() && st.rdev === statSync('/dev/null').rdev;
  };
  it('agree with what the files are inside each container', () => {
    for (const r of [exposed, unmasked, userns]) {
      for (const p of mountsOf(r).protections.paths) {
        const exists = existsSync(p.path); // the host's procfs/sysfs: the same kernel
        if (!exists) {
          expect(p.state, `${r.id} ${p.path}`).toBe('absent');
          continue;
        }
        if (p.state === 'masked' && p.expected === 'masked' && !statSync(`/proc/${r.initPid}/root${p.path}`).isDirectory())
          expect(isNull(r.initPid, p.path), `${r.id} ${p.path}`).toBe(true);
        if (p.state === 'exposed') expect(isNull(r.initPid, p.path), `${r.id} ${p.path}`).toBe(false);
      }
    }
  });
  it('are all in force under runc defaults, and named missing when maskedPaths were removed', () => {
    expect(mountsOf(exposed).protections.defaultName).toBe(RUNC_DEFAULT.name);
    expect(mountsOf(exposed).protections.paths.filter((p) => p.state === 'exposed')).toEqual([]);
    const missing = mountsOf(unmasked)
      .protections.paths.filter((p) => p.state === 'exposed')
      .map((p) => p.path);
    const expected = [...RUNC_DEFAULT.masked, ...RUNC_DEFAULT.readonly].filter((p) => existsSync(p));
    expect(missing.sort()).toEqual(expected.sort());
    expect(missing).toContain('/proc/keys');
  });
});

describe('user namespace with an idmapped bind (hostUsers: false)', () => {
  it('marks the idmapped mount and lists both host paths that reach its directory', () => {
    const m = at(userns, '/vol');
    expect(m.idmapped).toBe(true);
    expect(m.host.kind).toBe('ambiguous');
    expect([...m.host.candidates].sort()).toEqual([`${dir}/vol`, `${dir}/volmapped`]);
    expect(containerOf(userns).namespaces.user.sharedWithHost).toBe(false);
  });
});

describe('cost', () => {
  it('reuses the analysis while a container lives and its mount table is unchanged: the host mount table is not read again', () => {
    const facts = collector.readHost();
    const first = collector.containersFrom(facts, collector.scanProcesses(facts), []);
    collector.fs.trace = [];
    const again = collector.containersFrom(facts, collector.scanProcesses(facts), []);
    const reads = collector.fs.trace.filter((l) => l.endsWith('/proc/1/mountinfo'));
    collector.fs.trace = null;
    expect(reads).toEqual([]);
    const pick = (list: Container[]) => list.find((c) => c.initPid === exposed.initPid)!.mounts;
    expect(pick(again)).toBe(pick(first)); // the very object: nothing re-analysed
    expect(pick(again)).toEqual(containerOf(exposed).mounts);
  });
});
