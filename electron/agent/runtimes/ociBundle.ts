// An OCI bundle's config.json: annotations tell which runtime/orchestrator made the container
// (Kubernetes via containerd or CRI-O, Podman) and name it.
import type { Runtime } from '../../../shared/snapshot/schema.js';
import type { HostFs } from '../readers/hostFs.js';
import { asRecord, asString, HOSTILE, listRuntimeDir, stringMap, type RuntimeIssue, type RuntimeRecord } from './record.js';

export interface OciConfig {
  annotations: Record<string, string>;
  hostname: string | null;
  readonlyRootfs: boolean | null;
}

export function parseOciConfig(json: unknown): OciConfig | null {
  const obj = asRecord(json);
  if (!obj) return null;
  const root = asRecord(obj.root);
  return {
    annotations: stringMap(obj.annotations),
    hostname: asString(obj.hostname),
    readonlyRootfs: typeof root?.readonly === 'boolean' ? root.readonly : null,
  };
}

/** Kubernetes identity from CRI annotations (containerd's io.kubernetes.cri.*, CRI-O's own). */
export function recordFromAnnotations(
  id: string,
  a: Record<string, string>,
  source: string,
  runtime: Runtime | null,
  owner = 0,
): RuntimeRecord | null {
  const cri = a['io.kubernetes.cri.container-type'];
  if (cri) {
    const sandbox = cri === 'sandbox';
    return {
      runtime: runtime ?? 'containerd',
      id,
      name: sandbox ? (a['io.kubernetes.cri.sandbox-name'] ?? null) : (a['io.kubernetes.cri.container-name'] ?? null),
      image: a['io.kubernetes.cri.image-name'] ?? null,
      labels: a,
      role: sandbox ? 'pod-sandbox' : 'container',
      pod: {
        uid: a['io.kubernetes.cri.sandbox-uid'] ?? null,
        name: a['io.kubernetes.cri.sandbox-name'] ?? null,
        namespace: a['io.kubernetes.cri.sandbox-namespace'] ?? null,
        sandboxId: sandbox ? id : (a['io.kubernetes.cri.sandbox-id'] ?? null),
      },
      source,
      owner,
    };
  }
  const crio = a['io.kubernetes.cri-o.ContainerType'];
  if (crio) {
    const sandbox = crio === 'sandbox';
    return {
      runtime: 'cri-o',
      id,
      name: sandbox ? (a['io.kubernetes.pod.name'] ?? null) : (a['io.kubernetes.container.name'] ?? null),
      image: a['io.kubernetes.cri-o.ImageName'] ?? a['io.kubernetes.cri-o.Image'] ?? null,
      labels: a,
      role: sandbox ? 'pod-sandbox' : 'container',
      pod: {
        uid: a['io.kubernetes.pod.uid'] ?? null,
        name: a['io.kubernetes.pod.name'] ?? null,
        namespace: a['io.kubernetes.pod.namespace'] ?? null,
        sandboxId: a['io.kubernetes.cri-o.SandboxID'] ?? null,
      },
      source,
      owner,
    };
  }
  return null;
}

/** containerd task bundles: /run/containerd/io.containerd.runtime.v2.task/<namespace>/<id>/config.json */
export function readContainerdBundles(fs: HostFs, stateDirs: string[], issues: RuntimeIssue[] = []): RuntimeRecord[] {
  const out: RuntimeRecord[] = [];
  for (const dir of stateDirs) {
    const namespaces = listRuntimeDir(fs, dir, issues);
    if (!namespaces) continue;
    for (const ns of namespaces) {
      const ids = fs.listDir(`${dir}/${ns}`);
      if (!ids.ok) continue;
      for (const id of ids.value) {
        const path = `${dir}/${ns}/${id}/config.json`;
        const file = fs.readJsonFile(path);
        if (!file.ok && HOSTILE.has(file.reason))
          issues.push({ path: `${path} (${file.detail ?? file.reason})`, reason: file.reason });
        const config = file.ok ? parseOciConfig(file.value.value) : null;
        if (!file.ok || !config) continue;
        const owner = file.value.uid;
        const k8s = recordFromAnnotations(id, config.annotations, path, 'containerd', owner);
        if (k8s) out.push(k8s);
        // Docker runs its containers in containerd's "moby" namespace.
        else
          out.push({
            runtime: ns === 'moby' ? 'docker' : 'containerd',
            id,
            labels: { 'containerd.namespace': ns },
            source: path,
            owner,
          });
      }
    }
  }
  return out;
}
