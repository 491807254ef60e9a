// The tracker on real /proc status captures: the same process read twice with different facts
// gives one event per changed fact; a new process less isolated than the init is flagged; the
// first sight of a container and unreadable values give nothing.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Container, NamespaceIds } from '../../../shared/snapshot/schema.js';
import { describeChange } from '../../../shared/snapshot/isolationChanges.js';
import { parseStatus } from '../parsers/status.js';
import type { RawProcess } from '../readers/processReader.js';
import { IsolationTracker } from './isolationTracker.js';

const status = (name: string) =>
  parseStatus(readFileSync(new URL(`../fixtures/text/status/${name}.status`, import.meta.url), 'utf8'));
const HOST: NamespaceIds = {
  cgroup: 1,
  ipc: 2,
  mnt: 3,
  net: 4,
  pid: 5,
  pid_for_children: 5,
  time: 6,
  time_for_children: 6,
  user: 7,
  uts: 8,
};
const OWN: NamespaceIds = { ...HOST, ipc: 12, mnt: 13, net: 14, pid: 15, pid_for_children: 15, uts: 18 };

function raw(pid: number, capture: string, namespaces: NamespaceIds, startTime = 100): RawProcess {
  const s = status(capture);
  return {
    pid,
    ppid: 1,
    comm: 'sh',
    state: 'S',
    startTime,
    cmdline: [],
    uid: s.uid!,
    gid: s.gid!,
    nspid: [pid],
    capabilities: s.capabilities,
    seccomp: s.seccomp,
    cgroup: null,
    namespaces,
    lsm: { raw: null },
    unavailable: [],
  };
}

const container = (id: string, initPid: number, pids: RawProcess[]) =>
  ({ id, initPid, processes: pids.map((p) => ({ pid: p.pid, startTime: p.startTime })) }) as unknown as Container;

const byPid = (ps: RawProcess[]) => new Map(ps.map((p) => [p.pid, p]));

describe('IsolationTracker', () => {
  it('first sight: no events; the same objects again: none either', () => {
    const t = new IsolationTracker();
    const init = raw(10, 'local-docker-cgroupfs-v1-default', OWN);
    expect(t.observe([container('c', 10, [init])], byPid([init]), HOST, 1000)).toEqual([]);
    expect(t.observe([container('c', 10, [init])], byPid([init]), HOST, 2000)).toEqual([]);
  });

  it('a docker-default process that drops every capability, sets NoNewPrivs and becomes uid 1000: one event per fact', () => {
    const t = new IsolationTracker();
    const before = raw(10, 'local-docker-cgroupfs-v1-default', OWN);
    const after = { ...raw(10, 'local-docker-cgroupfs-v1-capdrop-all-nnp-uid1000', { ...OWN, uts: 99 }), comm: 'sh' };
    t.observe([container('c', 10, [before])], byPid([before]), HOST, 1000);
    const events = t.observe([container('c', 10, [after])], byPid([after]), HOST, 2000);
    const kinds = events.map((e) => e.change.kind);
    expect(kinds).toEqual(['capabilities', 'noNewPrivs', 'seccomp', 'uid', 'gid', 'namespace']);
    for (const e of events) expect(e).toMatchObject({ containerId: 'c', pid: 10, startTime: 100, t: 2000, since: 1000 });
    const caps = events[0]!.change;
    if (caps.kind !== 'capabilities') throw new Error('kind');
    const eff = caps.sets.find((s) => s.set === 'effective')!;
    expect(eff.fromHex).toBe(before.capabilities.effective!.hex);
    expect(eff.toHex).toBe('0000000000000000');
    expect(eff.lost).toEqual(before.capabilities.effective!.names);
    expect(events[0]!.weakens).toBe(false);
    expect(events[1]!.change).toEqual({ kind: 'noNewPrivs', from: false, to: true });
    expect(events[3]!.change).toMatchObject({ kind: 'uid', to: { effective: 1000 } });
    expect(events[5]!.change).toEqual({ kind: 'namespace', type: 'uts', from: 18, to: 99, fromHost: false, toHost: false });
    expect(describeChange(events[1]!.change)).toBe('NoNewPrivs not set → set');
  });

  it('an LSM context change (AppArmor profile → unconfined, as captured) weakens isolation', () => {
    const t = new IsolationTracker();
    const attr = (name: string) =>
      readFileSync(new URL(`../fixtures/text/attr/${name}`, import.meta.url), 'utf8').replace(/[\0\n]+$/, '');
    const confined = {
      ...raw(10, 'local-docker-cgroupfs-v1-default', OWN),
      lsm: { raw: attr('apparmor-docker-default-enforce.apparmor-current') },
    };
    const unconfined = { ...confined, lsm: { raw: attr('apparmor-unconfined.attr-current') } };
    t.observe([container('c', 10, [confined])], byPid([confined]), HOST, 1000);
    const [e, ...rest] = t.observe([container('c', 10, [unconfined])], byPid([unconfined]), HOST, 2000);
    expect(rest).toEqual([]);
    expect(e!.change).toEqual({ kind: 'lsm', from: 'docker-default (enforce)', to: 'unconfined' });
    expect(e!.weakens).toBe(true);
  });

  it('a namespace read as unavailable is not a change', () => {
    const t = new IsolationTracker();
    const before = raw(10, 'local-docker-cgroupfs-v1-default', OWN);
    const after = { ...before, namespaces: { ...OWN, net: null } };
    t.observe([container('c', 10, [before])], byPid([before]), HOST, 1000);
    expect(t.observe([container('c', 10, [after])], byPid([after]), HOST, 2000)).toEqual([]);
  });

  it('a host root shell that enters a running container is a weaker entry; a like child is not', () => {
    const t = new IsolationTracker();
    const init = raw(10, 'local-docker-cgroupfs-v1-capdrop-all-nnp-uid1000', OWN);
    t.observe([container('c', 10, [init])], byPid([init]), HOST, 1000);
    const child = raw(11, 'local-docker-cgroupfs-v1-capdrop-all-nnp-uid1000', OWN);
    const entered = raw(12, 'debian12-host-root-shell', { ...OWN, net: HOST.net });
    const events = t.observe([container('c', 10, [init, child, entered])], byPid([init, child, entered]), HOST, 2000);
    expect(events.map((e) => e.pid)).toEqual([12]);
    const c = events[0]!.change;
    if (c.kind !== 'weakerEntry') throw new Error('kind');
    expect(c.initPid).toBe(10);
    expect(c.weaker.map((w) => w.field)).toEqual([
      'capabilities.effective',
      'capabilities.permitted',
      'capabilities.bounding',
      'noNewPrivs',
      'uid',
      'namespaces.net',
    ]);
    expect(events[0]!.since).toBeNull();
    expect(events[0]!.weakens).toBe(true);
  });
});
