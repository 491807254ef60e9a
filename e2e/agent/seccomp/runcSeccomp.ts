// Bare runc containers that differ only in their seccomp profile, for the seccomp lab test. Reuses
// the lab's busybox rootfs and helpers; everything carries its own prefix and is removed on stop.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OciSeccomp } from '../../../electron/agent/seccomp/profile.js';
import { removeCgroupPath } from '../../lab/host.js';
import { run, runToLog, tryRun } from '../../lab/proc.js';
import { copyRootfs, ensureRootfs } from '../../lab/rootfs.js';
import { LAB_INIT } from '../../lab/types.js';

export interface SeccompContainer {
  key: string;
  id: string;
  initPid: number;
  /** The linux.seccomp runc was given (null: none). */
  seccomp: OciSeccomp | null;
  /** The container's bounding capabilities (runc spec's defaults). */
  bounding: string[];
}

export interface SeccompLab {
  prefix: string;
  runcRoot: string;
  containers: SeccompContainer[];
  stop(): Promise<string[]>;
}

interface Spec {
  process: { terminal: boolean; args: string[]; capabilities?: { bounding?: string[] } };
  root: { path: string; readonly?: boolean };
  hostname?: string;
  linux: { cgroupsPath?: string; seccomp?: unknown; namespaces: { type: string }[] };
}

async function startOne(
  workDir: string,
  rootfsDir: string,
  runcRoot: string,
  prefix: string,
  key: string,
  seccomp: OciSeccomp | null,
): Promise<SeccompContainer> {
  const id = `${prefix}-${key}`;
  const bundle = join(workDir, key);
  mkdirSync(bundle, { recursive: true });
  await copyRootfs(rootfsDir, join(bundle, 'rootfs'));
  await run('runc', ['spec', '--bundle', bundle]);
  const configPath = join(bundle, 'config.json');
  const spec = JSON.parse(readFileSync(configPath, 'utf8')) as Spec;
  spec.process.terminal = false;
  spec.process.args = [LAB_INIT];
  spec.root = { path: 'rootfs', readonly: true };
  spec.hostname = key;
  spec.linux.cgroupsPath = `/${id}`;
  spec.linux.namespaces = ['pid', 'ipc', 'uts', 'mount', 'network'].map((type) => ({ type }));
  if (seccomp) spec.linux.seccomp = seccomp;
  else delete spec.linux.seccomp;
  writeFileSync(configPath, JSON.stringify(spec, null, 2));
  await runToLog('runc', ['--root', runcRoot, 'run', '-d', '--bundle', bundle, id], join(bundle, 'runc.log'));
  const st = JSON.parse((await run('runc', ['--root', runcRoot, 'state', id])).stdout) as { pid?: number; status?: string };
  if (!st.pid || st.status !== 'running') throw new Error(`runc container ${id} is ${st.status ?? 'unknown'}`);
  return { key, id, initPid: st.pid, seccomp, bounding: spec.process.capabilities?.bounding ?? [] };
}

/** Starts one container per profile (in parallel); on any failure stops what started and throws. */
export async function startSeccompLab(profiles: Record<string, OciSeccomp | null>): Promise<SeccompLab> {
  const prefix = `isoscope-seccomp-${randomBytes(4).toString('hex')}`;
  const workDir = join(tmpdir(), prefix);
  const runcRoot = join(workDir, 'runc-root');
  mkdirSync(runcRoot, { recursive: true });
  const containers: SeccompContainer[] = [];
  const stop = async (): Promise<string[]> => {
    const problems: string[] = [];
    for (const key of Object.keys(profiles)) {
      const id = `${prefix}-${key}`;
      await tryRun('runc', ['--root', runcRoot, 'kill', '--all', id, 'KILL']);
      await tryRun('runc', ['--root', runcRoot, 'delete', '--force', id]);
      problems.push(...(await removeCgroupPath(`/${id}`, prefix)));
    }
    rmSync(workDir, { recursive: true, force: true });
    return problems;
  };
  try {
    const rootfs = await ensureRootfs(workDir);
    const started = await Promise.allSettled(
      Object.entries(profiles).map(([key, s]) => startOne(workDir, rootfs.dir, runcRoot, prefix, key, s)),
    );
    for (const r of started) if (r.status === 'fulfilled') containers.push(r.value);
    const failed = started.flatMap((r, i) =>
      r.status === 'rejected' ? [`${Object.keys(profiles)[i]}: ${(r.reason as Error).message}`] : [],
    );
    if (failed.length > 0) throw new Error(`seccomp lab: ${failed.join('; ')}`);
  } catch (e) {
    await stop();
    throw e;
  }
  return { prefix, runcRoot, containers, stop };
}
