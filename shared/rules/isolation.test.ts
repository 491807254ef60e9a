// The Overview's levels and the privileged badge, derived from the findings rules, on the
// real fixture and lab snapshots.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../snapshot/schema.js';
import { badges, overviewLevels, privilegedReasons } from './isolation.js';

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
