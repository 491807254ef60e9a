// `isoscope audit` against real containers: the lab's runc-hardened, runc-loose, Docker with its
// defaults, Podman and unshare (every capability of the host). The declared configuration each
// snapshot carries (Container.declared) is checked against what the lab declared, and a real
// disagreement (a cgroup limit changed after start) is found. Expectations are written from the lab's declared configuration
// (e2e/lab/README.md, "Containers and their declared config"), not from what the rules print.
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContainerAudit } from '../../shared/findings/types.js';
import type { Container } from '../../shared/snapshot/schema.js';
import { Collector } from '../../electron/agent/collect/collector.js';
import { auditCommand } from '../../electron/agent/cli/auditCommand.js';
import type { CommandIo } from '../../electron/agent/cli/diffCommand.js';
import { startLab, type Lab } from '../lab/lab.js';
import { labFlags, labOptions } from './labCollector.js';
import type { LabKey } from '../lab/types.js';

let lab: Lab;
beforeAll(async () => {
  lab = await startLab({ only: ['runc-hardened', 'runc-loose', 'docker', 'podman', 'unshare'] });
}, 180_000);
afterAll(async () => {
  await lab?.stop();
});

async function audit(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CommandIo = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } };
  const code = await auditCommand(['audit', ...argv, ...labFlags(lab)], io);
  return { code, stdout, stderr };
}

const lc = (key: string) => lab.containers.find((c) => c.key === key)!;
async function audited(key: string): Promise<ContainerAudit> {
  const c = lc(key);
  const r = await audit(['--json', c.key === 'unshare' ? String(c.initPid) : c.id]);
  expect(r.stderr).toBe('');
  const found = (JSON.parse(r.stdout) as { containers: ContainerAudit[] }).containers;
  expect(found).toHaveLength(1);
  return found[0]!;
}
// Mount findings (rules/mounts.ts) are checked by the mounts tests against the lab's mount setups.
const failed = (a: ContainerAudit) =>
  a.findings
    .map((f) => f.rule)
    .filter((r) => !r.startsWith('mounts.'))
    .sort();

describe('isoscope audit on the lab', () => {
  it('runc-loose: exactly the findings its declared config implies', async () => {
    const declared = lc('runc-loose').declared;
    // The README row: host cgroup, net, pid, time and user namespaces; Docker's default caps +
    // SYS_ADMIN, NET_ADMIN, SYS_PTRACE; no seccomp, NoNewPrivs off; no limits; rw rootfs; root.
    expect(declared).toMatchObject({
      hostNamespaces: ['cgroup', 'net', 'pid', 'time', 'user'],
      seccomp: 'none',
      noNewPrivs: false,
      memoryMaxBytes: null,
      pidsMax: null,
      cpuQuotaUs: null,
      readonlyRootfs: false,
    });
    const a = await audited('runc-loose');
    expect(failed(a)).toEqual([
      'capabilities.added', // SYS_ADMIN, NET_ADMIN, SYS_PTRACE beyond the default set (CIS 5.4, PSS baseline)
      'capabilities.not-dropped', // the restricted level drops them all
      'limits.cpu',
      'limits.memory',
      'limits.pids', // no limits (CIS 5.12, 5.11, 5.29)
      'namespace.host-cgroup',
      'namespace.host-net',
      'namespace.host-pid',
      'namespace.host-user', // its host namespaces (time has no rule)
      'no-new-privileges', // NoNewPrivs off (CIS 5.26, PSS restricted)
      'rootfs.writable', // rw rootfs (CIS 5.13)
      'seccomp.off', // no seccomp (CIS 5.22, PSS baseline)
      'user.root', // root in the host's user namespace (CIS 4.1, PSS restricted)
    ]);
    const added = a.findings.find((f) => f.rule === 'capabilities.added')!;
    expect(added.meaning).toMatch(/3 capabilities beyond the default set: NET_ADMIN, SYS_PTRACE, SYS_ADMIN/);
    expect(a.findings.find((f) => f.rule === 'user.root')!.severity).toBe('medium');
    // Not every capability of the host: not privileged. And the kernel enforces what the bundle declares.
    expect(a.checks.find((r) => r.rule === 'privileged')!.outcome).toBe('pass');
    expect(a.checks.find((r) => r.rule === 'declared.differs')).toMatchObject({
      outcome: 'pass',
      meaning: expect.stringContaining('runc-loose/config.json'),
    });
    expect(a.posture.level).toBe('privileged');
    expect(a.posture.why).toEqual(
      expect.arrayContaining(['baseline fails: Host Namespaces (namespace.host-pid)', 'baseline fails: Seccomp (seccomp.off)']),
    );
  });

  it('runc-hardened: no high finding, meets baseline; restricted fails only on kept CHOWN/KILL and root inside its user namespace', async () => {
    const declared = lc('runc-hardened').declared;
    expect(declared).toMatchObject({
      capabilities: ['CAP_CHOWN', 'CAP_NET_BIND_SERVICE', 'CAP_KILL'],
      uidMap: [{ inside: 0, outside: 100000, count: 65536 }],
      hostNamespaces: ['time'],
      seccomp: 'filter',
      noNewPrivs: true,
      readonlyRootfs: true,
    });
    const a = await audited('runc-hardened');
    expect(a.findings.filter((f) => f.severity === 'high')).toEqual([]);
    expect(failed(a)).toEqual(['capabilities.not-dropped', 'user.root']);
    expect(a.findings.find((f) => f.rule === 'capabilities.not-dropped')!.meaning).toContain('CHOWN, KILL');
    expect(a.findings.find((f) => f.rule === 'user.root')).toMatchObject({
      severity: 'low',
      meaning: expect.stringContaining('uid 100000 on the host'),
    });
    expect(a.posture).toMatchObject({ level: 'baseline', counts: { high: 0, medium: 0, low: 2 } });
    expect(a.checks.find((r) => r.rule === 'declared.differs')!.outcome).toBe('pass');
    expect(a.checks.filter((r) => r.outcome === 'unknown')).toEqual([]);
  });

  it("docker with the runtime's defaults (+ --read-only, --cap-drop NET_RAW, limits): baseline, the findings its config implies", async () => {
    const declared = lc('docker').declared;
    // The README row: docker default − NET_RAW; filter (docker default) / NNP no; mem 128 MiB, pids 100, no CPU quota;
    // host cgroup, time and user namespaces; read-only root; root inside.
    expect(declared).toMatchObject({
      readonlyRootfs: true,
      seccomp: 'filter',
      noNewPrivs: false,
      cpuQuotaUs: null,
      hostNamespaces: ['cgroup', 'time', 'user'],
    });
    const a = await audited('docker');
    expect(failed(a)).toEqual([
      'capabilities.not-dropped',
      'limits.cpu',
      'namespace.host-cgroup',
      'namespace.host-user',
      'no-new-privileges',
      'user.root',
    ]);
    expect(a.posture).toMatchObject({ level: 'baseline', counts: { high: 0, medium: 3, low: 3 } });
    // Its OCI bundle (containerd's moby namespace) declares what the kernel enforces.
    expect(a.checks.find((r) => r.rule === 'declared.differs')).toMatchObject({
      outcome: 'pass',
      meaning: expect.stringContaining('/moby/'),
    });
  });

  it("unshare (all of the host's capabilities in the host's user namespace, no seccomp) is privileged, against the host's own bounding set", async () => {
    const a = await audited('unshare');
    const priv = a.checks.find((r) => r.rule === 'privileged')!;
    expect(priv).toMatchObject({ outcome: 'fail', severity: 'high' });
    expect(priv.evidence[0]!.source).toMatch(/^\/proc\/\d+\/status CapBnd/);
    expect(failed(a)).toEqual(expect.arrayContaining(['privileged', 'seccomp.off', 'namespace.host-user', 'no-new-privileges']));
  });

  it('--fail-on: loose fails at high, hardened passes at medium and fails at low', async () => {
    expect((await audit([lc('runc-loose').id, '--fail-on', 'high'])).code).toBe(1);
    expect((await audit([lc('runc-hardened').id, '--fail-on', 'medium'])).code).toBe(0);
    expect((await audit([lc('runc-hardened').id, '--fail-on', 'low'])).code).toBe(1);
  });
});

async function snapshotOf(key: LabKey): Promise<Container> {
  const snapshot = await new Collector(labOptions(lab)).snapshot();
  const found = snapshot.containers.find((c) => c.id === lc(key).id);
  expect(found, key).toBeDefined();
  return found!;
}

describe('the declared configuration in the snapshot is what the lab declared', () => {
  const NS = ['pid', 'net', 'mnt', 'ipc', 'uts', 'user', 'cgroup', 'time'] as const;
  for (const key of ['runc-hardened', 'runc-loose', 'docker', 'podman'] as const) {
    it(`${key}: root filesystem, NoNewPrivs, seccomp, capabilities, limits and host namespaces`, async (ctx) => {
      const l = lab.containers.find((c) => c.key === key);
      if (!l) return ctx.skip(`${key} did not start here: ${lab.skipped.find((x) => x.key === key)?.reason}`);
      const c = await snapshotOf(key);
      const d = c.declared;
      expect(d, JSON.stringify(c.unavailable.filter((u) => u.field === 'declared'))).toBeTruthy();
      const want = l.declared;
      expect(d!.source).toMatch(/\/config\.json$/);
      expect(d!.readonlyRootfs).toBe(want.readonlyRootfs);
      expect(d!.noNewPrivileges).toBe(want.noNewPrivs);
      expect(d!.seccomp).toBe(want.seccomp === 'filter' ? 'profile' : 'none');
      expect([...(d!.capabilities?.effective ?? [])].sort()).toEqual([...want.capabilities!].sort());
      expect(d!.memoryLimit ?? null).toBe(want.memoryMaxBytes);
      expect(d!.pidsLimit ?? null).toBe(want.pidsMax);
      expect(d!.cpuQuota ?? null).toBe(want.cpuQuotaUs);
      // Absent from linux.namespaces = the runtime's own (the host's): exactly the lab's host namespaces.
      expect(NS.filter((t) => d!.namespaces?.[t] === undefined).sort()).toEqual([...want.hostNamespaces!].sort());
    });
  }

  it('a pids limit raised after start through the cgroup file is a real disagreement: declared.differs fails, looser, high', async () => {
    const before = await snapshotOf('runc-hardened');
    const file = before.cgroup.sources['limits.pidsMax'];
    expect(file, 'pids.max of runc-hardened').toMatch(/pids\.max$/);
    const declared = lc('runc-hardened').declared.pidsMax!;
    try {
      writeFileSync(file!, String(declared * 4));
      const a = await audited('runc-hardened');
      const r = a.checks.find((x) => x.rule === 'declared.differs')!;
      expect(r).toMatchObject({ outcome: 'fail', severity: 'high' });
      expect(r.evidence).toEqual([
        {
          fact: 'pids limit',
          value: `declared ${declared} in ${before.declared!.source}; the kernel has ${declared * 4}`,
          source: file,
        },
      ]);
    } finally {
      writeFileSync(file!, String(declared));
    }
    expect((await audited('runc-hardened')).checks.find((x) => x.rule === 'declared.differs')!.outcome).toBe('pass');
  });
});
