// mountinfo, uid_map and net/dev of real processes (see fixtures/text/MANIFEST.md).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isIdentityMap, mapToHost, parseIdMap } from './idMap.js';
import { cgroupMounts, isReadOnly, parseMountinfo, rootMount, unescapeMountPath } from './mountinfo.js';
import { parseNetDev } from './netDev.js';
import { parseNsLink } from './nsLink.js';

const text = (f: string) => readFileSync(new URL(`../fixtures/text/${f}`, import.meta.url), 'utf8');

describe('mountinfo', () => {
  it('finds a read-only root (docker --read-only) and a writable one', () => {
    const ro = rootMount(parseMountinfo(text('mountinfo/local-docker-cgroupfs-v1-default.mountinfo')))!;
    expect(ro.fsType).toBe('overlay');
    expect(isReadOnly(ro)).toBe(true);
    const rw = rootMount(parseMountinfo(text('mountinfo/podman-fedora-selinux-btrfs-container.mountinfo')))!;
    expect(isReadOnly(rw)).toBe(false);
  });

  it('lists the cgroup hierarchies of a hybrid host with their controllers', () => {
    const mounts = cgroupMounts(parseMountinfo(text('mountinfo/host-debian12-hybrid.mountinfo')));
    expect(mounts.find((m) => m.mountPoint === '/sys/fs/cgroup/memory')).toMatchObject({
      version: 'v1',
      controllers: ['memory'],
    });
    expect(mounts.find((m) => m.version === 'v2')?.mountPoint).toBe('/sys/fs/cgroup/unified');
    expect(mounts.find((m) => m.mountPoint === '/sys/fs/cgroup/systemd')?.controllers).toEqual(['name=systemd']);
  });

  it('unescapes spaces and tabs in paths', () => {
    expect(unescapeMountPath('/mnt/with\\040space\\011tab')).toBe('/mnt/with space\ttab');
  });
});

describe('uid_map and gid_map', () => {
  it('the initial user namespace maps everything to itself', () => {
    const map = parseIdMap(text('uid_map/identity.uid_map'))!;
    expect(isIdentityMap(map)).toBe(true);
  });

  it('rootless: root inside is the user, the rest a subordinate range', () => {
    const map = parseIdMap(text('uid_map/local-userns-rootless-init.uid_map'))!;
    expect(map).toEqual([
      { inside: 0, outside: 1000, count: 1 },
      { inside: 1, outside: 100000, count: 65536 },
    ]);
    expect(mapToHost(map, 0)).toBe(1000);
    expect(mapToHost(map, 1000)).toBe(100999);
    expect(mapToHost(map, 70000)).toBeNull();
    expect(parseIdMap('0 1000\n')).toBeNull();
  });
});

describe('net/dev', () => {
  it('totals the interfaces other than lo', () => {
    expect(parseNetDev(text('net-dev/local-docker-cgroupfs-v1-default.net-dev'))).toEqual({
      rxBytes: 1042,
      txBytes: 0,
      interfaces: ['eth0'],
    });
    expect(parseNetDev('garbage')).toBeNull();
  });
});

describe('ns links', () => {
  it('reads the inode from readlink text', () => {
    expect(parseNsLink('net:[4026531840]')).toEqual({ type: 'net', inode: 4026531840 });
    expect(parseNsLink('pid_for_children:[4026532558]')).toEqual({ type: 'pid_for_children', inode: 4026532558 });
    expect(parseNsLink('net:4026531840')).toBeNull();
  });
});
