// The rules on real snapshots: the fixture trees' (cgroup v2 + SELinux, cgroup v2 + AppArmor, a
// Kubernetes node) and the lab's, taken as root and as nobody. Expectations come from each
// tree's EXPECTED.json notes and the lab's declared configuration (e2e/lab/README.md).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Container, Snapshot } from '../snapshot/schema.js';
import { auditContainer, auditSnapshot, failsAt, posture } from './audit.js';
import { parseOciDeclared } from './declaredConfig.js';
import type { AuditContext, CheckResult } from './types.js';

const load = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../electron/agent/fixtures/snapshots/${name}.json`, import.meta.url), 'utf8')) as Snapshot;
const byName = (s: Snapshot, name: string) =>
  s.containers.find((c) => c.name === name) ?? s.containers.find((c) => c.name?.endsWith(`-${name}`))!;
const failed = (checks: CheckResult[]) =>
  checks
    .filter((r) => r.outcome === 'fail')
    .map((r) => r.rule)
    .sort();
const check = (checks: CheckResult[], rule: string) => checks.find((r) => r.rule === rule)!;
const clone = <T>(x: T): T => structuredClone(x);

describe('findings on the cgroup v2 + SELinux tree', () => {
  const s = load('v2-selinux');
  it('toolbox (spc_t, every capability, no seccomp) is privileged, unconfined, and meets no Pod Security level', () => {
    const a = auditContainer(s, byName(s, 'toolbox'));
    const priv = check(a.checks, 'privileged');
    expect(priv).toMatchObject({
      outcome: 'fail',
      severity: 'high',
      cis: { id: '5.5' },
      pss: { level: 'baseline', control: 'Privileged Containers' },
    });
    expect(priv.evidence[0]).toMatchObject({
      source: `/proc/${byName(s, 'toolbox').initPid}/status`,
      value: expect.stringMatching(/^000001ffffffffff = CHOWN/),
    });
    expect(check(a.checks, 'selinux.type')).toMatchObject({
      outcome: 'fail',
      severity: 'high',
      meaning: expect.stringContaining('spc_t'),
    });
    expect(check(a.checks, 'seccomp.off').outcome).toBe('fail');
    expect(a.posture.level).toBe('privileged');
    expect(a.findings[0]!.severity).toBe('high');
    expect(a.findings.map((f) => f.severity)).toEqual(
      [...a.findings.map((f) => f.severity)].sort(
        (x, y) => ['high', 'medium', 'low'].indexOf(x) - ['high', 'medium', 'low'].indexOf(y),
      ),
    );
  });

  it('web (container_t with its own categories) passes SELinux; rootless-web runs as root mapped to uid 1000', () => {
    const web = auditContainer(s, byName(s, 'web'));
    expect(check(web.checks, 'selinux.type')).toMatchObject({ outcome: 'pass' });
    expect(check(web.checks, 'selinux.shared-mcs')).toMatchObject({ outcome: 'pass' });
    expect(check(web.checks, 'privileged').outcome).toBe('pass');
    expect(web.posture.level).toBe('baseline');
    const rootless = auditContainer(s, byName(s, 'rootless-web'));
    expect(check(rootless.checks, 'namespace.host-user').outcome).toBe('pass');
    expect(check(rootless.checks, 'user.root')).toMatchObject({
      outcome: 'fail',
      severity: 'low',
      meaning: expect.stringContaining('uid 1000 on the host'),
    });
  });

  it('MCS categories shared with another container are a finding naming it; the same pod is exempt', () => {
    const t = clone(s);
    const web = byName(t, 'web');
    const other = byName(t, 'rootless-web');
    other.lsm.selinux = { ...other.lsm.selinux!, level: web.lsm.selinux!.level, categories: [...web.lsm.selinux!.categories] };
    const r = check(auditContainer(t, web).checks, 'selinux.shared-mcs');
    expect(r).toMatchObject({ outcome: 'fail', severity: 'medium' });
    expect(r.evidence.map((e) => e.fact)).toContain('SELinux level of rootless-web');
    web.pod = { uid: 'p1', name: 'p', namespace: 'n', sandboxId: null };
    other.pod = { uid: 'p1', name: 'p', namespace: 'n', sandboxId: null };
    expect(check(auditContainer(t, web).checks, 'selinux.shared-mcs').outcome).toBe('pass');
  });
});

describe('findings on the cgroup v2 + AppArmor tree', () => {
  const s = load('v2-apparmor');
  it('debug: unconfined AppArmor and the host network namespace, compared by inode with pid 1', () => {
    const a = auditContainer(s, byName(s, 'debug'));
    expect(check(a.checks, 'apparmor.unconfined')).toMatchObject({
      outcome: 'fail',
      cis: { id: '5.2' },
      pss: { control: 'AppArmor' },
    });
    const net = check(a.checks, 'namespace.host-net');
    expect(net).toMatchObject({ outcome: 'fail', severity: 'high', cis: { id: '5.10' } });
    expect(net.evidence).toEqual([
      {
        fact: 'net namespace of the init process',
        value: `net:[${s.host.namespaces.net}]`,
        source: `/proc/${byName(s, 'debug').initPid}/ns/net`,
      },
      {
        fact: "the host's net namespace",
        value: `net:[${s.host.namespaces.net}]`,
        source: expect.stringContaining('/proc/1/ns'),
      },
    ]);
    expect(a.posture.level).toBe('privileged');
  });
  it('web: docker-default enforced, read-only, limited: baseline, not restricted', () => {
    const a = auditContainer(s, byName(s, 'web'));
    expect(check(a.checks, 'apparmor.unconfined').outcome).toBe('pass');
    expect(failed(a.checks)).toEqual(['capabilities.not-dropped', 'namespace.host-user', 'no-new-privileges', 'user.root']);
    expect(a.posture).toMatchObject({ level: 'baseline', counts: { high: 0, medium: 3, low: 1 } });
  });
});

describe('unknown facts are never a pass or a fail', () => {
  const s = load('lab-hybrid-nobody');
  it('namespaces unreadable as nobody: every namespace check could not be checked, with the reason', () => {
    for (const c of s.containers) {
      const a = auditContainer(s, c);
      for (const t of ['pid', 'net', 'ipc', 'uts', 'user', 'cgroup'].filter(
        (x) => c.namespaces[x as 'pid'].sharedWithHost === null,
      )) {
        expect(check(a.checks, `namespace.host-${t}`), `${c.name} ${t}`).toMatchObject({
          outcome: 'unknown',
          meaning: expect.stringMatching(/^Could not check: .+/),
        });
      }
    }
  });
  it('a bounding set that was not read leaves privileged and both capability checks unknown, and the posture unknown', () => {
    const base = load('lab-hybrid-root');
    const t = clone(base);
    const c = byName(t, 'hardened');
    c.capabilities.bounding = null;
    c.seccomp.noNewPrivs = null;
    c.unavailable.push({ field: 'capabilities.bounding', reason: 'EACCES' });
    const a = auditContainer(t, c);
    for (const rule of ['privileged', 'capabilities.added', 'capabilities.not-dropped'])
      expect(check(a.checks, rule)).toMatchObject({ outcome: 'unknown', reason: 'capabilities.bounding: EACCES' });
    expect(a.posture.level).toBe('unknown');
    expect(a.posture.why[0]).toMatch(/^could not check Privileged Containers \(privileged\): capabilities.bounding: EACCES/);
  });
  it('a limit that is null with an unavailable entry is unknown, without one it is "no limit"', () => {
    const t = clone(load('v2-apparmor'));
    const bwrap = t.containers.find((c) => c.runtime === 'sandbox')!;
    expect(check(auditContainer(t, bwrap).checks, 'limits.memory')).toMatchObject({
      outcome: 'unknown',
      reason: expect.stringContaining('ENOENT'),
    });
    bwrap.unavailable = bwrap.unavailable.filter((u) => !u.field.startsWith('cgroup.limits'));
    expect(check(auditContainer(t, bwrap).checks, 'limits.memory').outcome).toBe('fail');
  });
});

describe('the lab snapshot: runc-hardened and runc-loose against their declared configuration', () => {
  const s = load('lab-hybrid-root');
  it('runc-loose: exactly the findings its declared config implies (host net, pid, user, cgroup; extra caps; no seccomp, NNP, limits; rw root)', () => {
    const a = auditContainer(s, byName(s, 'loose'));
    expect(failed(a.checks)).toEqual([
      'capabilities.added',
      'capabilities.not-dropped',
      'limits.cpu',
      'limits.memory',
      'limits.pids',
      'namespace.host-cgroup',
      'namespace.host-net',
      'namespace.host-pid',
      'namespace.host-user',
      'no-new-privileges',
      'rootfs.writable',
      'seccomp.off',
      'user.root',
    ]);
    expect(check(a.checks, 'capabilities.added').meaning).toContain('NET_ADMIN, SYS_PTRACE, SYS_ADMIN');
    expect(a.posture.level).toBe('privileged');
    // Without the host's own bounding set, holding SYS_ADMIN but not every known capability cannot decide "privileged".
    expect(check(a.checks, 'privileged').outcome).toBe('unknown');
  });
  it('runc-hardened: no high finding; it meets baseline (restricted fails only on kept capabilities and root inside)', () => {
    const a = auditContainer(s, byName(s, 'hardened'));
    expect(a.findings.filter((f) => f.severity === 'high')).toEqual([]);
    expect(failed(a.checks)).toEqual(['capabilities.not-dropped', 'user.root']);
    expect(a.posture.level).toBe('baseline');
    expect(failsAt([a], 'medium')).toBe(false);
    expect(failsAt([a], 'low')).toBe(true);
  });
  it("with the host's bounding set: unshare (every capability of the host, host user namespace) is privileged; lxc (five dropped) is not", () => {
    // The lab host's pid 1 lacks CAP_SYS_RESOURCE (e2e/lab/README.md): unshare's bounding set is the host's.
    const unshare = byName(s, 'unshare');
    const context: AuditContext = { hostCapabilities: { set: unshare.capabilities.bounding!, source: '/proc/1/status CapBnd' } };
    expect(check(auditContainer(s, unshare, context).checks, 'privileged')).toMatchObject({ outcome: 'fail', severity: 'high' });
    const lxc = check(auditContainer(s, byName(s, 'lxc'), context).checks, 'privileged');
    expect(lxc).toMatchObject({ outcome: 'pass', meaning: expect.stringContaining('SYS_MODULE') });
  });
  it('declared vs effective: the loose bundle as declared matches; a declared read-only root that runs writable is a high finding', () => {
    const loose = byName(s, 'loose');
    const spec = {
      root: { path: 'rootfs', readonly: false },
      process: {
        noNewPrivileges: false,
        capabilities: { bounding: loose.capabilities.bounding!.names, effective: loose.capabilities.effective!.names },
      },
      linux: { namespaces: [{ type: 'ipc' }, { type: 'uts' }, { type: 'mount' }], resources: {} },
    };
    const declared = (json: unknown) => ({ declared: new Map([[loose.id, parseOciDeclared(json, '/b/config.json')!]]) });
    expect(check(auditContainer(s, loose, declared(spec)).checks, 'declared.differs')).toMatchObject({ outcome: 'pass' });
    const ro = clone(spec);
    ro.root.readonly = true;
    const r = check(auditContainer(s, loose, declared(ro)).checks, 'declared.differs');
    expect(r).toMatchObject({ outcome: 'fail', severity: 'high' });
    expect(r.evidence).toEqual([
      {
        fact: 'root filesystem',
        value: 'declared read-only in /b/config.json; the kernel has writable',
        source: `/proc/${loose.initPid}/mountinfo`,
      },
    ]);
    const ownPid = clone(spec);
    ownPid.linux.namespaces.push({ type: 'pid' });
    expect(check(auditContainer(s, loose, declared(ownPid)).checks, 'declared.differs').evidence[0]).toMatchObject({
      fact: 'pid namespace',
      value: expect.stringContaining("the kernel has the host's"),
    });
  });
  it('posture counts add up to the findings', () => {
    for (const a of auditSnapshot(s)) {
      expect(a.posture.counts.high + a.posture.counts.medium + a.posture.counts.low).toBe(a.findings.length);
      expect(posture(a.checks)).toEqual(a.posture);
    }
  });
});

describe('hostile values in the declared config are data', () => {
  it('wrong types are ignored field by field; a non-object is no config', () => {
    expect(parseOciDeclared('nope', 's')).toBeNull();
    const d = parseOciDeclared(
      {
        root: { readonly: 'yes' },
        process: { capabilities: { bounding: [1, 2] }, noNewPrivileges: 1 },
        linux: {
          namespaces: [{ type: '__proto__' }, { type: 'pid', path: '/proc/1/ns/pid' }],
          resources: { memory: { limit: -1 } },
        },
      },
      's',
    )!;
    expect(d).toMatchObject({
      readonlyRootfs: false,
      noNewPrivileges: false,
      capabilities: {},
      namespaces: { pid: 'joined' },
      memoryLimit: null,
    });
    expect(Object.keys(d.namespaces!)).toEqual(['pid']);
  });
});

export type { Container };

describe('host checks', () => {
  it('AppArmor or SELinux active passes; none (EINVAL from attr/current) fails; nothing known is unknown', async () => {
    const { auditHost } = await import('./host.js');
    expect(auditHost(load('v2-selinux'))[0]).toMatchObject({
      rule: 'host.no-mac',
      outcome: 'pass',
      evidence: [{ value: expect.stringContaining('selinux'), source: '/sys/kernel/security/lsm' }],
    });
    expect(auditHost(load('lab-hybrid-root'))[0]).toMatchObject({ outcome: 'fail', severity: 'medium' });
    const t = clone(load('lab-hybrid-root'));
    for (const c of t.containers) c.unavailable = c.unavailable.filter((u) => u.field !== 'lsm');
    expect(auditHost(t)[0]).toMatchObject({ outcome: 'unknown', reason: expect.stringContaining('securityfs is not mounted') });
  });
});

describe('a snapshot file from elsewhere', () => {
  it('a malformed capability mask does not break the audit', () => {
    const t = clone(load('lab-hybrid-root'));
    const c = byName(t, 'hardened');
    c.capabilities.permitted = { ...c.capabilities.permitted!, hex: '0xzz; rm -rf' };
    const r = check(auditContainer(t, c).checks, 'capabilities.not-dropped');
    expect(r).toMatchObject({
      outcome: 'fail',
      evidence: [
        expect.objectContaining({ value: expect.stringMatching(/^\? = CHOWN, KILL, NET_BIND_SERVICE/) }),
        expect.anything(),
      ],
    });
  });
});

describe('declared vs effective from the snapshot (Container.declared)', () => {
  const s = load('lab-hybrid-root');
  const loose = byName(s, 'loose');
  const spec = {
    root: { path: 'rootfs', readonly: true },
    process: {
      noNewPrivileges: false,
      capabilities: { bounding: loose.capabilities.bounding!.names, effective: loose.capabilities.effective!.names },
    },
    linux: { namespaces: [{ type: 'ipc' }, { type: 'uts' }, { type: 'mount' }], resources: {} },
  };
  it("the snapshot's declared config is used by default, with the same verdict as one the caller passes", () => {
    const declared = parseOciDeclared(spec, '/b/config.json')!;
    const withDeclared: Container = { ...clone(loose), declared };
    const fromSnapshot = check(auditContainer(s, withDeclared).checks, 'declared.differs');
    expect(fromSnapshot).toMatchObject({ outcome: 'fail', severity: 'high', evidence: [{ fact: 'root filesystem' }] });
    expect(fromSnapshot).toEqual(
      check(auditContainer(s, loose, { declared: new Map([[loose.id, declared]]) }).checks, 'declared.differs'),
    );
  });
  it('a declared config that could not be read is "could not check" with its reason; one not collected says so', () => {
    const unreadable: Container = {
      ...clone(loose),
      declared: null,
      unavailable: [
        ...loose.unavailable,
        { field: 'declared', reason: 'not-root-owned', detail: '/b/config.json is owned by uid 1000' },
      ],
    };
    expect(check(auditContainer(s, unreadable).checks, 'declared.differs')).toMatchObject({
      outcome: 'unknown',
      reason: "the runtime's declared configuration could not be read: not-root-owned (/b/config.json is owned by uid 1000)",
    });
    expect(loose.declared).toBeUndefined();
    expect(check(auditContainer(s, loose).checks, 'declared.differs')).toMatchObject({
      outcome: 'unknown',
      reason: expect.stringContaining('not in this snapshot'),
    });
    const bwrap = byName(s, 'bwrap');
    expect(check(auditContainer(s, bwrap).checks, 'declared.differs').reason).toBe(
      'no declared configuration is known for this container (its runtime state names no OCI bundle)',
    );
  });
});
