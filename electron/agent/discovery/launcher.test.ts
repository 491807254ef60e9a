import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCmdline } from '../parsers/stat.js';
import { launcherIdentity } from './launcher.js';

const cmdline = (path: string) => parseCmdline(readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8'));

describe('launcherIdentity on real command lines', () => {
  it('containerd’s shim in Docker’s moby namespace → docker', () => {
    expect(launcherIdentity('containerd-shim', cmdline('text/cmdline/local-docker-containerd-shim-host.cmdline'))).toEqual({
      runtime: 'docker', id: '2c8905a2b071e241e6da87e7a2febb9f29ca2afd5a75502a1984a30988a1cf71', name: null, labels: { 'containerd.namespace': 'moby' },
    });
  });

  it('conmon → podman, with the container name', () => {
    expect(launcherIdentity('conmon', cmdline('text/cmdline/local-podman-conmon-cgroupfs-v1.cmdline'))).toMatchObject({
      runtime: 'podman', id: '955154c69cbb92155fba42a13396e00e7d7dc8ceed08f54dced6d3de608a7a86', name: 'iso-pod1',
    });
  });

  it('the LXC monitor → lxc', () => {
    expect(launcherIdentity('lxc-start', cmdline('roots/v2-apparmor/proc/8001/cmdline'))).toMatchObject({ runtime: 'lxc', id: 'web1', name: 'web1' });
  });

  it('anything else is no runtime', () => {
    expect(launcherIdentity('bwrap', ['bwrap', '--unshare-all', 'sh'])).toBeNull();
    expect(launcherIdentity('containerd-shim', ['/usr/bin/containerd-shim-runc-v2', '-namespace', 'k8s.io'])).toBeNull();
    expect(launcherIdentity('containerd-shim', ['/usr/bin/containerd-shim-runc-v2', '-namespace', 'k8s.io', '-id', 'abc'])).toMatchObject({ runtime: 'containerd', id: 'abc' });
  });
});
