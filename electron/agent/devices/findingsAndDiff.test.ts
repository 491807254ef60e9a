// The devices finding and diff on a real lab snapshot (lab-hybrid-root.json, taken before devices
// were collected) with device facts from the lab's real devices.list captures (fixtures/): what
// an old snapshot says (nothing compared, "not collected"), a restricted list passes, "a *:* rwm"
// fails (high in the host's user namespace, medium in its own), and the diff names the side
// that allows more.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import labRootJson from '../fixtures/snapshots/lab-hybrid-root.json' with { type: 'json' };
import { containerSide, diffIsolation } from '../../../shared/diff/diff.js';
import { diffDevices } from '../../../shared/diff/devices.js';
import { allDevices } from '../../../shared/findings/rules/devices.js';
import type { Devices } from '../../../shared/snapshot/devices.js';
import { Snapshot, type Container } from '../../../shared/snapshot/schema.js';
import { parseDevicesList } from './devicesList.js';

const FIX = new URL('./fixtures/', import.meta.url).pathname;
const snapshot = Snapshot.parse(labRootJson);
const byName = (re: RegExp) => snapshot.containers.find((c) => re.test(c.name ?? ''))!;
const hardened = byName(/hardened$/);
const loose = byName(/loose$/);

function withList(c: Container, file: string): Container {
  const rules = parseDevicesList(readFileSync(join(FIX, file), 'utf8'))!;
  const devices: Devices = {
    v1: { rules, source: `/sys/fs/cgroup/devices/${c.id}/devices.list` },
    v2: null,
    nodes: null,
    readAt: snapshot.takenAt,
    unavailable: [{ field: 'v2', reason: 'not-present' }],
  };
  return { ...c, devices };
}
const audit = (c: Container) => allDevices({ snapshot, container: c, context: {} });

describe('devices.all', () => {
  it('a snapshot taken before devices were collected: not applicable, said so', () => {
    expect(hardened.devices).toBeUndefined();
    expect(audit(hardened)).toMatchObject({ outcome: 'not-applicable', reason: 'devices were not collected in this snapshot' });
  });

  it("runc's whitelist passes, with devices.list as evidence", () => {
    const r = audit(withList(hardened, 'runc-hardened.devices.list'));
    expect(r.outcome).toBe('pass');
    expect(r.evidence[0]).toMatchObject({ fact: 'cgroup v1 device whitelist', value: '11 rules' });
  });

  it('"a *:* rwm": high in the host\'s user namespace, medium in its own', () => {
    expect(loose.namespaces.user.sharedWithHost).toBe(true);
    expect(audit(withList(loose, 'lxc-payload.devices.list'))).toMatchObject({
      outcome: 'fail',
      severity: 'high',
      rule: 'devices.all',
    });
    expect(hardened.namespaces.user.sharedWithHost).toBe(false);
    expect(audit(withList(hardened, 'lxc-payload.devices.list'))).toMatchObject({ outcome: 'fail', severity: 'medium' });
  });
});

describe('devices in the diff', () => {
  it('old snapshots: nothing compared; every device against a whitelist: that side is less isolated', () => {
    expect(diffDevices(hardened, loose, false)).toEqual([]);
    const d = diffDevices(withList(loose, 'lxc-payload.devices.list'), withList(hardened, 'runc-hardened.devices.list'), false);
    expect(d).toEqual([expect.objectContaining({ field: 'devices.v1 all devices', lessIsolated: 'a' })]);
  });

  it("Docker's list allows /dev/console (c 5:1) beyond runc's: B is less isolated in that rule only", () => {
    const a = withList(hardened, 'runc-hardened.devices.list');
    const b = withList(loose, 'docker.devices.list');
    expect(diffDevices(a, b, false)).toEqual([
      expect.objectContaining({ field: 'devices.v1 only B', b: 'c 5:1 rwm', lessIsolated: 'b' }),
    ]);
    const whole = diffIsolation(containerSide(snapshot, a), containerSide(snapshot, b));
    expect(whole.differences.some((x) => x.field === 'devices.v1 only B')).toBe(true);
  });
});
