// One LXC container in a private lxcpath (-P), with an empty network and the busybox rootfs.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostBoundingCaps } from '../caps.js';
import { cgroupOf, removeCgroupPath } from '../host.js';
import { run, tryRun } from '../proc.js';
import { copyRootfs } from '../rootfs.js';
import { HOST_UIDS, LAB_INIT, type LabContainer, type LabState, type StartContext } from '../types.js';

const MEMORY_MAX = 80 * 1024 * 1024;
const PIDS_MAX = 80;
const DROPPED_CAPS = ['sys_module', 'sys_rawio', 'sys_time', 'mac_admin', 'mac_override'];

/** Same deny-list as LXC's shipped common.seccomp. */
const SECCOMP_PROFILE = `2
denylist
reject_force_umount
[all]
kexec_load errno 1
open_by_handle_at errno 1
init_module errno 1
finit_module errno 1
delete_module errno 1
`;

function lxcConfig(name: string, rootfs: string, seccompFile: string, logFile: string): string {
  return [
    `lxc.uts.name = ${name}`,
    `lxc.rootfs.path = dir:${rootfs}`,
    'lxc.net.0.type = empty',
    `lxc.init.cmd = ${LAB_INIT}`,
    'lxc.mount.auto = proc:mixed sys:ro cgroup:mixed',
    'lxc.autodev = 1',
    'lxc.tty.max = 0',
    'lxc.pty.max = 4',
    'lxc.console.path = none',
    `lxc.cap.drop = ${DROPPED_CAPS.join(' ')}`,
    `lxc.seccomp.profile = ${seccompFile}`,
    `lxc.cgroup.memory.limit_in_bytes = ${MEMORY_MAX}`,
    `lxc.cgroup.pids.max = ${PIDS_MAX}`,
    `lxc.log.file = ${logFile}`,
    'lxc.log.level = WARN',
    '',
  ].join('\n');
}

export async function startLxc(ctx: StartContext): Promise<LabContainer> {
  const { state, prefix } = ctx;
  const lxcPath = join(state.internals.runDir, 'lxc');
  const name = `${prefix}-lxc`;
  const dir = join(lxcPath, name);
  state.internals.lxcPath = lxcPath;
  mkdirSync(dir, { recursive: true });
  await copyRootfs(ctx.rootfsDir, join(dir, 'rootfs'));
  const seccompFile = join(dir, 'seccomp');
  writeFileSync(seccompFile, SECCOMP_PROFILE);
  writeFileSync(join(dir, 'config'), lxcConfig(name, join(dir, 'rootfs'), seccompFile, join(dir, 'lxc.log')));
  await run('lxc-start', ['-P', lxcPath, '-n', name, '-d'], { timeoutMs: 30_000 });
  await run('lxc-wait', ['-P', lxcPath, '-n', name, '-s', 'RUNNING', '-t', '15']);
  const { stdout } = await run('lxc-info', ['-P', lxcPath, '-n', name, '-p', '-H']);
  const initPid = Number(stdout.trim());
  if (!initPid) throw new Error(`lxc-info gave no pid for ${name}: ${stdout}`);
  // LXC picks its own cgroup (lxc.payload.<name> below lxc-start's cgroup); record what it chose.
  const cgroupsPath = cgroupOf(initPid, 'pids') ?? undefined;
  const monitorPid = Number(readFileSync(`/proc/${initPid}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]);
  for (const p of [cgroupsPath, cgroupOf(monitorPid, 'pids')]) {
    if (p?.includes(prefix)) state.internals.cgroupPaths.push(p); // rmdir'd on stop if LXC leaves them
  }
  const dropped = new Set(DROPPED_CAPS.map((c) => `CAP_${c.toUpperCase()}`));
  return {
    key: 'lxc',
    runtime: 'lxc',
    id: name,
    name,
    initPid,
    image: null,
    declared: {
      readonlyRootfs: false,
      capabilities: hostBoundingCaps().filter((c) => !dropped.has(c)),
      memoryMaxBytes: MEMORY_MAX,
      pidsMax: PIDS_MAX,
      cpuQuotaUs: null,
      cpuPeriodUs: null,
      seccomp: 'filter',
      noNewPrivs: false,
      uidMap: HOST_UIDS,
      hostNamespaces: ['time', 'user'],
      cgroupsPath,
    },
  };
}

export async function stopLxc(state: LabState, container: LabContainer | undefined): Promise<string[]> {
  const lxcPath = state.internals.lxcPath;
  if (!lxcPath) return [];
  const name = `${state.prefix}-lxc`;
  const problems: string[] = [];
  const info = await tryRun('lxc-info', ['-P', lxcPath, '-n', name, '-s', '-H']);
  if (info && !/STOPPED/.test(info.stdout)) {
    const stopped = await tryRun('lxc-stop', ['-P', lxcPath, '-n', name, '-k'], { timeoutMs: 30_000 });
    if (!stopped) problems.push(`lxc-stop ${name} failed`);
  }
  const cg = container?.declared.cgroupsPath;
  if (cg?.includes(state.prefix)) problems.push(...(await removeCgroupPath(cg, state.prefix)));
  rmSync(join(lxcPath, name), { recursive: true, force: true });
  return problems;
}
