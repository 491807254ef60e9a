// /proc/PID/status of real processes (see fixtures/text/MANIFEST.md).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseStatus } from './status.js';

const status = (f: string) => parseStatus(readFileSync(new URL(`../fixtures/text/status/${f}`, import.meta.url), 'utf8'));

describe('parseStatus', () => {
  it('a Docker container with caps dropped, NoNewPrivs and a user: everything it needs', () => {
    const s = status('local-docker-cgroupfs-v1-capdrop-all-nnp-uid1000.status');
    expect(s).toMatchObject({
      name: 'sleep',
      ppid: 18780,
      nspid: [18802, 1],
      uid: { real: 1000, effective: 1000, saved: 1000, filesystem: 1000 },
    });
    expect(s.capabilities.effective).toEqual({ names: [], unknownBits: [], hex: '0000000000000000' });
    expect(s.capabilities.bounding?.names).toEqual([]);
    expect(s.seccomp).toEqual({ mode: 'disabled', filters: 0, noNewPrivs: true });
    expect(s.missing).toEqual([]);
  });

  it('Docker’s default capability set on a Kubernetes node', () => {
    const s = status('k8s-nginx-docker-default-caps-kernel4.x.status');
    expect(s.capabilities.effective?.names).toEqual([
      'CAP_CHOWN',
      'CAP_DAC_OVERRIDE',
      'CAP_FOWNER',
      'CAP_FSETID',
      'CAP_KILL',
      'CAP_SETGID',
      'CAP_SETUID',
      'CAP_SETPCAP',
      'CAP_NET_BIND_SERVICE',
      'CAP_NET_RAW',
      'CAP_SYS_CHROOT',
      'CAP_MKNOD',
      'CAP_AUDIT_WRITE',
      'CAP_SETFCAP',
    ]);
    expect(s.nspid).toEqual([4976, 1]);
  });

  it('three levels of pid namespaces (Chrome’s NaCl sandbox)', () => {
    const s = status('chrome-nacl-three-level-nspid.status');
    expect(s.nspid).toEqual([1823, 2, 1]);
    expect(s.capabilities.effective?.names).toEqual(['CAP_SYS_ADMIN']);
    expect(s.seccomp.noNewPrivs).toBe(true);
  });

  it('an old kernel without NoNewPrivs and Seccomp_filters: null, and the keys are named missing', () => {
    const s = status('host-dockerd-old-kernel-no-nonewprivs.status');
    expect(s.seccomp.noNewPrivs).toBeNull();
    expect(s.seccomp.filters).toBeNull();
    expect(s.seccomp.mode).toBe('disabled');
    expect(s.missing).toEqual(expect.arrayContaining(['NoNewPrivs', 'Seccomp_filters']));
    expect(s.capabilities.effective?.names).toHaveLength(38);
  });

  it('root in a nested user namespace', () => {
    const s = status('userns-root-nested-nspid.status');
    expect(s.uid?.effective).toBe(0);
    expect(s.nspid).toEqual([2664, 142]);
  });
});
