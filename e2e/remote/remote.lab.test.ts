// Remote hosts over SSH, for real: sshd started for the run (sshHost.ts) on loopback and inside a
// network namespace of its own (a "second host" that shares this machine's processes), a runc
// lab container seen from both, the agent bundle installed through `isoscope host install`, and
// the failures a user meets: unknown and changed host keys, a wrong key, a killed agent, a stopped
// sshd, a dropped link, a slow link, a tampered agent file; the native helpers installed beside the
// agent (a container's seccomp filter and device programs read there as here), a tampered helper,
// a helper in a directory others can write, and a remote of another architecture.
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Snapshot } from '../../shared/snapshot/schema.js';
import { Collector } from '../../electron/agent/collect/collector.js';
import { main } from '../../electron/agent/cli/main.js';
import type { CommandIo } from '../../electron/agent/commandLine/command.js';
import { buildAgentBundle } from '../../electron/agent/remote/agentBundle.build.js';
import { BUNDLED_HELPERS, installedHelperName, machineArch } from '../../electron/agent/remote/helperManifest.js';
import { localHelpers, type LocalHelper } from '../../electron/agent/remote/localHelpers.js';
import { decodeSeccomp } from '../../electron/agent/seccomp/report.js';
import { parseHostSpec, type SshHost } from '../../electron/agent/remote/hostSpec.js';
import { installAgent, checkHost, RemoteCommandError } from '../../electron/agent/remote/install.js';
import { localAgentBundle, type AgentBundle } from '../../electron/agent/remote/localBundle.js';
import { RemoteAgent, RemoteAgentError, remoteSnapshot } from '../../electron/agent/remote/remoteAgent.js';
import { agentInstallPath, type RemoteAgentOptions } from '../../electron/agent/remote/sshCommand.js';
import { labOptions, labFlags } from '../agent/labCollector.js';
import { startLab, type Lab } from '../lab/lab.js';
import { knownHostsName, makeKey, startSshHost, type SshHostHandle } from './sshHost.js';

async function isoscope(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CommandIo = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

let lab: Lab;
let loop: SshHostHandle;
let second: SshHostHandle;
let bundle: AgentBundle;
let helpers: LocalHelper[];
let scratch: string;
const sshFlags = (h: SshHostHandle) => [
  '--identity',
  h.identityFile,
  '--known-hosts',
  h.knownHostsFile,
  '--ssh-config',
  '/dev/null',
];
const sshOpts = (h: SshHostHandle, more: Partial<RemoteAgentOptions> = {}): RemoteAgentOptions => ({
  sudo: false,
  intervalMs: 500,
  identityFile: h.identityFile,
  knownHostsFile: h.knownHostsFile,
  sshConfigFile: '/dev/null',
  agentDigest: bundle.sha256,
  ...more,
});
const hostOf = (h: SshHostHandle) => parseHostSpec(h.url) as SshHost;

/** Reason of a rejected remote call. */
async function reasonOf(p: Promise<unknown>): Promise<{ reason: string; message: string }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof RemoteAgentError || err instanceof RemoteCommandError) return err.failure;
    throw err;
  }
  throw new Error('expected a failure, got a result');
}

/** What must be equal between two views of the same container. */
const facts = (s: Snapshot, prefix: string) =>
  s.containers
    .filter((c) => c.id.includes(prefix) || (c.name ?? '').includes(prefix))
    .map((c) => ({
      id: c.id,
      name: c.name,
      runtime: c.runtime,
      initPid: c.initPid,
      ns: Object.fromEntries(Object.entries(c.namespaces).map(([t, n]) => [t, n.inode])),
    }))
    .sort((a, b) => a.id.localeCompare(b.id));

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'isoscope-remote-test-'));
  await buildAgentBundle();
  bundle = localAgentBundle();
  helpers = localHelpers();
  lab = await startLab({ only: ['runc-hardened'] });
  loop = await startSshHost();
  second = await startSshHost({ netns: true });
}, 300_000);

afterAll(async () => {
  await Promise.allSettled([loop?.stop(), second?.stop(), lab?.stop()]);
  rmSync(scratch, { recursive: true, force: true });
  if (second?.netns) expect(execFileSync('ip', ['netns', 'list']).toString()).not.toContain(second.netns.name);
});

/** Slows the link through `veth`: 300 ms of delay with netem, or 256 kbit/s with tbf where the kernel has no netem. */
function addSlowLink(veth: string): string {
  try {
    execFileSync('tc', ['qdisc', 'add', 'dev', veth, 'root', 'netem', 'delay', '300ms'], { stdio: 'pipe' });
    return 'netem 300 ms';
  } catch {
    execFileSync('tc', ['qdisc', 'add', 'dev', veth, 'root', 'tbf', 'rate', '256kbit', 'burst', '16kbit', 'latency', '500ms'], {
      stdio: 'pipe',
    });
    return 'tbf 256 kbit/s (no sch_netem in this kernel)';
  }
}

describe('isoscope host install and check', () => {
  it('installs the bundle through ssh, the remote checks its digest; check then says all is well', async () => {
    const r = await isoscope(['host', 'install', loop.url, '--yes', ...sshFlags(loop)]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`sha256 ${bundle.sha256}, checked on the remote`);
    // Both test hosts are this machine: the remote home is root's.
    const installed = join(homedir(), agentInstallPath(bundle.sha256));
    expect(readFileSync(installed).equals(bundle.bytes)).toBe(true);
    expect(statSync(installed).mode & 0o077).toBe(0);
    // The helpers built for this machine's architecture travel with it, beside it, root's alone.
    expect(helpers.map((h) => h.name).sort()).toEqual([...BUNDLED_HELPERS].sort());
    for (const h of helpers) {
      expect(h.arch).toBe(execFileSync('uname', ['-m']).toString().trim());
      const file = join(homedir(), '.cache/isoscope', installedHelperName(h.name, h.arch, h.sha256));
      expect(r.stdout).toContain(`installed ~/.cache/isoscope/${installedHelperName(h.name, h.arch, h.sha256)}`);
      expect(readFileSync(file).equals(h.bytes)).toBe(true);
      const st = statSync(file);
      expect(st.uid).toBe(0);
      expect(st.mode & 0o777).toBe(0o700);
    }
    expect(r.stdout).not.toContain('not installed');
    const c = await isoscope(['host', 'check', second.url, ...sshFlags(second)]);
    expect(c.code).toBe(0);
    expect(c.stdout).toContain('reachable, host key matches known_hosts');
    expect(c.stdout).toMatch(/node: v\d+\.\d+\.\d+\n/);
    expect(c.stdout).toContain('sha256 matches this build');
    expect(c.stdout).toContain('sudo: not needed (logged in as root)');
    expect(c.stdout).toContain(`native helpers: beside the agent for ${machineArch()}, sha256 matches this build`);
  });

  it('without --yes and without a terminal, install asks nothing and does nothing', async () => {
    const r = await isoscope(['host', 'install', loop.url, ...sshFlags(loop)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('add --yes');
  });

  it('a copy whose digest differs on the remote is refused and removed', async () => {
    const wrong = 'f'.repeat(64);
    const f = await reasonOf(installAgent(hostOf(loop), sshOpts(loop), { bytes: bundle.bytes, sha256: wrong }));
    expect(f.reason).toBe('agent-digest-mismatch');
    expect(existsSync(join(homedir(), agentInstallPath(wrong)))).toBe(false);
  });

  it('a tampered agent file on the remote is not run', async () => {
    const tampered = join(scratch, 'tampered.cjs');
    copyFileSync(bundle.path, tampered);
    writeFileSync(tampered, '\nrequire("fs").writeFileSync(process.argv[1] + ".ran", "x");', { flag: 'a' });
    const f = await reasonOf(remoteSnapshot(hostOf(loop), sshOpts(loop, { agentPath: tampered })));
    expect(f.reason).toBe('agent-digest-mismatch');
    expect(f.message).toContain(bundle.sha256);
    expect(existsSync(tampered + '.ran')).toBe(false);
    const check = await checkHost(hostOf(loop), sshOpts(loop), bundle.sha256);
    expect(check.agent).toBe('ok');
  });
});

describe('the remote list equals the local one', () => {
  it('same containers (ids, names, namespace inodes) over loopback and from the second host, through the CLI', async () => {
    const local = await new Collector(labOptions(lab)).snapshot();
    const expected = facts(local, lab.prefix);
    expect(expected.length).toBeGreaterThan(0);
    for (const h of [loop, second]) {
      const r = await isoscope(['snapshot', '--host', h.url, ...sshFlags(h), ...labFlags(lab)]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const snap = Snapshot.parse(JSON.parse(r.stdout));
      expect(snap.source).toEqual({ host: h.url });
      expect(facts(snap, lab.prefix)).toEqual(expected);
    }
  });

  it('list with two --host: one table with a HOST column, the lab container on both', async () => {
    // Two hosts with different known_hosts and keys: one ssh_config naming both.
    const config = join(scratch, 'ssh_config');
    writeFileSync(
      config,
      [loop, second]
        .map(
          (h) =>
            `Host ${h.address}\n  Port ${h.port}\n  IdentityFile ${h.identityFile}\n  UserKnownHostsFile ${h.knownHostsFile}\n`,
        )
        .join(''),
    );
    const r = await isoscope(['list', '--host', loop.url, '--host', second.url, '--ssh-config', config, ...labFlags(lab)]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    const header = lines.find((l) => l.startsWith('HOST '));
    expect(header).toMatch(/^HOST\s+ID\s+NAME\s+RUNTIME\s+PID/);
    const pid = String(lab.containers.find((c) => c.key === 'runc-hardened')!.initPid);
    for (const h of [loop, second])
      expect(lines.some((l) => l.startsWith(h.url + ' ') && l.split(/\s+/).includes(pid))).toBe(true);
  });

  it('diff NAME@ssh://… NAME@local: the same container on both sides: no difference, nothing unknown (the helpers travelled)', async () => {
    const name = lab.containers.find((c) => c.key === 'runc-hardened')!.name;
    const r = await isoscope(['diff', `${name}@${second.url}`, `${name}@local`, ...sshFlags(second), ...labFlags(lab)]);
    expect(r.stderr).toBe('');
    // Every isolation fact is equal, and no line says the two differ.
    const marks = [...r.stdout.matchAll(/\[(different|unknown|A less isolated|B less isolated)\]/g)].map((m) => m[1]);
    expect(marks.filter((m) => m !== 'unknown')).toEqual([]);
    // The native helpers were installed with the agent: nothing stays unknown.
    const unknownLines = r.stdout.split('\n').filter((l) => l.endsWith('[unknown]'));
    expect(unknownLines).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('slow link (netem 300 ms, or a 256 kbit/s token bucket, on the second host): still correct, just slower', async () => {
    const veth = second.netns!.hostVeth;
    const fast = Date.now();
    await remoteSnapshot(
      hostOf(second),
      sshOpts(second, {
        agentArgs: labFlags(lab)
          .map((f, i, all) => (i % 2 === 0 ? `${f}=${all[i + 1]}` : ''))
          .filter(Boolean),
      }),
    );
    const fastMs = Date.now() - fast;
    // netem where the kernel has it; otherwise (this kernel lacks sch_netem) a token bucket at
    // 256 kbit/s, which slows a snapshot of a few hundred KB by seconds just as well.
    const slowedBy = addSlowLink(veth);
    try {
      const t = Date.now();
      const snap = await remoteSnapshot(
        hostOf(second),
        sshOpts(second, {
          agentArgs: labFlags(lab)
            .map((f, i, all) => (i % 2 === 0 ? `${f}=${all[i + 1]}` : ''))
            .filter(Boolean),
        }),
      );
      const slowMs = Date.now() - t;
      console.log(`remote snapshot over the second host: ${fastMs} ms, with ${slowedBy}: ${slowMs} ms`);
      const local = await new Collector(labOptions(lab)).snapshot();
      expect(facts(snap, lab.prefix)).toEqual(facts(local, lab.prefix));
    } finally {
      execFileSync('tc', ['qdisc', 'del', 'dev', veth, 'root']);
    }
  });
});

describe('native helpers travel with the agent', () => {
  const hardenedPid = () => lab.containers.find((c) => c.key === 'runc-hardened')!.initPid;
  const agentArgs = () =>
    labFlags(lab)
      .map((f, i, all) => (i % 2 === 0 ? `${f}=${all[i + 1]}` : ''))
      .filter(Boolean);
  const hardenedOf = (s: Snapshot) => s.containers.find((c) => c.initPid === hardenedPid())!;
  const helperUnavailable = (s: Snapshot) =>
    (hardenedOf(s).devices?.unavailable ?? []).filter((u) => u.reason === 'no-helper').map((u) => u.detail);

  /** An agent directory of its own (root's, 0700): the bundle and the helpers as install names them. */
  function agentDir(name: string, mode = 0o700): string {
    const dir = join(scratch, name);
    mkdirSync(dir, { mode });
    chmodSync(dir, mode);
    copyFileSync(bundle.path, join(dir, 'agent.cjs'));
    for (const h of helpers) {
      const file = join(dir, installedHelperName(h.name, h.arch, h.sha256));
      writeFileSync(file, h.bytes, { mode: 0o700 });
    }
    return dir;
  }

  it('after install, the remote reads a container’s seccomp filter and device programs exactly as this machine does', async () => {
    await installAgent(hostOf(second), sshOpts(second), bundle, helpers);
    const pid = hardenedPid();
    const agent = new RemoteAgent(hostOf(second), sshOpts(second, { agentArgs: agentArgs() }));
    try {
      await agent.hello();
      const remoteSeccomp = await agent.request('seccomp', { pid });
      const localSeccomp = await decodeSeccomp(pid);
      expect(localSeccomp.arches.length).toBeGreaterThan(0);
      expect(remoteSeccomp).toEqual(JSON.parse(JSON.stringify(localSeccomp)));
      const remote = await agent.request('snapshot', {});
      const local = await new Collector(labOptions(lab)).snapshot();
      expect(helperUnavailable(remote)).toEqual([]);
      // The BPF_PROG_QUERY ran on both sides (a null v2 would be a failure to read).
      expect(hardenedOf(local).devices?.v2).toBeTruthy();
      expect(hardenedOf(remote).devices?.v2).toEqual(hardenedOf(local).devices?.v2);
      expect(hardenedOf(remote).devices?.unavailable).toEqual(hardenedOf(local).devices?.unavailable);
      expect(remote.host.landlock).toEqual(local.host.landlock);
      expect(remote.host.bpfLsm?.programs).toEqual(local.host.bpfLsm?.programs);
    } finally {
      await agent.close();
    }
  });

  it('a tampered helper on the remote is refused with a digest reason, and never runs', async () => {
    const dir = agentDir('tampered-helper');
    const marker = join(dir, 'helper-ran');
    for (const h of helpers)
      writeFileSync(join(dir, installedHelperName(h.name, h.arch, h.sha256)), `#!/bin/sh\ntouch ${marker}\n`, { mode: 0o700 });
    const opts = sshOpts(second, { agentPath: join(dir, 'agent.cjs'), agentArgs: agentArgs() });
    const snap = await remoteSnapshot(hostOf(second), opts);
    const details = helperUnavailable(snap);
    expect(details.length).toBeGreaterThan(0);
    for (const d of details)
      expect(d).toMatch(/kernel-probe: sha256 mismatch: .* has sha256 [0-9a-f]{64}, not [0-9a-f]{64}: refusing to run it/);
    const agent = new RemoteAgent(hostOf(second), opts);
    try {
      await agent.hello();
      await expect(agent.request('seccomp', { pid: hardenedPid() })).rejects.toThrow(/seccomp-dump: sha256 mismatch/);
    } finally {
      await agent.close();
    }
    expect(existsSync(marker)).toBe(false);
  });

  it('run as root, a helper in a directory other users can write is refused, though its digest is right', async () => {
    const dir = agentDir('others-can-write', 0o777);
    const snap = await remoteSnapshot(
      hostOf(second),
      sshOpts(second, { agentPath: join(dir, 'agent.cjs'), agentArgs: agentArgs() }),
    );
    const details = helperUnavailable(snap);
    expect(details.length).toBeGreaterThan(0);
    for (const d of details) expect(d).toMatch(/refusing to run it as root: .*writable by every user/);
  });

  it('a remote of another architecture: no helper is copied, and what they read is unavailable, "no helper for <arch>"', async () => {
    // A build whose helpers are labelled for riscv64: to this x86_64 (or other) remote, a foreign architecture.
    const arch = machineArch();
    const foreign = arch === 'riscv64' ? 's390x' : 'riscv64';
    const out = join(scratch, 'foreign-build');
    const built = await buildAgentBundle({ outDir: out, arch: foreign });
    const other = localAgentBundle(out);
    const otherHelpers = localHelpers(out);
    expect(otherHelpers.map((h) => h.arch)).toEqual(built.helpers.map(() => foreign));
    try {
      const r = await installAgent(hostOf(loop), sshOpts(loop), other, otherHelpers);
      expect(r.arch).toBe(arch);
      expect(r.helpers).toEqual([]);
      expect(r.helpersMissing).toBe(`no helper for ${arch}: this build has them for ${foreign} only`);
      const home = join(homedir(), '.cache/isoscope');
      expect(readdirSync(home).filter((f) => f.includes(`-${foreign}`))).toEqual([]);
      const check = await checkHost(hostOf(loop), sshOpts(loop), other.sha256, otherHelpers);
      expect(check).toMatchObject({ agent: 'ok', arch, helpers: 'other-arch' });
      const snap = await remoteSnapshot(hostOf(loop), sshOpts(loop, { agentDigest: other.sha256, agentArgs: agentArgs() }));
      const details = helperUnavailable(snap);
      expect(details.length).toBeGreaterThan(0);
      for (const d of details)
        expect(d).toContain(`no helper for ${arch}: this agent carries kernel-probe built for ${foreign} only`);
    } finally {
      rmSync(join(homedir(), agentInstallPath(other.sha256)), { force: true });
    }
  });
});

describe('failures: each a clear reason', () => {
  it('unknown host key: refused, and nothing written to known_hosts', async () => {
    const empty = join(scratch, 'known_hosts_empty');
    writeFileSync(empty, '');
    const f = await reasonOf(remoteSnapshot(hostOf(loop), sshOpts(loop, { knownHostsFile: empty })));
    expect(f.reason).toBe('unknown-host-key');
    expect(readFileSync(empty, 'utf8')).toBe('');
    const r = await isoscope([
      'list',
      '--host',
      loop.url,
      '--identity',
      loop.identityFile,
      '--known-hosts',
      empty,
      '--ssh-config',
      '/dev/null',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('unknown-host-key');
    expect(r.stdout).toBe('');
  });

  it('changed host key: refused', async () => {
    const other = makeKey(scratch, 'other_host_key');
    const changed = join(scratch, 'known_hosts_changed');
    writeFileSync(changed, `${knownHostsName(loop.address, loop.port)} ${other.publicLine}\n`);
    const f = await reasonOf(remoteSnapshot(hostOf(loop), sshOpts(loop, { knownHostsFile: changed })));
    expect(f.reason).toBe('changed-host-key');
    expect(readFileSync(changed, 'utf8')).toBe(`${knownHostsName(loop.address, loop.port)} ${other.publicLine}\n`);
  });

  it('a key the host does not accept: auth-failed', async () => {
    const wrong = makeKey(scratch, 'wrong_client_key');
    const f = await reasonOf(remoteSnapshot(hostOf(loop), sshOpts(loop, { identityFile: wrong.file })));
    expect(f.reason).toBe('auth-failed');
  });

  it('the remote agent killed mid-stream: agent-exited, naming the signal', async () => {
    const agent = new RemoteAgent(hostOf(loop), sshOpts(loop));
    await agent.hello();
    await agent.request('start', {});
    const node = loop.sessionPids().filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('node\0-e\0');
      } catch {
        return false;
      }
    });
    expect(node).toHaveLength(1);
    process.kill(node[0]!, 'SIGKILL');
    const exit = await agent.exited;
    expect(exit.failure?.reason).toBe('agent-exited');
    expect(exit.failure?.message).toContain('SIGKILL');
    await expect(agent.request('ping', {})).rejects.toThrow(/agent-exited/);
  });

  it("a dropped link (the second host's veth down): unreachable once keep-alives go unanswered", async () => {
    const agent = new RemoteAgent(hostOf(second), sshOpts(second, { aliveIntervalSec: 1 }));
    await agent.hello();
    execFileSync('ip', ['link', 'set', second.netns!.hostVeth, 'down']);
    try {
      const exit = await agent.exited;
      expect(exit.failure?.reason).toBe('unreachable');
    } finally {
      execFileSync('ip', ['link', 'set', second.netns!.hostVeth, 'up']);
    }
  });

  it('sshd stopped: the connection is refused (nothing listens)', async () => {
    await loop.stopSshd();
    const f = await reasonOf(remoteSnapshot(hostOf(loop), sshOpts(loop)));
    expect(f.reason).toBe('refused');
  });

  it('works with HOME unset (no ~/.ssh is read or written)', async () => {
    const home = process.env['HOME'];
    delete process.env['HOME'];
    try {
      const snap = await remoteSnapshot(hostOf(second), sshOpts(second));
      expect(snap.source).toEqual({ host: second.url });
    } finally {
      if (home !== undefined) process.env['HOME'] = home;
    }
  });
});
