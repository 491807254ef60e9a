// The sidebar's list on saved snapshots: runtime, then pod (its sandbox first), then name; the
// filter over id, name, image, runtime, pod name and init pid.
import { describe, expect, it } from 'vitest';
// eslint-disable-next-line no-restricted-imports -- a test: a saved Kubernetes node snapshot (two pods)
import k8s from '../../../electron/agent/fixtures/snapshots/k8s-v2.json' with { type: 'json' };
// eslint-disable-next-line no-restricted-imports -- a test: the lab's saved snapshot (eight runtimes)
import labRoot from '../../../electron/agent/fixtures/snapshots/lab-hybrid-root.json' with { type: 'json' };
import { keyed } from '../../../shared/ipc/keyed.js';
import { Snapshot, type Container } from '../../../shared/snapshot/schema.js';
import { visibleContainers } from './visible.js';

const byId = (s: Snapshot): Record<string, Container> => keyed(s.containers.map((c) => [c.id, c]));
const pods = byId(Snapshot.parse(k8s));
const lab = byId(Snapshot.parse(labRoot));
const names = (cs: Container[]) => cs.map((c) => c.name);

describe('visibleContainers', () => {
  it('a Kubernetes node: containerd before cri-o; in a pod the sandbox first, then its containers by name', () => {
    expect(names(visibleContainers(pods, ''))).toEqual(['web-with-logger', 'log-reader', 'web-server', 'coredns']);
    expect(visibleContainers(pods, '')[0]!.role).toBe('pod-sandbox');
  });

  it('the lab: by runtime, then by name (names shortened: the lab prefix dropped)', () => {
    const short = (n: string | null) => n?.replace(/^isoscope-lab-[0-9a-f]{8}-/, '');
    expect(visibleContainers(lab, '').map((c) => `${c.runtime}/${short(c.name)}`)).toEqual([
      'docker/docker',
      'lxc/lxc',
      'nspawn/nspawn',
      'podman/podman',
      'runc/hardened',
      'runc/loose',
      'sandbox/bwrap',
      'sandbox/unshare',
    ]);
  });

  it('filters by image, runtime, pod name and init pid, case-insensitively and trimmed', () => {
    expect(names(visibleContainers(pods, ' NGINX '))).toEqual(['web-server']);
    expect(names(visibleContainers(pods, 'cri-o'))).toEqual(['coredns']);
    expect(names(visibleContainers(pods, 'with-logger'))).toEqual(['web-with-logger', 'log-reader', 'web-server']);
    const docker = Object.values(lab).find((c) => c.runtime === 'docker')!;
    expect(visibleContainers(lab, String(docker.initPid))).toEqual([docker]);
    expect(visibleContainers(lab, docker.id.slice(0, 12))).toEqual([docker]);
  });

  it('nothing matches: an empty list, not everything', () => {
    expect(visibleContainers(lab, 'no-such-container')).toEqual([]);
  });

  it('a container without a name sorts by its id; a filter never matches "null"', () => {
    const nameless = Object.values(lab).find((c) => c.runtime === 'docker')!;
    const withNameless = keyed<Container>([
      ...Object.values(lab).map((c): [string, Container] => [c.id, c]),
      ['0000-nameless', { ...nameless, id: '0000-nameless', name: null, image: null }],
    ]);
    const dockers = visibleContainers(withNameless, '').filter((c) => c.runtime === 'docker');
    expect(dockers.map((c) => c.id)).toEqual(['0000-nameless', nameless.id]);
    expect(visibleContainers(withNameless, 'null')).toEqual([]);
  });

  it('a container whose id is __proto__ is listed like any other (keys from containers never touch a prototype)', () => {
    const docker = Object.values(lab).find((c) => c.runtime === 'docker')!;
    const hostile = keyed<Container>([['__proto__', { ...docker, id: '__proto__', name: 'proto' }]]);
    expect(names(visibleContainers(hostile, ''))).toEqual(['proto']);
    expect(names(visibleContainers(hostile, '__proto__'))).toEqual(['proto']);
  });
});
