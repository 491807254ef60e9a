// Per-module LSM contexts (/proc/PID/attr/<lsm>/current) on hosts built from real captured text:
// an Ubuntu 24.04 stacked host (AppArmor among seven LSMs), a Fedora SELinux host (no
// attr/selinux/ in the kernel: the legacy attr/current is SELinux's), a host without securityfs.
// Only the host's context-keeping modules are read, and a per-module directory the kernel lacks
// is asked for once per host, not once per process per tick.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Unavailable } from '../../../shared/snapshot/schema.js';
import { HostFs } from './hostFs.js';
import { contextLsms, readLsm } from './processReader.js';

const text = (f: string) => readFileSync(new URL(`../fixtures/text/${f}`, import.meta.url), 'utf8');
const tmp = mkdtempSync(join(tmpdir(), 'isoscope-lsm-modules-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function host(name: string, lsm: string | null, procs: Record<number, Record<string, string>>): HostFs {
  const root = join(tmp, name);
  if (lsm !== null) {
    mkdirSync(join(root, 'sys/kernel/security'), { recursive: true });
    writeFileSync(join(root, 'sys/kernel/security/lsm'), lsm);
  }
  for (const [pid, files] of Object.entries(procs)) {
    for (const [rel, body] of Object.entries(files)) {
      mkdirSync(join(root, 'proc', pid, rel, '..'), { recursive: true });
      writeFileSync(join(root, 'proc', pid, rel), body);
    }
    writeFileSync(join(root, 'proc', pid, 'stat'), `${pid} (sh) S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 0 0\n`);
  }
  return new HostFs(root);
}

describe('per-module LSM contexts', () => {
  it('Ubuntu 24.04 stacked (lockdown,capability,landlock,yama,apparmor,ima,evm): AppArmor from attr/apparmor/current, nothing else read', () => {
    const label = text('attr/apparmor-docker-default-enforce.apparmor-current');
    const fs = host('ubuntu', text('lsm/ubuntu-24.04-stacked-ima-evm.lsm'), {
      7224: { 'attr/current': label, 'attr/apparmor/current': label },
    });
    expect(contextLsms(fs).modules).toEqual(['apparmor']);
    const un: Unavailable[] = [];
    const before = fs.reads;
    const lsm = readLsm(fs, 7224, 'apparmor', un);
    expect(lsm.apparmor).toEqual({ profile: 'docker-default', mode: 'enforce' });
    expect(lsm.modules).toEqual([
      { lsm: 'apparmor', raw: 'docker-default (enforce)', source: '/proc/7224/attr/apparmor/current' },
    ]);
    expect(fs.reads - before).toBe(1); // the per-module file is the one already read for the legacy context
    expect(un).toEqual([]);
  });

  it('a stacked AppArmor label differs per module view: attr/apparmor/current is what the module says', () => {
    // LXD nested container: the legacy attr/current of a process can belong to another module
    // when one precedes AppArmor; the per-module file always is AppArmor's.
    const fs = host('lxd', text('lsm/ubuntu-24.04-stacked-ima-evm.lsm'), {
      300: {
        'attr/current': text('attr/apparmor-unconfined.attr-current'),
        'attr/apparmor/current': text('attr/apparmor-lxd-stacked-enforce.attr-current'),
      },
    });
    const lsm = readLsm(fs, 300, 'apparmor', []);
    expect(lsm.modules![0]).toEqual({
      lsm: 'apparmor',
      raw: 'lxd-u20_</var/snap/lxd/common/lxd>//&:lxd-u20_<var-snap-lxd-common-lxd>:test (enforce)',
      source: '/proc/300/attr/apparmor/current',
    });
  });

  it('Fedora SELinux (lockdown,capability,yama,selinux,bpf,landlock,ipe,ima,evm): no attr/selinux/, so the legacy attr/current, asked for once per host', () => {
    const ctx = text('attr/selinux-container_t-c647-c780.attr-current');
    const fs = host('fedora', text('lsm/fedora-rawhide-6.17-selinux.lsm'), {
      5204: { 'attr/current': ctx },
      5230: { 'attr/current': ctx },
    });
    const first = readLsm(fs, 5204, 'selinux', []);
    expect(first.selinux?.type).toBe('container_t');
    expect(first.modules).toEqual([
      {
        lsm: 'selinux',
        raw: 'system_u:system_r:container_t:s0:c647,c780',
        source: '/proc/5204/attr/current',
        detail: expect.stringContaining('no /proc/PID/attr/selinux/'),
      },
    ]);
    const before = fs.reads;
    const second = readLsm(fs, 5230, 'selinux', []);
    expect(second.modules![0]!.source).toBe('/proc/5230/attr/current');
    expect(fs.reads - before).toBe(1); // only attr/current: attr/selinux/current is known absent
  });

  it('a module whose own file is unreadable says why; it is never filled from another module', () => {
    const fs = host('both', 'lockdown,capability,selinux,apparmor', {
      9: { 'attr/current': text('attr/selinux-spc_t.attr-current') },
    });
    const lsm = readLsm(fs, 9, 'selinux', []);
    expect(lsm.modules).toEqual([
      { lsm: 'selinux', raw: 'system_u:system_r:spc_t:s0', source: '/proc/9/attr/current', detail: expect.any(String) },
      { lsm: 'apparmor', raw: null, source: null, reason: 'kernel-lacks', detail: expect.stringContaining("not apparmor's") },
    ]);
  });

  it('no securityfs (this Debian host): no module list, nothing extra read', () => {
    const fs = host('debian', null, { 1: { 'attr/current': '' } });
    const before = fs.reads;
    expect(readLsm(fs, 1, 'none', []).modules).toBeUndefined();
    expect(fs.reads - before).toBe(1); // the lsm list, read once for the host
    readLsm(fs, 1, 'none', []);
    expect(fs.reads - before).toBe(1);
  });
});
