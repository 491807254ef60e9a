// The Capabilities tab's logic on saved snapshots: kernel bit order, bits without a name, and how
// a container's set differs from its runtime's default (what --cap-add/--cap-drop changed).
import { describe, expect, it } from 'vitest';
// eslint-disable-next-line no-restricted-imports -- a test: the lab's saved snapshot
import labRoot from '../../../electron/agent/fixtures/snapshots/lab-hybrid-root.json' with { type: 'json' };
// eslint-disable-next-line no-restricted-imports -- a test: a saved Podman snapshot (a toolbox with every capability)
import selinux from '../../../electron/agent/fixtures/snapshots/v2-selinux.json' with { type: 'json' };
import { Snapshot, type Container } from '../../../shared/snapshot/schema.js';
import { capBit, CAP_SETS, describeDiff, diffFromRuntimeDefault, KNOWN_CAPS, unknownBits } from './capabilitySets.js';

const lab = Snapshot.parse(labRoot);
const podman = Snapshot.parse(selinux);
const labNamed = (suffix: string): Container => lab.containers.find((c) => c.name?.endsWith(suffix))!;
const podmanNamed = (name: string): Container => podman.containers.find((c) => c.name === name)!;

describe('KNOWN_CAPS and capBit', () => {
  it('every capability up to CAP_CHECKPOINT_RESTORE (bit 40), in kernel bit order', () => {
    expect(KNOWN_CAPS).toHaveLength(41);
    expect(capBit('CAP_CHOWN')).toBe(0);
    expect(capBit('CAP_NET_RAW')).toBe(13);
    expect(capBit('CAP_SYS_ADMIN')).toBe(21);
    expect(capBit('CAP_CHECKPOINT_RESTORE')).toBe(40);
    expect(capBit('CAP_NOT_A_CAPABILITY')).toBe(-1);
  });

  it("a full bounding set read from the kernel lists them in the same order (the toolbox's)", () => {
    expect(podmanNamed('toolbox').capabilities.bounding!.names).toEqual(KNOWN_CAPS);
  });
});

describe('unknownBits', () => {
  it('none in the saved snapshots (the kernel there knows no capability past 40)', () => {
    for (const c of [...lab.containers, ...podman.containers]) expect(unknownBits(c.capabilities)).toEqual([]);
  });

  it('bits a newer kernel sets, across all five sets, once each and ascending', () => {
    const caps = labNamed('-loose').capabilities;
    const withBits = {
      ...caps,
      bounding: { ...caps.bounding!, unknownBits: [42, 41] },
      permitted: { ...caps.permitted!, unknownBits: [41] },
    };
    expect(CAP_SETS).toContain('bounding');
    expect(unknownBits(withBits)).toEqual([41, 42]);
    // An unreadable set adds nothing (and is not taken for an empty one elsewhere).
    expect(unknownBits({ ...withBits, ambient: null })).toEqual([41, 42]);
  });
});

describe('diffFromRuntimeDefault', () => {
  it("Docker's lab container: the default bounding set without CAP_NET_RAW (--cap-drop NET_RAW)", () => {
    const d = diffFromRuntimeDefault(labNamed('-docker'))!;
    expect(d).toEqual({ runtime: 'docker', compared: 'bounding', added: [], removed: ['CAP_NET_RAW'] });
    expect(describeDiff(d)).toBe('−CAP_NET_RAW');
  });

  it("Podman's plain containers: same as the default", () => {
    for (const c of [labNamed('-podman'), podmanNamed('web'), podmanNamed('rootless-web')])
      expect(describeDiff(diffFromRuntimeDefault(c)!)).toBe('same as the default');
  });

  it('the privileged toolbox: every capability beyond the default added, in bit order', () => {
    const d = diffFromRuntimeDefault(podmanNamed('toolbox'))!;
    expect(d.removed).toEqual([]);
    expect(d.added).toContain('CAP_SYS_ADMIN');
    expect(d.added.map(capBit)).toEqual([...d.added.map(capBit)].sort((a, b) => a - b));
    expect(d.added.length + podmanNamed('web').capabilities.bounding!.names.length).toBe(41);
    expect(describeDiff(d).startsWith('+CAP_DAC_READ_SEARCH +CAP_LINUX_IMMUTABLE')).toBe(true);
  });

  it('effective when the bounding set is unreadable; null when neither is, or the runtime has no recorded default', () => {
    const docker = labNamed('-docker');
    expect(diffFromRuntimeDefault({ ...docker, capabilities: { ...docker.capabilities, bounding: null } })?.compared).toBe(
      'effective',
    );
    expect(
      diffFromRuntimeDefault({ ...docker, capabilities: { ...docker.capabilities, bounding: null, effective: null } }),
    ).toBeNull();
    // bwrap/unshare sandboxes have no runtime default to compare with.
    expect(diffFromRuntimeDefault(lab.containers.find((c) => c.name === 'bwrap')!)).toBeNull();
  });
});
