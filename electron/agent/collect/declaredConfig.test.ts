// The declared configuration read from real files under a host root: a root-owned bundle
// config.json is parsed; one a user owns or others may write, a symlink, a FIFO or an oversized
// file is refused with its reason (and nothing blocks); each container's bundle is read once
// per lifetime (init pid + start time), a failed read again only after a while.
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { HostFs } from '../readers/hostFs.js';
import { clearDeclaredCache, declaredOf, readDeclared } from './declaredConfig.js';

const root = mkdtempSync(join(tmpdir(), 'isoscope-declared-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeEach(() => clearDeclaredCache());

const CONFIG = {
  ociVersion: '1.0.2',
  root: { path: 'rootfs', readonly: true },
  process: { noNewPrivileges: true, capabilities: { bounding: ['CAP_CHOWN', 'CAP_KILL'], effective: ['CAP_CHOWN', 'CAP_KILL'] } },
  linux: {
    namespaces: [{ type: 'pid' }, { type: 'network', path: '/proc/1/ns/net' }, { type: 'mount' }],
    resources: { memory: { limit: 67108864 }, pids: { limit: 64 } },
    seccomp: { defaultAction: 'SCMP_ACT_ALLOW' },
  },
};

function bundle(name: string, content: string | null = JSON.stringify(CONFIG)): string {
  const dir = `/bundles/${name}`;
  mkdirSync(join(root, dir), { recursive: true });
  if (content !== null) writeFileSync(join(root, dir, 'config.json'), content, { mode: 0o644 });
  return dir;
}
const target = (dir: string, startTime = 100) => ({
  id: dir.split('/').pop()!,
  labels: { 'oci.bundle': dir },
  sources: [],
  initPid: 4242,
  startTime,
});

describe('declared configuration from an OCI bundle', () => {
  it('parses a root-owned config.json: what the runtime was asked for', () => {
    const r = readDeclared(new HostFs(root), target(bundle('good')));
    expect(r.unavailable).toBeUndefined();
    expect(r.value).toEqual({
      source: '/bundles/good/config.json',
      readonlyRootfs: true,
      noNewPrivileges: true,
      capabilities: { bounding: ['CAP_CHOWN', 'CAP_KILL'], effective: ['CAP_CHOWN', 'CAP_KILL'] },
      namespaces: { pid: 'own', net: 'joined', mnt: 'own' },
      seccomp: 'profile',
      memoryLimit: 67108864,
      pidsLimit: 64,
      cpuQuota: null,
    });
  });
  it('no bundle named by runtime state: nothing to read (absent, not null)', () => {
    expect(
      readDeclared(new HostFs(root), { labels: {}, sources: ['cgroup /x', '/var/lib/docker/containers/x/config.v2.json'] }),
    ).toEqual({ value: undefined });
  });
  it('a containerd/CRI-O config.json the container was identified from is used when no runc state names a bundle', () => {
    const dir = bundle('cri');
    const r = readDeclared(new HostFs(root), { labels: {}, sources: ['cgroup /kubepods/x', `${dir}/config.json`] });
    expect(r.value?.source).toBe(`${dir}/config.json`);
  });
  it("a config.json owned by a user is refused: runtime state is root's", () => {
    const dir = bundle('user-owned');
    chownSync(join(root, dir, 'config.json'), 65534, 65534);
    expect(readDeclared(new HostFs(root), target(dir))).toEqual({
      value: null,
      unavailable: { field: 'declared', reason: 'not-root-owned', detail: `${dir}/config.json is owned by uid 65534` },
    });
  });
  it('a config.json others may write is refused', () => {
    const dir = bundle('world-writable');
    chmodSync(join(root, dir, 'config.json'), 0o666);
    expect(readDeclared(new HostFs(root), target(dir)).unavailable).toMatchObject({ reason: 'writable-by-others' });
  });
  it('a symlinked config.json is not followed (it could point at any file of the host)', () => {
    const dir = bundle('symlink', null);
    writeFileSync(join(root, 'secret.json'), JSON.stringify(CONFIG));
    symlinkSync('/secret.json', join(root, dir, 'config.json'));
    const r = readDeclared(new HostFs(root), target(dir));
    expect(r.value).toBeNull();
    expect(r.unavailable).toMatchObject({ field: 'declared', reason: 'not-regular' });
  });
  it('a FIFO named config.json does not block the collector', () => {
    const dir = bundle('fifo', null);
    execFileSync('mkfifo', [join(root, dir, 'config.json')]);
    expect(readDeclared(new HostFs(root), target(dir)).unavailable).toMatchObject({ reason: 'not-regular' });
  });
  it('an oversized or malformed file is refused with its reason', () => {
    const big = bundle('big', JSON.stringify({ ...CONFIG, annotations: { pad: 'x'.repeat(5 * 1024 * 1024) } }));
    expect(readDeclared(new HostFs(root), target(big)).value).toBeNull();
    const bad = bundle('bad', '{"root": ');
    expect(readDeclared(new HostFs(root), target(bad)).unavailable).toMatchObject({ reason: 'unparsable' });
    const notOci = bundle('array', '[1,2]');
    expect(readDeclared(new HostFs(root), target(notOci)).unavailable).toMatchObject({ reason: 'unparsable' });
  });
  it('is read once per container lifetime: again only when the init process changes', () => {
    const fs = new HostFs(root);
    const dir = bundle('cached');
    const first = declaredOf(fs, target(dir));
    const reads = fs.reads;
    expect(declaredOf(fs, target(dir))).toBe(first);
    expect(fs.reads).toBe(reads);
    // The file changes, the container does not: still the first read (the bundle is what it started from).
    writeFileSync(join(root, dir, 'config.json'), JSON.stringify({ ...CONFIG, root: { path: 'rootfs', readonly: false } }));
    expect(declaredOf(fs, target(dir)).value?.readonlyRootfs).toBe(true);
    // A new init (the container restarted): read again.
    expect(declaredOf(fs, target(dir, 200)).value?.readonlyRootfs).toBe(false);
    expect(fs.reads).toBeGreaterThan(reads);
  });
  it('a failed read is retried after 30 s, not on every tick', () => {
    const fs = new HostFs(root);
    const dir = bundle('late', null);
    expect(declaredOf(fs, target(dir), 1_000).unavailable).toMatchObject({ reason: 'ENOENT' });
    writeFileSync(join(root, dir, 'config.json'), JSON.stringify(CONFIG), { mode: 0o644 });
    expect(declaredOf(fs, target(dir), 2_000).value).toBeNull();
    expect(declaredOf(fs, target(dir), 31_001).value?.source).toBe(`${dir}/config.json`);
  });
});
