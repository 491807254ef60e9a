// Launcher-style containers: systemd-nspawn, bubblewrap and util-linux unshare.
import { join } from 'node:path';
import { hostBoundingCaps, withinHostBounding } from '../caps.js';
import { createCgroupEverywhere } from '../host.js';
import { copyRootfs } from '../rootfs.js';
import { HOST_UIDS, LAB_INIT, type LabContainer, type StartContext } from '../types.js';
import { launch } from './launched.js';

/** systemd-nspawn's default retained capabilities (v252), plus CAP_NET_ADMIN for --private-network. */
export const NSPAWN_CAPS = [
  'CAP_AUDIT_CONTROL',
  'CAP_AUDIT_WRITE',
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_DAC_READ_SEARCH',
  'CAP_FOWNER',
  'CAP_FSETID',
  'CAP_IPC_OWNER',
  'CAP_KILL',
  'CAP_LEASE',
  'CAP_LINUX_IMMUTABLE',
  'CAP_MKNOD',
  'CAP_NET_ADMIN',
  'CAP_NET_BIND_SERVICE',
  'CAP_NET_BROADCAST',
  'CAP_NET_RAW',
  'CAP_SETFCAP',
  'CAP_SETGID',
  'CAP_SETPCAP',
  'CAP_SETUID',
  'CAP_SYS_ADMIN',
  'CAP_SYS_BOOT',
  'CAP_SYS_CHROOT',
  'CAP_SYS_NICE',
  'CAP_SYS_PTRACE',
  'CAP_SYS_RESOURCE',
  'CAP_SYS_TTY_CONFIG',
];

export async function startNspawn(ctx: StartContext): Promise<LabContainer> {
  const { state, prefix } = ctx;
  const name = `${prefix}-nspawn`;
  const rootfs = join(state.internals.runDir, 'nspawn-rootfs');
  await copyRootfs(ctx.rootfsDir, rootfs);
  // Without systemd as pid 1, --keep-unit leaves nspawn in its caller's cgroup and, on this
  // hybrid hierarchy, it then creates <own cgroup>/supervisor and <own cgroup>/payload in
  // name=systemd and cgroup2. From "/" those would be the shared /supervisor and /payload,
  // so the launcher first joins a lab-owned cgroup in every hierarchy.
  const cgroupsPath = `/${prefix}-nspawn`;
  state.internals.cgroupPaths.push(cgroupsPath);
  const procsFiles = createCgroupEverywhere(cgroupsPath, prefix);
  const joinThenExec = 'for f in $LAB_CGROUP_PROCS; do echo $$ > "$f" || exit 1; done; exec "$@"';
  const { init } = await launch(
    state,
    'nspawn',
    '/bin/sh',
    [
      '-c',
      joinThenExec,
      'sh',
      'systemd-nspawn',
      '--quiet',
      '--register=no',
      '--keep-unit',
      '--as-pid2',
      '--console=pipe',
      '--private-network',
      '--resolv-conf=off',
      '--timezone=off',
      '--link-journal=no',
      '-D',
      rootfs,
      '-M',
      name,
      LAB_INIT,
    ],
    3, // stub init, lab-init shell, sleep
    { LAB_CGROUP_PROCS: procsFiles.join(' ') },
  );
  return {
    key: 'nspawn',
    runtime: 'nspawn',
    id: name,
    name,
    initPid: init.pid,
    image: null,
    declared: {
      readonlyRootfs: false,
      capabilities: withinHostBounding(NSPAWN_CAPS),
      memoryMaxBytes: null,
      pidsMax: null,
      cpuQuotaUs: null,
      cpuPeriodUs: null,
      seccomp: 'filter',
      noNewPrivs: false,
      uidMap: HOST_UIDS,
      hostNamespaces: ['time', 'user'], // nspawn also unshares the cgroup namespace
      // v1 controllers: cgroupsPath itself; name=systemd and cgroup2: cgroupsPath + '/payload'.
      cgroupsPath,
    },
  };
}

export async function startBwrap(ctx: StartContext): Promise<LabContainer> {
  const { state } = ctx;
  // --die-with-parent ties the sandbox to bwrap's parent, so that parent must outlive the
  // lab's node process: a detached shell that waits for bwrap (no exec) plays that role.
  const { init } = await launch(
    state,
    'bwrap',
    '/bin/sh',
    [
      '-c',
      'bwrap "$@"; exit $?',
      'sh',
      '--unshare-all',
      '--die-with-parent',
      '--ro-bind',
      ctx.rootfsDir,
      '/',
      '--proc',
      '/proc',
      '--dev',
      '/dev',
      '--tmpfs',
      '/tmp',
      '--hostname',
      `${ctx.prefix}-bwrap`,
      LAB_INIT,
    ],
    3, // bwrap's pid-1 reaper, lab-init shell, sleep
  );
  return {
    key: 'bwrap',
    runtime: 'sandbox',
    id: String(init.pid),
    name: 'bwrap',
    initPid: init.pid,
    image: null,
    declared: {
      readonlyRootfs: true,
      capabilities: [],
      // no limits declared: a sandbox inherits its launcher's (the caller's) cgroups
      seccomp: 'none',
      noNewPrivs: true,
      uidMap: [{ inside: 0, outside: 0, count: 1 }],
      hostNamespaces: ['time'],
    },
  };
}

export async function startUnshare(ctx: StartContext): Promise<LabContainer> {
  const { state } = ctx;
  const { init } = await launch(
    state,
    'unshare',
    'unshare',
    ['--fork', '--pid', '--mount', '--uts', '--ipc', '--net', '--cgroup', `--root=${ctx.rootfsDir}`, '--mount-proc', LAB_INIT],
    2, // lab-init shell (pid 1), sleep
  );
  return {
    key: 'unshare',
    runtime: 'sandbox',
    id: String(init.pid),
    name: 'unshare',
    initPid: init.pid,
    image: null,
    declared: {
      readonlyRootfs: false,
      capabilities: hostBoundingCaps(),
      // no limits declared: a sandbox inherits its launcher's (the caller's) cgroups
      seccomp: 'none',
      noNewPrivs: false,
      uidMap: HOST_UIDS,
      hostNamespaces: ['time', 'user'],
    },
  };
}
