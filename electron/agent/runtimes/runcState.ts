// Bare OCI runtimes' state: runc keeps <root>/<id>/state.json, crun <root>/<id>/status.
// Docker, Podman, containerd and CRI-O all drive runc too, so a container found here may
// already be known by its cgroup path; the bundle path tells which tool made it.
import type { Runtime } from '../../../shared/snapshot/schema.js';
import type { HostFs } from '../readers/hostFs.js';
import { asRecord, asString, HOSTILE, listRuntimeDir, type RuntimeIssue, type RuntimeRecord } from './record.js';

export interface RuncState {
  id: string;
  initPid: number | null;
  bundle: string | null;
  /** Absolute paths as runc wrote them, e.g. /sys/fs/cgroup/memory/mybox, or the v2 dir. */
  cgroupDirs: string[];
}

export function parseRuncState(json: unknown): RuncState | null {
  const obj = asRecord(json);
  const id = asString(obj?.id);
  if (!obj || !id) return null;
  const pid = obj.init_process_pid;
  const config = asRecord(obj.config);
  const labels = Array.isArray(config?.labels) ? config.labels.filter((l): l is string => typeof l === 'string') : [];
  const bundle = labels.find((l) => l.startsWith('bundle='))?.slice('bundle='.length) ?? null;
  const dirs = new Set<string>();
  const paths = asRecord(obj.cgroup_paths);
  if (paths) for (const v of Object.values(paths)) if (typeof v === 'string') dirs.add(v);
  const cgroupManager = asRecord(obj.cgroup_manager) ?? {};
  for (const key of ['path', 'dir']) {
    const v = asString(cgroupManager[key]);
    if (v) dirs.add(v);
  }
  return { id, initPid: typeof pid === 'number' && pid > 0 ? pid : null, bundle, cgroupDirs: [...dirs] };
}

/** crun's status file: {"pid": 123, "bundle": "...", "cgroup-path": "...", ...}. */
export function parseCrunStatus(id: string, json: unknown): RuncState | null {
  const obj = asRecord(json);
  if (!obj) return null;
  const pid = obj.pid;
  const cg = asString(obj['cgroup-path']);
  return {
    id,
    initPid: typeof pid === 'number' && pid > 0 ? pid : null,
    bundle: asString(obj.bundle),
    cgroupDirs: cg ? [cg.startsWith('/sys/fs/cgroup') ? cg : `/sys/fs/cgroup${cg.startsWith('/') ? '' : '/'}${cg}`] : [],
  };
}

/** Which tool made a runc container, judged by where its bundle lives. */
export function runtimeOfBundle(bundle: string | null, fallback: Runtime): Runtime {
  if (!bundle) return fallback;
  if (/\/containers\/storage\/overlay-containers\/[0-9a-f]{64}\/userdata\/?$/.test(bundle)) {
    return bundle.startsWith('/run/') || bundle.startsWith('/var/run/') ? 'cri-o' : 'podman';
  }
  const task = /io\.containerd\.runtime\.v[12]\.(?:task|linux)\/([^/]+)\//.exec(bundle);
  if (task) return task[1] === 'moby' ? 'docker' : 'containerd';
  if (bundle.includes('/docker/')) return 'docker';
  return fallback;
}

/** "/sys/fs/cgroup/memory/a/b" → "/a/b" (the path /proc/PID/cgroup prints). */
export function cgroupPathOfDir(dir: string, mountPoints: string[]): string | null {
  const sorted = [...mountPoints].sort((a, b) => b.length - a.length);
  for (const mp of sorted) {
    if (dir === mp) return '/';
    if (dir.startsWith(mp + '/')) return dir.slice(mp.length);
  }
  return null;
}

export function readRuncRoots(
  fs: HostFs,
  roots: { dir: string; kind: 'runc' | 'crun' }[],
  mountPoints: string[],
  issues: RuntimeIssue[] = [],
): RuntimeRecord[] {
  const out: RuntimeRecord[] = [];
  for (const { dir, kind } of roots) {
    const ids = listRuntimeDir(fs, dir, issues);
    if (!ids) continue;
    for (const id of ids) {
      const path = kind === 'runc' ? `${dir}/${id}/state.json` : `${dir}/${id}/status`;
      const file = fs.readJsonFile(path);
      if (!file.ok) {
        if (HOSTILE.has(file.reason)) issues.push({ path: `${path} (${file.detail ?? file.reason})`, reason: file.reason });
        continue;
      }
      const state = kind === 'runc' ? parseRuncState(file.value.value) : parseCrunStatus(id, file.value.value);
      if (!state) continue;
      const cgroupPaths = state.cgroupDirs
        .map((d) => cgroupPathOfDir(d, mountPoints))
        .filter((p): p is string => p !== null && p !== '/');
      const rec: RuntimeRecord = {
        runtime: runtimeOfBundle(state.bundle, kind),
        id: state.id,
        cgroupPaths: [...new Set(cgroupPaths)],
        source: path,
        owner: file.value.uid,
        labels: {},
      };
      if (state.bundle) rec.bundle = state.bundle;
      if (state.initPid !== null) rec.initPid = state.initPid;
      out.push(rec);
    }
  }
  return out;
}
