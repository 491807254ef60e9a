// namespaces.*.sharedWith (linkSharedNamespaces): the other containers in a namespace that is not
// the host's. In the host's namespaces every container is a peer of every other, so listing them
// made a snapshot O(N²): 200 containers sharing the host's user and time namespaces carried 41 KB of
// ids each. The size per container must not grow with the number of containers, and the peers a
// pod's containers share (net, ipc, uts) must still be listed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Snapshot, type Container } from '../../../shared/snapshot/schema.js';
import { Collector } from './collector.js';
import { linkSharedNamespaces } from './buildContainer.js';

const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;
const load = (name: string) =>
  Snapshot.parse(JSON.parse(readFileSync(join(FIXTURES, 'snapshots', `${name}.json`), 'utf8')) as unknown);

/** A real container of the lab snapshot (host's user, time and cgroup namespaces) cloned n times with ids and own inodes of their own. */
function clones(n: number): Container[] {
  const docker = load('lab-hybrid-root').containers.find((c) => c.runtime === 'docker')!;
  expect(docker.namespaces.user.sharedWithHost).toBe(true);
  return Array.from({ length: n }, (_, i) => {
    const c = structuredClone(docker);
    c.id = i.toString(16).padStart(64, '0');
    for (const ns of Object.values(c.namespaces)) {
      ns.sharedWith = [];
      if (ns.sharedWithHost === false && ns.inode !== null) ns.inode = 4026540000 + i * 16 + (ns.inode % 16);
    }
    return c;
  });
}

/** The largest container, serialized. */
const bytesPerContainer = (cs: Container[]) => Math.max(...cs.map((c) => JSON.stringify(c).length));

describe('linkSharedNamespaces', () => {
  it('keeps a snapshot linear: 300 containers in the host user namespace weigh what 30 do, each', () => {
    const small = clones(30);
    const large = clones(300);
    linkSharedNamespaces(small);
    linkSharedNamespaces(large);
    // Same container, same id lengths: the only thing that could grow is the list of peers.
    expect(bytesPerContainer(large)).toBe(bytesPerContainer(small));
    for (const c of large) {
      expect(c.namespaces.user.sharedWith, c.id).toEqual([]);
      expect(c.namespaces.time.sharedWith, c.id).toEqual([]);
    }
  });

  it('lists the peers of namespaces that are not the host’s: three containers in one net namespace', () => {
    const cs = clones(5);
    for (const c of cs.slice(0, 3)) c.namespaces.net.inode = 4026599999;
    linkSharedNamespaces(cs);
    expect(cs[0]!.namespaces.net.sharedWith).toEqual([cs[1]!.id, cs[2]!.id]);
    expect(cs[2]!.namespaces.net.sharedWith).toEqual([cs[0]!.id, cs[1]!.id]);
    expect(cs[3]!.namespaces.net.sharedWith).toEqual([]);
  });

  it('lists peers where whether it is the host’s is unknown (sharedWithHost null), never guessing it is', () => {
    const cs = clones(3);
    for (const c of cs) c.namespaces.user.sharedWithHost = null;
    linkSharedNamespaces(cs);
    expect(cs[0]!.namespaces.user.sharedWith).toEqual([cs[1]!.id, cs[2]!.id]);
  });

  it('a Kubernetes node read from its tree: the pod’s containers name each other in net, ipc and uts, no one lists the host’s', async () => {
    const expected = JSON.parse(readFileSync(join(FIXTURES, 'roots', 'k8s-v2', 'EXPECTED.json'), 'utf8')) as {
      containers: { id: string; sharedWith?: Record<string, string[]> }[];
    };
    const snap = await new Collector({ root: join(FIXTURES, 'roots', 'k8s-v2'), useEngineApis: false }).snapshot();
    const byId = new Map(snap.containers.map((c) => [c.id, c]));
    let pairs = 0;
    for (const e of expected.containers) {
      for (const [other, types] of Object.entries(e.sharedWith ?? {})) {
        for (const t of types) {
          pairs++;
          expect(byId.get(e.id)!.namespaces[t as 'net'].sharedWith, `${e.id} ${t}`).toContain(other);
          expect(byId.get(other)!.namespaces[t as 'net'].sharedWith, `${other} ${t}`).toContain(e.id);
        }
      }
    }
    expect(pairs).toBe(6);
    for (const c of snap.containers)
      for (const [t, ns] of Object.entries(c.namespaces))
        if (ns.sharedWithHost === true) expect(ns.sharedWith, `${c.name} ${t}`).toEqual([]);
    // The host's user and time namespaces are shared by all four: that is still known, by inode.
    expect(new Set(snap.containers.map((c) => c.namespaces.user.inode))).toEqual(new Set([snap.host.namespaces.user]));
  });
});
