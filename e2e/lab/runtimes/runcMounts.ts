// Extra bare runc containers for the mounts tests: runc's own `runc spec` defaults (masked and
// read-only paths, read-only sysfs, own namespaces) plus the bind mounts a test asks for, the
// rootfs propagation it asks for, and optionally no masked/read-only paths at all. Started
// under the lab's runc root with the lab prefix in id, bundle and cgroup, so lab.stop() sweeps
// them; the caller stops them first with stopRunc().
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyRootfs, ensureRootfs } from '../rootfs.js';
import { run, runToLog } from '../proc.js';
import { LAB_INIT, type LabState } from '../types.js';

export interface BindSpec {
  source: string;
  destination: string;
  /** OCI mount options, e.g. ['rbind', 'rw'] or ['bind', 'ro', 'rshared']. */
  options: string[];
}

export interface RuncMountsOptions {
  binds: BindSpec[];
  /** Drop runc's default maskedPaths and readonlyPaths (as `--security-opt unmasked` would). */
  unmasked?: boolean;
  /** linux.rootfsPropagation, e.g. "shared" (runc's default is rslave). */
  rootfsPropagation?: string;
  /** A user namespace mapping 0..size-1 to hostId.. (rootfs chowned to match). */
  userns?: { hostId: number; size: number };
}

export interface RuncMountsContainer {
  id: string;
  initPid: number;
  bundle: string;
  cgroupsPath: string;
}

interface Spec {
  process: { terminal: boolean; args: string[] };
  root: { path: string; readonly?: boolean };
  mounts: { destination: string; type: string; source: string; options: string[] }[];
  linux: {
    maskedPaths?: string[];
    readonlyPaths?: string[];
    cgroupsPath?: string;
    rootfsPropagation?: string;
    [k: string]: unknown;
  };
  [k: string]: unknown;
}

/** Compiles idmapMount.c (once per lab) and returns the binary's path. */
export async function idmapTool(lab: LabState): Promise<string> {
  const bin = join(lab.internals.runDir, 'idmap-mount');
  if (!existsSync(bin)) await run('gcc', ['-O2', '-o', bin, new URL('./idmapMount.c', import.meta.url).pathname]);
  return bin;
}

export async function startRuncWithMounts(lab: LabState, name: string, opts: RuncMountsOptions): Promise<RuncMountsContainer> {
  const id = `${lab.prefix}-mounts-${name}`;
  const cgroupsPath = `/${id}`;
  const bundle = join(lab.internals.runDir, `runc-mounts-${name}`);
  lab.internals.cgroupPaths.push(cgroupsPath);
  mkdirSync(bundle, { recursive: true });
  const rootfs = await ensureRootfs(lab.internals.workDir);
  await copyRootfs(rootfs.dir, join(bundle, 'rootfs'), opts.userns?.hostId);
  await run('runc', ['spec', '--bundle', bundle]);
  const configPath = join(bundle, 'config.json');
  const spec = JSON.parse(readFileSync(configPath, 'utf8')) as Spec;
  spec.process.terminal = false;
  spec.process.args = [LAB_INIT];
  spec.root = { path: 'rootfs', readonly: false };
  spec.linux.cgroupsPath = cgroupsPath;
  for (const b of opts.binds)
    spec.mounts.push({ destination: b.destination, type: 'bind', source: b.source, options: b.options });
  if (opts.unmasked) {
    spec.linux.maskedPaths = [];
    spec.linux.readonlyPaths = [];
  }
  if (opts.rootfsPropagation) spec.linux.rootfsPropagation = opts.rootfsPropagation;
  if (opts.userns) {
    const mapping = [{ containerID: 0, hostID: opts.userns.hostId, size: opts.userns.size }];
    spec.linux['uidMappings'] = mapping;
    spec.linux['gidMappings'] = mapping;
    const ns = spec.linux['namespaces'] as { type: string }[];
    if (!ns.some((n) => n.type === 'user')) ns.push({ type: 'user' });
  }
  writeFileSync(configPath, JSON.stringify(spec, null, 2));
  await runToLog('runc', ['--root', lab.runcRoot, 'run', '-d', '--bundle', bundle, id], join(bundle, 'runc.log'));
  const { stdout } = await run('runc', ['--root', lab.runcRoot, 'state', id]);
  const st = JSON.parse(stdout) as { pid?: number; status?: string };
  if (!st.pid || st.status !== 'running') throw new Error(`runc container ${id} is ${st.status ?? 'unknown'}`);
  return { id, initPid: st.pid, bundle, cgroupsPath };
}
