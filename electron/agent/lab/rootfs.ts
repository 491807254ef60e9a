// A minimal busybox root filesystem (busybox-static plus its applets as relative links), built once
// per work directory, atomically, and a tarball of it for engines that import one. Its pid 1 is a
// shell that traps TERM and waits on one sleeping child (LAB_INIT).
import { chmodSync, copyFileSync, existsSync, mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { randomBytes } from 'node:crypto';
import { run } from './run.js';

/** The init command every lab container runs: a shell (pid 1) with one sleeping child. */
export const LAB_INIT = '/bin/lab-init';

const BUSYBOX_CANDIDATES = ['/bin/busybox', '/usr/bin/busybox'];

const LAB_INIT_SCRIPT = `#!/bin/sh
# Isoscope lab init: pid 1 plus one child, both long-lived.
trap 'kill $! 2>/dev/null; exit 0' TERM INT HUP
sleep 2147483 &
wait
`;

const PASSWD = 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n';
const GROUP = 'root:x:0:\ntty:x:5:\nnogroup:x:65534:\n';
const OS_RELEASE = 'ID=isoscope-lab\nNAME="Isoscope lab busybox"\nPRETTY_NAME="Isoscope lab busybox"\n';

export interface RootfsPaths {
  dir: string;
  tar: string;
}

function findBusybox(): string {
  const found = BUSYBOX_CANDIDATES.find((p) => existsSync(p));
  if (!found) throw new Error('busybox not found (install busybox-static)');
  return found;
}

/** Equivalent of `busybox --install -s` but with relative links valid inside the container. */
async function installApplets(busybox: string, root: string): Promise<void> {
  const { stdout } = await run(busybox, ['--list-full']);
  for (const rel of stdout
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const link = join(root, rel);
    if (existsSync(link) || rel === 'bin/busybox') continue;
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(relative(dirname(link), join(root, 'bin/busybox')), link);
  }
}

async function buildRootfs(dir: string): Promise<void> {
  const busybox = findBusybox();
  for (const d of ['bin', 'sbin', 'usr/bin', 'usr/sbin', 'etc', 'proc', 'sys', 'dev', 'tmp', 'root', 'run', 'var/tmp']) {
    mkdirSync(join(dir, d), { recursive: true });
  }
  chmodSync(dir, 0o755);
  chmodSync(join(dir, 'tmp'), 0o1777);
  copyFileSync(busybox, join(dir, 'bin/busybox'));
  chmodSync(join(dir, 'bin/busybox'), 0o755);
  await installApplets(busybox, dir);
  writeFileSync(join(dir, 'etc/passwd'), PASSWD);
  writeFileSync(join(dir, 'etc/group'), GROUP);
  writeFileSync(join(dir, 'etc/hostname'), 'isoscope-lab\n');
  writeFileSync(join(dir, 'etc/os-release'), OS_RELEASE); // systemd-nspawn insists on it
  writeFileSync(join(dir, LAB_INIT), LAB_INIT_SCRIPT, { mode: 0o755 });
  // sh gives background jobs /dev/null as stdin; runtimes that mount no /dev (unshare --root) need it.
  await run('mknod', ['-m', '666', join(dir, 'dev/null'), 'c', '1', '3']);
}

/** The cached rootfs under workDir, built atomically if needed (a parallel build may win); with its tarball unless `tar: false`. */
export async function ensureRootfs(workDir: string, opts: { tar?: boolean } = {}): Promise<RootfsPaths> {
  const dir = join(workDir, 'rootfs-busybox');
  const tar = join(workDir, 'rootfs-busybox.tar');
  if (!existsSync(join(dir, LAB_INIT))) {
    const tmp = `${dir}.tmp-${randomBytes(4).toString('hex')}`;
    try {
      await buildRootfs(tmp);
      renameSync(tmp, dir);
    } catch (e) {
      if (!existsSync(join(dir, LAB_INIT))) throw e; // else a parallel lab built it first
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
    rmSync(tar, { force: true });
  }
  if (opts.tar !== false && !existsSync(tar)) {
    const tmpTar = `${tar}.tmp-${randomBytes(4).toString('hex')}`;
    await run('tar', ['--numeric-owner', '-C', dir, '-cf', tmpTar, '.']);
    renameSync(tmpTar, tar);
  }
  return { dir, tar };
}

/** Copies the rootfs to dest (cp -a keeps symlinks), optionally chowning it for a user namespace. */
export async function copyRootfs(src: string, dest: string, chownTo?: number): Promise<void> {
  mkdirSync(dirname(dest), { recursive: true });
  await run('cp', ['-a', src, dest]);
  if (chownTo !== undefined) await run('chown', ['-R', '-h', `${chownTo}:${chownTo}`, dest]);
}
