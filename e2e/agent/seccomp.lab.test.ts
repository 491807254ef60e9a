// Decoding the seccomp filters the kernel runs, against real containers with known profiles: runc
// given a deny-list, an allow-list, Docker's default profile and none, checked syscall by syscall on
// every ABI of the machine; the lab's dockerd and podman containers named after their engine's profile.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_ARCH, nativeArches } from '../../electron/agent/seccomp/arch.js';
import { actionText } from '../../electron/agent/seccomp/bpf.js';
import { seccompCommand } from '../../electron/agent/seccomp/command.js';
import { comparePolicy } from '../../electron/agent/seccomp/compare.js';
import { decodeArch } from '../../electron/agent/seccomp/decode.js';
import { expectedPolicy } from '../../electron/agent/seccomp/expected.js';
import { loadStacked } from '../../electron/agent/seccomp/fixtures/load.js';
import { defaultHelperDir, ensureHelper, readFilters } from '../../electron/agent/seccomp/nativeHelper.js';
import { decodeSeccomp, type SeccompReport } from '../../electron/agent/seccomp/report.js';
import { startLab, type Lab } from '../lab/lab.js';
import { HARDENED_DENIED_SYSCALLS } from '../lab/runtimes/runc.js';
import { labFlags } from './labCollector.js';
import { ALLOW_LIST, DENY_LIST, dockerDefaultResolved, RUNC_SPEC_CAPS } from './seccomp/labProfiles.js';
import { startSeccompLab, type SeccompContainer, type SeccompLab } from './seccomp/runcSeccomp.js';

let lab: Lab;
let runcLab: SeccompLab;
let helper: string;
const work = mkdtempSync(join(tmpdir(), 'isoscope-seccomp-test-'));

beforeAll(async () => {
  helper = ensureHelper(join(work, 'native'));
  [lab, runcLab] = await Promise.all([
    startLab({ only: ['runc-hardened', 'docker', 'podman'] }),
    startSeccompLab({ deny: DENY_LIST, allow: ALLOW_LIST, docker: dockerDefaultResolved(), none: null }),
  ]);
  if (lab.skipped.length) console.warn('lab skipped:', lab.skipped);
});
afterAll(async () => {
  const problems = await runcLab?.stop();
  if (problems?.length) console.warn('seccomp lab stop:', problems);
  await lab?.stop();
  rmSync(work, { recursive: true, force: true });
});

const runcContainer = (key: string): SeccompContainer => runcLab.containers.find((c) => c.key === key)!;
const labPid = (key: 'runc-hardened' | 'docker' | 'podman'): number => {
  const c = lab.containers.find((x) => x.key === key);
  if (!c) throw new Error(`lab container ${key} did not start: ${JSON.stringify(lab.skipped)}`);
  return c.initPid;
};

describe('runc containers with known profiles: decoded = profile, every syscall of every ABI', () => {
  const reports = new Map<string, SeccompReport>();
  const report = async (key: string) => {
    if (!reports.has(key)) reports.set(key, await decodeSeccomp(runcContainer(key).initPid, { helper }));
    return reports.get(key)!;
  };

  it("runc kept its default capabilities (what Docker's profile was resolved for)", () => {
    for (const c of runcLab.containers) expect(c.bounding.sort(), c.key).toEqual([...RUNC_SPEC_CAPS].sort());
  });

  for (const key of ['deny', 'allow', 'docker'] as const) {
    it(`${key}: no difference on ${nativeArches().join(', ')}`, async () => {
      const c = runcContainer(key);
      const read = await readFilters(c.initPid, helper);
      if (!read.ok) throw new Error(`${read.reason}: ${read.detail}`);
      expect(read.mode).toBe(2);
      for (const arch of nativeArches()) {
        const policy = decodeArch(read.filters, arch);
        const diffs = comparePolicy(read.filters, expectedPolicy(c.seccomp!, arch), policy.syscalls, AUDIT_ARCH[arch]);
        expect(diffs, `${key} ${arch}`).toEqual([]);
        expect(
          policy.syscalls.every((s) => !s.error && !s.truncated),
          `${key} ${arch}`,
        ).toBe(true);
      }
    });
  }

  it('deny-list: every action kind and comparison decoded as written', async () => {
    const r = await report('deny');
    const x64 = r.arches[0]!;
    const of = (name: string) => x64.syscalls.find((s) => s.name === name)!;
    expect(actionText(of('iopl').action!)).toBe('KILL_PROCESS');
    expect(actionText(of('vhangup').action!)).toBe('KILL_THREAD');
    expect(actionText(of('syslog').action!)).toBe('TRAP');
    expect(actionText(of('lookup_dcookie').action!)).toBe('LOG');
    expect(actionText(of('uselib').action!)).toBe('TRACE(5)');
    for (const name of ['setpriority', 'clone', 'kill', 'sched_setaffinity', 'mlock', 'munlock', 'flock'])
      expect(of(name).action, name).toBeNull();
    expect(of('kill').outcomes!.map((o) => [actionText(o.action), o.whenText.join(' || ')])).toEqual([
      ['ERRNO(EPERM)', 'arg1 == 9'],
      ['ALLOW', 'arg1 != 9 || arg1.hi != 0'],
    ]);
    expect(r.profile!.name).toBe('custom');
  });

  it('allow-list: the rest gets the default ERRNO(EPERM), runc adds no ENOSYS stub below the last named syscall', async () => {
    const r = await report('allow');
    expect(r.arches[0]!.counts['ALLOW']).toBe(
      ALLOW_LIST.syscalls[0]!.names.filter((n) => r.arches[0]!.syscalls.some((s) => s.name === n)).length,
    );
    expect(r.arches[0]!.counts['KILL_PROCESS']).toBe(1);
    expect(r.profile!.name).toBe('custom');
  });

  it('Docker\'s current default profile applied by runc is named "Docker default" (moby/profiles)', async () => {
    const r = await report('docker');
    expect([r.profile!.name, r.profile!.profileId]).toEqual(['Docker default', 'docker-moby-profiles-cd3bed8']);
  });

  it('no profile: no filter, "unconfined"', async () => {
    const r = await report('none');
    expect([r.mode, r.filterCount, r.profile!.name]).toEqual(['disabled', 0, 'unconfined']);
  });
});

describe("the lab's engines", () => {
  it('docker (dockerd 20.10 default profile) decodes to "Docker default"', async () => {
    const r = await decodeSeccomp(labPid('docker'), { helper });
    expect([r.profile!.name, r.profile!.differences]).toEqual(['Docker default', []]);
  });

  it('podman decodes to "Podman default"', async () => {
    const r = await decodeSeccomp(labPid('podman'), { helper });
    expect([r.profile!.name, r.profile!.differences]).toEqual(['Podman default', []]);
  });

  it('runc-hardened denies exactly its declared syscalls with EPERM', async () => {
    const r = await decodeSeccomp(labPid('runc-hardened'), { helper });
    const denied = r.arches[0]!.syscalls.filter((s) => s.action?.kind !== 'allow');
    expect(denied.map((s) => s.name).sort()).toEqual([...HARDENED_DENIED_SYSCALLS].sort());
    expect(denied.every((s) => s.action && actionText(s.action) === 'ERRNO(EPERM)')).toBe(true);
  });
});

describe('live reads', () => {
  let child: ChildProcess | undefined;
  afterAll(() => child?.kill('SIGKILL'));

  it('stacked filters: the dump of a fresh process equals the fixture, index 0 the oldest', async () => {
    const bin = join(work, 'stacked');
    execFileSync('cc', ['-o', bin, new URL('../../electron/agent/seccomp/fixtures/stacked/stacked.c', import.meta.url).pathname]);
    child = spawn(bin, [], { stdio: ['ignore', 'pipe', 'inherit'] });
    const line = await new Promise<string>((done) => child!.stdout!.once('data', (d: Buffer) => done(d.toString())));
    const fixture = loadStacked();
    expect(JSON.parse(line)).toEqual(fixture.observed);
    const read = await readFilters(child.pid!, helper);
    // prctl(PR_SET_SECCOMP) installs each filter without flags: the metadata says 0 for each.
    expect(read).toEqual({ ok: true, pid: child.pid, mode: 2, filters: fixture.filters, flags: fixture.filters.map(() => 0) });
  });

  it('`isoscope seccomp <name> --json` finds the docker container through the collector', async () => {
    const name = lab.containers.find((c) => c.key === 'docker')!.name;
    let out = '';
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((s: string) => ((out += s), true)) as typeof process.stdout.write;
    const code = await seccompCommand([name, '--json', ...labFlags(lab)], { helper }).finally(
      () => (process.stdout.write = write),
    );
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ container: { runtime: 'docker', name }, profile: { name: 'Docker default' } });
  });

  it('as nobody (built command): exit 1 and one line naming EPERM', () => {
    ensureHelper(defaultHelperDir()); // built as root first: nobody cannot write dist/native
    const cmd = new URL('../../dist/electron/agent/seccomp/command.js', import.meta.url).pathname;
    const script = `import(${JSON.stringify(cmd)}).then(async (m) => { process.exitCode = await m.seccompCommand([${JSON.stringify(String(labPid('docker')))}]); })`;
    const r = spawnSync(
      'setpriv',
      [
        '--reuid=nobody',
        '--regid=nogroup',
        '--clear-groups',
        '--inh-caps=-all',
        '--bounding-set=-all',
        process.execPath,
        '-e',
        script,
      ],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/cannot read the filters \(EPERM\)/);
  });
});
