// The compare view's rows on the lab's saved snapshot: the hardened runc container against the
// loose one (host pid/net/user/cgroup namespaces, no seccomp, SYS_ADMIN…), marked where the diff
// engine found a difference and on the side that is less isolated.
import { describe, expect, it } from 'vitest';
// eslint-disable-next-line no-restricted-imports -- a test: the lab's saved snapshot
import labRoot from '../../../../electron/agent/fixtures/snapshots/lab-hybrid-root.json' with { type: 'json' };
import { diffIsolation } from '../../../../shared/diff/diff.js';
import { containerSide, type Side } from '../../../../shared/diff/types.js';
import { Snapshot } from '../../../../shared/snapshot/schema.js';
import { factRows, hostSharedCount, type FactRow } from './facts.js';

const lab = Snapshot.parse(labRoot);
const named = (suffix: string) => lab.containers.find((c) => c.name?.endsWith(suffix))!;
const hardened = containerSide(lab, named('-hardened'));
const loose = containerSide(lab, named('-loose'));
const rows = (a: Side, b: Side) => factRows(a, b, diffIsolation(a, b).differences);
const row = (rs: FactRow[], area: string, field: string) => rs.find((r) => r.area === area && r.field === field)!;

describe('factRows', () => {
  const rs = rows(hardened, loose);

  it("namespaces: the loose container's host pid, net, user and cgroup namespaces differ, B less isolated", () => {
    for (const t of ['pid', 'net', 'user', 'cgroup']) {
      const r = row(rs, 'namespaces', t);
      expect(r.a).toMatch(/^own \(\d+\)$/);
      expect(r.b).toMatch(/^host.s \(\d+\)$/);
      expect([r.differs, r.lessIsolated]).toEqual([true, 'b']);
    }
  });

  it('two namespaces of their own are not a difference, though their inodes differ', () => {
    for (const t of ['mnt', 'ipc', 'uts']) {
      const r = row(rs, 'namespaces', t);
      expect(r.a).not.toBe(r.b);
      expect([r.differs, r.lessIsolated]).toEqual([false, null]);
    }
  });

  it('capabilities, seccomp, limits and the root filesystem, each on the less isolated side', () => {
    expect(row(rs, 'capabilities', 'effective')).toMatchObject({ a: '3', b: '17', differs: true, lessIsolated: 'b' });
    expect(row(rs, 'seccomp', 'mode')).toMatchObject({ a: 'filter (1 filter)', b: 'disabled', differs: true, lessIsolated: 'b' });
    expect(row(rs, 'seccomp', 'noNewPrivs')).toMatchObject({ a: 'set', b: 'not set', lessIsolated: 'b' });
    expect(row(rs, 'cgroups', 'memoryMax')).toMatchObject({ a: '64 MiB', b: 'unlimited', lessIsolated: 'b' });
    expect(row(rs, 'rootfs', 'readOnly')).toMatchObject({ a: 'read-only', b: 'writable', lessIsolated: 'b' });
  });

  it('the same facts on both sides are not marked (cgroup version v1 and v1)', () => {
    expect(row(rs, 'cgroups', 'version')).toMatchObject({ a: 'v1', b: 'v1', differs: false, lessIsolated: null });
  });

  it('swapped sides: the same rows, A now the less isolated one', () => {
    const swapped = rows(loose, hardened);
    expect(swapped.map((r) => [r.area, r.field])).toEqual(rs.map((r) => [r.area, r.field]));
    expect(row(swapped, 'namespaces', 'net')).toMatchObject({ differs: true, lessIsolated: 'a' });
    expect(row(swapped, 'capabilities', 'effective')).toMatchObject({ a: '17', b: '3', lessIsolated: 'a' });
  });

  it('a container against itself: no row differs', () => {
    expect(rows(hardened, containerSide(lab, named('-hardened'))).filter((r) => r.differs)).toEqual([]);
  });
});

describe('hostSharedCount', () => {
  it('how many isolating namespaces each lab container shares with the host', () => {
    expect(
      Object.fromEntries(lab.containers.map((c) => [c.name!.replace(/^isoscope-lab-[0-9a-f]{8}-/, ''), hostSharedCount(c)])),
    ).toEqual({
      docker: 2,
      lxc: 1,
      nspawn: 1,
      podman: 2,
      hardened: 0,
      loose: 4,
      bwrap: 0,
      unshare: 1,
    });
  });
});
