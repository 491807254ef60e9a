// AppArmor and SELinux contexts as the kernel writes them (real captures; see MANIFEST.md).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cleanAttr, expandCategories, parseAppArmor, parseLsmList, parseSelinux } from './lsmContext.js';

const T = new URL('../fixtures/text/', import.meta.url).pathname;
const attr = (f: string) => readFileSync(`${T}attr/${f}`, 'utf8');

describe('AppArmor contexts', () => {
  it.each([
    ['apparmor-docker-default-enforce.apparmor-current', 'docker-default', 'enforce'],
    ['apparmor-cri-containerd-enforce.attr-current', 'cri-containerd.apparmor.d', 'enforce'],
    ['apparmor-complain.attr-current', '/usr/sbin/cupsd', 'complain'],
    ['apparmor-hat-enforce.attr-current', '/usr/sbin/httpd.prefork//HAT_owner_22753', 'enforce'],
    ['apparmor-lxc-container-default-cgns-enforce.attr-current', 'lxc-container-default-cgns', 'enforce'],
    ['apparmor-lxd-container-enforce.attr-current', 'lxd-nestedc1_</var/snap/lxd/common/lxd>', 'enforce'],
    [
      'apparmor-lxd-stacked-enforce.attr-current',
      'lxd-u20_</var/snap/lxd/common/lxd>//&:lxd-u20_<var-snap-lxd-common-lxd>:test',
      'enforce',
    ],
    ['apparmor-path-profile-enforce.apparmor-current', '/home/shubham/Desktop/tetragon/tetragon', 'enforce'],
    ['apparmor-unconfined.attr-current', 'unconfined', null],
    [
      'apparmor-lxd-stacked-unconfined.attr-current',
      'lxd-ubuntu-64_</var/snap/lxd/common/lxd>//&:lxd-ubuntu-64_<var-snap-lxd-common-lxd>:unconfined',
      null,
    ],
  ])('%s → %s (%s)', (file, profile, mode) => {
    expect(parseAppArmor(attr(file))).toEqual({ profile, mode });
    expect(parseSelinux(attr(file))).toBeNull();
  });
});

describe('SELinux contexts', () => {
  it.each([
    ['selinux-container_t-c647-c780.attr-current', 'system_u', 'system_r', 'container_t', 's0:c647,c780', [647, 780]],
    ['selinux-container_t-c24-c154.attr-current', 'system_u', 'system_r', 'container_t', 's0:c24,c154', [24, 154]],
    ['selinux-spc_t.attr-current', 'system_u', 'system_r', 'spc_t', 's0', []],
    ['selinux-spc_t-unconfined_u.attr-current', 'unconfined_u', 'system_r', 'spc_t', 's0', []],
    ['selinux-container_runtime_t.attr-current', 'system_u', 'system_r', 'container_runtime_t', 's0', []],
    ['selinux-svirt_lxc_net_t-rhel7.attr-current', 'system_u', 'system_r', 'svirt_lxc_net_t', 's0:c606,c659', [606, 659]],
  ])('%s', (file, user, role, type, level, categories) => {
    const c = parseSelinux(attr(file))!;
    expect(c).toMatchObject({ user, role, type, level, sensitivity: 's0', categories });
    expect(attr(file).endsWith('\0')).toBe(true); // SELinux writes a NUL: it must not leak into the level
  });

  it('expands category ranges (unconfined_t s0-s0:c0.c1023)', () => {
    const c = parseSelinux(attr('selinux-unconfined_t-fedora.attr-current'))!;
    expect(c.type).toBe('unconfined_t');
    expect(c.level).toBe('s0-s0:c0.c1023');
    expect(c.sensitivity).toBe('s0-s0');
    expect(c.categories).toHaveLength(1024);
    expect(expandCategories('c0.c3,c7')).toEqual([0, 1, 2, 3, 7]);
  });
});

describe('the host LSM list', () => {
  it.each([
    ['fedora-rawhide-6.17-selinux.lsm', 'selinux'],
    ['ubuntu-vm-6.11-apparmor.lsm', 'apparmor'],
    ['solus-apparmor.lsm', 'apparmor'],
  ])('%s includes %s', (file, lsm) => {
    const list = parseLsmList(readFileSync(`${T}lsm/${file}`, 'utf8'));
    expect(list).toContain(lsm);
    expect(list).toContain('capability');
    expect(list.every((x) => /^[a-z]+$/.test(x))).toBe(true);
  });

  it('strips the kernel’s trailing NUL and newline', () => {
    expect(cleanAttr('docker-default (enforce)\n')).toBe('docker-default (enforce)');
    expect(cleanAttr('system_u:system_r:spc_t:s0\0')).toBe('system_u:system_r:spc_t:s0');
  });
});
