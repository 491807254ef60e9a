// Issue 9, items 4–7 and 9: a real unprivileged user (useradd) and a real container attack the
// root collector — files that hang or leak, records that rename real containers, a fake
// launcher, a cgroup named like another runtime's, escape sequences in names. The collector is
// always run as a child with a timeout, so a hang fails the test instead of hanging it.
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  rmdirSync,
  writeFileSync,
} from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Snapshot, type Container } from '../../shared/snapshot/schema.js';
import { startLab, type Lab, type LabContainer } from '../lab/lab.js';
import { labFlags } from './labCollector.js';

const run = promisify(execFile);
const BIN = new URL('../../bin/isoscope.js', import.meta.url).pathname;
/** A collector that has not answered in this long is hung (a normal snapshot takes ~1 s). */
const HANG_MS = 60_000;

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
  killed: boolean;
}

async function isoscope(args: string[]): Promise<Result> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      maxBuffer: 64 * 1024 * 1024,
      timeout: HANG_MS,
      killSignal: 'SIGKILL',
      encoding: 'utf8',
    });
    return { code: 0, stdout, stderr, killed: false };
  } catch (err) {
    const e = err as { code: number | null; stdout: string; stderr: string; killed: boolean };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr, killed: e.killed };
  }
}

async function snapshot(): Promise<Snapshot> {
  const r = await isoscope(['snapshot', ...labFlags(lab)]);
  expect(r.killed, `the collector hung (killed after ${HANG_MS} ms)`).toBe(false);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return Snapshot.parse(JSON.parse(r.stdout));
}

let lab: Lab;
const user = `isoh${randomBytes(3).toString('hex')}`;
let uid = -1;
let gid = -1;
const home = `/home/${user}`;
const children: ChildProcess[] = [];
const cgroupDirs: string[] = [];
/** Processes started outside `children` (inside a container) to kill after each test. */
const strays: number[] = [];

function labContainer(key: LabContainer['key']): LabContainer {
  return lab.containers.find((c) => c.key === key)!;
}

/** Runs a command as the unprivileged user (no capabilities, no supplementary groups). */
function asUser(argv: string[]): ChildProcess {
  const child = spawn(
    'setpriv',
    [`--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', '--inh-caps=-all', '--bounding-set=-all', ...argv],
    {
      stdio: 'ignore',
      cwd: home,
      env: { PATH: '/usr/bin:/bin', HOME: home },
    },
  );
  children.push(child);
  return child;
}

function userExec(argv: string[]): string {
  return execFileSync('setpriv', [`--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', ...argv], {
    cwd: home,
    env: { PATH: '/usr/bin:/bin', HOME: home },
    encoding: 'utf8',
  });
}

async function waitFor<T>(what: string, probe: () => T | undefined | null | false, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function byId(snap: Snapshot, id: string): Container[] {
  return snap.containers.filter((c) => c.id === id);
}

function removeCgroups(): void {
  for (const d of cgroupDirs.splice(0).reverse()) {
    for (let i = 0; i < 20; i++) {
      try {
        rmdirSync(d);
        break;
      } catch {
        execFileSync('sleep', ['0.1']);
      }
    }
  }
}

/** Each test leaves the user's files, processes and crafted cgroups as it found them. */
afterEach(async () => {
  for (const c of children.splice(0)) if (c.pid && c.exitCode === null) c.kill('SIGKILL');
  for (const p of strays.splice(0)) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  try {
    execFileSync('pkill', ['-KILL', '-u', String(uid)]);
  } catch {
    /* none left */
  }
  await new Promise((r) => setTimeout(r, 300));
  removeCgroups();
  rmSync(`${home}/.local/share/containers`, { recursive: true, force: true });
  rmSync(`/run/user/${uid}/containers`, { recursive: true, force: true });
});

beforeAll(async () => {
  execFileSync('useradd', ['--create-home', '--shell', '/bin/sh', user]);
  uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
  gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
  lab = await startLab({ only: ['runc-hardened', 'docker', 'lxc'] });
});

afterAll(async () => {
  // Every step runs even when an earlier one fails: a lab or a user left behind breaks later runs.
  const steps: (() => unknown)[] = [
    () => children.forEach((c) => c.pid && c.exitCode === null && c.kill('SIGKILL')),
    () => execFileSync('pkill', ['-KILL', '-u', String(uid)]),
    () => new Promise((r) => setTimeout(r, 300)),
    () => removeCgroups(),
    () => lab?.stop(),
    () => uid > 0 && execFileSync('userdel', ['--remove', user], { stdio: 'ignore' }),
    () => uid > 0 && rmSync(`/run/user/${uid}`, { recursive: true, force: true }),
  ];
  for (const step of steps) {
    try {
      await step();
    } catch {
      /* go on with the rest */
    }
  }
});

describe("item 4: files in a user's rootless storage cannot hang or leak into the root collector", () => {
  const storage = () => `${home}/.local/share/containers/storage`;
  it('a FIFO, a symlink to a FIFO, a huge file and a symlink to /etc/shadow: the collector finishes and names each refusal', async () => {
    for (const driver of ['overlay', 'vfs', 'btrfs', 'zfs']) userExec(['mkdir', '-p', `${storage()}/${driver}-containers`]);
    userExec(['mkfifo', `${storage()}/overlay-containers/containers.json`]);
    userExec(['mkfifo', `${home}/fifo`]);
    userExec(['ln', '-s', `${home}/fifo`, `${storage()}/vfs-containers/containers.json`]);
    userExec(['truncate', '-s', '64M', `${storage()}/btrfs-containers/containers.json`]);
    userExec(['ln', '-s', '/etc/shadow', `${storage()}/zfs-containers/containers.json`]);

    const snap = await snapshot();
    const reasons = new Map(
      snap.host.unavailable.filter((u) => u.detail?.startsWith(storage())).map((u) => [u.detail!.split(' ')[0]!, u.reason]),
    );
    expect(reasons.get(`${storage()}/overlay-containers/containers.json`)).toBe('not-regular');
    expect(reasons.get(`${storage()}/vfs-containers/containers.json`)).toBe('ELOOP');
    expect(reasons.get(`${storage()}/btrfs-containers/containers.json`)).toBe('E2BIG');
    expect(reasons.get(`${storage()}/zfs-containers/containers.json`)).toBe('ELOOP');
    // Nothing of /etc/shadow made it into the snapshot.
    const shadowLine = readFileSync('/etc/shadow', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('root:'))!;
    expect(JSON.stringify(snap)).not.toContain(shadowLine.slice(0, shadowLine.indexOf(':', 5)));
  });

  it('a directory on the way that is a symlink is not followed', async () => {
    userExec(['mkdir', '-p', `${home}/.local/share/containers`]);
    userExec(['ln', '-sfn', '/var/lib/containers/storage', storage()]);
    const snap = await snapshot();
    expect(snap.host.unavailable).toContainEqual(
      expect.objectContaining({ reason: 'ELOOP', detail: expect.stringContaining(storage()) }),
    );
  });
});

describe("item 5: a user's records cannot rename, re-image or re-label anyone else's container", () => {
  it('records planted for the ids of real runc and docker containers change nothing', async () => {
    const runc = labContainer('runc-hardened');
    const docker = labContainer('docker');
    const storage = `${home}/.local/share/containers/storage/overlay-containers`;
    userExec(['mkdir', '-p', storage]);
    const planted = [runc, docker].map((c) => ({
      id: c.id,
      names: ['pwned-' + c.key],
      image: 'f'.repeat(64),
      metadata: JSON.stringify({ name: 'pwned-' + c.key, 'image-name': 'evil.example/pwned:latest' }),
    }));
    writeFileSync(`${home}/planted.json`, JSON.stringify(planted));
    chownSync(`${home}/planted.json`, uid, gid);
    userExec(['cp', `${home}/planted.json`, `${storage}/containers.json`]);
    // The user's runtime dir, as logind makes it: a CRI-O-like bundle claiming Kubernetes identity and a bundle path.
    mkdirSync(`/run/user/${uid}`, { recursive: true, mode: 0o700 });
    chownSync(`/run/user/${uid}`, uid, gid);
    for (const c of [runc, docker]) {
      const dir = `/run/user/${uid}/containers/overlay-containers/${c.id}/userdata`;
      userExec(['mkdir', '-p', dir]);
      const annotations = {
        'io.kubernetes.cri.container-type': 'container',
        'io.kubernetes.cri.container-name': 'pwned-k8s',
        'io.kubernetes.cri.image-name': 'evil.example/k8s:latest',
        'io.kubernetes.cri.sandbox-namespace': 'kube-system',
        'io.kubernetes.cri.sandbox-name': 'pwned-pod',
        'oci.bundle': `${home}/evil-bundle`,
      };
      writeFileSync(`${home}/cfg.json`, JSON.stringify({ ociVersion: '1.0.2', annotations }));
      chownSync(`${home}/cfg.json`, uid, gid);
      userExec(['cp', `${home}/cfg.json`, `${dir}/config.json`]);
    }

    const snap = await snapshot();
    for (const lc of [runc, docker]) {
      const found = byId(snap, lc.id);
      expect(found, lc.key).toHaveLength(1);
      const c = found[0]!;
      expect(c.initPid).toBe(lc.initPid);
      expect(c.name).toBe(lc.name);
      expect(c.image).toBe(lc.image);
      expect(c.pod, lc.key).toBeNull();
      expect(c.role).toBe('container');
      expect(
        Object.keys(c.labels).filter((k) => k.startsWith('io.kubernetes')),
        lc.key,
      ).toEqual([]);
      expect(c.labels['oci.bundle'] ?? '', lc.key).not.toContain(home);
      expect(
        c.sources.some((s) => s.startsWith(home) || s.startsWith(`/run/user/${uid}`)),
        lc.key,
      ).toBe(false);
    }
  });
});

describe("item 6: a process dressed as a launcher does not take a container's identity", () => {
  it('a user\'s "conmon -c <docker id>" with a child in its own namespaces: the real container stays, the fake gets no identity', async () => {
    const docker = labContainer('docker');
    // comm "conmon" (a script's name is its comm), argv "-c <id>", a child in a user namespace of its own.
    writeFileSync(`${home}/conmon`, '#!/bin/sh\nunshare -Ur sleep 1000\n:\n', { mode: 0o755 });
    chownSync(`${home}/conmon`, uid, gid);
    const fake = asUser([`${home}/conmon`, '-c', docker.id, '-b', `${home}/bundle`, '-n', 'pwned-conmon']);
    const child = await waitFor("the fake conmon's child", () =>
      childrenOf(fake.pid!).find((p) => readFileSync(`/proc/${p}/comm`, 'utf8').trim() === 'sleep'),
    );
    expect(readFileSync(`/proc/${fake.pid}/comm`, 'utf8').trim()).toBe('conmon');

    const snap = await snapshot();
    const claimed = byId(snap, docker.id);
    expect(claimed.map((c) => c.initPid)).toEqual([docker.initPid]);
    expect(claimed[0]!.runtime).toBe('docker');
    const fakeGroup = snap.containers.find((c) => c.initPid === child);
    expect(fakeGroup, 'the fake is still shown').toBeDefined();
    expect(fakeGroup!.id).not.toBe(docker.id);
    expect(fakeGroup!.runtime).toBe('sandbox');
    expect(fakeGroup!.name).not.toBe('pwned-conmon');
  });
});

/** Every v1 hierarchy and the unified one that the host mounts under /sys/fs/cgroup. */
function hierarchies(): string[] {
  return ['pids', 'memory', 'systemd', 'cpu', 'cpuacct', 'devices', 'freezer', 'blkio', 'cpuset', 'unified']
    .map((h) => `/sys/fs/cgroup/${h}`)
    .filter((d) => existsSync(`${d}/cgroup.procs`));
}

/** Creates `rel` in every hierarchy (copying cpuset's cpus/mems so a task may join) and moves pid into it. */
function craftCgroup(rel: string, pid: number): void {
  for (const h of hierarchies()) {
    const parts = rel.split('/').filter(Boolean);
    let dir = h;
    for (const p of parts) {
      dir += '/' + p;
      if (!existsSync(dir)) {
        mkdirSync(dir);
        cgroupDirs.push(dir);
        if (h.endsWith('/cpuset')) {
          for (const f of ['cpuset.cpus', 'cpuset.mems']) writeFileSync(`${dir}/${f}`, readFileSync(`${dir}/../${f}`, 'utf8'));
        }
      }
    }
    writeFileSync(`${dir}/cgroup.procs`, String(pid));
  }
}

/** The path of pid in the memory hierarchy. */
function memoryPath(pid: number): string {
  return readFileSync(`/proc/${pid}/cgroup`, 'utf8')
    .split('\n')
    .find((l) => /^\d+:memory:/.test(l))!
    .split(':')[2]!;
}

describe("item 7: a cgroup named like another runtime's, made inside a delegated subtree, claims nothing", () => {
  it("docker-<real id>.scope created under the LXC container's cgroup, with a process of that container in it", async () => {
    const lxc = labContainer('lxc');
    const docker = labContainer('docker');
    // A process of the LXC container (its namespaces), then moved into the crafted cgroup below the container's own.
    const inside = spawn('nsenter', ['-t', String(lxc.initPid), '-a', '--', '/bin/sleep', '1000'], { stdio: 'ignore' });
    children.push(inside);
    const pid = await waitFor('the process inside LXC', () => {
      const c = childrenOf(inside.pid!);
      return c.length > 0
        ? c[0]
        : existsSync(`/proc/${inside.pid}`) && readFileSync(`/proc/${inside.pid}/comm`, 'utf8').trim() === 'sleep'
          ? inside.pid
          : undefined;
    });
    strays.push(pid);
    craftCgroup(`${memoryPath(lxc.initPid)}/docker-${docker.id}.scope`, pid);

    const snap = await snapshot();
    const real = byId(snap, docker.id);
    expect(real.map((c) => c.initPid)).toEqual([docker.initPid]);
    expect(real[0]!.processes.map((p) => p.pid)).not.toContain(pid);
    const lxcGroup = snap.containers.find((c) => c.id === lxc.id)!;
    expect(lxcGroup.runtime).toBe('lxc');
    expect(lxcGroup.processes.map((p) => p.pid)).toContain(pid);
  });

  it("a user's own delegated tree (user@UID.service) naming a rootful container: both shown, flagged, the real one keeps its id", async () => {
    const docker = labContainer('docker');
    const sleeper = asUser(['sleep', '1000']);
    await waitFor(
      "the user's sleep",
      () => existsSync(`/proc/${sleeper.pid}`) && readFileSync(`/proc/${sleeper.pid}/comm`, 'utf8').trim() === 'sleep',
    );
    craftCgroup(`/user.slice/user-${uid}.slice/user@${uid}.service/user.slice/docker-${docker.id}.scope`, sleeper.pid!);

    const snap = await snapshot();
    const real = snap.containers.filter((c) => c.initPid === docker.initPid);
    expect(real).toHaveLength(1);
    expect(real[0]!.id).toBe(docker.id);
    expect(real[0]!.processes.map((p) => p.pid)).not.toContain(sleeper.pid);
    const fake = snap.containers.find((c) => c.processes.some((p) => p.pid === sleeper.pid));
    expect(fake, "the user's group is still shown").toBeDefined();
    expect(fake!.id).not.toBe(docker.id);
    expect(fake!.idConflict).toMatchObject({ claimedId: docker.id });
    expect(real[0]!.idConflict).toMatchObject({ claimedId: docker.id });
    // Root's runtime state describes root's container, not the user's group that claims its id:
    // the user's group borrows neither its bundle nor its declared configuration.
    expect(fake!.labels['oci.bundle']).toBeUndefined();
    expect(fake!.declared ?? null).toBeNull();
    expect(real[0]!.declared, 'the real container keeps its declared configuration').toBeTruthy();
    // Container ids stay unique, so every view keyed by id shows both.
    expect(new Set(snap.containers.map((c) => c.id)).size).toBe(snap.containers.length);
  });
});

describe('item 9: escape sequences in names never reach the terminal', () => {
  // eslint-disable-next-line no-control-regex -- the test looks for exactly these characters
  const ESC_OR_C1 = /[\x00-\x08\x0b-\x1f\x7f\u0080-\u009f\u202a-\u202e\u2066-\u2069]/u;
  it('isoscope list and isoscope seccomp: a sandbox named "\\x1b]0;pwned\\x07" and "\\x1b[2J\\u202e"', async () => {
    const dir = `${home}/bin`;
    userExec(['mkdir', '-p', dir]);
    const names = ['\x1b]0;pwned\x07', '\x1b[2J\u202eab'];
    const pids: number[] = [];
    for (const name of names) {
      // The launcher's comm is its file name: a shell copied under the hostile name.
      copyFileSync('/bin/dash', `${dir}/${name}`);
      chownSync(`${dir}/${name}`, uid, gid);
      chmodSync(`${dir}/${name}`, 0o755);
      const launcher = asUser([`${dir}/${name}`, '-c', 'unshare -Ur sleep 1000; :']);
      pids.push(
        await waitFor('the sandbox init', () =>
          childrenOf(launcher.pid!).find((p) => readFileSync(`/proc/${p}/comm`, 'utf8').trim() === 'sleep'),
        ),
      );
      expect(readFileSync(`/proc/${launcher.pid}/comm`, 'utf8').replace(/\n$/, '')).toBe(name);
    }
    const list = await run(process.execPath, [BIN, 'list', ...labFlags(lab)], {
      encoding: 'buffer',
      timeout: HANG_MS,
      maxBuffer: 64 * 1024 * 1024,
    });
    const text = list.stdout.toString('latin1');
    expect(text.includes('\x1b') || text.includes('\x07')).toBe(false);
    expect(list.stdout.toString('utf8')).not.toMatch(ESC_OR_C1);
    // The names are shown, escaped.
    expect(list.stdout.toString('utf8')).toContain('\\x1b]0;pwned\\x07');
    expect(list.stdout.toString('utf8')).toContain('\\x1b[2J\\u202eab');

    // snapshot JSON: valid JSON, the same strings, no raw control or bidi character in the bytes.
    const snap = await run(process.execPath, [BIN, 'snapshot', ...labFlags(lab)], {
      encoding: 'buffer',
      timeout: HANG_MS,
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(snap.stdout.toString('utf8').trimEnd()).not.toMatch(ESC_OR_C1);
    const parsed = Snapshot.parse(JSON.parse(snap.stdout.toString('utf8')));
    expect(parsed.containers.map((c) => c.name)).toEqual(expect.arrayContaining(names));

    // isoscope seccomp by that name: the title line carries the name.
    for (const name of names) {
      const r = await run(process.execPath, [BIN, 'seccomp', name, ...labFlags(lab)], {
        encoding: 'buffer',
        timeout: HANG_MS,
        maxBuffer: 64 * 1024 * 1024,
      }).catch((err: { stdout: Buffer; stderr: Buffer }) => ({ stdout: err.stdout, stderr: err.stderr }));
      expect(r.stdout.toString('utf8') + r.stderr.toString('utf8')).not.toMatch(ESC_OR_C1);
      expect(r.stdout.toString('utf8')).toContain('\\x1b');
    }
  });
});
