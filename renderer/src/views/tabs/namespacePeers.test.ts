// The Namespaces tab's "Also used by": the host's peers counted by inode among the containers of
// the same machine (snapshots no longer list them: O(N²)), the pod peers from the collector's
// list, a remote host's peers under their remote keys, an opened file's count said to be the
// file's, and a snapshot taken before (full lists) shown as it was. Drawn with React's server
// renderer from real fixture snapshots, as the tab draws them.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
// eslint-disable-next-line no-restricted-imports -- a test: the lab's saved snapshots
import labRoot from '../../../../electron/agent/fixtures/snapshots/lab-hybrid-root.json' with { type: 'json' };
// eslint-disable-next-line no-restricted-imports -- a test: a saved Kubernetes node (one pod of three)
import k8s from '../../../../electron/agent/fixtures/snapshots/k8s-v2.json' with { type: 'json' };
import { remoteKey } from '../../../../shared/ipc/contract.js';
import { Snapshot, type Container, type NamespaceType } from '../../../../shared/snapshot/schema.js';
import { liveScope, namespacePeers, snapshotScope, type PeerScope } from './namespacePeers.js';
import { NamespacesView } from './NamespacesTab.js';

const FILES = { 'lab-hybrid-root': labRoot, 'k8s-v2': k8s };
const load = (name: keyof typeof FILES) => Snapshot.parse(structuredClone(FILES[name]));

/** The same snapshot as the collector writes it now (collect/buildContainer.ts): no peers listed for the host's namespaces. */
function asNow(name: keyof typeof FILES) {
  const s = load(name);
  for (const c of s.containers) for (const ns of Object.values(c.namespaces)) if (ns.sharedWithHost === true) ns.sharedWith = [];
  return s;
}

const keyed = (cs: Container[]) => Object.fromEntries(cs.map((c) => [c.id, c]));

/** The tab's row of namespace `t`, as markup. */
function row(c: Container, selfKey: string, scope: PeerScope, t: NamespaceType): string {
  const markup = renderToStaticMarkup(createElement(NamespacesView, { c, selfKey, scope, host: null, onSelect: () => {} }));
  const m = new RegExp(`<tr data-ns="${t}">(.*?)</tr>`).exec(markup);
  expect(m, t).not.toBeNull();
  return m![1]!;
}
const also = (rowHtml: string) => /<td class="also"[^>]*>(.*)<\/td>$/.exec(rowHtml)![1]!.replace(/<[^>]+>/g, '');

describe('the Namespaces tab’s peers', () => {
  it('old and new snapshots of the lab draw the same “Also used by” for every container and namespace', () => {
    const old = load('lab-hybrid-root');
    const now = asNow('lab-hybrid-root');
    // The new snapshot really lists no host peers (else this compares a list with itself).
    expect(now.containers.some((c) => c.namespaces.user.sharedWithHost && c.namespaces.user.sharedWith.length === 0)).toBe(true);
    let hostPeers = 0;
    for (const [i, c] of now.containers.entries()) {
      const o = old.containers[i]!;
      for (const t of Object.keys(c.namespaces) as NamespaceType[]) {
        const live = namespacePeers(c, c.id, t, liveScope(keyed(now.containers), {}, c.id));
        const before = namespacePeers(o, o.id, t, liveScope(keyed(old.containers), {}, o.id));
        expect(live.peers.map((p) => p.key).sort(), `${c.name} ${t}`).toEqual(before.peers.map((p) => p.key).sort());
        if (c.namespaces[t].sharedWithHost) hostPeers += live.peers.length;
        expect(also(row(c, c.id, liveScope(keyed(now.containers), {}, c.id), t)), `${c.name} ${t}`).toBe(
          also(row(o, o.id, liveScope(keyed(old.containers), {}, o.id), t)),
        );
      }
    }
    expect(hostPeers).toBeGreaterThan(0);
  });

  it('live: “the host and 5 other containers” in the host’s user namespace, counted by inode', () => {
    const now = asNow('lab-hybrid-root');
    const docker = now.containers.find((c) => c.runtime === 'docker')!;
    const text = also(row(docker, docker.id, liveScope(keyed(now.containers), {}, docker.id), 'user'));
    expect(text).toBe('the host and 5 other containers');
  });

  it('a pod: each container names the sandbox and the other container in net, ipc, uts', () => {
    const now = asNow('k8s-v2');
    const web = now.containers.find((c) => c.name === 'web-server')!;
    const scope = liveScope(keyed(now.containers), {}, web.id);
    for (const t of ['net', 'ipc', 'uts'] as const) {
      expect(also(row(web, web.id, scope, t)), t).toBe('log-readerweb-with-logger (pod sandbox)');
      expect(namespacePeers(web, web.id, t, scope).from).toBe('collector');
    }
    expect(also(row(web, web.id, scope, 'pid'))).toBe('no other container');
    expect(also(row(web, web.id, scope, 'user'))).toBe('the host and 3 other containers');
  });

  it('a remote host’s container: peers under the host’s keys, counted among that host’s containers only', () => {
    const now = asNow('k8s-v2');
    const hostId = 'h0123abcd';
    const remote = now.containers.map((c) => ({ ...c, id: remoteKey(hostId, c.id) }));
    // This machine has the same containers too (same inodes): they are another machine's, not peers.
    const containers = { ...keyed(remote), ...keyed(now.containers) };
    const hostOf = Object.fromEntries(remote.map((c) => [c.id, hostId]));
    const web = remote.find((c) => c.name === 'web-server')!;
    const scope = liveScope(containers, hostOf, web.id);
    const net = namespacePeers(web, web.id, 'net', scope);
    expect(net.peers.map((p) => p.key).sort()).toEqual(
      remote
        .filter((c) => c.name !== 'web-server' && c.name !== 'coredns')
        .map((c) => c.id)
        .sort(),
    );
    expect(net.peers.every((p) => scope.candidates.has(p.key))).toBe(true);
    expect(namespacePeers(web, web.id, 'user', scope).peers).toHaveLength(3);
    expect(also(row(web, web.id, scope, 'net'))).toBe('log-readerweb-with-logger (pod sandbox)');
  });

  it('an opened file: the count is the file’s, and says so; a file of one container claims no other', () => {
    const now = asNow('lab-hybrid-root');
    const docker = now.containers.find((c) => c.runtime === 'docker')!;
    const all = snapshotScope(now.containers, 'snap:');
    expect(namespacePeers(docker, 'snap:' + docker.id, 'user', all).peers.every((p) => p.key.startsWith('snap:'))).toBe(true);
    expect(also(row(docker, 'snap:' + docker.id, all, 'user'))).toBe('the host and 5 other containers in this snapshot');
    const alone = snapshotScope([docker], 'snap:');
    expect(also(row(docker, 'snap:' + docker.id, alone, 'user'))).toBe('the host (no other container in this snapshot)');
  });

  it('an old file with full lists: the list as it was, even when the file holds fewer containers', () => {
    const old = load('lab-hybrid-root');
    const docker = old.containers.find((c) => c.runtime === 'docker')!;
    const alone = snapshotScope([docker], 'snap:');
    const user = namespacePeers(docker, 'snap:' + docker.id, 'user', alone);
    expect(user.from).toBe('collector');
    expect(user.peers).toHaveLength(docker.namespaces.user.sharedWith.length);
    expect(also(row(docker, 'snap:' + docker.id, alone, 'user'))).toBe(
      `the host and ${docker.namespaces.user.sharedWith.length} other containers`,
    );
  });

  it('an unreadable inode names no peer', () => {
    const now = asNow('lab-hybrid-root');
    const c = structuredClone(now.containers[0]!);
    c.namespaces.net = { inode: null, sharedWithHost: null, sharedWith: [] };
    expect(namespacePeers(c, c.id, 'net', liveScope(keyed(now.containers), {}, c.id))).toEqual({ peers: [], from: 'none' });
  });
});
