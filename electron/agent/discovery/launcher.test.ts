import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCmdline } from '../parsers/stat.js';
import { checkLauncher, launcherIdentity } from './launcher.js';

const cmdline = (path: string) => parseCmdline(readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8'));

describe('launcherIdentity on real command lines', () => {
  it('containerd’s shim in Docker’s moby namespace → docker', () => {
    expect(launcherIdentity('containerd-shim', cmdline('text/cmdline/local-docker-containerd-shim-host.cmdline'))).toEqual({
      runtime: 'docker',
      id: '2c8905a2b071e241e6da87e7a2febb9f29ca2afd5a75502a1984a30988a1cf71',
      name: null,
      labels: { 'containerd.namespace': 'moby' },
    });
  });

  it('conmon → podman, with the container name', () => {
    expect(launcherIdentity('conmon', cmdline('text/cmdline/local-podman-conmon-cgroupfs-v1.cmdline'))).toMatchObject({
      runtime: 'podman',
      id: '955154c69cbb92155fba42a13396e00e7d7dc8ceed08f54dced6d3de608a7a86',
      name: 'iso-pod1',
    });
  });

  it('the LXC monitor → lxc', () => {
    expect(launcherIdentity('lxc-start', cmdline('roots/v2-apparmor/proc/8001/cmdline'))).toMatchObject({
      runtime: 'lxc',
      id: 'web1',
      name: 'web1',
    });
  });

  it('anything else is no runtime', () => {
    expect(launcherIdentity('systemd-nspawn', ['bwrap', '--unshare-all', 'sh'])).toBeNull();
    expect(launcherIdentity('containerd-shim', ['/usr/bin/containerd-shim-runc-v2', '-namespace', 'k8s.io'])).toBeNull();
    expect(
      launcherIdentity('containerd-shim', ['/usr/bin/containerd-shim-runc-v2', '-namespace', 'k8s.io', '-id', 'abc']),
    ).toMatchObject({ runtime: 'containerd', id: 'abc' });
  });
});

describe('checkLauncher: by the executable and its owner, never by comm (issue 9 item 6)', () => {
  const hostNs = { mnt: 1, user: 2 } as never;
  const proc = (path: string, uid = 0, mode = 0o755, ns = { mnt: 1, user: 2 }, owner = 0) => ({
    exe: { path, uid, mode, regular: true },
    uid: { real: owner, effective: owner, saved: owner, filesystem: owner },
    namespaces: ns as never,
  });
  it("root's conmon in the host's namespaces is a launcher, owned by whoever runs it", () => {
    expect(checkLauncher(proc('/usr/bin/conmon'), hostNs)).toEqual({ ok: true, kind: 'conmon', owner: 0 });
    expect(checkLauncher(proc('/usr/bin/conmon', 0, 0o755, undefined, 1000), hostNs)).toEqual({
      ok: true,
      kind: 'conmon',
      owner: 1000,
    });
    expect(checkLauncher(proc('/usr/bin/containerd-shim-runc-v2'), hostNs)).toMatchObject({ ok: true, kind: 'containerd-shim' });
  });
  it("a shell named conmon, a user's copy, a writable binary, one inside a container: not launchers", () => {
    expect(checkLauncher(proc('/usr/bin/dash'), hostNs)).toMatchObject({ ok: false });
    expect(checkLauncher(proc('/home/u/conmon', 1000), hostNs)).toMatchObject({ ok: false });
    expect(checkLauncher(proc('/usr/local/bin/conmon', 0, 0o777), hostNs)).toMatchObject({ ok: false });
    expect(checkLauncher(proc('/usr/bin/conmon', 0, 0o755, { mnt: 9, user: 2 }), hostNs)).toMatchObject({ ok: false });
    expect(checkLauncher({ exe: null, uid: null, namespaces: {} as never }, hostNs)).toMatchObject({ ok: false });
  });
});
