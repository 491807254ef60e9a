// The explanations on real snapshots (the fixture trees' and the lab's, as root and as nobody):
// every sentence about "here" follows from the container's facts, a fact that could not be read
// is said to be unavailable with its reason, and every link opens under the app's link policy.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { externalLinkAllowed } from '../../electron/main/security/policy.js';
import type { Container, Snapshot } from '../snapshot/schema.js';
import { EXPLAIN_AREAS, explainArea, explainTab, hereSummary, type Explanation } from './index.js';

const load = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../electron/agent/fixtures/snapshots/${name}.json`, import.meta.url), 'utf8')) as Snapshot;
const byName = (s: Snapshot, name: string) =>
  s.containers.find((c) => c.name === name) ?? s.containers.find((c) => c.name?.endsWith(`-${name}`))!;
const texts = (e: Explanation) => e.here.map((h) => h.text);
const SNAPSHOTS = ['lab-hybrid-root', 'lab-hybrid-nobody', 'v2-selinux', 'v2-apparmor', 'k8s-v2'].map(
  (n) => [n, load(n)] as const,
);

describe('every area, every container of every saved snapshot', () => {
  it('teaches in a few lines, says something about this container, links only to pages the app may open', () => {
    for (const [, s] of SNAPSHOTS) {
      for (const c of s.containers) {
        for (const area of EXPLAIN_AREAS) {
          const e = explainArea(area, { container: c, host: s.host, events: 0 });
          expect(e.what.length, area).toBeGreaterThanOrEqual(2);
          expect(e.what.length, area).toBeLessThanOrEqual(3);
          expect(e.what.join(' ').length, `${area}: not a wall of text`).toBeLessThan(700);
          expect(e.here.length, `${area} of ${c.id}`).toBeGreaterThan(0);
          for (const l of e.links) expect(externalLinkAllowed(l.url), l.url).toBe(true);
        }
      }
    }
  });
  it('the Seccomp & MAC tab explains both; a tab it does not know gets none', () => {
    const s = load('lab-hybrid-root');
    const c = s.containers[0]!;
    expect(explainTab('security', { container: c, host: s.host }).map((e) => e.area)).toEqual(['seccomp', 'mac']);
    expect(explainTab('mounts', { container: c, host: s.host }).map((e) => e.area)).toEqual(['mounts']);
    expect(explainTab('__proto__', { container: c, host: s.host })).toEqual([]);
  });
});

describe('namespaces: each one shared with the host is said with what it exposes', () => {
  it('follows sharedWithHost of every container: net, pid, user, cgroup', () => {
    const sentences = {
      net: "shares the host's network namespace: it sees the host's interfaces",
      pid: "shares the host's PID namespace",
      user: "runs in the host's user namespace",
      cgroup: "shares the host's cgroup namespace",
    } as const;
    let shared = 0;
    for (const [, s] of SNAPSHOTS) {
      for (const c of s.containers) {
        const here = explainArea('namespaces', { container: c, host: s.host })
          .here.filter((h) => h.tone !== 'unknown')
          .map((h) => h.text)
          .join('\n');
        for (const [t, sentence] of Object.entries(sentences) as [keyof typeof sentences, string][]) {
          if (c.namespaces[t].sharedWithHost === true) shared++;
          expect(here.includes(sentence), `${c.name} ${t}`).toBe(c.namespaces[t].sharedWithHost === true);
        }
      }
    }
    expect(shared).toBeGreaterThan(5);
  });
  it("runc-loose shares the host's network: it can bind the host's ports; hardened maps root to uid 100000", () => {
    const s = load('lab-hybrid-root');
    expect(texts(explainArea('namespaces', { container: byName(s, 'loose'), host: s.host }))).toContain(
      "It shares the host's network namespace: it sees the host's interfaces, can bind the host's ports and reach services the host listens for on 127.0.0.1.",
    );
    const hardened = explainArea('namespaces', { container: byName(s, 'hardened'), host: s.host });
    expect(hardened.here).toContainEqual({
      tone: 'good',
      text: 'It has its own user namespace: uid 0 inside is uid 100000 on the host (65536 ids mapped), an unprivileged user there.',
    });
    expect(hardened.here.filter((h) => h.tone === 'bad')).toEqual([]);
  });
  it('as nobody, namespaces were unreadable: said to be unavailable with EACCES, never guessed', () => {
    const s = load('lab-hybrid-nobody');
    for (const c of s.containers.filter((x) => x.namespaces.net.inode === null)) {
      const e = explainArea('namespaces', { container: c, host: s.host });
      expect(e.here.some((h) => h.tone === 'good' || h.tone === 'bad')).toBe(false);
      expect(e.here).toContainEqual({
        tone: 'unknown',
        text: `Whether it shares the host's net namespace is unavailable: /proc/${c.initPid}/ns/net could not be read (EACCES).`,
      });
    }
  });
});

describe('cgroups: limits or their absence', () => {
  it('no memory limit (and nothing unavailable) says the host memory is at stake; a limit is said in its unit', () => {
    for (const [, s] of SNAPSHOTS) {
      for (const c of s.containers) {
        const here = texts(explainArea('cgroups', { container: c, host: s.host }));
        const unread = c.unavailable.some((u) => u.field === 'cgroup' || u.field === 'cgroup.limits.memoryMax');
        const none =
          "No memory limit: it can use all of the host's memory until the OOM killer acts — and the victim may be a process outside the container.";
        expect(here.includes(none), c.id).toBe(c.cgroup.limits.memoryMax === null && !unread);
      }
    }
    const s = load('lab-hybrid-root');
    expect(texts(explainArea('cgroups', { container: byName(s, 'docker'), host: s.host }))[0]).toBe(
      'Memory is limited to 128 MiB: past it the kernel reclaims, then its OOM killer kills a process inside this container.',
    );
    expect(texts(explainArea('cgroups', { container: byName(s, 'hardened'), host: s.host }))).toContain(
      'CPU is capped at 0.5 CPU (50000 µs every 100000 µs); past it the kernel throttles it.',
    );
  });
});

describe('capabilities, seccomp, MAC', () => {
  it('CapEff with CAP_SYS_ADMIN says what it allows; an empty CapEff says so', () => {
    const s = load('lab-hybrid-root');
    const loose = explainArea('capabilities', { container: byName(s, 'loose'), host: s.host });
    expect(texts(loose).find((t) => t.startsWith('CapEff has CAP_SYS_ADMIN:'))).toMatch(/mount filesystems/);
    expect(texts(explainArea('capabilities', { container: byName(s, 'bwrap'), host: s.host }))[0]).toBe(
      'CapEff is empty: its init process holds no capability, like an ordinary user.',
    );
  });
  it("unshare holds the host's whole bounding set: said when the snapshot carries the host's", () => {
    const s = load('lab-hybrid-root');
    const unshare = byName(s, 'unshare');
    const whole =
      "Its bounding set is the host's whole set: nothing caps what it can regain through exec — as privileged as a process of the host.";
    expect(texts(explainArea('capabilities', { container: unshare, host: s.host })).includes(whole)).toBe(
      s.host.capabilityBounding !== undefined && s.host.capabilityBounding !== null,
    );
    expect(texts(explainArea('capabilities', { container: byName(s, 'hardened'), host: s.host }))).not.toContain(whole);
  });
  it('seccomp off, NoNewPrivs on/off follow /proc/PID/status', () => {
    for (const [, s] of SNAPSHOTS) {
      for (const c of s.containers) {
        const here = texts(explainArea('seccomp', { container: c, host: s.host })).join('\n');
        expect(here.includes('No seccomp filter'), c.id).toBe(c.seccomp.mode === 'disabled');
        expect(here.includes('NoNewPrivs is set'), c.id).toBe(c.seccomp.noNewPrivs === true);
        expect(here.includes('NoNewPrivs is off'), c.id).toBe(c.seccomp.noNewPrivs === false);
      }
    }
  });
  it('AppArmor and SELinux labels are named; without securityfs the host LSMs are unavailable, not "none"', () => {
    const aa = load('v2-apparmor');
    const confined = aa.containers.find((c) => c.lsm.apparmor && c.lsm.apparmor.profile !== 'unconfined')!;
    expect(texts(explainArea('mac', { container: confined, host: aa.host })).join('\n')).toContain(
      `AppArmor profile ${confined.lsm.apparmor!.profile}`,
    );
    const se = load('v2-selinux');
    const toolbox = byName(se, 'toolbox');
    expect(explainArea('mac', { container: toolbox, host: se.host }).here).toContainEqual({
      tone: 'bad',
      text: `SELinux type ${toolbox.lsm.selinux!.type}: a type the policy does not confine.`,
    });
    const lab = load('lab-hybrid-root');
    expect(lab.host.lsms).toBeNull();
    expect(texts(explainArea('mac', { container: lab.containers[0]!, host: lab.host }))[0]).toBe(
      "The host's active security modules are unavailable (ENOENT: securityfs is not mounted at /sys/kernel/security).",
    );
  });
});

describe('processes, mounts, timeline, overview', () => {
  it("hardened's init is root inside its user namespace and uid 100000 on the host; loose's is the host's root", () => {
    const s = load('lab-hybrid-root');
    expect(texts(explainArea('processes', { container: byName(s, 'hardened'), host: s.host }))).toContain(
      'Its init runs as uid 0 inside its own user namespace — uid 100000 on the host, not root there.',
    );
    expect(texts(explainArea('processes', { container: byName(s, 'loose'), host: s.host }))).toContain(
      "Its init runs as root (uid 0) in the host's user namespace: the same uid as the host's root.",
    );
  });
  it('the root filesystem follows rootfsReadOnly; isolation changes are counted only when known', () => {
    const s = load('lab-hybrid-root');
    for (const c of s.containers) {
      const here = texts(explainArea('mounts', { container: c, host: s.host })).join('\n');
      expect(here.includes('mounted read-only'), c.id).toBe(c.rootfsReadOnly === true);
      expect(here.includes('is writable'), c.id).toBe(c.rootfsReadOnly === false);
    }
    const c: Container = s.containers[0]!;
    expect(texts(explainArea('timeline', { container: c, host: s.host, events: 3 }))).toContain(
      '3 changes of isolation recorded: each is listed below, weaker or stronger.',
    );
    expect(texts(explainArea('timeline', { container: c, host: s.host })).join('\n')).not.toMatch(/change/);
  });
  it('the overview has one sentence per kernel feature, the worst first within each', () => {
    const s = load('lab-hybrid-root');
    const loose = hereSummary({ container: byName(s, 'loose'), host: s.host });
    expect(loose.map((x) => x.area)).toEqual(['namespaces', 'cgroups', 'capabilities', 'seccomp', 'mac']);
    expect(loose.find((x) => x.area === 'seccomp')!.line.tone).toBe('bad');
    expect(texts(explainArea('overview', { container: byName(s, 'loose'), host: s.host }))[0]).toBe(
      "It shares the host's pid, net, user and cgroup namespaces (Namespaces tab).",
    );
  });
});
