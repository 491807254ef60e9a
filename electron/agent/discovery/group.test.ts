// groupContainers and who may vouch for an identity (issue 9 items 5–7), on hand-made processes.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NamespaceIds } from '../../../shared/snapshot/schema.js';
import type { RawProcess } from '../readers/processReader.js';
import { HostFs } from '../readers/hostFs.js';
import { readDockerDataRoots } from '../runtimes/dockerFiles.js';
import type { RuntimeRecord } from '../runtimes/record.js';
import { groupContainers } from './group.js';

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
const ID = 'a'.repeat(64);

function proc(
  pid: number,
  ppid: number,
  cgroup: string,
  uid = 0,
  ns: Partial<NamespaceIds> = {},
  extra: Partial<RawProcess> = {},
): RawProcess {
  const ids = { real: uid, effective: uid, saved: uid, filesystem: uid };
  return {
    pid,
    ppid,
    comm: 'sh',
    state: 'S',
    startTime: pid,
    cmdline: [],
    uid: ids,
    gid: ids,
    nspid: [pid],
    capabilities: { effective: null, permitted: null, bounding: null, inheritable: null, ambient: null },
    seccomp: { mode: null, filters: null, noNewPrivs: null },
    cgroup: { v1: new Map(), unified: cgroup },
    namespaces: { ...HOST, ...ns },
    lsm: { raw: null },
    unavailable: [],
    ...extra,
  };
}

const rootRecord: RuntimeRecord = {
  runtime: 'runc',
  id: 'web',
  cgroupPaths: ['/lab/web'],
  initPid: 100,
  source: '/run/runc/web/state.json',
  owner: 0,
  bundle: '/srv/bundles/web',
  labels: {},
};

describe('records speak only for their writer', () => {
  it("a user's record naming root's container changes neither its name, image, labels nor bundle", () => {
    const planted: RuntimeRecord = {
      runtime: null,
      id: 'web',
      name: 'pwned',
      image: 'evil:latest',
      labels: { 'oci.bundle': '/home/u/evil', 'io.kubernetes.cri.container-name': 'x' },
      role: 'pod-sandbox',
      pod: { name: 'p', namespace: 'kube-system' },
      source: '/home/u/.local/share/containers/storage/overlay-containers/containers.json',
      owner: 1000,
    };
    const [g] = groupContainers([proc(100, 1, '/lab/web')], [rootRecord, planted], HOST);
    expect(g).toMatchObject({
      id: 'web',
      name: 'web',
      image: null,
      role: 'container',
      pod: null,
      labels: { 'oci.bundle': '/srv/bundles/web' },
    });
    expect(g!.sources).not.toContain(planted.source);
  });

  it('an image label "oci.bundle" from root\'s engine is no bundle either', () => {
    const engine: RuntimeRecord = {
      runtime: 'docker',
      id: 'web',
      name: 'web',
      labels: { 'oci.bundle': '/tmp/evil' },
      source: 'docker API',
      owner: 0,
    };
    const [g] = groupContainers([proc(100, 1, '/lab/web')], [rootRecord, engine], HOST);
    expect(g!.labels['oci.bundle']).toBe('/srv/bundles/web');
    const [h] = groupContainers(
      [proc(100, 1, '/lab/web')],
      [{ ...rootRecord, bundle: undefined } as RuntimeRecord, engine],
      HOST,
    );
    expect(h!.labels['oci.bundle']).toBeUndefined();
  });
});

describe('cgroups and launchers', () => {
  it("a process in a cgroup named docker-<id>.scope below a runc container's cgroup belongs to the runc container", () => {
    const groups = groupContainers([proc(100, 1, '/lab/web'), proc(101, 100, `/lab/web/docker-${ID}.scope`)], [rootRecord], HOST);
    expect(groups.map((g) => [g.id, g.pids])).toEqual([['web', [100, 101]]]);
  });

  it("a user's delegated cgroup naming root's container: two groups, both flagged, ids unique", () => {
    const groups = groupContainers(
      [
        proc(100, 1, `/system.slice/docker-${ID}.scope`),
        proc(200, 1, `/user.slice/user-1000.slice/user@1000.service/user.slice/docker-${ID}.scope`, 1000),
      ],
      [],
      HOST,
    );
    expect(groups.map((g) => [g.id, g.initPid, g.owner])).toEqual(
      expect.arrayContaining([
        [ID, 100, 0],
        [`${ID}~200`, 200, 1000],
      ]),
    );
    for (const g of groups) expect(g.idConflict).toMatchObject({ claimedId: ID, initPids: [100, 200] });
  });

  it('a "conmon" that is a shell, or a user\'s real conmon naming a taken id, names nothing', () => {
    const exe = (path: string) => ({ path, uid: 0, mode: 0o755, regular: true });
    const fake = proc(
      300,
      1,
      '/user.slice',
      1000,
      {},
      { comm: 'conmon', exe: exe('/usr/bin/dash'), cmdline: ['/bin/sh', 'conmon', '-c', ID] },
    );
    const child = proc(301, 300, '/user.slice', 1000, { user: 70, mnt: 30, pid_for_children: 50 });
    const real = proc(100, 1, `/system.slice/docker-${ID}.scope`);
    let groups = groupContainers([real, fake, child], [], HOST);
    expect(groups.filter((g) => g.id === ID).map((g) => g.initPid)).toEqual([100]);
    expect(groups.find((g) => g.initPid === 301)).toMatchObject({ runtime: 'sandbox', id: '301' });
    // The real conmon binary, run by the user with someone else's id: still refused.
    const userConmon = { ...fake, exe: exe('/usr/bin/conmon'), cmdline: ['/usr/bin/conmon', '-c', ID] };
    groups = groupContainers([real, userConmon, child], [], HOST);
    expect(groups.find((g) => g.initPid === 301)).toMatchObject({ runtime: 'sandbox' });
    // …but free to name its own container (rootless podman on cgroup v1).
    const own = { ...userConmon, cmdline: ['/usr/bin/conmon', '-c', 'b'.repeat(64), '-n', 'mine'] };
    groups = groupContainers([real, own, child], [], HOST);
    expect(groups.find((g) => g.initPid === 301)).toMatchObject({
      runtime: 'podman',
      id: 'b'.repeat(64),
      name: 'mine',
      owner: 1000,
    });
  });
});

describe("label keys are the container author's", () => {
  it('a docker config.v2.json labelled __proto__ / constructor keeps them as labels, and pollutes nothing', () => {
    const root = mkdtempSync(join(tmpdir(), 'isoscope-labels-'));
    try {
      const dir = join(root, 'var/lib/docker/containers', ID);
      mkdirSync(dir, { recursive: true });
      // Written as text: JSON.parse makes "__proto__" an own key, as Docker's file would have it.
      writeFileSync(
        join(dir, 'config.v2.json'),
        `{"ID":"${ID}","Name":"/web","Config":{"Image":"busybox","Labels":{"__proto__":"{\\"polluted\\":1}","constructor":"c","app":"web"}},"State":{"Running":true,"Pid":100}}`,
      );
      const recs = readDockerDataRoots(new HostFs(root), ['/var/lib/docker']);
      expect(Object.keys(recs[0]!.labels ?? {}).sort()).toEqual(['__proto__', 'app', 'constructor']);
      const [g] = groupContainers([proc(100, 1, `/system.slice/docker-${ID}.scope`)], recs, HOST);
      expect(Object.keys(g!.labels).sort()).toEqual(['__proto__', 'app', 'constructor']);
      expect(g!.labels['__proto__']).toBe('{"polluted":1}');
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
