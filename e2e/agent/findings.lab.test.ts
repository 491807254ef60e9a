// `isoscope audit` against real containers: the lab's runc-hardened, runc-loose, Docker with its
// defaults and unshare (every capability of the host). Expectations are written from the lab's declared configuration
// (e2e/lab/README.md, "Containers and their declared config"), not from what the rules print.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContainerAudit } from '../../shared/findings/types.js';
import { auditCommand } from '../../electron/agent/cli/auditCommand.js';
import type { CommandIo } from '../../electron/agent/cli/diffCommand.js';
import { startLab, type Lab } from '../lab/lab.js';
import { labFlags } from './labCollector.js';

let lab: Lab;
beforeAll(async () => {
  lab = await startLab({ only: ['runc-hardened', 'runc-loose', 'docker', 'unshare'] });
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
const failed = (a: ContainerAudit) => a.findings.map((f) => f.rule).sort();

describe('isoscope audit on the lab', () => {
  it('runc-loose: exactly the findings its declared config implies', async () => {
    const declared = lc('runc-loose').declared;
    // The README row: host cgroup, net, pid, time and user namespaces; Docker's default caps +
    // SYS_ADMIN, NET_ADMIN, SYS_PTRACE; no seccomp, NoNewPrivs off; no limits; rw rootfs; root.
    expect(declared).toMatchObject({ hostNamespaces: ['cgroup', 'net', 'pid', 'time', 'user'], seccomp: 'none', noNewPrivs: false, memoryMaxBytes: null, pidsMax: null, cpuQuotaUs: null, readonlyRootfs: false });
    const a = await audited('runc-loose');
    expect(failed(a)).toEqual([
      'capabilities.added', // SYS_ADMIN, NET_ADMIN, SYS_PTRACE beyond the default set (CIS 5.4, PSS baseline)
      'capabilities.not-dropped', // the restricted level drops them all
      'limits.cpu', 'limits.memory', 'limits.pids', // no limits (CIS 5.12, 5.11, 5.29)
      'namespace.host-cgroup', 'namespace.host-net', 'namespace.host-pid', 'namespace.host-user', // its host namespaces (time has no rule)
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
    expect(a.checks.find((r) => r.rule === 'declared.differs')).toMatchObject({ outcome: 'pass', meaning: expect.stringContaining('runc-loose/config.json') });
    expect(a.posture.level).toBe('privileged');
    expect(a.posture.why).toEqual(expect.arrayContaining(['baseline fails: Host Namespaces (namespace.host-pid)', 'baseline fails: Seccomp (seccomp.off)']));
  });

  it('runc-hardened: no high finding, meets baseline; restricted fails only on kept CHOWN/KILL and root inside its user namespace', async () => {
    const declared = lc('runc-hardened').declared;
    expect(declared).toMatchObject({ capabilities: ['CAP_CHOWN', 'CAP_NET_BIND_SERVICE', 'CAP_KILL'], uidMap: [{ inside: 0, outside: 100000, count: 65536 }], hostNamespaces: ['time'], seccomp: 'filter', noNewPrivs: true, readonlyRootfs: true });
    const a = await audited('runc-hardened');
    expect(a.findings.filter((f) => f.severity === 'high')).toEqual([]);
    expect(failed(a)).toEqual(['capabilities.not-dropped', 'user.root']);
    expect(a.findings.find((f) => f.rule === 'capabilities.not-dropped')!.meaning).toContain('CHOWN, KILL');
    expect(a.findings.find((f) => f.rule === 'user.root')).toMatchObject({ severity: 'low', meaning: expect.stringContaining('uid 100000 on the host') });
    expect(a.posture).toMatchObject({ level: 'baseline', counts: { high: 0, medium: 0, low: 2 } });
    expect(a.checks.find((r) => r.rule === 'declared.differs')!.outcome).toBe('pass');
    expect(a.checks.filter((r) => r.outcome === 'unknown')).toEqual([]);
  });

  it("docker with the runtime's defaults (+ --read-only, --cap-drop NET_RAW, limits): baseline, the findings its config implies", async () => {
    const declared = lc('docker').declared;
    // The README row: docker default − NET_RAW; filter (docker default) / NNP no; mem 128 MiB, pids 100, no CPU quota;
    // host cgroup, time and user namespaces; read-only root; root inside.
    expect(declared).toMatchObject({ readonlyRootfs: true, seccomp: 'filter', noNewPrivs: false, cpuQuotaUs: null, hostNamespaces: ['cgroup', 'time', 'user'] });
    const a = await audited('docker');
    expect(failed(a)).toEqual(['capabilities.not-dropped', 'limits.cpu', 'namespace.host-cgroup', 'namespace.host-user', 'no-new-privileges', 'user.root']);
    expect(a.posture).toMatchObject({ level: 'baseline', counts: { high: 0, medium: 3, low: 3 } });
    // Its OCI bundle (containerd's moby namespace) declares what the kernel enforces.
    expect(a.checks.find((r) => r.rule === 'declared.differs')).toMatchObject({ outcome: 'pass', meaning: expect.stringContaining('/moby/') });
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
