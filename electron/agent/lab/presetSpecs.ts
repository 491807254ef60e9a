// The four demo presets as edits of the runtime's own default OCI spec (`runc spec`): what each
// one asks the runtime for. `default` changes only what a detached demo needs (no terminal, the
// lab's init, its hostname, cgroup path and annotation); the others change isolation on purpose.
import { readFileSync } from 'node:fs';
import { DEMO_ANNOTATION, type DemoPreset } from '../../../shared/lab/demoLab.js';
import { parseCapabilityMask } from '../parsers/capabilities.js';
import { LAB_INIT } from './rootfs.js';

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

interface Mount {
  destination: string;
  type?: string;
  source?: string;
  options?: string[];
}

/** The parts of an OCI runtime spec the presets edit; the rest passes through. */
export interface OciSpec {
  process: {
    terminal: boolean;
    args: string[];
    user?: { uid: number; gid: number; [k: string]: unknown };
    noNewPrivileges?: boolean;
    capabilities?: Capabilities;
    [k: string]: unknown;
  };
  root: { path: string; readonly?: boolean };
  hostname?: string;
  mounts?: Mount[];
  annotations?: Record<string, string>;
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

/** Host ids the hardened container's user namespace maps its ids 0… to. */
export const USERNS_HOST_ID = 100000;
const USERNS_SIZE = 65536;
/** The unprivileged user the hardened container runs as, inside its user namespace. */
export const HARDENED_UID = 1000;
export const LIMITS = { memoryBytes: 64 * 1024 * 1024, pids: 64, cpuQuotaUs: 50_000, cpuPeriodUs: 100_000 } as const;

/** Syscalls the hardened filter answers with EPERM (mounts, namespaces, tracing, modules, keyrings, kexec, bpf…). */
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
  'name_to_handle_at',
  'iopl',
  'ioperm',
  'syslog',
  'settimeofday',
  'clock_settime',
];

/** Docker's default capability set (moby/oci/caps/defaults.go). */
const DOCKER_DEFAULT_CAPS = [
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
export const LOOSE_EXTRA_CAPS = ['CAP_SYS_ADMIN', 'CAP_NET_ADMIN', 'CAP_SYS_PTRACE'];

const allSets = (caps: string[], ambient: boolean): Capabilities => ({
  bounding: caps,
  effective: caps,
  permitted: caps,
  inheritable: ambient ? caps : [],
  ambient: ambient ? caps : [],
});

/** The host's capability bounding set (CapBnd of pid 1, the host reference), by name. */
export function hostBoundingCaps(procRoot = '/proc'): { names: string[]; unknownBits: number[] } {
  const status = readFileSync(`${procRoot}/1/status`, 'utf8');
  const hex = /^CapBnd:\s*([0-9a-fA-F]+)$/m.exec(status)?.[1];
  const set = hex ? parseCapabilityMask(hex) : null;
  if (!set) throw new Error(`${procRoot}/1/status has no readable CapBnd`);
  return { names: set.names, unknownBits: set.unknownBits };
}

function common(spec: OciSpec, preset: DemoPreset, id: string): void {
  spec.process.terminal = false;
  spec.process.args = [LAB_INIT];
  spec.root = { path: 'rootfs', readonly: spec.root.readonly ?? true };
  spec.hostname = id;
  spec.annotations = { ...(spec.annotations ?? {}), [DEMO_ANNOTATION]: preset };
  spec.linux.cgroupsPath = `/${id}`;
}

function harden(spec: OciSpec): void {
  spec.process.user = { ...(spec.process.user ?? {}), uid: HARDENED_UID, gid: HARDENED_UID };
  spec.process.noNewPrivileges = true;
  spec.process.capabilities = allSets([], false);
  spec.root.readonly = true;
  const mapping = [{ containerID: 0, hostID: USERNS_HOST_ID, size: USERNS_SIZE }];
  spec.linux.uidMappings = mapping;
  spec.linux.gidMappings = mapping;
  spec.linux.namespaces = ['pid', 'ipc', 'uts', 'mount', 'network', 'cgroup', 'user'].map((type) => ({ type }));
  spec.linux.resources = {
    ...(spec.linux.resources ?? {}),
    memory: { limit: LIMITS.memoryBytes },
    pids: { limit: LIMITS.pids },
    cpu: { quota: LIMITS.cpuQuotaUs, period: LIMITS.cpuPeriodUs },
  };
  spec.linux.seccomp = {
    defaultAction: 'SCMP_ACT_ALLOW',
    architectures: ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32'],
    syscalls: [{ names: HARDENED_DENIED_SYSCALLS, action: 'SCMP_ACT_ERRNO', errnoRet: 1 }],
  };
}

/** Runs with the host's pid (and, for privileged-like, more) namespaces: what the host shares. */
function loosen(spec: OciSpec, caps: string[], hostNamespaces: string[]): void {
  spec.process.noNewPrivileges = false;
  spec.process.capabilities = allSets(caps, true);
  spec.root.readonly = false;
  spec.linux.namespaces = spec.linux.namespaces.filter((n) => !hostNamespaces.includes(n.type));
  const devices = spec.linux.resources?.['devices'];
  spec.linux.resources = devices === undefined ? {} : { devices };
  delete spec.linux.seccomp;
  spec.linux.maskedPaths = [];
  spec.linux.readonlyPaths = [];
}

/** Edits `spec` (a `runc spec` default) into the preset's configuration for container `id`. */
export function applyPreset(spec: OciSpec, preset: DemoPreset, id: string): void {
  common(spec, preset, id);
  switch (preset) {
    case 'hardened':
      harden(spec);
      return;
    case 'default':
      return;
    case 'loose':
      loosen(spec, [...DOCKER_DEFAULT_CAPS, ...LOOSE_EXTRA_CAPS], ['pid', 'network']);
      return;
    case 'privileged-like': {
      loosen(spec, hostBoundingCaps().names, ['pid', 'network', 'ipc', 'uts']);
      delete spec.hostname; // the host's UTS namespace: its hostname is the host's
      // /sys writable, as --privileged has it (runc mounts a fresh sysfs: the host's network namespace is ours).
      for (const m of spec.mounts ?? [])
        if (m.destination === '/sys' || m.destination === '/sys/fs/cgroup')
          m.options = (m.options ?? []).filter((o) => o !== 'ro');
      spec.linux.resources = { devices: [{ allow: true, access: 'rwm' }] };
      return;
    }
  }
}
