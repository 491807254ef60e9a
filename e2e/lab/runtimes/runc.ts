// Bare runc containers: a hardened one (userns, seccomp, few caps, limits) and a
// loose one (host net+pid, many caps, no seccomp, no limits).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyRootfs } from '../rootfs.js';
import { removeCgroupPath } from '../host.js';
import { run, runToLog, tryRun } from '../proc.js';
import { HOST_UIDS, LAB_INIT, type DeclaredConfig, type LabContainer, type StartContext } from '../types.js';

type RuncKey = 'runc-hardened' | 'runc-loose';

interface Capabilities {
  bounding?: string[];
  effective?: string[];
  inheritable?: string[];
  permitted?: string[];
  ambient?: string[];
}

interface IdMapping {
  containerID: number;
  hostID: number;
  size: number;
}

/** The parts of an OCI runtime spec that the lab edits; the rest is passed through. */
interface OciSpec {
  process: { terminal: boolean; args: string[]; noNewPrivileges?: boolean; capabilities?: Capabilities; [k: string]: unknown };
  root: { path: string; readonly?: boolean };
  hostname?: string;
  linux: {
    namespaces: { type: string; path?: string }[];
    uidMappings?: IdMapping[];
    gidMappings?: IdMapping[];
    cgroupsPath?: string;
    resources?: { [k: string]: unknown };
    seccomp?: unknown;
    maskedPaths?: string[];
    readonlyPaths?: string[];
    [k: string]: unknown;
  };
  [k: string]: unknown;
}

export const HARDENED_CAPS = ['CAP_CHOWN', 'CAP_NET_BIND_SERVICE', 'CAP_KILL'];

/** Docker's default capability set (moby/oci/caps/defaults.go). */
export const DOCKER_DEFAULT_CAPS = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_FSETID',
  'CAP_FOWNER',
  'CAP_MKNOD',
  'CAP_NET_RAW',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETFCAP',
  'CAP_SETPCAP',
  'CAP_NET_BIND_SERVICE',
  'CAP_SYS_CHROOT',
  'CAP_KILL',
  'CAP_AUDIT_WRITE',
];

const LOOSE_CAPS = [...DOCKER_DEFAULT_CAPS, 'CAP_SYS_ADMIN', 'CAP_NET_ADMIN', 'CAP_SYS_PTRACE'];

/** Syscalls the hardened container's seccomp filter rejects with EPERM. */
export const HARDENED_DENIED_SYSCALLS = [
  'mount',
  'umount2',
  'unshare',
  'setns',
  'pivot_root',
  'keyctl',
  'add_key',
  'request_key',
  'ptrace',
  'process_vm_readv',
  'process_vm_writev',
  'bpf',
  'perf_event_open',
  'kexec_load',
  'kexec_file_load',
  'init_module',
  'finit_module',
  'delete_module',
  'open_by_handle_at',
  'userfaultfd',
  'swapon',
  'swapoff',
  'reboot',
  'acct',
  'quotactl',
];

const USERNS_HOST_ID = 100000;
const USERNS_SIZE = 65536;
const MEMORY_MAX = 64 * 1024 * 1024;
const PIDS_MAX = 64;
const CPU_QUOTA = 50000;
const CPU_PERIOD = 100000;

function allCapSets(caps: string[], ambient: boolean): Capabilities {
  return { bounding: caps, effective: caps, permitted: caps, inheritable: ambient ? caps : [], ambient: ambient ? caps : [] };
}

function hardenSpec(spec: OciSpec, id: string, cgroupsPath: string): void {
  spec.process.terminal = false;
  spec.process.args = [LAB_INIT];
  spec.process.noNewPrivileges = true;
  spec.process.capabilities = allCapSets(HARDENED_CAPS, false);
  spec.root = { path: 'rootfs', readonly: true };
  spec.hostname = id;
  const mapping = [{ containerID: 0, hostID: USERNS_HOST_ID, size: USERNS_SIZE }];
  spec.linux.uidMappings = mapping;
  spec.linux.gidMappings = mapping;
  spec.linux.namespaces = ['pid', 'ipc', 'uts', 'mount', 'network', 'cgroup', 'user'].map((type) => ({ type }));
  spec.linux.cgroupsPath = cgroupsPath;
  spec.linux.resources = {
    ...(spec.linux.resources ?? {}),
    memory: { limit: MEMORY_MAX },
    pids: { limit: PIDS_MAX },
    cpu: { quota: CPU_QUOTA, period: CPU_PERIOD },
  };
  spec.linux.seccomp = {
    defaultAction: 'SCMP_ACT_ALLOW',
    architectures: ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32'],
    syscalls: [{ names: HARDENED_DENIED_SYSCALLS, action: 'SCMP_ACT_ERRNO', errnoRet: 1 }],
  };
}

function loosenSpec(spec: OciSpec, id: string, cgroupsPath: string): void {
  spec.process.terminal = false;
  spec.process.args = [LAB_INIT];
  spec.process.noNewPrivileges = false;
  spec.process.capabilities = allCapSets(LOOSE_CAPS, true);
  spec.root = { path: 'rootfs', readonly: false };
  spec.hostname = id;
  // Host network and host pid: drop those namespaces (uts is kept so hostname applies).
  spec.linux.namespaces = spec.linux.namespaces.filter((n) => n.type !== 'network' && n.type !== 'pid');
  spec.linux.cgroupsPath = cgroupsPath;
  const devices = spec.linux.resources?.['devices'];
  spec.linux.resources = devices === undefined ? {} : { devices };
  delete spec.linux.seccomp;
  spec.linux.maskedPaths = [];
  spec.linux.readonlyPaths = [];
}

function declaredFor(key: RuncKey, cgroupsPath: string): DeclaredConfig {
  if (key === 'runc-hardened') {
    return {
      readonlyRootfs: true,
      capabilities: HARDENED_CAPS,
      memoryMaxBytes: MEMORY_MAX,
      pidsMax: PIDS_MAX,
      cpuQuotaUs: CPU_QUOTA,
      cpuPeriodUs: CPU_PERIOD,
      seccomp: 'filter',
      noNewPrivs: true,
      uidMap: [{ inside: 0, outside: USERNS_HOST_ID, count: USERNS_SIZE }],
      hostNamespaces: ['time'],
      cgroupsPath,
    };
  }
  return {
    readonlyRootfs: false,
    capabilities: LOOSE_CAPS,
    memoryMaxBytes: null,
    pidsMax: null,
    cpuQuotaUs: null,
    cpuPeriodUs: null,
    seccomp: 'none',
    noNewPrivs: false,
    uidMap: HOST_UIDS,
    hostNamespaces: ['cgroup', 'net', 'pid', 'time', 'user'],
    cgroupsPath,
  };
}

async function writeBundle(bundle: string, key: RuncKey, id: string, cgroupsPath: string, rootfsDir: string): Promise<void> {
  const hardened = key === 'runc-hardened';
  mkdirSync(bundle, { recursive: true });
  await copyRootfs(rootfsDir, join(bundle, 'rootfs'), hardened ? USERNS_HOST_ID : undefined);
  await run('runc', ['spec', '--bundle', bundle]);
  const configPath = join(bundle, 'config.json');
  const spec = JSON.parse(readFileSync(configPath, 'utf8')) as OciSpec;
  if (hardened) hardenSpec(spec, id, cgroupsPath);
  else loosenSpec(spec, id, cgroupsPath);
  writeFileSync(configPath, JSON.stringify(spec, null, 2));
}

async function runcInitPid(runcRoot: string, id: string): Promise<number> {
  const { stdout } = await run('runc', ['--root', runcRoot, 'state', id]);
  const st = JSON.parse(stdout) as { pid?: number; status?: string };
  if (!st.pid || st.status !== 'running') throw new Error(`runc container ${id} is ${st.status ?? 'unknown'}`);
  return st.pid;
}

/**
 * Starts the `key` container. With `chosenId`, runc gets exactly that id (which may lack the
 * lab prefix, e.g. `__proto__`): its bundle dir and cgroup still carry the prefix (plus the id
 * in hex), so the prefix-based sweep kills it and removes its cgroup; `runc delete` of such an
 * id is the caller's (stopRunc(state.runcRoot, id, cgroupsPath, prefix)).
 */
export async function startRunc(ctx: StartContext, key: RuncKey, chosenId?: string): Promise<LabContainer> {
  const { state, prefix } = ctx;
  const kind = key === 'runc-hardened' ? 'hardened' : 'loose';
  const suffix = chosenId === undefined ? kind : `${kind}-id-${Buffer.from(chosenId).toString('hex')}`;
  const id = chosenId ?? `${prefix}-${suffix}`;
  const cgroupsPath = `/${prefix}-${suffix}`;
  const bundle = join(state.internals.runDir, `runc-${suffix}`);
  state.internals.cgroupPaths.push(cgroupsPath);
  await writeBundle(bundle, key, id, cgroupsPath, ctx.rootfsDir);
  await runToLog('runc', ['--root', state.runcRoot, 'run', '-d', '--bundle', bundle, id], join(bundle, 'runc.log'));
  const initPid = await runcInitPid(state.runcRoot, id);
  return { key, runtime: 'runc', id, name: id, initPid, image: null, declared: declaredFor(key, cgroupsPath) };
}

export async function stopRunc(runcRoot: string, id: string, cgroupsPath: string | undefined, prefix: string): Promise<string[]> {
  const problems: string[] = [];
  await tryRun('runc', ['--root', runcRoot, 'kill', '--all', id, 'KILL']);
  const del = await tryRun('runc', ['--root', runcRoot, 'delete', '--force', id]);
  const gone = !(await tryRun('runc', ['--root', runcRoot, 'state', id]));
  if (!del && !gone) problems.push(`runc delete ${id} failed`);
  if (cgroupsPath) problems.push(...(await removeCgroupPath(cgroupsPath, prefix)));
  return problems;
}
