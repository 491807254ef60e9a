// mountinfo fields beyond the basics: major:minor, optional fields (propagation), idmapped, the
// line cap — on real captured text (fixtures/text/MANIFEST.md) and hostile lines.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isIdmapped, parseMountinfo, parseMountinfoCapped, propagationOf, propagationText } from './mountinfo.js';

const text = (f: string) => readFileSync(new URL(`../fixtures/text/mountinfo/${f}`, import.meta.url), 'utf8');

describe('mountinfo: propagation, device, idmapped', () => {
  it('reads major:minor and root of a bind mount, and its shared peer group', () => {
    const m = parseMountinfo(text('local-runc-binds-socket-device-shared.mountinfo'));
    const shared = m.find((e) => e.mountPoint === '/shared')!;
    expect(shared.majorMinor).toBe('254:0');
    expect(shared.root).toBe('/tmp/isoscope-lab-0ea8d6de/run/m/shared');
    expect(propagationOf(shared)).toEqual({ shared: 34, master: null, propagateFrom: null, unbindable: false });
    expect(propagationText(propagationOf(shared))).toBe('shared:34');
    const data = m.find((e) => e.mountPoint === '/data')!;
    expect(data.optional).toEqual([]);
    expect(propagationText(propagationOf(data))).toBe('private');
  });

  it('reads shared and master together (Docker rootfs on a shared host mount)', () => {
    const host = parseMountinfo(text('local-host-with-runc-binds.mountinfo'));
    const peer = host.find((e) => e.mountPoint === '/tmp/isoscope-lab-0ea8d6de/run/m/shared')!;
    expect(propagationOf(peer).shared).toBe(34);
    expect(propagationOf({ optional: ['shared:5', 'master:2', 'propagate_from:1'] })).toEqual({
      shared: 5,
      master: 2,
      propagateFrom: 1,
      unbindable: false,
    });
    expect(propagationText(propagationOf({ optional: ['unbindable'] }))).toBe('unbindable');
  });

  it("sees the idmapped option the kernel adds for MOUNT_ATTR_IDMAP (a user-namespaced container's volume)", () => {
    const m = parseMountinfo(text('local-runc-userns-idmapped.mountinfo'));
    expect(m.filter(isIdmapped).map((e) => e.mountPoint)).toEqual(['/vol']);
    expect(isIdmapped({ options: ['rw', 'relatime', 'idmapped-foo'] })).toBe(false);
  });

  it('caps the number of lines and says so', () => {
    const line = '36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw\n';
    const r = parseMountinfoCapped(line.repeat(50), 10);
    expect(r.entries).toHaveLength(10);
    expect(r.truncated).toBe(true);
    expect(parseMountinfoCapped(line.repeat(10), 10).truncated).toBe(false);
  });

  it('keeps escapes and control characters of hostile targets as data', () => {
    const hostile = '40 30 254:0 /x /a\\040b\x1b[31m\\012c rw shared:notanumber - ext4 /dev/vda rw\n';
    const [e] = parseMountinfo(hostile);
    expect(e!.mountPoint).toBe('/a b\x1b[31m\nc');
    expect(propagationOf(e!).shared).toBeNull();
  });
});
