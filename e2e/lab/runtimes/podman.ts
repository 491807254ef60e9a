// Rootful podman with private storage/run roots and config, one busybox
// container, and `podman system service` for the Docker-compatible API.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { sweepAndRemoveCgroup } from '../host.js';
import { run, spawnDetached, tailFile, terminate, tryRun, waitFor } from '../proc.js';
import { HOST_UIDS, LAB_INIT, type LabContainer, type LabState, type StartContext } from '../types.js';

const MEMORY_MAX = 96 * 1024 * 1024;
const PIDS_MAX = 50;
const CPU_QUOTA = 25000;
const CPU_PERIOD = 100000;

/** Set explicitly in our containers.conf so the declared set does not depend on distro defaults. */
export const PODMAN_CAPS = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_FOWNER',
  'CAP_FSETID',
  'CAP_KILL',
  'CAP_NET_BIND_SERVICE',
  'CAP_SETFCAP',
  'CAP_SETGID',
  'CAP_SETPCAP',
  'CAP_SETUID',
  'CAP_SYS_CHROOT',
];

const toml = (v: string): string => JSON.stringify(v);
const tomlList = (vs: string[]): string => `[${vs.map(toml).join(', ')}]`;

function writeConfigs(runDir: string, storageRoot: string, runRoot: string): Record<string, string> {
  const tmpDir = join(runDir, 'podman-tmp');
  const netDir = join(runDir, 'podman-net');
  for (const d of [storageRoot, runRoot, tmpDir, netDir]) mkdirSync(d, { recursive: true });
  const containersConf = join(runDir, 'podman-containers.conf');
  writeFileSync(
    containersConf,
    [
      '[containers]',
      `default_ulimits = ${tomlList(['nofile=1024:1024', 'nproc=4096:4096'])}`,
      `default_capabilities = ${tomlList(PODMAN_CAPS.map((c) => c.replace(/^CAP_/, '')))}`,
      'log_driver = "k8s-file"',
      '[engine]',
      'runtime = "runc"',
      'cgroup_manager = "cgroupfs"',
      'events_logger = "file"',
      `events_logfile_path = ${toml(join(runDir, 'podman-events.log'))}`,
      `tmp_dir = ${toml(tmpDir)}`,
      'lock_type = "file"', // keep out of the shared /dev/shm/libpod_lock
      `static_dir = ${toml(join(storageRoot, 'libpod'))}`,
      `volume_path = ${toml(join(storageRoot, 'volumes'))}`,
      '[network]',
      `network_config_dir = ${toml(netDir)}`,
      '',
    ].join('\n'),
  );
  const storageConf = join(runDir, 'podman-storage.conf');
  writeFileSync(
    storageConf,
    ['[storage]', 'driver = "overlay"', `graphroot = ${toml(storageRoot)}`, `runroot = ${toml(runRoot)}`, ''].join('\n'),
  );
  return { CONTAINERS_CONF: containersConf, CONTAINERS_STORAGE_CONF: storageConf };
}

function podmanEnv(state: LabState): NodeJS.ProcessEnv {
  return { ...process.env, ...(state.internals.podmanEnv ?? {}) };
}

function podman(state: LabState, args: string[], timeoutMs = 60_000): Promise<{ stdout: string }> {
  return run('podman', [...(state.internals.podmanArgs ?? []), ...args], { env: podmanEnv(state), timeoutMs });
}

function pingSocket(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ socketPath: socket, path: '/_ping', timeout: 2_000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}

/** The `--root` conmon passes to runc (podman exposes it only on conmon's command line). */
function runcRootFromConmon(containerId: string): string | null {
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    if (!argv[0]?.endsWith('conmon') || !argv.includes(containerId)) continue;
    for (let i = 0; i < argv.length - 1; i++) {
      const v = argv[i + 1] ?? '';
      if (argv[i] === '--runtime-arg' && v.startsWith('--root=')) return v.slice('--root='.length);
    }
    return '/run/runc'; // runc's own default when no --root is passed
  }
  return null;
}

async function startService(state: LabState): Promise<void> {
  const info = state.podman;
  if (!info) throw new Error('podman info missing');
  const log = join(state.internals.runDir, 'podman-service.log');
  state.internals.podmanService = spawnDetached(
    'podman',
    [...(state.internals.podmanArgs ?? []), 'system', 'service', '--time=0', `unix://${info.socket}`],
    log,
    podmanEnv(state),
  );
  await waitFor(
    async () => ((await pingSocket(info.socket)) ? true : null),
    30_000,
    () => `podman service on ${info.socket} (log: ${tailFile(log, 3)})`,
  );
}

export async function startPodman(ctx: StartContext): Promise<LabContainer> {
  const { state, prefix } = ctx;
  const runDir = state.internals.runDir;
  const storageRoot = join(runDir, 'podman-storage');
  // podman refuses a runroot longer than 50 characters, so it lives in /run (tmpfs, like
  // podman's default /run/containers/storage) rather than below a possibly long workDir.
  const runRoot = `/run/${prefix}-podman`;
  state.internals.extraDirs.push(runRoot);
  state.podman = { socket: join(runDir, 'podman.sock'), storageRoot, runRoot, runcRoot: '' };
  state.internals.podmanEnv = writeConfigs(runDir, storageRoot, runRoot);
  state.internals.podmanArgs = [
    '--root',
    storageRoot,
    '--runroot',
    runRoot,
    '--storage-driver',
    'overlay',
    '--cgroup-manager',
    'cgroupfs',
    '--events-backend',
    'file',
    '--runtime',
    'runc',
  ];
  const cgroupParent = `/${prefix}-podman`;
  state.internals.cgroupPaths.push(cgroupParent);

  const image = `localhost/${prefix}-busybox:latest`;
  await podman(state, ['import', ctx.rootfsTar, image]);
  const name = `${prefix}-podman`;
  const { stdout } = await podman(state, [
    'run',
    '-d',
    '--network',
    'none',
    '--name',
    name,
    '--hostname',
    name,
    '--cgroup-parent',
    cgroupParent,
    '--memory',
    '96m',
    '--pids-limit',
    String(PIDS_MAX),
    '--cpu-quota',
    String(CPU_QUOTA),
    '--cpu-period',
    String(CPU_PERIOD),
    '--security-opt',
    'no-new-privileges',
    image,
    LAB_INIT,
  ]);
  const id = stdout.trim().split('\n').pop() ?? '';
  if (!/^[0-9a-f]{64}$/.test(id)) throw new Error(`podman run returned an unexpected id: ${id}`);
  const pid = Number((await podman(state, ['inspect', '-f', '{{.State.Pid}}', id])).stdout.trim());
  if (!pid) throw new Error(`podman container ${id} has no pid`);
  state.podman.runcRoot = runcRootFromConmon(id) ?? '/run/runc';
  await startService(state);
  return {
    key: 'podman',
    runtime: 'podman',
    id,
    name,
    initPid: pid,
    image,
    declared: {
      readonlyRootfs: false,
      capabilities: PODMAN_CAPS,
      memoryMaxBytes: MEMORY_MAX,
      pidsMax: PIDS_MAX,
      cpuQuotaUs: CPU_QUOTA,
      cpuPeriodUs: CPU_PERIOD,
      seccomp: 'filter',
      noNewPrivs: true,
      uidMap: HOST_UIDS,
      hostNamespaces: ['cgroup', 'time', 'user'], // cgroupns defaults to host on cgroup v1
      cgroupsPath: `${cgroupParent}/libpod-${id}`,
    },
  };
}

export async function stopPodmanContainer(state: LabState): Promise<string[]> {
  if (!state.internals.podmanArgs) return [];
  const r = await tryRun('podman', [...state.internals.podmanArgs, 'rm', '-f', '-t', '0', '--ignore', `${state.prefix}-podman`], {
    env: podmanEnv(state),
  });
  return r ? [] : [`podman rm ${state.prefix}-podman failed`];
}

/** Removes the container, stops the API service and removes the cgroup parent. */
export async function stopPodmanAll(state: LabState): Promise<string[]> {
  const problems = await stopPodmanContainer(state);
  if (state.internals.podmanService) await terminate(state.internals.podmanService, 10_000);
  const markers = [join(state.internals.runDir, 'podman-'), `/run/${state.prefix}-podman`]; // conmon, cleanup
  problems.push(...(await sweepAndRemoveCgroup(markers, `/${state.prefix}-podman`, state.prefix)));
  return problems;
}
