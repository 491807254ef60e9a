// User-namespace maps on saved snapshots: the rootless Podman container (uid 1000 → 0 inside,
// a subuid range after it), the lab's hardened runc container (100000 → 0), a container in the
// host's user namespace, and one whose namespaces could not be read (run as nobody).
import { describe, expect, it } from 'vitest';
// eslint-disable-next-line no-restricted-imports -- a test: the lab's saved snapshots
import labRoot from '../../../electron/agent/fixtures/snapshots/lab-hybrid-root.json' with { type: 'json' };
// eslint-disable-next-line no-restricted-imports -- a test: the lab's saved snapshots
import labNobody from '../../../electron/agent/fixtures/snapshots/lab-hybrid-nobody.json' with { type: 'json' };
// eslint-disable-next-line no-restricted-imports -- a test: a saved rootless Podman snapshot
import selinux from '../../../electron/agent/fixtures/snapshots/v2-selinux.json' with { type: 'json' };
import { Snapshot } from '../../../shared/snapshot/schema.js';
import { describeRange, insideId, insideUid, isIdentityMap } from './idMap.js';

const lab = Snapshot.parse(labRoot);
const nobody = Snapshot.parse(labNobody);
const podman = Snapshot.parse(selinux);
const rootless = podman.containers.find((c) => c.name === 'rootless-web')!;
const hardened = lab.containers.find((c) => c.name?.endsWith('-hardened'))!;
const docker = lab.containers.find((c) => c.runtime === 'docker')!;

describe('insideId', () => {
  it("rootless Podman: the user's uid is root inside, the subuid range follows from 1", () => {
    const map = rootless.userNamespace.uidMap!;
    expect(insideId(map, 1000)).toBe(0);
    expect(insideId(map, 100000)).toBe(1);
    expect(insideId(map, 165535)).toBe(65536);
    // Just past each range, and host root: not mapped.
    expect(insideId(map, 1001)).toBeNull();
    expect(insideId(map, 165536)).toBeNull();
    expect(insideId(map, 0)).toBeNull();
  });
});

describe('insideUid', () => {
  it('the hardened lab container: host uid 101000 is 1000 inside, host root is unmapped', () => {
    expect(hardened.namespaces.user.sharedWithHost).toBe(false);
    expect(insideUid(hardened, 101000)).toEqual({ kind: 'mapped', uid: 1000 });
    expect(insideUid(hardened, 0)).toEqual({ kind: 'unmapped' });
  });

  it("a container in the host's user namespace: ids are the same inside", () => {
    expect(insideUid(docker, 0)).toEqual({ kind: 'same' });
  });

  it('namespaces unreadable (the collector ran as nobody): unknown, not "same"', () => {
    for (const c of nobody.containers) {
      expect(c.namespaces.user.sharedWithHost).toBeNull();
      expect(insideUid(c, 0)).toEqual({ kind: 'unknown' });
    }
    // A namespace of its own whose map could not be read: unknown too.
    expect(insideUid({ ...hardened, userNamespace: { ...hardened.userNamespace, uidMap: null } }, 0)).toEqual({
      kind: 'unknown',
    });
  });
});

describe('describeRange and isIdentityMap', () => {
  it('ranges as inside → outside, a single id without a range', () => {
    expect(rootless.userNamespace.uidMap!.map(describeRange)).toEqual(['0 → 1000', '1–65536 → 100000–165535']);
    expect(hardened.userNamespace.uidMap!.map(describeRange)).toEqual(['0–65535 → 100000–165535']);
  });

  it("the host's identity map (0 0 4294967295) only", () => {
    expect(isIdentityMap(docker.userNamespace.uidMap!)).toBe(true);
    expect(isIdentityMap(hardened.userNamespace.uidMap!)).toBe(false);
    expect(isIdentityMap(rootless.userNamespace.uidMap!)).toBe(false);
    // bwrap's one-id map of root is not the identity map.
    expect(isIdentityMap(lab.containers.find((c) => c.name === 'bwrap')!.userNamespace.uidMap!)).toBe(false);
    expect(isIdentityMap([])).toBe(false);
  });
});
