// gVisor and Kata recognised from the host: the fixture trees built from public captures
// (gvisor-k8s, kata-k8s) field by field against their EXPECTED.json, the planted fakes refused,
// and the executable check run against real processes.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, cpSync, mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../shared/snapshot/schema.js';
import { Collector } from '../collect/collector.js';
import { HostFs } from '../readers/hostFs.js';
import { checkHostBinary } from './sandboxes.js';

const ROOTS = new URL('../fixtures/roots/', import.meta.url).pathname;

interface Expected {
  sandboxed: {
    containerId: string;
    kind: string;
    runtime: string;
    hypervisor: string | null;
    sandboxId: string;
    platform: string | null;
    workloads: string[];
    factsOf: { pid: number; role: string };
    hostProcesses: { pid: number; role: string; member: boolean; exe: string }[];
  }[];
  notSandboxed: { containerId: string; pid: number; claims: string; why: string }[];
  containers: { id: string; capEffHex: string }[];
}

const snap = (root: string): Promise<Snapshot> => new Collector({ root, useEngineApis: false }).snapshot();

describe.each(['gvisor-k8s', 'kata-k8s'])('fixture tree %s', (tree) => {
  const expected = JSON.parse(readFileSync(join(ROOTS, tree, 'EXPECTED.json'), 'utf8')) as Expected;
  let s: Snapshot;
  const get = async () => (s ??= await snap(join(ROOTS, tree)));

  it.each(expected.sandboxed.map((e) => [e.runtime, e] as const))('%s: the boundary, field by field', async (_r, e) => {
    const c = (await get()).containers.find((x) => x.id === e.containerId)!;
    expect(c.sandbox).toBeTruthy();
    const sb = c.sandbox!;
    expect(sb.kind).toBe(e.kind);
    expect(sb.runtime).toBe(e.runtime);
    expect(sb.hypervisor).toBe(e.hypervisor);
    expect(sb.sandboxId).toBe(e.sandboxId);
    expect(sb.platform).toBe(e.platform);
    expect(sb.workloads).toEqual(e.workloads);
    expect(sb.factsOf).toEqual(e.factsOf);
    expect(sb.hostProcesses.map(({ pid, role, member, exe }) => ({ pid, role, member, exe }))).toEqual(e.hostProcesses);
    // The container's process facts are the sandbox process's own: its init is that process.
    expect(c.initPid).toBe(e.factsOf.pid);
    expect(c.capabilities.effective?.hex).toBe(expected.containers.find((x) => x.id === e.containerId)!.capEffHex);
    expect(sb.sources.join('\n')).toMatch(/\(root's\) names/);
  });

  it.each(expected.notSandboxed.map((e) => [e.claims, e] as const))(
    'a container whose process calls itself %s is not a sandbox',
    async (_c, e) => {
      const c = (await get()).containers.find((x) => x.id === e.containerId)!;
      expect(c.sandbox).toBeNull();
      expect(c.sources.some((x) => x.includes(`pid ${e.pid}`) && x.includes(e.why))).toBe(true);
    },
  );

  it('every other container is collected as not sandboxed (null, not absent)', async () => {
    const ids = new Set(expected.sandboxed.map((e) => e.containerId));
    for (const c of (await get()).containers) if (!ids.has(c.id)) expect(c.sandbox).toBeNull();
  });
});

describe('the Kata tree: a user process named containerd-shim-kata-v2 naming the sandbox', () => {
  it('is neither the shim nor the parent of a virtiofsd in the sandbox', async () => {
    const s = await snap(join(ROOTS, 'kata-k8s'));
    const pids = s.containers.flatMap((c) => c.sandbox?.hostProcesses.map((p) => p.pid) ?? []);
    expect(pids).not.toContain(36001);
    expect(pids).not.toContain(36010);
  });
});

describe('identity only from root-owned state', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const copy = (tree: string) => {
    const d = mkdtempSync(join(tmpdir(), `isoscope-${tree}-`));
    dirs.push(d);
    cpSync(join(ROOTS, tree), d, { recursive: true, verbatimSymlinks: true });
    return d;
  };

  it('gVisor without its runsc state file: not a sandbox, and the container says why', async () => {
    const d = copy('gvisor-k8s');
    const sid = '5d1a46292af1c6a94d0523fd6989b3b2e89c4cb71fdc8f6f1f03dbe7a86ceed9';
    unlinkSync(join(d, `run/containerd/runsc/k8s.io/${sid}_sandbox:${sid}.state`));
    unlinkSync(
      join(
        d,
        `run/containerd/runsc/k8s.io/8b0cf1f2a3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e_sandbox:${sid}.state`,
      ),
    );
    const c = (await snap(d)).containers.find((x) => x.id === sid)!;
    expect(c.sandbox).toBeNull();
    expect(c.sources).toContain(
      "pid 14391 calls itself runsc-sandbox, but is not gVisor's: no root-owned runsc state names it; its executable is the host's /usr/local/bin/runsc",
    );
  });

  it.runIf(process.geteuid?.() === 0)("a state file that is not root's is not believed (runsc, Kata)", async () => {
    const g = copy('gvisor-k8s');
    const sid = '5d1a46292af1c6a94d0523fd6989b3b2e89c4cb71fdc8f6f1f03dbe7a86ceed9';
    for (const f of [
      `${sid}_sandbox:${sid}.state`,
      `8b0cf1f2a3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e_sandbox:${sid}.state`,
    ])
      chownSync(join(g, 'run/containerd/runsc/k8s.io', f), 1000, 1000);
    expect((await snap(g)).containers.find((x) => x.id === sid)!.sandbox).toBeNull();
    const k = copy('kata-k8s');
    const kid = '84f329f0d35ce26872da8296b441f0474721f083e73e9c82decd971a6ce5f3da';
    chownSync(join(k, `run/vc/sbs/${kid}/persist.json`), 1000, 1000);
    const kc = (await snap(k)).containers.find((x) => x.id === kid)!;
    expect(kc.sandbox).toBeNull();
    expect(kc.sources.join('\n')).toMatch(
      /pid 34977 calls itself qemu-system-x86_64, but is not Kata's: no root-owned Kata state names it/,
    );
  });

  it.runIf(process.geteuid?.() === 0)("a VMM binary that is not root's alone is refused though the state names it", async () => {
    const k = copy('kata-k8s');
    chownSync(join(k, 'opt/kata/bin/qemu-system-x86_64'), 1000, 1000);
    const kc = (await snap(k)).containers.find((x) => x.id.startsWith('84f329f0d35c'))!;
    expect(kc.sandbox).toBeNull();
    expect(kc.sources.join('\n')).toMatch(
      /names pid 34977 as Kata's VMM, but \/opt\/kata\/bin\/qemu-system-x86_64 is not root's alone \(uid 1000/,
    );
  });
});

describe('checkHostBinary against real processes', () => {
  const fs = new HostFs('/');
  const dir = mkdtempSync(join(tmpdir(), 'isoscope-exe-'));
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) c.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
  const run = (path: string) => {
    const c = spawn(path, ['30'], { stdio: 'ignore' });
    children.push(c);
    return new Promise<number>((resolve, reject) => {
      c.once('spawn', () => resolve(c.pid!));
      c.once('error', reject);
    });
  };

  it("this test's own node: the host's file", () => {
    const r = checkHostBinary(fs, process.pid);
    expect(r.ok).toBe(true);
  });

  it('a deleted executable is refused', async () => {
    const copy = join(dir, 'runsc');
    copyFileSync('/bin/sleep', copy);
    chmodSync(copy, 0o755);
    const pid = await run(copy);
    unlinkSync(copy);
    const r = checkHostBinary(fs, pid);
    expect(r).toEqual({ ok: false, why: `its executable is ${copy} (deleted)` });
  });

  it.runIf(process.geteuid?.() === 0)(
    "a binary of another mount namespace shown under a host path is refused (what a container's own runsc looks like)",
    async () => {
      // In a mount namespace of its own, another file is bind-mounted over <dir>/ns/runsc and run:
      // the kernel shows the path as that namespace sees it; on the host the path is another inode.
      const { mkdirSync, readlinkSync } = await import('node:fs');
      mkdirSync(join(dir, 'ns'));
      mkdirSync(join(dir, 'other'));
      const hostFile = join(dir, 'ns', 'runsc');
      const theirs = join(dir, 'other', 'runsc');
      for (const f of [hostFile, theirs]) {
        copyFileSync('/bin/sleep', f);
        chmodSync(f, 0o755);
      }
      const c = spawn(
        'unshare',
        ['-m', '--propagation', 'private', 'sh', '-c', `mount --bind ${theirs} ${hostFile} && exec ${hostFile} 30`],
        { stdio: 'ignore' },
      );
      children.push(c);
      const pid = await new Promise<number>((resolve) => c.once('spawn', () => resolve(c.pid!)));
      for (let i = 0; i < 100; i++) {
        try {
          if (readlinkSync(`/proc/${pid}/exe`) === hostFile) break;
        } catch {
          /* not yet */
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(readlinkSync(`/proc/${pid}/exe`)).toBe(hostFile);
      expect(checkHostBinary(fs, pid)).toEqual({
        ok: false,
        why: `${hostFile} on the host is not the file it runs (a file of another mount namespace, such as a container's own)`,
      });
    },
  );

  it.runIf(process.geteuid?.() === 0)('a group- or world-writable executable is refused', async () => {
    const copy = join(dir, 'firecracker');
    copyFileSync('/bin/sleep', copy);
    chmodSync(copy, 0o777);
    const pid = await run(copy);
    const r = checkHostBinary(fs, pid);
    expect(r).toEqual({ ok: false, why: `${copy} is not root's alone (uid 0, mode 777)` });
  });
});

describe('findings on a sandboxed container are the sandbox process’s, never the workload’s', () => {
  it('Kata: the VMM runs privileged on the host — a finding worded as the VMM’s; the workload’s own is unknown', async () => {
    const { auditSnapshot } = await import('../../../shared/findings/audit.js');
    const s = await snap(join(ROOTS, 'kata-k8s'));
    const a = auditSnapshot(s).find((x) => x.id.startsWith('84f329f0d35c'))!;
    const by = (rule: string) => a.checks.find((r) => r.rule === rule)!;
    expect(by('privileged').outcome).toBe('unknown');
    expect(by('privileged').reason).toMatch(
      /^the workload runs inside the virtual machine: its own privileged container cannot be read from the host/,
    );
    expect(by('sandbox-host.privileged')).toMatchObject({
      outcome: 'fail',
      pss: null,
      title: "Kata's virtual machine monitor (QEMU) on the host: Privileged container",
    });
    expect(by('sandbox-host.privileged').meaning).toMatch(
      /^Kata's virtual machine monitor \(QEMU\) \(pid 34977, on the host\): /,
    );
    // Every finding about a process is the sandbox's; nothing judges the workload from the VMM's facts.
    for (const f of a.findings) if (!f.rule.startsWith('limits.')) expect(f.rule.startsWith('sandbox-host.'), f.rule).toBe(true);
    expect(a.posture.level).toBe('unknown');
    expect(by('rootfs.writable').outcome).toBe('not-applicable');
  });

  it('gVisor: the workload’s seccomp and capabilities are unknown; the sandbox’s pass as its own', async () => {
    const { auditSnapshot } = await import('../../../shared/findings/audit.js');
    const s = await snap(join(ROOTS, 'gvisor-k8s'));
    const audits = auditSnapshot(s);
    const g = audits.find((x) => x.id.startsWith('5d1a46292af1'))!;
    const by = (rule: string) => g.checks.find((r) => r.rule === rule)!;
    expect(by('seccomp.off').outcome).toBe('unknown');
    expect(by('sandbox-host.seccomp.off')).toMatchObject({
      outcome: 'pass',
      title: "gVisor's sandbox process on the host: No seccomp filter",
    });
    // The lookalike is an ordinary container: its checks are its own, unscoped.
    const fake = audits.find((x) => x.id.startsWith('3f9e2c1b0a99'))!;
    expect(fake.checks.some((r) => r.rule.startsWith('sandbox-host.'))).toBe(false);
    expect(fake.checks.find((r) => r.rule === 'seccomp.off')!.outcome).toBe('pass');
  });
});

describe('the diff: the boundary is the first difference', () => {
  it('gVisor against an ordinary container, gVisor against Kata, and a snapshot that did not collect it', async () => {
    const { containerSide, diffIsolation } = await import('../../../shared/diff/diff.js');
    const g = await snap(join(ROOTS, 'gvisor-k8s'));
    const k = await snap(join(ROOTS, 'kata-k8s'));
    const gv = g.containers.find((x) => x.id.startsWith('5d1a46292af1'))!;
    const fake = g.containers.find((x) => x.id.startsWith('3f9e2c1b0a99'))!;
    const vm = k.containers[0]!;

    const d1 = diffIsolation(containerSide(g, gv, { source: 'g' }), containerSide(g, fake, { source: 'g' }));
    expect(d1.differences[0]).toMatchObject({
      field: 'boundary',
      a: 'gVisor user-space kernel',
      b: 'kernel namespaces on the host kernel',
      lessIsolated: 'b',
      unknown: false,
    });
    expect(d1.differences.length).toBeGreaterThan(1);
    for (const d of d1.differences.slice(1))
      expect(d.meaning).toMatch(/A's values are those of gVisor's sandbox process on the host, not its workload's/);
    expect(d1.summary).toMatch(/^A is less isolated than B|^B is less isolated than A/);

    const d2 = diffIsolation(containerSide(g, gv, { source: 'g' }), containerSide(k, vm, { source: 'k' }));
    expect(d2.differences[0]).toMatchObject({
      field: 'boundary',
      a: 'gVisor user-space kernel',
      b: 'virtual machine (Kata Containers, QEMU)',
      lessIsolated: null,
    });

    const old = { ...fake, sandbox: undefined };
    const d3 = diffIsolation(containerSide(g, gv, { source: 'g' }), containerSide(g, old, { source: 'old' }));
    expect(d3.differences[0]).toMatchObject({
      field: 'boundary',
      b: 'not collected in this snapshot',
      unknown: true,
      lessIsolated: null,
    });

    // Two ordinary containers: no boundary difference, no notes.
    const d4 = diffIsolation(containerSide(g, fake, { source: 'g' }), containerSide(g, fake, { source: 'g2' }));
    expect(d4.differences.find((d) => d.field === 'boundary')).toBeUndefined();
  });
});
