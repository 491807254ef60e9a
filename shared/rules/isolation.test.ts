// The Overview's levels and the privileged badge, derived from the findings rules, on the
// real fixture and lab snapshots.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../snapshot/schema.js';
import { badges, containerAudit, overviewLevels, privilegedReasons } from './isolation.js';

const load = (name: string) => JSON.parse(readFileSync(new URL(`../../electron/agent/fixtures/snapshots/${name}.json`, import.meta.url), 'utf8')) as Snapshot;
const lab = load('lab-hybrid-root');
const named = (s: Snapshot, suffix: string) => s.containers.find((c) => c.name === suffix || c.name?.endsWith(`-${suffix}`))!;

describe('overview levels from the findings', () => {
  it('runc-hardened is good in every area; runc-loose is bad where its findings are high', () => {
    expect(overviewLevels(named(lab, 'hardened'))).toEqual({ Namespaces: 'good', 'User namespace': 'good', Capabilities: 'good', Seccomp: 'good', 'Cgroup limits': 'good', 'Root filesystem': 'good' });
    expect(overviewLevels(named(lab, 'loose'))).toEqual({ Namespaces: 'bad', 'User namespace': 'warn', Capabilities: 'bad', Seccomp: 'bad', 'Cgroup limits': 'warn', 'Root filesystem': 'warn' });
  });
  it('unreadable namespaces (the lab as nobody) are unknown, not good', () => {
    for (const c of load('lab-hybrid-nobody').containers.filter((x) => x.namespaces.pid.sharedWithHost === null)) expect(overviewLevels(c).Namespaces, c.name ?? c.id).toBe('unknown');
  });
});

describe('the privileged badge', () => {
  it('every capability (toolbox): the findings rule’s reason', () => {
    const toolbox = named(load('v2-selinux'), 'toolbox');
    expect(privilegedReasons(toolbox)[0]).toMatch(/^It holds every capability of all 41 capabilities Isoscope knows/);
    expect(badges(toolbox).find((b) => b.key === 'privileged')).toMatchObject({ level: 'bad', label: 'privileged-like' });
  });
  it('not a count: 40 capabilities without CAP_SYS_ADMIN are not privileged', () => {
    const toolbox = structuredClone(named(load('v2-selinux'), 'toolbox'));
    for (const set of [toolbox.capabilities.bounding!, toolbox.capabilities.effective!, toolbox.capabilities.permitted!]) set.names = set.names.filter((n) => n !== 'CAP_SYS_ADMIN');
    expect(privilegedReasons(toolbox)).toEqual([]);
  });
  it("runc-loose: CAP_SYS_ADMIN in the host's user namespace without seccomp is privileged-like", () => {
    expect(privilegedReasons(named(lab, 'loose'))).toEqual(["CAP_SYS_ADMIN in the host's user namespace with no seccomp filter: mount and cgroup escapes are open."]);
    expect(privilegedReasons(named(lab, 'hardened'))).toEqual([]);
  });
});

describe("the app's audit judges privileged against the host's own bounding set", () => {
  // A kernel with 40 capabilities (no CAP_CHECKPOINT_RESTORE): the container holds all of them.
  const snap = structuredClone(load('v2-selinux'));
  const toolbox = named(snap, 'toolbox');
  const drop = (set: { names: string[]; hex: string } | null) => {
    if (set) Object.assign(set, { names: set.names.filter((n) => n !== 'CAP_CHECKPOINT_RESTORE'), hex: '000000ffffffffff' });
  };
  for (const set of [toolbox.capabilities.bounding, toolbox.capabilities.effective, toolbox.capabilities.permitted]) drop(set);
  const hostSet = { names: [...toolbox.capabilities.bounding!.names], unknownBits: [], hex: '000000ffffffffff' };
  const privilegedCheck = (host: Snapshot['host']) => containerAudit(toolbox, host, snap.containers).checks.find((r) => r.rule === 'privileged')!;

  it("with the snapshot's host.capabilityBounding: every capability the host has = privileged", () => {
    const r = privilegedCheck({ ...snap.host, capabilityBounding: { set: hostSet, source: '/proc/1/status CapBnd (pid 1, the host reference)' } });
    expect(hostSet.names).toHaveLength(40);
    expect(r.outcome).toBe('fail');
    expect(r.meaning).toContain("every capability of the host's bounding set (40 capabilities)");
    expect(r.evidence[0]).toEqual({ fact: "the host's bounding set (host reference)", value: expect.stringMatching(/^000000ffffffffff/), source: '/proc/1/status CapBnd (pid 1, the host reference)' });
  });

  it('an older snapshot without it (or an unreadable one): judged against the 41 known, it cannot tell', () => {
    const { capabilityBounding: _gone, ...old } = snap.host;
    expect(privilegedCheck(old).outcome).toBe('unknown');
    expect(privilegedCheck({ ...snap.host, capabilityBounding: null }).outcome).toBe('unknown');
  });
});
