// Runtime recognition from /proc/PID/cgroup, on real captured text of every runtime (see
// fixtures/text/MANIFEST.md for where each file came from).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { candidatePaths, parseCgroupMembership } from '../parsers/cgroupMembership.js';
import { classifyCgroupPath, nspawnMachineName, unescapeUnitName, type CgroupIdentity } from './classifyCgroup.js';

const DIR = new URL('../fixtures/text/cgroup-lines/', import.meta.url).pathname;

/** file → [runtime, role, id prefix, pod uid?] or null (not a container by its path alone). */
const EXPECTED: Record<string, [string, 'payload' | 'helper', string, string?] | null> = {
  'docker-cgroupfs-v1-hybrid-ctrsploit.cgroup': ['docker', 'payload', '2403ccfe427f'],
  'docker-cgroupfs-v1-hybrid-debian10.cgroup': ['docker', 'payload', 'a2ffe0e97ac2'],
  'docker-cgroupfs-v1-ubuntu-neuvector.cgroup': ['docker', 'payload', '31cb02944da7'],
  // Nested runtimes: the outer container (what runs inside it names its cgroups as it likes).
  'docker-in-docker-v1-rancheros-neuvector.cgroup': ['docker', 'payload', 'a9a5ad238e59'],
  'docker-shortid-v1-el7.cgroup': ['docker', 'payload', 'c8cef9e2ff11'],
  'docker-systemd-v1-centos-neuvector.cgroup': ['docker', 'payload', '9ec39b91f3d7'],
  'docker-systemd-v1-fedora-2016.cgroup': ['docker', 'payload', 'b33dda97580e'],
  'docker-systemd-v2.cgroup': ['docker', 'payload', 'b176419186d7'],
  'docker-v1-noprefix-debian-neuvector.cgroup': null, // --cgroup-parent=/: only runtime state can tell
  'host-dockerd-v1-centos7.cgroup': null,
  'host-hybrid-v1-all-root.cgroup': null,
  'host-hybrid-v1-debian12.cgroup': null,
  'host-v1-neuvector.cgroup': null,
  'host-v2-pid1-init-scope.cgroup': null,
  'host-v2-user-session-tmux.cgroup': null,
  'host-v2-waydroid-container-manager.cgroup': null,
  'k8s-cgroupfs-v1-burstable-single-line.cgroup': [
    'containerd',
    'payload',
    '35b97177dada',
    'f6adb0af-0855-4bab-b25b-c853f18d0ce2',
  ],
  'k8s-containerd-cgroupfs-v1-containerd1.2-neuvector.cgroup': [
    'containerd',
    'payload',
    '5dd96d5394ca',
    'a36d0c1d-0b26-4451-8d80-9c195e004afa',
  ],
  'k8s-containerd-systemd-hybrid-bottlerocket-neuvector.cgroup': [
    'containerd',
    'payload',
    'f45298cd514d',
    'dd1bf9d1-241d-47f5-8e25-12de83135812',
  ],
  'k8s-containerd-systemd-v1-containerd1.4-neuvector.cgroup': [
    'containerd',
    'payload',
    'd3d8ccf5cca9',
    '2105e389-7471-476e-a50f-6074cef29bbd',
  ],
  'k8s-crio-conmon-NOT-a-container.path': ['cri-o', 'helper', '32da98c85220', '207aaad1-659f-4db8-88e0-46e0cdcc3004'],
  'k8s-crio-container.path': ['cri-o', 'payload', '5eed91756358', 'a5c1f8d5-1919-434d-add7-4afaafdaef89'],
  'k8s-crio-systemd-v1-crio1.19-neuvector.cgroup': ['cri-o', 'payload', 'd6d725b909f3', '8ca306fa-3c03-47fa-97dd-19979c345572'],
  'k8s-crio-systemd-v1-single-line.cgroup': ['cri-o', 'payload', 'f93ee491b8ed', 'd0511cd2-29d2-4215-be0f-f77bc0609d99'],
  'k8s-crio-systemd-v2.cgroup': ['cri-o', 'payload', 'a09343ca9790', '2c9f8a79-5391-454b-88cb-86190881cb96'],
  // dockershim and containerd leave the same path; the runtime's files decide (group.ts)
  'k8s-docker-cgroupfs-v1-besteffort-neuvector.cgroup': [
    'containerd',
    'payload',
    'cb1eadb7abe3',
    '74ba62da-1a3d-11e7-bb11-080027cb0e22',
  ],
  'k8s-docker-systemd-v1-besteffort-neuvector.cgroup': [
    'docker',
    'payload',
    'b5b6f2da8008',
    '045b1e35-7f13-11e7-ac42-0050568ffca0',
  ],
  'k8s-kind-containerd-systemd-v2.cgroup': ['containerd', 'payload', '2b1801045111', '3cae2e45-052c-4b11-80d3-4d7b2d2d3464'],
  'k8s-kind-nested-in-docker-v2.cgroup': ['docker', 'payload', 'fd9d0ea06257'],
  'libvirt-qemu-vm-v2-not-a-container.cgroup': null,
  'local-bwrap-outer-host.cgroup': null, // sandboxes are found by their namespaces, not their cgroup
  'local-bwrap-sandbox-child.cgroup': null,
  'local-bwrap-sandbox-pid1.cgroup': null,
  'local-docker-cgroupfs-v1-capdrop-all-nnp-uid1000.cgroup': ['docker', 'payload', '6e62eb310eea'],
  'local-docker-cgroupfs-v1-default-child.cgroup': ['docker', 'payload', '2c8905a2b071'],
  'local-docker-cgroupfs-v1-default.cgroup': ['docker', 'payload', '2c8905a2b071'],
  'local-docker-cgroupfs-v1-hostnet.cgroup': ['docker', 'payload', 'cb6b129d56ad'],
  'local-docker-containerd-shim-host.cgroup': null,
  'local-lxc-monitor-v1.cgroup': ['lxc', 'helper', 'web1'],
  'local-lxc-payload-v1-child.cgroup': ['lxc', 'payload', 'web1'],
  'local-lxc-payload-v1.cgroup': ['lxc', 'payload', 'web1'],
  'local-podman-cgroupfs-v1-default-child.cgroup': ['podman', 'payload', '955154c69cbb'],
  'local-podman-cgroupfs-v1-default.cgroup': ['podman', 'payload', '955154c69cbb'],
  'local-podman-cgroupfs-v1-privileged.cgroup': ['podman', 'payload', '1d4aa95b0e80'],
  'local-podman-conmon-cgroupfs-v1.cgroup': ['podman', 'helper', 'conmon'],
  'local-podman-conmon-privileged-cgroupfs-v1.cgroup': ['podman', 'helper', 'conmon'],
  'local-userns-rootless-child.cgroup': null,
  'local-userns-rootless-init.cgroup': null,
  'lxc-payload-v2-waydroid.cgroup': ['lxc', 'payload', 'waydroid'],
  'lxd-v1-lxc-name.cgroup': ['lxc', 'payload', 'irreplaceable'],
  'podman-conmon-hybrid-v1.cgroup': ['podman', 'helper', '24fce7291bc6'],
  'podman-quadlet-v2.cgroup': ['podman', 'payload', '8e363eb2287d'],
  'podman-root-user-service-v2-fedora38.cgroup': ['podman', 'payload', 'cf21d19260ac'],
  'podman-rootful-hybrid-v1-container.cgroup': ['podman', 'payload', '24fce7291bc6'],
  'podman-rootful-systemd-v2-no-container-subgroup.cgroup': ['podman', 'payload', '8e363eb2287d'],
  'podman-rootful-systemd-v2.cgroup': ['podman', 'payload', '06dc5f321aad'],
  'podman-rootless-v2.cgroup': ['podman', 'payload', 'f992ec4ed807'],
};

function classifyFile(name: string): CgroupIdentity | null {
  const text = readFileSync(DIR + name, 'utf8');
  const membership = name.endsWith('.path') ? null : parseCgroupMembership(text);
  if (!name.endsWith('.path')) expect(membership, name).not.toBeNull();
  const paths = membership ? candidatePaths(membership) : [text.trim()];
  for (const p of paths) {
    const id = classifyCgroupPath(p);
    if (id) return id;
  }
  return null;
}

describe('classifyCgroupPath on real /proc/PID/cgroup text', () => {
  it('has an expectation for every captured file', () => {
    expect(readdirSync(DIR).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('%s', (file, want) => {
    const got = classifyFile(file);
    if (want === null) return expect(got).toBeNull();
    expect(got).not.toBeNull();
    expect([got!.runtime, got!.role]).toEqual([want[0], want[1]]);
    expect(got!.id.startsWith(want[2])).toBe(true);
    if (want[3]) expect(got!.podUid).toBe(want[3]);
  });

  it('marks rootless podman (under user@UID.service) as rootless', () => {
    expect(classifyFile('podman-rootless-v2.cgroup')!.rootless).toBe(true);
    expect(classifyFile('podman-rootful-systemd-v2.cgroup')!.rootless).toBe(false);
  });

  it('cuts the container cgroup at the matched segment (podman’s container/ leaf is inside it)', () => {
    const id = classifyFile('podman-rootful-systemd-v2.cgroup')!;
    expect(id.base).toMatch(/\/libpod-[0-9a-f]{64}\.scope$/);
  });
});

describe('nspawn names', () => {
  it('reads the machine name from systemd-nspawn’s command line', () => {
    const lab = [
      'systemd-nspawn',
      '--quiet',
      '--register=no',
      '--keep-unit',
      '--as-pid2',
      '-D',
      '/tmp/x/nspawn-rootfs',
      '-M',
      'box-1',
      '/bin/lab-init',
    ];
    expect(nspawnMachineName(lab)).toBe('box-1');
    expect(nspawnMachineName(['systemd-nspawn', '--machine=web', '-D', '/srv/a'])).toBe('web');
    expect(nspawnMachineName(['systemd-nspawn', '--bind', '/a:/b', '-D', '/var/lib/machines/fedora/'])).toBe('fedora');
    expect(nspawnMachineName(['systemd-nspawn', '-i', '/images/debian.raw'])).toBe('debian');
    expect(nspawnMachineName(['systemd-nspawn'])).toBeNull();
  });

  it('recognises machine scopes and nspawn units, and unescapes their names', () => {
    expect(classifyCgroupPath('/machine.slice/machine-fedora\\x2d40.scope/payload')).toMatchObject({
      runtime: 'nspawn',
      id: 'fedora-40',
      role: 'payload',
    });
    expect(classifyCgroupPath('/machine.slice/systemd-nspawn@web.service/payload/system.slice/x.service')).toMatchObject({
      runtime: 'nspawn',
      id: 'web',
    });
    expect(classifyCgroupPath('/machine.slice/machine-web.scope/supervisor')).toMatchObject({
      runtime: 'nspawn',
      role: 'helper',
    });
    expect(unescapeUnitName('a\\x2db\\x5cc')).toBe('a-b\\c');
  });
});

describe('a runtime pattern counts only where that runtime puts it (issue 9 item 7)', () => {
  const docker = 'd'.repeat(64);
  it('docker-<id>.scope made inside an LXC, nspawn or docker container is that container', () => {
    expect(classifyCgroupPath(`/lxc.payload.web1/docker-${docker}.scope`)).toMatchObject({
      runtime: 'lxc',
      id: 'web1',
      base: '/lxc.payload.web1',
    });
    expect(classifyCgroupPath(`/machine.slice/machine-web.scope/payload/system.slice/docker-${docker}.scope`)).toMatchObject({
      runtime: 'nspawn',
      id: 'web',
    });
    expect(classifyCgroupPath(`/lab-nspawn/payload/docker-${docker}.scope`)).toMatchObject({
      runtime: 'nspawn',
      role: 'payload',
      base: '/lab-nspawn/payload',
    });
    expect(classifyCgroupPath(`/system.slice/docker-${'a'.repeat(64)}.scope/docker-${docker}.scope`)).toMatchObject({
      runtime: 'docker',
      id: 'a'.repeat(64),
    });
  });

  it("a cgroup in a user's delegated tree is owned by that user", () => {
    expect(classifyCgroupPath(`/user.slice/user-1001.slice/user@1001.service/user.slice/docker-${docker}.scope`)).toMatchObject({
      runtime: 'docker',
      id: docker,
      owner: 1001,
    });
    expect(classifyCgroupPath(`/system.slice/docker-${docker}.scope`)).toMatchObject({ owner: 0 });
  });

  it("a user@N.service whose N is no uid is nobody's tree: the path identifies no container", () => {
    const under = (uid: string) =>
      classifyCgroupPath(`/user.slice/user-1000.slice/user@${uid}.service/user.slice/libpod-${docker}.scope/container`);
    expect(under('4294967294')).toMatchObject({ runtime: 'podman', owner: 4294967294 });
    expect(under('4294967295')).toBeNull();
    expect(under('99999999999999999999')).toBeNull();
  });
});
