// A private containerd + dockerd pair and one busybox container.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sweepAndRemoveCgroup } from '../host.js';
import { run, spawnDetached, tailFile, terminate, tryRun, waitFor } from '../proc.js';
import { HOST_UIDS, LAB_INIT, type LabContainer, type LabState, type StartContext } from '../types.js';
import { DOCKER_DEFAULT_CAPS } from './runc.js';

const MEMORY_MAX = 128 * 1024 * 1024;
const PIDS_MAX = 100;

/** Prefer Debian's client (same version as dockerd) over any newer one in /usr/local/bin. */
function dockerClient(): string {
  return existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker';
}

function docker(state: LabState, args: string[], timeoutMs = 60_000): Promise<{ stdout: string }> {
  const info = state.docker;
  if (!info) throw new Error('docker daemon not started');
  const env = { ...process.env, DOCKER_CONFIG: join(state.internals.runDir, 'docker-client') };
  return run(state.internals.dockerBin ?? dockerClient(), ['-H', `unix://${info.socket}`, ...args], { env, timeoutMs });
}

function dockerdArgs(state: LabState, prefix: string): string[] {
  const d = state.docker;
  if (!d) throw new Error('docker info missing');
  const runDir = state.internals.runDir;
  const daemonJson = join(runDir, 'docker-daemon.json');
  writeFileSync(daemonJson, '{}\n'); // keep /etc/docker/daemon.json out of the picture
  return [
    '--iptables=false',
    '--ip6tables=false',
    '--ip-masq=false',
    '--bridge=none',
    '--userland-proxy=false',
    '--storage-driver=overlay2',
    `--data-root=${d.dataRoot}`,
    `--exec-root=${d.execRoot}`,
    `--host=unix://${d.socket}`,
    // root's alone (root:root 0660), not the docker group's, where the machine has one: the lab's
    // state is trusted only when every path it names is root's (stateFile.ts).
    '--group=root',
    `--pidfile=${join(runDir, 'dockerd.pid')}`,
    `--config-file=${daemonJson}`,
    `--cgroup-parent=/${prefix}-docker`,
    '--exec-opt=native.cgroupdriver=cgroupfs',
  ];
}

function containerdConfig(runDir: string, socket: string): string {
  return [
    'version = 2',
    `root = ${JSON.stringify(join(runDir, 'containerd-root'))}`,
    `state = ${JSON.stringify(join(runDir, 'containerd-state'))}`,
    'disabled_plugins = ["io.containerd.grpc.v1.cri"]',
    '[grpc]',
    `  address = ${JSON.stringify(socket)}`,
    '[debug]',
    '  address = ""',
    '[metrics]',
    '  address = ""',
    '',
  ].join('\n');
}

/**
 * Our own containerd, passed to dockerd with --containerd. Without it dockerd would
 * silently reuse a system containerd whenever /run/containerd/containerd.sock exists.
 */
async function startContainerd(state: LabState, socket: string): Promise<string> {
  const runDir = state.internals.runDir;
  const config = join(runDir, 'containerd.toml');
  writeFileSync(config, containerdConfig(runDir, socket));
  const log = join(runDir, 'containerd.log');
  state.internals.containerd = spawnDetached('containerd', ['--config', config], log);
  await waitFor(
    async () => ((await tryRun('ctr', ['--address', socket, 'version'], { timeoutMs: 5_000 })) ? true : null),
    30_000,
    () => `containerd on ${socket} (log: ${tailFile(log, 3)})`,
  );
  return socket;
}

async function startDaemon(ctx: StartContext): Promise<void> {
  const { state, prefix } = ctx;
  const runDir = state.internals.runDir;
  const execRoot = join(runDir, 'docker-exec');
  state.docker = {
    socket: join(runDir, 'docker.sock'),
    dataRoot: join(runDir, 'docker-data'),
    execRoot,
    containerdSocket: join(runDir, 'containerd.sock'),
    runcRoot: join(execRoot, 'runtime-runc', 'moby'),
  };
  state.internals.dockerBin = dockerClient();
  state.internals.cgroupPaths.push(`/${prefix}-docker`);
  mkdirSync(state.docker.dataRoot, { recursive: true });
  const containerdSocket = await startContainerd(state, state.docker.containerdSocket);
  const log = join(runDir, 'dockerd.log');
  const dockerSocket = state.docker.socket;
  const args = [...dockerdArgs(state, prefix), `--containerd=${containerdSocket}`];
  state.internals.dockerd = spawnDetached('dockerd', args, log);
  await waitFor(
    async () => ((await tryDockerVersion(state)) ? true : null),
    45_000,
    () => `dockerd to answer on ${dockerSocket} (log: ${tailFile(log, 3)})`,
  );
}

async function tryDockerVersion(state: LabState): Promise<boolean> {
  try {
    await docker(state, ['version', '--format', '{{.Server.Version}}'], 5_000);
    return true;
  } catch {
    return false;
  }
}

export async function startDocker(ctx: StartContext): Promise<LabContainer> {
  const { state, prefix } = ctx;
  await startDaemon(ctx);
  const image = `${prefix}-busybox:latest`;
  await docker(state, ['import', ctx.rootfsTar, image]);
  const name = `${prefix}-docker`;
  const { stdout } = await docker(state, [
    'run',
    '-d',
    '--network',
    'none',
    '--name',
    name,
    '--hostname',
    name,
    '--memory',
    '128m',
    '--pids-limit',
    String(PIDS_MAX),
    '--read-only',
    '--cap-drop',
    'NET_RAW',
    image,
    LAB_INIT,
  ]);
  const id = stdout.trim();
  if (!/^[0-9a-f]{64}$/.test(id)) throw new Error(`docker run returned an unexpected id: ${id}`);
  const pid = Number((await docker(state, ['inspect', '-f', '{{.State.Pid}}', id])).stdout.trim());
  if (!pid) throw new Error(`docker container ${id} has no pid`);
  return {
    key: 'docker',
    runtime: 'docker',
    id,
    name,
    initPid: pid,
    image,
    declared: {
      readonlyRootfs: true,
      capabilities: DOCKER_DEFAULT_CAPS.filter((c) => c !== 'CAP_NET_RAW'),
      memoryMaxBytes: MEMORY_MAX,
      pidsMax: PIDS_MAX,
      cpuQuotaUs: null,
      cpuPeriodUs: null,
      seccomp: 'filter',
      noNewPrivs: false,
      uidMap: HOST_UIDS,
      hostNamespaces: ['cgroup', 'time', 'user'], // cgroupns defaults to host on cgroup v1
      cgroupsPath: `/${prefix}-docker/${id}`,
    },
  };
}

/** Removes the lab's docker container (by name, so it also works after a failed start). */
export async function stopDockerContainer(state: LabState): Promise<string[]> {
  if (!state.docker || !(await tryDockerVersion(state))) return [];
  try {
    await docker(state, ['rm', '-f', `${state.prefix}-docker`]);
    return [];
  } catch (e) {
    const msg = (e as Error).message;
    return /No such container/i.test(msg) ? [] : [msg];
  }
}

/** Stops the container, then dockerd and our containerd, then removes the cgroup parent. */
export async function stopDockerDaemon(state: LabState): Promise<string[]> {
  const problems = await stopDockerContainer(state);
  const { dockerd, containerd } = state.internals;
  if (dockerd) await terminate(dockerd, 20_000);
  if (containerd) await terminate(containerd, 10_000);
  // If dockerd died first, shims and containers outlive it: sweep those by path and cgroup,
  // then drop the sockets killed shims leave in containerd's fixed /run/containerd/s.
  const runDir = state.internals.runDir;
  const sockets = state.docker ? shimSocketsOf(state.docker.containerdSocket) : [];
  const markers = [join(runDir, 'docker-'), join(runDir, 'containerd')];
  problems.push(...(await sweepAndRemoveCgroup(markers, `/${state.prefix}-docker`, state.prefix)));
  for (const s of sockets) rmSync(s, { force: true });
  return problems;
}

/**
 * Socket paths of live containerd-shim-runc-v2 processes serving `containerdSocket`:
 * containerd 1.6 names them /run/containerd/s/sha256(<address>/<namespace>/<id>).
 */
function shimSocketsOf(containerdSocket: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    if (!argv[0]?.includes('containerd-shim')) continue;
    const arg = (flag: string): string | undefined => argv[argv.indexOf(flag) + 1];
    if (arg('-address') !== containerdSocket) continue;
    const ns = arg('-namespace');
    const id = arg('-id');
    if (!ns || !id) continue;
    const hash = createHash('sha256').update(`${containerdSocket}/${ns}/${id}`).digest('hex');
    out.push(`/run/containerd/s/${hash}`);
  }
  return out;
}
