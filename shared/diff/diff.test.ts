// The diff engine on real snapshots: the lab's hardened and loose runc containers, the fixture
// hosts (SELinux, AppArmor, a Kubernetes pod), and the lab seen by `nobody` (unreadable values).
import { describe, expect, it } from 'vitest';

import labRootJson from '../../electron/agent/fixtures/snapshots/lab-hybrid-root.json' with { type: 'json' };
import labNobodyJson from '../../electron/agent/fixtures/snapshots/lab-hybrid-nobody.json' with { type: 'json' };
import selinuxJson from '../../electron/agent/fixtures/snapshots/v2-selinux.json' with { type: 'json' };
import apparmorJson from '../../electron/agent/fixtures/snapshots/v2-apparmor.json' with { type: 'json' };
import k8sJson from '../../electron/agent/fixtures/snapshots/k8s-v2.json' with { type: 'json' };

import { Snapshot } from '../snapshot/schema.js';
import { containerSide, diffIsolation, hostSide, type Difference } from './diff.js';
import { diffText } from './text.js';

const lab = Snapshot.parse(labRootJson);
const nobody = Snapshot.parse(labNobodyJson);
const selinux = Snapshot.parse(selinuxJson);
const apparmor = Snapshot.parse(apparmorJson);
const k8s = Snapshot.parse(k8sJson);

const find = (s: Snapshot, suffix: string) => {
  const c = s.containers.find((x) => x.name === suffix) ?? s.containers.find((x) => x.name?.endsWith(`-${suffix}`));
  if (!c) throw new Error(`no ${suffix}`);
  return c;
};
const side = (s: Snapshot, name: string, source = 'test') => containerSide(s, find(s, name), { source });
const field = (diffs: Difference[], area: string, f: string) => diffs.find((d) => d.area === area && d.field === f);

describe('hardened vs loose runc (the lab)', () => {
  const d = diffIsolation(side(lab, 'hardened'), side(lab, 'loose'));

  it('finds every expected difference, each making B (loose) less isolated', () => {
    const expected: [string, string, string, string][] = [
      ['namespaces', 'pid', 'own pid:[4026533075]', "host's pid:[4026531836]"],
      ['namespaces', 'net', 'own net:[4026533076]', "host's net:[4026531833]"],
      ['namespaces', 'user', 'own user:[4026533071]', "host's user:[4026531837]"],
      ['namespaces', 'cgroup', 'own cgroup:[4026533145]', "host's cgroup:[4026531835]"],
      ['capabilities', 'effective.CAP_SYS_ADMIN', 'no', 'yes'],
      ['capabilities', 'effective.CAP_NET_ADMIN', 'no', 'yes'],
      ['capabilities', 'effective.CAP_SYS_PTRACE', 'no', 'yes'],
      ['seccomp', 'mode', 'filter', 'disabled'],
      ['seccomp', 'noNewPrivs', 'true', 'false'],
      ['cgroups', 'memoryMax', '64 MiB', 'unlimited'],
      ['cgroups', 'pidsMax', '64', 'unlimited'],
      ['cgroups', 'cpu', '0.5 CPU', 'unlimited'],
      ['rootfs', 'readOnly', 'read-only', 'writable'],
      ['user', 'uid', 'uid 0 inside = 100000 on the host', 'uid 0'],
    ];
    for (const [area, f, a, b] of expected) {
      expect(field(d.differences, area, f), `${area} ${f}`).toMatchObject({ a, b, lessIsolated: 'b', unknown: false });
    }
    for (const set of ['permitted', 'bounding', 'inheritable', 'ambient'])
      expect(field(d.differences, 'capabilities', set)?.lessIsolated).toBe('b');
    // 14 effective capabilities only the loose one holds; nothing makes the hardened one less isolated.
    expect(d.differences.filter((x) => x.field.startsWith('effective.'))).toHaveLength(14);
    expect(d.differences.filter((x) => x.lessIsolated !== 'b')).toEqual([]);
    expect(d.equal).toBe(false);
  });

  it('leaves out what is the same: mnt, ipc, uts and time namespaces, the LSM (none on this host), cpu shares', () => {
    for (const t of ['mnt', 'ipc', 'uts', 'time']) expect(field(d.differences, 'namespaces', t)).toBeUndefined();
    expect(d.differences.filter((x) => x.area === 'mac')).toEqual([]);
    expect(field(d.differences, 'cgroups', 'cpuShares')).toBeUndefined();
  });

  it('explains each difference in one sentence naming the side', () => {
    expect(field(d.differences, 'namespaces', 'net')!.meaning).toBe(
      "B shares the host's network namespace: it sees and can bind the host's interfaces.",
    );
    expect(field(d.differences, 'capabilities', 'effective.CAP_SYS_ADMIN')!.meaning).toMatch(
      /^B can mount filesystems.*: CAP_SYS_ADMIN\.$/,
    );
    expect(field(d.differences, 'seccomp', 'mode')!.meaning).toBe(
      'B has no seccomp filter: every system call reaches the kernel.',
    );
    expect(field(d.differences, 'user', 'uid')!.meaning).toBe("B's init process runs as root on the host (uid 0).");
    expect(d.summary).toMatch(
      /^B is less isolated than A in 29 ways: namespaces: pid, net, user, cgroup; capabilities: CAP_NET_ADMIN, CAP_SYS_ADMIN, CAP_SYS_PTRACE/,
    );
    expect(d.summary).toContain('seccomp: mode, noNewPrivs; cgroups: memoryMax, cpu, pidsMax; rootfs: readOnly; user: uid.');
  });

  it('turns around when the sides are swapped', () => {
    const r = diffIsolation(side(lab, 'loose'), side(lab, 'hardened'));
    expect(r.differences.map((x) => x.lessIsolated)).toEqual(d.differences.map(() => 'a'));
    expect(r.summary).toMatch(/^A is less isolated than B in 29 ways/);
  });

  it('prints as text with one line per difference and its meaning', () => {
    const text = diffText(d);
    expect(text).toContain(
      "  net: A own net:[4026533076] | B host's net:[4026531833]  [B less isolated]\n    B shares the host's network namespace",
    );
    expect(text).toContain('  memoryMax: A 64 MiB | B unlimited  [B less isolated]');
  });
});

describe('equal', () => {
  it('every container of every snapshot equals itself, even with unreadable values', () => {
    for (const s of [lab, nobody, selinux, apparmor, k8s]) {
      for (const c of s.containers) {
        const d = diffIsolation(containerSide(s, c), containerSide(s, c));
        expect(d, c.id).toMatchObject({ equal: true, differences: [] });
        expect(d.summary).toBe('A and B are equally isolated: no differences.');
      }
    }
  });

  it('the same container in two saved copies of one snapshot is equal: no "shared namespace" with itself', () => {
    const d = diffIsolation(side(lab, 'hardened', 'one.json'), side(lab, 'hardened', 'two.json'));
    expect(d.differences).toEqual([]);
  });
});

describe('container vs host', () => {
  it('the host is less isolated in every namespace the container owns; only namespaces are compared', () => {
    const d = diffIsolation(side(lab, 'hardened'), hostSide(lab, { source: 'test' }));
    expect(d.differences.map((x) => x.field)).toEqual(['mnt', 'pid', 'net', 'ipc', 'uts', 'user', 'cgroup']);
    expect(d.differences.every((x) => x.lessIsolated === 'b')).toBe(true);
    expect(field(d.differences, 'namespaces', 'net')!.meaning).toBe(
      "B is in the host's network namespace: it sees and can bind the host's interfaces.",
    );
    expect(d.skipped).toEqual(['capabilities', 'seccomp', 'mac', 'cgroups', 'rootfs', 'user']);
    expect(d.summary).toContain('Only namespaces were compared');
  });

  it('a container sharing pid, net, user and cgroup with the host differs from it only in the rest', () => {
    const d = diffIsolation(hostSide(lab, { source: 'test' }), side(lab, 'loose'));
    expect(d.differences.map((x) => [x.field, x.lessIsolated])).toEqual([
      ['mnt', 'a'],
      ['ipc', 'a'],
      ['uts', 'a'],
    ]);
  });
});

describe('pods and namespaces shared between containers', () => {
  it('two containers of one pod are in one net, ipc and uts namespace', () => {
    const d = diffIsolation(side(k8s, 'web-server'), side(k8s, 'log-reader'));
    for (const t of ['net', 'ipc', 'uts']) {
      expect(field(d.differences, 'namespaces', t)).toMatchObject({
        lessIsolated: null,
        meaning: `A and B are in one ${t} namespace: they are not isolated from each other there.`,
      });
    }
    expect(field(d.differences, 'seccomp', 'mode')).toMatchObject({ a: 'filter', b: 'disabled', lessIsolated: 'b' });
    expect(field(d.differences, 'seccomp', 'noNewPrivs')).toMatchObject({ a: 'false', b: 'true', lessIsolated: 'a' });
  });

  it('a pod container shares its net namespace with its pod, a lone one does not', () => {
    const d = diffIsolation(side(k8s, 'coredns'), side(k8s, 'web-server'));
    const net = field(d.differences, 'namespaces', 'net')!;
    expect(net.lessIsolated).toBe('b');
    expect(net.meaning).toBe('B shares its net namespace with 2 other containers of its pod (db18bebc5f2e, bb3b311a3407).');
  });
});

describe('MAC', () => {
  it('AppArmor: unconfined is less isolated; different profiles are just different', () => {
    const d = diffIsolation(side(apparmor, 'web'), side(apparmor, 'debug'));
    expect(field(d.differences, 'mac', 'apparmor.profile')).toMatchObject({
      a: 'apparmor docker-default (enforce)',
      b: 'apparmor unconfined',
      lessIsolated: 'b',
      meaning: 'B is not confined by its LSM (apparmor unconfined).',
    });
    expect(field(d.differences, 'namespaces', 'net')?.lessIsolated).toBe('b');
    const lxc = diffIsolation(side(apparmor, 'web'), side(apparmor, 'web1'));
    expect(field(lxc.differences, 'mac', 'apparmor.profile')).toMatchObject({ lessIsolated: null });
  });

  it('SELinux: spc_t is unconfined; levels differ; disjoint categories raise no MCS finding', () => {
    const d = diffIsolation(side(selinux, 'web'), side(selinux, 'toolbox'));
    expect(field(d.differences, 'mac', 'selinux.type')).toMatchObject({ a: 'container_t', b: 'spc_t', lessIsolated: 'b' });
    const two = diffIsolation(side(selinux, 'web'), side(selinux, 'rootless-web'));
    expect(field(two.differences, 'mac', 'selinux.level')).toMatchObject({
      a: 's0:c647,c780',
      b: 's0:c28,c560',
      lessIsolated: null,
    });
    expect(field(two.differences, 'mac', 'selinux.mcs')).toBeUndefined();
    // Rootful web runs as host root in the host's user namespace; rootless-web does not.
    expect(field(two.differences, 'namespaces', 'user')?.lessIsolated).toBe('a');
    expect(field(two.differences, 'user', 'uid')).toMatchObject({
      a: 'uid 0',
      b: 'uid 0 inside = 1000 on the host',
      lessIsolated: 'a',
    });
  });

  it('MCS: equal or nested categories are not separated; a partial overlap still is', () => {
    const withCats = (cats: number[]) => {
      const copy = structuredClone(selinux);
      const c = find(copy, 'rootless-web');
      c.lsm.selinux = { ...c.lsm.selinux!, level: `s0:${cats.map((n) => `c${n}`).join(',')}`, categories: cats };
      return diffIsolation(side(selinux, 'web'), side(copy, 'rootless-web'));
    };
    expect(field(withCats([647, 780]).differences, 'mac', 'selinux.mcs')!.meaning).toBe(
      'A and B have the same MCS categories (c647,c780): MCS does not separate them, only their type rules and file ownership do.',
    );
    expect(field(withCats([647]).differences, 'mac', 'selinux.mcs')!.meaning).toBe(
      "A's MCS categories include all of B's: MCS does not stop A from reaching B's files.",
    );
    expect(field(withCats([647, 1]).differences, 'mac', 'selinux.mcs')!.meaning).toMatch(
      /^A and B overlap in MCS categories \(c647\); neither holds all of the other's, so MCS still keeps them apart\.$/,
    );
  });
});

describe('cgroups and user namespaces', () => {
  it('a limit that could not be read is unknown, not unlimited; a shared cgroup is flagged', () => {
    const d = diffIsolation(side(apparmor, 'web'), side(apparmor, 'bwrap'));
    expect(field(d.differences, 'cgroups', 'memoryMax')).toMatchObject({
      a: '256 MiB',
      b: 'unknown (ENOENT)',
      lessIsolated: null,
      unknown: true,
    });
    expect(field(d.differences, 'cgroups', 'exclusive')).toMatchObject({ b: 'shared cgroup', lessIsolated: 'b' });
  });

  it('two containers mapping the same host uids are reported', () => {
    const copy = structuredClone(lab);
    const clone = { ...find(copy, 'hardened'), id: 'clone', name: 'clone' };
    copy.containers.push(clone);
    const d = diffIsolation(side(lab, 'hardened'), containerSide(copy, clone, { source: 'test' }));
    expect(field(d.differences, 'userns', 'uidMap overlap')!.meaning).toBe(
      "A and B map to the same host uids (100000–165535): a process that escapes one owns the other's files.",
    );
  });
});

describe('unreadable values (the lab as nobody)', () => {
  it('reports unknown differences, never a guess', () => {
    const d = diffIsolation(side(nobody, 'lxc'), side(nobody, 'nspawn'));
    const net = field(d.differences, 'namespaces', 'net')!;
    expect(net).toEqual({
      area: 'namespaces',
      field: 'net',
      a: 'unknown (EACCES)',
      b: 'unknown (EACCES)',
      lessIsolated: null,
      unknown: true,
      meaning: 'The net namespace could not be read on either side (EACCES): they cannot be compared.',
    });
    expect(d.differences.filter((x) => x.area === 'namespaces').every((x) => x.unknown)).toBe(true);
    expect(d.summary).toMatch(
      /\d+ values could not be compared \(unreadable\): namespaces: mnt, pid, net, ipc, uts, user, cgroup, time/,
    );
  });
});
