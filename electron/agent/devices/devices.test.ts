// Devices on real text: devices.list as the kernel printed it for the lab's runtimes, runc's device
// programs as runc's own generator tests expect them (fixtures/MANIFEST.md), the /dev scan against
// a planted tree (symlinks, a FIFO, a device node, more entries than the cap), and the probe's
// output checked before use.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DeviceRule } from '../../../shared/snapshot/devices.js';
import { allowsEverything, covers, deviceRuleText } from '../../../shared/diff/devices.js';
import { HostFs } from '../readers/hostFs.js';
import { indexBtf } from './btf.js';
import { isAllowAll, parseDevicesList } from './devicesList.js';
import { scanDevNodes, splitDev } from './devNodes.js';
import { parseBpfLsm, parseCgroupDevices, parseLandlock } from './probe.js';
import { devicePrograms } from './readDevices.js';
import { decodeRuncProgram, type EbpfInsn } from './runcProgram.js';

const FIX = new URL('./fixtures/', import.meta.url).pathname;
const text = (f: string) => readFileSync(join(FIX, f), 'utf8');

const rule = (
  type: DeviceRule['type'],
  major: number | null,
  minor: number | null,
  access: string,
  allow = true,
): DeviceRule => ({ allow, type, major, minor, access });

/** runc's built-in allow list (libcontainer/specconv AllowedDevices), as devicefilter_test.go lists it. */
const RUNC_ALLOWED = [
  rule('c', null, null, 'm'),
  rule('b', null, null, 'm'),
  rule('c', 1, 3, 'rwm'),
  rule('c', 1, 8, 'rwm'),
  rule('c', 1, 7, 'rwm'),
  rule('c', 5, 0, 'rwm'),
  rule('c', 1, 5, 'rwm'),
  rule('c', 1, 9, 'rwm'),
  rule('c', 136, null, 'rwm'),
  rule('c', 5, 2, 'rwm'),
  rule('c', 10, 200, 'rwm'),
];
const sorted = (rs: DeviceRule[]) => rs.map(deviceRuleText).sort();

// cilium/ebpf's text form of the instructions runc's tests expect → instructions.
const OPS: Record<string, number> = {
  LdXMemW: 0x61,
  AndImm32: 0x54,
  And32Imm: 0x54,
  RShImm32: 0x74,
  RSh32Imm: 0x74,
  MovReg32: 0xbc,
  Mov32Reg: 0xbc,
  MovImm32: 0xb4,
  Mov32Imm: 0xb4,
  JNEImm: 0x55,
  JNEReg: 0x5d,
  JEqImm: 0x15,
  Exit: 0x95,
};
function ciliumText(t: string): EbpfInsn[] {
  const labels = new Map<string, number>();
  const raw: { op: string; f: Record<string, string>; target?: string }[] = [];
  for (const line of t.split('\n').map((l) => l.trim())) {
    if (!line || line.startsWith('//')) continue;
    const label = /^(block-\d+):$/.exec(line);
    if (label) {
      labels.set(label[1]!, raw.length);
      continue;
    }
    const m = /^\d+: (\w+)(.*?)(?: <(block-\d+)>)?$/.exec(line);
    if (!m) throw new Error(`unreadable line ${line}`);
    const f = Object.fromEntries([...m[2]!.matchAll(/(\w+): (r?-?\d+)/g)].map((x) => [x[1]!, x[2]!.replace(/^r/, '')]));
    raw.push({ op: m[1]!, f, ...(m[3] ? { target: m[3] } : {}) });
  }
  return raw.map((r, pc) => {
    const code = OPS[r.op];
    if (code === undefined) throw new Error(`unknown op ${r.op}`);
    const off = r.target !== undefined ? labels.get(r.target)! - (pc + 1) : Number(r.f['off'] ?? 0);
    return { code, dst: Number(r.f['dst'] ?? 0), src: Number(r.f['src'] ?? 0), off, imm: Number(r.f['imm'] ?? 0) };
  });
}
const program = (f: string) => ciliumText(text(`runc-devicefilter/${f}`));

describe('cgroup v1 devices.list', () => {
  it('runc, Docker and Podman (runc) containers: runc’s allow list, Docker adds /dev/console', () => {
    const runc = parseDevicesList(text('runc-hardened.devices.list'))!;
    expect(sorted(runc)).toEqual(sorted(RUNC_ALLOWED));
    expect(sorted(parseDevicesList(text('podman.devices.list'))!)).toEqual(sorted(RUNC_ALLOWED));
    const docker = parseDevicesList(text('docker.devices.list'))!;
    expect(sorted(docker)).toEqual(sorted([...RUNC_ALLOWED, rule('c', 5, 1, 'rwm')]));
    for (const rs of [runc, docker]) expect(isAllowAll(rs)).toBe(false);
  });

  it('allow-by-default mode is "a *:* rwm" and reads as every device', () => {
    const lxc = parseDevicesList(text('lxc-payload.devices.list'))!;
    expect(lxc).toEqual([rule('a', null, null, 'rwm')]);
    expect(isAllowAll(lxc)).toBe(true);
    expect(allowsEverything(lxc)).toBe(true);
  });

  it('anything but the kernel’s format is refused whole, never half-read', () => {
    for (const bad of ['c 1:3 rwx', 'c 1:3', 'x 1:3 r', 'c 1:3 rr', 'c 99999999999:1 r', 'c 1:3 rwm\nc 1:5 rwm junk', 'c -1:3 r'])
      expect(parseDevicesList(bad), bad).toBeNull();
    expect(parseDevicesList('')).toEqual([]);
  });

  it('covers: a rule is granted only by a rule at least as wide', () => {
    const runc = parseDevicesList(text('runc-hardened.devices.list'))!;
    expect(covers(runc, rule('c', 136, 4, 'rw'))).toBe(true);
    expect(covers(runc, rule('c', 8, 0, 'm'))).toBe(true);
    expect(covers(runc, rule('b', 8, 0, 'r'))).toBe(false);
    expect(covers(runc, rule('c', 1, 1, 'r'))).toBe(false);
  });
});

describe("runc's cgroup v2 device programs, decoded", () => {
  it('the built-in allow list: exactly the rules it was generated from, default deny', () => {
    const d = decodeRuncProgram(program('BuiltInAllowList.txt'))!;
    expect(d.defaultAllow).toBe(false);
    expect(d.legacyAccess).toBe(false);
    expect(sorted(d.rules)).toEqual(sorted(RUNC_ALLOWED));
    // The same rules as the v1 whitelist runc wrote for a real container.
    expect(sorted(d.rules)).toEqual(sorted(parseDevicesList(text('runc-hardened.devices.list'))!));
  });

  it('no rules: deny everything; privileged: allow everything', () => {
    expect(decodeRuncProgram(program('Nil.txt'))).toEqual({ rules: [], defaultAllow: false, legacyAccess: false });
    const p = decodeRuncProgram(program('Privileged.txt'))!;
    expect(p).toEqual({ rules: [], defaultAllow: true, legacyAccess: false });
    expect(allowsEverything(p.rules, p.defaultAllow)).toBe(true);
  });

  it('allow by default with deny rules (privileged except one device, the "weird" ordering)', () => {
    expect(decodeRuncProgram(program('PrivilegedExceptSingleDevice.txt'))).toEqual({
      rules: [rule('b', 8, 0, 'rwm', false)],
      defaultAllow: true,
      legacyAccess: false,
    });
    const weird = decodeRuncProgram(program('Weird.txt'))!;
    expect(weird.rules).toEqual([rule('b', 8, 2, 'rwm', false)]);
    expect(allowsEverything(weird.rules, weird.defaultAllow)).toBe(false);
  });

  it('the older generator (access tested with JEq 0) is decoded and flagged', () => {
    const d = decodeRuncProgram(program('legacy-BuiltInAllowList.txt'))!;
    expect(d.legacyAccess).toBe(true);
    expect(sorted(d.rules)).toEqual(sorted(RUNC_ALLOWED));
  });

  it('any other shape is not decoded: a jump elsewhere, a missing default, another register, a return value not 0/1', () => {
    const base = program('BuiltInAllowList.txt');
    const mutate = (i: number, change: Partial<EbpfInsn>) => base.map((x, j) => (j === i ? { ...x, ...change } : x));
    expect(decodeRuncProgram(mutate(19, { off: base[19]!.off + 1 }))).toBeNull();
    expect(decodeRuncProgram(base.slice(0, -2))).toBeNull();
    expect(decodeRuncProgram(mutate(19, { dst: 6 }))).toBeNull();
    expect(decodeRuncProgram(mutate(21, { imm: 2 }))).toBeNull();
    expect(decodeRuncProgram(mutate(0, { off: 4 }))).toBeNull();
    expect(decodeRuncProgram([])).toBeNull();
  });

  it('the snapshot says "attached, not decoded" for other shapes, and why', () => {
    const out = devicePrograms({
      effective: [7, 9],
      direct: [9],
      programs: [
        {
          id: 7,
          name: 'other',
          tag: '0123456789abcdef',
          insnCount: 2,
          insns: [
            { code: 0xb7, dst: 0, src: 0, off: 0, imm: 1 },
            { code: 0x95, dst: 0, src: 0, off: 0, imm: 0 },
          ],
          insnsError: null,
        },
        { id: 9, name: '', tag: 'fedcba9876543210', insnCount: 64, insns: program('BuiltInAllowList.txt'), insnsError: null },
      ],
    });
    expect(out[0]).toMatchObject({ id: 7, direct: false, rules: null, note: 'not the shape runc generates' });
    expect(out[1]).toMatchObject({ id: 9, direct: true, defaultAllow: false, instructions: 64 });
    expect(sorted(out[1]!.rules!)).toEqual(sorted(RUNC_ALLOWED));
  });
});

describe('the probe’s output is checked before use', () => {
  it('cgroup device programs', () => {
    const ok = parseCgroupDevices(
      '{"effective":[5],"direct":[5],"programs":[{"id":5,"type":15,"name":"","tag":"0011223344556677","insnCount":2,"insns":[[180,0,0,0,1],[149,0,0,0,0]]}]}\n',
    );
    expect(ok).toMatchObject({
      ok: true,
      value: { effective: [5], programs: [{ id: 5, insns: [{ code: 180, imm: 1 }, { code: 149 }] }] },
    });
    expect(parseCgroupDevices('{"error":"EPERM","errno":1,"step":"query","message":"x"}')).toEqual({
      ok: false,
      reason: 'EPERM',
      detail: 'query: x',
    });
    for (const bad of [
      'nope',
      '{"effective":[-1],"direct":[],"programs":[]}',
      '{"effective":[1],"direct":[],"programs":[{"id":1,"name":"","tag":"zz","insnCount":0}]}',
      '{"effective":[1],"direct":[],"programs":[{"id":1,"name":"","tag":"0011223344556677","insnCount":1,"insns":[[1,2,3]]}]}',
    ]) {
      expect(parseCgroupDevices(bad).ok, bad).toBe(false);
    }
  });

  it('Landlock and BPF LSM', () => {
    expect(parseLandlock('{"landlock":{"abi":6}}')).toEqual({ ok: true, value: { abi: 6 } });
    expect(parseLandlock('{"landlock":{"error":"EOPNOTSUPP","errno":95}}')).toEqual({ ok: true, value: { error: 'EOPNOTSUPP' } });
    expect(parseLandlock('{"landlock":{"abi":0}}').ok).toBe(false);
    expect(
      parseBpfLsm('{"lsm":[{"id":3,"name":"restrict","tag":"0011223344556677","btf":12,"btfObj":1}],"seen":40}'),
    ).toMatchObject({ ok: true, value: { programs: [{ id: 3, name: 'restrict', btf: 12 }], seen: 40 } });
    expect(parseBpfLsm('{"lsm":[{"id":3}],"seen":1}').ok).toBe(false);
  });
});

describe('dev_t and BTF', () => {
  it('splits dev_t as glibc does (large majors and minors)', () => {
    expect(splitDev(0x0103n)).toEqual({ major: 1, minor: 3 });
    expect(splitDev(0x8800n)).toEqual({ major: 136, minor: 0 });
    // makedev(259, 70000): minor bits above 8 go to bits 20..
    const dev = ((259n & 0xfffn) << 8n) | (70000n & 0xffn) | ((70000n & ~0xffn) << 12n);
    expect(splitDev(dev)).toEqual({ major: 259, minor: 70000 });
  });

  it("indexes this kernel's BTF: the bpf_lsm_ hooks it names are the kernel's own symbols", () => {
    let blob: Buffer;
    try {
      blob = readFileSync('/sys/kernel/btf/vmlinux');
    } catch {
      return expect.soft(true).toBe(true);
    }
    const idx = indexBtf(blob)!;
    expect(idx.count).toBeGreaterThan(10_000);
    const names = new Set<string>();
    for (let id = 1; id <= idx.count; id++) {
      const n = idx.nameOf(id);
      if (n?.startsWith('bpf_lsm_')) names.add(n);
    }
    const kallsyms = readFileSync('/proc/kallsyms', 'utf8');
    if (names.size > 0 && !/^0+ /.test(kallsyms))
      for (const n of [...names].slice(0, 20)) expect(kallsyms, n).toMatch(new RegExp(` ${n}$`, 'm'));
    expect(indexBtf(Buffer.from('not btf at all, not btf at all'))).toBeNull();
  });
});

const isRoot = process.geteuid?.() === 0;
const work = mkdtempSync(join(tmpdir(), 'isoscope-devnodes-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the /dev scan follows nothing, opens no node and stops at its cap', () => {
  it('a planted tree: links listed with their text, FIFO not opened, a device node by lstat, sub-directories walked', () => {
    const root = join(work, 'a');
    const dev = join(root, 'proc/4242/root/dev');
    mkdirSync(join(dev, 'pts'), { recursive: true });
    symlinkSync('/etc', join(dev, 'escape'));
    symlinkSync('/etc/shadow', join(dev, 'pts', 'shadow'));
    execFileSync('mkfifo', [join(dev, 'fifo')]);
    writeFileSync(join(dev, 'regular'), 'x');
    if (isRoot) execFileSync('mknod', ['-m', '0600', join(dev, 'pts', '7'), 'c', '136', '7']);
    const r = scanDevNodes(new HostFs(root), 4242);
    if (!r.ok) throw new Error(r.reason);
    expect(r.truncated).toBe(false);
    const byPath = Object.fromEntries(r.entries.map((e) => [e.path, e]));
    expect(byPath['/dev/escape']).toMatchObject({ kind: 'symlink', target: '/etc' });
    expect(byPath['/dev/pts/shadow']).toMatchObject({ kind: 'symlink', target: '/etc/shadow' });
    expect(byPath['/dev/fifo']).toMatchObject({ kind: 'fifo', major: null });
    expect(byPath['/dev/regular']).toBeUndefined();
    if (isRoot) expect(byPath['/dev/pts/7']).toMatchObject({ kind: 'char', major: 136, minor: 7, mode: 0o600 });
    // Nothing under the host's /etc was listed through the link.
    expect(r.entries.some((e) => e.path.startsWith('/dev/escape/'))).toBe(false);
  });

  it('/dev itself a symlink (to the host’s /etc through /proc/PID/root) is refused, not followed', () => {
    const root = join(work, 'b');
    mkdirSync(join(root, 'proc/4242/root'), { recursive: true });
    mkdirSync(join(root, 'etc'));
    symlinkSync('/etc', join(root, 'proc/4242/root/dev'));
    const r = scanDevNodes(new HostFs(root), 4242);
    expect(r).toMatchObject({ ok: false, reason: 'ELOOP' });
  });

  it('more entries than the cap: it stops, says so, and the count is the cap', () => {
    const root = join(work, 'c');
    const shm = join(root, 'proc/4242/root/dev/shm');
    mkdirSync(shm, { recursive: true });
    for (let i = 0; i < 300; i++) symlinkSync('/x', join(shm, `l${i}`));
    const r = scanDevNodes(new HostFs(root), 4242, 100);
    if (!r.ok) throw new Error(r.reason);
    expect(r.truncated).toBe(true);
    expect(r.scanned).toBe(100);
    expect(r.entries.length).toBeLessThanOrEqual(100);
  });

  it('depth is capped too (a deep tree is not walked to the bottom)', () => {
    const root = join(work, 'd');
    const deep = join(root, 'proc/4242/root/dev/a/b/c/d/e/f');
    mkdirSync(deep, { recursive: true });
    symlinkSync('/x', join(deep, 'bottom'));
    const r = scanDevNodes(new HostFs(root), 4242);
    if (!r.ok) throw new Error(r.reason);
    expect(r.truncated).toBe(true);
    expect(r.entries.some((e) => e.path.endsWith('/bottom'))).toBe(false);
  });
});
