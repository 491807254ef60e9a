// The root-owned state of sandboxed runtimes, which alone may say that a host process is a
// gVisor sandbox or a Kata VMM (a process's name and command line are its own to choose).
//
// gVisor (runsc) keeps one JSON file per container in its root directory:
//   <root>/<container id>_sandbox:<sandbox id>.state  {"id", "status", "goferPid", "sandbox": {"id", "pid"}, …}
// (older releases: <root>/<id>/meta.json with the same fields). Roots: containerd's shim
// /run/containerd/runsc/<namespace>, Docker /var/run/docker/runtime-runc/moby (or
// runtime-runsc/moby), bare runsc /var/run/runsc.
// Kata Containers (Go runtime) persists each sandbox in /run/vc/sbs/<sandbox id>/persist.json:
//   {"HypervisorState": {"Type": "qemu", "Pid": 1234, "VirtiofsDaemonPid": 1230, …}, "CgroupPath": …}
import type { HostFs } from '../readers/hostFs.js';
import { asRecord, asString, listRuntimeDir, type RuntimeIssue, type RuntimeRecord } from './record.js';

export interface RunscState {
  /** The state file (host path). */
  file: string;
  /** Owner of the state file: only root's files are believed. */
  owner: number;
  containerId: string;
  sandboxId: string;
  sandboxPid: number | null;
  goferPid: number | null;
  status: string | null;
  /** The sandbox's cgroup as runsc recorded it (v1 name or v2 path, relative to the hierarchy). */
  cgroupPath: string | null;
}

export interface KataState {
  file: string;
  owner: number;
  sandboxId: string;
  hypervisorType: string | null;
  vmmPid: number | null;
  virtiofsdPid: number | null;
  cgroupPath: string | null;
}

export const RUNSC_ROOTS = [
  '/run/containerd/runsc',
  '/var/run/docker/runtime-runc/moby',
  '/var/run/docker/runtime-runsc/moby',
  '/run/runsc',
  '/var/run/runsc',
];
export const KATA_STATE_DIRS = ['/run/vc/sbs'];

const pidOf = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : null);

export function parseRunscState(file: string, owner: number, json: unknown): RunscState | null {
  const obj = asRecord(json);
  const id = asString(obj?.id);
  const sandbox = asRecord(obj?.sandbox);
  if (!obj || !id || !sandbox) return null;
  const sandboxId = asString(sandbox.id) ?? id;
  // "cgroup": {"cgroupv1": {"name": "/id", …}} or {"cgroupv2": {"path": "/…", …}}
  const cg = asRecord(sandbox.cgroup);
  const v1 = asRecord(cg?.cgroupv1);
  const v2 = asRecord(cg?.cgroupv2);
  const raw = asString(v1?.name) ?? asString(v2?.path);
  const cgroupPath = raw && raw.startsWith('/') && !raw.split('/').includes('..') ? raw : null;
  return {
    file,
    owner,
    containerId: id,
    sandboxId,
    sandboxPid: pidOf(sandbox.pid),
    goferPid: pidOf(obj.goferPid) ?? pidOf(sandbox.goferPid),
    status: asString(obj.status),
    cgroupPath,
  };
}

export function parseKataPersist(file: string, owner: number, sandboxId: string, json: unknown): KataState | null {
  const obj = asRecord(json);
  const hv = asRecord(obj?.HypervisorState);
  if (!obj || !hv) return null;
  return {
    file,
    owner,
    sandboxId,
    hypervisorType: asString(hv.Type),
    vmmPid: pidOf(hv.Pid),
    virtiofsdPid: pidOf(hv.VirtiofsDaemonPid),
    cgroupPath: asString(obj.CgroupPath),
  };
}

const STATE_FILE = /^(.+)_sandbox:(.+)\.state$/;

/** Every runsc state file under the roots (containerd's root has one directory per namespace). */
export function readRunscStates(fs: HostFs, roots: string[], issues: RuntimeIssue[]): RunscState[] {
  const out: RunscState[] = [];
  const seen = new Set<string>();
  const visit = (dir: string, depth: number) => {
    const real = fs.resolveIn(dir);
    if (!real.ok || seen.has(real.value)) return;
    seen.add(real.value);
    const names = listRuntimeDir(fs, dir, issues);
    if (!names) return;
    for (const name of names.sort()) {
      const path = `${dir}/${name}`;
      if (STATE_FILE.test(name) || name === 'meta.json') {
        const r = fs.readJsonFile(path);
        if (!r.ok) {
          issues.push({ path, reason: r.reason });
          continue;
        }
        const s = parseRunscState(path, r.value.uid, r.value.value);
        if (s) out.push(s);
      } else if (depth > 0) {
        // containerd: <root>/<namespace>/; old runsc: <root>/<id>/meta.json
        const st = fs.lstat(path);
        if (st.ok && st.value.isDirectory()) visit(path, depth - 1);
      }
    }
  };
  for (const root of roots) visit(root, 1);
  return out;
}

export function readKataStates(fs: HostFs, dirs: string[], issues: RuntimeIssue[]): KataState[] {
  const out: KataState[] = [];
  for (const dir of dirs) {
    const names = listRuntimeDir(fs, dir, issues);
    for (const id of (names ?? []).sort()) {
      const path = `${dir}/${id}/persist.json`;
      const r = fs.readJsonFile(path);
      if (!r.ok) {
        if (r.reason !== 'ENOENT') issues.push({ path, reason: r.reason });
        continue;
      }
      const s = parseKataPersist(path, r.value.uid, id, r.value.value);
      if (s) out.push(s);
    }
  }
  return out;
}

/**
 * What runsc's own (root-owned) state says about identity: the container id, its sandbox's pid
 * and cgroup. Bare `runsc run` has no other record; under Docker or Kubernetes the engine's
 * cgroup names the container first and these only add their source.
 */
export function runscRecords(states: RunscState[]): RuntimeRecord[] {
  return states
    .filter((s) => s.sandboxPid !== null && s.status !== 'stopped')
    .map((s) => ({
      runtime: 'runsc' as const,
      id: s.containerId,
      ...(s.containerId === s.sandboxId ? { initPid: s.sandboxPid! } : {}),
      ...(s.cgroupPath && s.cgroupPath !== '/' ? { cgroupPaths: [s.cgroupPath] } : {}),
      source: s.file,
      owner: s.owner,
    }));
}

/** The records of every runsc state under the default roots (the collector's one call). */
export function readRunscRecords(fs: HostFs, issues: RuntimeIssue[]): RuntimeRecord[] {
  return runscRecords(readRunscStates(fs, RUNSC_ROOTS, issues));
}
