// Devices against the kernel: a runc lab container's devices.list (as the collector reports it)
// decides exactly which nodes it can open (nodes made from the host in its /dev, opened from
// inside with `runc exec`: listed → anything but EPERM, not listed → EPERM); its /dev nodes are
// what `ls -ln` inside shows (through nsenter). On this hybrid host a cgroup is made under the
// unified v2 mount, a device program of runc's shape is loaded and attached
// (e2e/agent/devices/load-device-prog.c), and the collector's decode equals the rules it was
// built from, and the kernel enforces exactly those rules there. A supervisor holding a seccomp
// notify listener (e2e/agent/devices/notify-listener.c) is named; the LOG flag of a filter is
// read. Landlock's ABI is what a direct landlock_create_ruleset call says.
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmdirSync, rmSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Collector } from '../../electron/agent/collect/collector.js';
import { readDevices } from '../../electron/agent/devices/readDevices.js';
import { readHostKernel } from '../../electron/agent/devices/hostKernel.js';
import { runProbe } from '../../electron/agent/devices/probe.js';
import { cgroupMounts, parseMountinfo } from '../../electron/agent/parsers/mountinfo.js';
import { HostFs } from '../../electron/agent/readers/hostFs.js';
import { buildHelper } from '../../electron/agent/seccomp/nativeHelper.js';
import { decodeSeccomp } from '../../electron/agent/seccomp/report.js';
import { covers, deviceRuleText } from '../../shared/diff/devices.js';
import type { DeviceRule } from '../../shared/snapshot/devices.js';
import type { Container } from '../../shared/snapshot/schema.js';
import { startLab, type Lab } from '../lab/lab.js';
import { labOptions } from './labCollector.js';

const run = promisify(execFile);
const HERE = new URL('./devices/', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'isoscope-devices-lab-'));
const helperDir = join(work, 'native');

function compile(name: string): string {
  const out = join(work, name);
  execFileSync('cc', ['-O2', '-Wall', '-o', out, join(HERE, `${name}.c`)]);
  return out;
}

let lab: Lab;
let containers: Container[];
beforeAll(async () => {
  buildHelper(helperDir);
  lab = await startLab({ only: ['runc-hardened', 'runc-loose'] });
  containers = (await new Collector(labOptions(lab)).snapshot()).containers;
}, 180_000);
afterAll(async () => {
  await lab?.stop();
  rmSync(work, { recursive: true, force: true });
});

const labContainer = (key: 'runc-hardened' | 'runc-loose') => lab.containers.find((c) => c.key === key)!;
const collected = (key: 'runc-hardened' | 'runc-loose') => containers.find((c) => c.id === labContainer(key).id)!;

/** Device nodes in /dev and /dev/pts as busybox `ls -ln` prints them inside the container. */
function lsInside(pid: number): string[] {
  const out: string[] = [];
  for (const dir of ['/dev', '/dev/pts']) {
    const text = execFileSync('nsenter', ['-t', String(pid), '-m', '--', 'ls', '-ln', dir], { encoding: 'utf8' });
    for (const line of text.split('\n')) {
      const m = /^([cb])[-rwxsStT]{9}\S*\s+\d+\s+(\d+)\s+(\d+)\s+(\d+),\s*(\d+)\s+.*\s(\S+)$/.exec(line);
      if (m) out.push(`${dir}/${m[6]} ${m[1] === 'c' ? 'char' : 'block'} ${m[4]}:${m[5]} ${m[2]}:${m[3]}`);
    }
  }
  return out.sort();
}

describe('cgroup v1 whitelist and /dev of runc containers', () => {
  it.each(['runc-hardened', 'runc-loose'] as const)('%s: /dev nodes are what ls -ln shows inside', (key) => {
    const c = collected(key);
    expect(c.devices?.nodes, JSON.stringify(c.devices?.unavailable)).toBeTruthy();
    const ours = c.devices!.nodes!.entries.filter(
      (n) => (n.kind === 'char' || n.kind === 'block') && /^\/dev\/(pts\/)?[^/]+$/.test(n.path),
    );
    expect(ours.map((n) => `${n.path} ${n.kind} ${n.major}:${n.minor} ${n.uid}:${n.gid}`).sort()).toEqual(lsInside(c.initPid));
    expect(ours.length).toBeGreaterThan(3);
  });

  it('runc-loose: a node is openable from inside exactly when devices.list allows it (else EPERM)', async () => {
    const c = collected('runc-loose');
    const v1 = c.devices!.v1!;
    expect(v1.source).toMatch(/\/devices\.list$/);
    expect(readFileSync(v1.source, 'utf8').trim().split('\n').length).toBe(v1.rules.length);
    // Nodes the host itself can open (control), some listed, some not.
    const candidates: [string, number, number][] = [
      ['c', 1, 3],
      ['c', 1, 5],
      ['c', 1, 9],
      ['c', 10, 229],
      ['c', 10, 237],
      ['c', 1, 7],
    ];
    const dev = `/proc/${c.initPid}/root/dev`;
    const made: string[] = [];
    try {
      for (const [t, maj, min] of candidates) {
        const host = `${work}/ctl-${maj}-${min}`;
        execFileSync('mknod', ['-m', '0666', host, t, String(maj), String(min)]);
        const hostOk = spawnSyncOk('dd', [`if=${host}`, 'of=/dev/null', 'bs=1', 'count=1']);
        unlinkSync(host);
        if (!hostOk) continue;
        const name = `isoscope-dev-${maj}-${min}`;
        execFileSync('mknod', ['-m', '0666', `${dev}/${name}`, t, String(maj), String(min)]);
        made.push(`${dev}/${name}`);
        const r = await run('runc', [
          '--root',
          lab.runcRoot,
          'exec',
          labContainer('runc-loose').id,
          '/bin/sh',
          '-c',
          `dd if=/dev/${name} of=/dev/null bs=1 count=1 2>&1; echo rc=$?`,
        ]);
        const allowed = covers(v1.rules, { allow: true, type: 'c', major: maj, minor: min, access: 'r' });
        if (allowed) expect(r.stdout, `${maj}:${min} is listed`).toMatch(/rc=0/);
        else expect(r.stdout, `${maj}:${min} is not listed`).toMatch(/Operation not permitted/);
      }
      expect(made.length).toBeGreaterThanOrEqual(4);
    } finally {
      for (const m of made) rmSync(m, { force: true });
    }
  }, 60_000);
});

function spawnSyncOk(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('cgroup v2 device program on the unified hierarchy of this hybrid host', () => {
  let dir: string;
  let sleeper: ChildProcess | null = null;
  const rules: DeviceRule[] = [
    { allow: true, type: 'c', major: 1, minor: 3, access: 'rwm' },
    { allow: true, type: 'c', major: 136, minor: null, access: 'rw' },
    { allow: true, type: 'b', major: null, minor: null, access: 'm' },
    { allow: true, type: 'c', major: 1, minor: 9, access: 'r' },
  ];
  const arg = (r: DeviceRule) => `${r.allow ? 1 : 0}:${r.type}:${r.major ?? '*'}:${r.minor ?? '*'}:${r.access}`;

  beforeAll(() => {
    const mounts = cgroupMounts(parseMountinfo(readFileSync('/proc/self/mountinfo', 'utf8')));
    const unified = mounts.find((m) => m.version === 'v2');
    if (!unified) throw new Error('no cgroup2 mount in /proc/self/mountinfo');
    dir = join(unified.mountPoint, `isoscope-devtest-${process.pid}`);
    mkdirSync(dir);
  });
  afterAll(() => {
    sleeper?.kill('SIGKILL');
    for (let i = 0; i < 50; i++) {
      try {
        rmdirSync(dir);
        return;
      } catch {
        execFileSync('sleep', ['0.1']);
      }
    }
  });

  it('the decode equals the rules the program was built from, and the kernel enforces them', async () => {
    const id = Number(execFileSync(compile('load-device-prog'), [dir, '0', ...rules.map(arg)], { encoding: 'utf8' }).trim());
    // A process in the cgroup: what the collector reads (placement as /proc/PID/cgroup says it).
    sleeper = spawn('sh', ['-c', `echo $$ > ${dir}/cgroup.procs && exec sleep 600`], { stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 300));
    const pid = sleeper.pid!;
    const cg = readFileSync(`/proc/${pid}/cgroup`, 'utf8');
    const unifiedPath = /^0::(.*)$/m.exec(cg)![1]!;
    const mounts = cgroupMounts(parseMountinfo(readFileSync('/proc/self/mountinfo', 'utf8')));
    const d = readDevices({
      fs: new HostFs('/'),
      mounts,
      placement: { v1: new Map(), unified: unifiedPath },
      pid,
      startTime: 0,
      helperDir,
    });
    expect(d.v2, JSON.stringify(d.unavailable)).toBeTruthy();
    expect(d.v2!.programs).toHaveLength(1);
    const p = d.v2!.programs[0]!;
    expect(p).toMatchObject({ id, direct: true, defaultAllow: false, note: null });
    expect(p.tag).toMatch(/^[0-9a-f]{16}$/);
    expect(p.rules!.map(deviceRuleText)).toEqual(rules.map(deviceRuleText));
    // Enforced: a listed node opens, an unlisted one is EPERM, write to a read-only rule is EPERM.
    const inCg = (cmd: string) =>
      execFileSync('sh', ['-c', `echo $$ > ${dir}/cgroup.procs; (${cmd}) 2>&1; echo rc=$?`], { encoding: 'utf8' });
    expect(inCg('head -c1 /dev/null')).toMatch(/rc=0/);
    expect(inCg('head -c1 /dev/zero')).toMatch(/Operation not permitted/);
    expect(inCg('head -c1 /dev/urandom > /dev/null')).toMatch(/rc=0/);
    expect(inCg('echo x > /dev/urandom')).toMatch(/Operation not permitted/);
  }, 60_000);
});

describe('seccomp: the notify listener’s holder, filter flags', () => {
  let proc: ChildProcess | null = null;
  afterAll(() => {
    if (proc?.pid) {
      try {
        process.kill(-proc.pid, 'SIGKILL');
      } catch {
        proc.kill('SIGKILL');
      }
    }
  });

  it('names the supervisor that holds the listener (not the filtered child), decodes USER_NOTIF, reads LOG', async () => {
    proc = spawn(compile('notify-listener'), [], { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
    const line = await new Promise<string>((resolve) => proc!.stdout!.once('data', (b: Buffer) => resolve(b.toString())));
    const [parent, child, fd] = line.trim().split(' ').map(Number) as [number, number, number];
    const report = await decodeSeccomp(child, { helperDir });
    expect(report.filterCount).toBe(2);
    const uname = report.arches[0]!.syscalls.find((s) => s.name === 'uname')!;
    expect(uname.action).toEqual({ kind: 'user_notif', data: 0 });
    expect(report.filterFlags).toEqual([
      { index: 0, raw: 0, names: [] },
      { index: 1, raw: 2, names: ['LOG'] },
    ]);
    const holders = report.notifyListeners!.holders!;
    expect(holders).toContainEqual(expect.objectContaining({ pid: parent, fd, comm: 'notify-listener' }));
    expect(holders.some((h) => h.pid === child)).toBe(false);
    expect(holders.find((h) => h.pid === parent)!.fdinfo).toMatch(/^pos:/);
  }, 60_000);
});

describe('Landlock', () => {
  it('the ABI the collector reports is what a direct landlock_create_ruleset call says', () => {
    const direct = execFileSync(
      'python3',
      [
        '-c',
        [
          'import ctypes, os',
          'libc = ctypes.CDLL(None, use_errno=True)',
          'r = libc.syscall(444, None, 0, 1)',
          'print(r if r >= 0 else "E" + str(ctypes.get_errno()))',
        ].join('\n'),
      ],
      { encoding: 'utf8' },
    ).trim();
    const { landlock } = readHostKernel(new HostFs('/'), (a) => runProbe(a, helperDir));
    if (direct.startsWith('E')) {
      expect(landlock.abi).toBeNull();
      expect(landlock.reason).toBe(Number(direct.slice(1)) === 38 ? 'ENOSYS' : 'EOPNOTSUPP');
    } else expect(landlock).toMatchObject({ abi: Number(direct), reason: null });
    writeFileSync(join(work, 'landlock.txt'), direct);
  });
});
