// The Overview's levels and the privileged badge, derived from the findings rules, on the
// real fixture and lab snapshots.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../snapshot/schema.js';
import { resolveConflicts, type ContainerGroup } from '../../electron/agent/discovery/group.js';
import { badges, containerAudit, idConflictWarning, overviewLevels, privilegedReasons } from './isolation.js';

const load = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../electron/agent/fixtures/snapshots/${name}.json`, import.meta.url), 'utf8')) as Snapshot;
const lab = load('lab-hybrid-root');
const named = (s: Snapshot, suffix: string) => s.containers.find((c) => c.name === suffix || c.name?.endsWith(`-${suffix}`))!;

describe('overview levels from the findings', () => {
  it('runc-hardened is good in every area; runc-loose is bad where its findings are high', () => {
    expect(overviewLevels(named(lab, 'hardened'))).toEqual({
      Namespaces: 'good',
      'User namespace': 'good',
      Capabilities: 'good',
      Seccomp: 'good',
      'Cgroup limits': 'good',
      'Root filesystem': 'good',
    });
    expect(overviewLevels(named(lab, 'loose'))).toEqual({
      Namespaces: 'bad',
      'User namespace': 'warn',
      Capabilities: 'bad',
      Seccomp: 'bad',
      'Cgroup limits': 'warn',
      'Root filesystem': 'warn',
    });
  });
  it('unreadable namespaces (the lab as nobody) are unknown, not good', () => {
    for (const c of load('lab-hybrid-nobody').containers.filter((x) => x.namespaces.pid.sharedWithHost === null))
      expect(overviewLevels(c).Namespaces, c.name ?? c.id).toBe('unknown');
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
    for (const set of [toolbox.capabilities.bounding!, toolbox.capabilities.effective!, toolbox.capabilities.permitted!])
      set.names = set.names.filter((n) => n !== 'CAP_SYS_ADMIN');
    expect(privilegedReasons(toolbox)).toEqual([]);
  });
  it("runc-loose: CAP_SYS_ADMIN in the host's user namespace without seccomp is privileged-like", () => {
    expect(privilegedReasons(named(lab, 'loose'))).toEqual([
      "CAP_SYS_ADMIN in the host's user namespace with no seccomp filter: mount and cgroup escapes are open.",
    ]);
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
  const privilegedCheck = (host: Snapshot['host']) =>
    containerAudit(toolbox, host, snap.containers).checks.find((r) => r.rule === 'privileged')!;

  it("with the snapshot's host.capabilityBounding: every capability the host has = privileged", () => {
    const host = {
      ...snap.host,
      capabilityBounding: { set: hostSet, source: '/proc/1/status CapBnd (pid 1, the host reference)' },
    };
    const r = privilegedCheck(host);
    // The sidebar's badge says the same when given the host.
    expect(privilegedReasons(toolbox, host)[0]).toMatch(
      /^It holds every capability of the host's bounding set \(40 capabilities\)/,
    );
    expect(badges(toolbox, host).find((b) => b.key === 'privileged')).toMatchObject({ level: 'bad', label: 'privileged-like' });
    expect(hostSet.names).toHaveLength(40);
    expect(r.outcome).toBe('fail');
    expect(r.meaning).toContain("every capability of the host's bounding set (40 capabilities)");
    expect(r.evidence[0]).toEqual({
      fact: "the host's bounding set (host reference)",
      value: expect.stringMatching(/^000000ffffffffff/),
      source: '/proc/1/status CapBnd (pid 1, the host reference)',
    });
  });

  it('an older snapshot without it (or an unreadable one): judged against the 41 known, it cannot tell', () => {
    const { capabilityBounding: _gone, ...old } = snap.host;
    expect(privilegedCheck(old).outcome).toBe('unknown');
    expect(privilegedCheck({ ...snap.host, capabilityBounding: null }).outcome).toBe('unknown');
  });
});

describe('a container id claimed twice (idConflict)', () => {
  // Two groups claiming one id, resolved as the collector resolves them: root's keeps the id.
  const snap = load('v2-selinux');
  const real = structuredClone(named(snap, 'toolbox'));
  const impostor = structuredClone(named(snap, 'web'));
  const groups = [
    { id: real.id, initPid: 9100, owner: 1000 },
    { id: real.id, initPid: real.initPid, owner: 0 },
  ] as ContainerGroup[];
  resolveConflicts(groups);
  Object.assign(real, { idConflict: groups[1]!.idConflict });
  Object.assign(impostor, { id: groups[0]!.id, initPid: 9100, idConflict: groups[0]!.idConflict });

  it('names the pids that claim the id, which one keeps it, and that the identity is not trusted', () => {
    expect(impostor.id).toBe(`${real.id}~9100`);
    const own = idConflictWarning(real)!;
    expect(own.title).toMatch(/^Identity could not be trusted/);
    expect(own.claims).toBe(
      `2 process groups claim container id ${real.id}: init pids ${real.initPid}, 9100. This one (init pid ${real.initPid}) keeps the id (root-owned, else the oldest); pid 9100 is shown as ${real.id}~9100.`,
    );
    expect(idConflictWarning(impostor)!.claims).toBe(
      `2 process groups claim container id ${real.id}: init pids ${real.initPid}, 9100. This one (init pid 9100) is shown as ${real.id}~9100; the id stays with pid ${real.initPid}.`,
    );
    expect(idConflictWarning(named(snap, 'web'))).toBeNull();
  });

  it('a bad "id conflict" badge first, on both claimants; none without a conflict', () => {
    for (const c of [real, impostor])
      expect(badges(c)[0]).toMatchObject({
        key: 'identity',
        label: 'id conflict',
        level: 'bad',
        why: expect.stringContaining('claim container id'),
      });
    expect(badges(named(snap, 'web')).some((b) => b.key === 'identity')).toBe(false);
  });
});
