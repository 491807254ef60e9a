// What the node agent's manifests may grant, as checks over the plain objects (the YAML as
// parsed, or buildManifests' output). A schema says whether an object is well-formed; this says
// whether it is still the agent we meant: no privileged container, no host network or IPC,
// capabilities exactly the three, every host path read-only, no Service, RBAC no wider than the
// plugin's needs, and the settings without which the collector cannot read what it must.
import { AGENT_CAPABILITIES, HOST_MOUNTS } from './manifests.js';

type Obj = Record<string, unknown>;

const rec = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const sameSet = (a: readonly unknown[], b: readonly unknown[]) =>
  a.length === b.length && new Set(a).size === a.length && b.every((x) => a.includes(x));

const ALLOWED_RULES: readonly { resources: string[]; verbs: string[] }[] = [
  { resources: ['pods'], verbs: ['get', 'list'] },
  { resources: ['pods/portforward'], verbs: ['get', 'create'] },
];

/** Every way the objects differ from the agent's policy, one sentence each (empty: compliant). */
export function policyViolations(objects: readonly Obj[]): string[] {
  const out: string[] = [];
  const kinds = objects.map((o) => String(o.kind));
  for (const kind of kinds) {
    if (!['Namespace', 'ServiceAccount', 'Role', 'RoleBinding', 'DaemonSet'].includes(kind))
      out.push(`unexpected object kind ${kind} (no Service, no ClusterRole, nothing else)`);
  }
  const daemonSets = objects.filter((o) => o.kind === 'DaemonSet');
  if (daemonSets.length !== 1) out.push(`expected one DaemonSet, found ${daemonSets.length}`);

  for (const ds of daemonSets) {
    const pod = rec(rec(rec(ds.spec).template).spec);
    if (pod.hostPID !== true) out.push('hostPID must be true: the collector reads every process of the node');
    if (pod.hostNetwork === true)
      out.push('hostNetwork must not be true: the agent listens on the pod loopback, reached by port-forward only');
    if (pod.hostIPC === true) out.push('hostIPC must not be true');
    if (pod.automountServiceAccountToken !== false)
      out.push('automountServiceAccountToken must be false: the agent calls no API');
    if (arr(pod.initContainers).length > 0 || arr(pod.ephemeralContainers).length > 0)
      out.push('no init or ephemeral containers');
    const tolerations = arr(pod.tolerations).map(rec);
    if (!tolerations.some((t) => t.operator === 'Exists' && t.key === undefined && t.effect === undefined))
      out.push('tolerations must let it run on every node (operator Exists, no key)');
    const containers = arr(pod.containers).map(rec);
    if (containers.length !== 1) out.push(`expected one container, found ${containers.length}`);
    const podSc = rec(pod.securityContext);
    if (Object.keys(podSc).length > 0) out.push('no pod-level securityContext: the container states everything');
    const volumes = new Map(
      arr(pod.volumes)
        .map(rec)
        .map((v) => [String(v.name), v]),
    );
    for (const c of containers) {
      const sc = rec(c.securityContext);
      if (sc.privileged !== false) out.push(`container ${String(c.name)}: privileged must be false (stated)`);
      const caps = rec(sc.capabilities);
      if (!sameSet(arr(caps.drop), ['ALL'])) out.push(`container ${String(c.name)}: capabilities.drop must be exactly [ALL]`);
      if (!sameSet(arr(caps.add), AGENT_CAPABILITIES))
        out.push(
          `container ${String(c.name)}: capabilities.add must be exactly ${AGENT_CAPABILITIES.join(', ')}, not ${arr(caps.add).join(', ') || 'none'}`,
        );
      // The API server's own rule (validation of SecurityContext): it rejects this combination.
      if (sc.allowPrivilegeEscalation === false && arr(caps.add).includes('SYS_ADMIN'))
        out.push(`container ${String(c.name)}: allowPrivilegeEscalation false with SYS_ADMIN is refused by the API server`);
      if (sc.readOnlyRootFilesystem !== true) out.push(`container ${String(c.name)}: readOnlyRootFilesystem must be true`);
      if (sc.runAsUser !== 0)
        out.push(`container ${String(c.name)}: runAsUser must be 0 (added capabilities are effective only for root)`);
      if (rec(sc.seccompProfile).type !== 'Unconfined')
        out.push(`container ${String(c.name)}: seccompProfile must be Unconfined (a filtered tracer cannot dump filters)`);
      if (arr(c.ports).length > 0) out.push(`container ${String(c.name)}: no ports (nothing listens on the pod IP)`);
      if (!arr(c.args).includes('--listen') || !arr(c.args).some((a) => typeof a === 'string' && a.startsWith('127.0.0.1:')))
        out.push(`container ${String(c.name)}: the agent must listen on 127.0.0.1 only`);
      const limits = rec(rec(c.resources).limits);
      const requests = rec(rec(c.resources).requests);
      if (!limits.cpu || !limits.memory || !requests.cpu || !requests.memory)
        out.push(`container ${String(c.name)}: cpu and memory requests and limits`);
      const env = arr(c.env).map(rec);
      if (!env.some((e) => rec(rec(e.valueFrom).fieldRef).fieldPath === 'spec.nodeName'))
        out.push(`container ${String(c.name)}: the node name from the downward API`);
      const mounts = arr(c.volumeMounts).map(rec);
      for (const m of mounts) {
        if (m.readOnly !== true) out.push(`mount ${String(m.mountPath)}: must be readOnly`);
        if (m.recursiveReadOnly !== 'IfPossible' && m.recursiveReadOnly !== 'Enabled')
          out.push(`mount ${String(m.mountPath)}: must be recursively read-only`);
        if (m.mountPropagation !== undefined && m.mountPropagation !== 'None')
          out.push(`mount ${String(m.mountPath)}: no mount propagation`);
        const v = volumes.get(String(m.name));
        const host = rec(v?.hostPath);
        if (v && !v.hostPath) out.push(`mount ${String(m.mountPath)}: only hostPath volumes`);
        if (typeof host.path === 'string' && !HOST_MOUNTS.some((h) => h.path === host.path))
          out.push(`hostPath ${host.path} is not one the collector reads`);
        if (typeof host.path === 'string' && host.path !== m.mountPath)
          out.push(
            `hostPath ${host.path} must be mounted at the same path (the collector reads host paths), not ${String(m.mountPath)}`,
          );
      }
      for (const h of HOST_MOUNTS) {
        if (!mounts.some((m) => m.mountPath === h.path)) out.push(`missing read-only host mount ${h.path} (${h.why})`);
      }
    }
  }

  for (const role of objects.filter((o) => o.kind === 'Role')) {
    for (const rule of arr(role.rules).map(rec)) {
      const groups = arr(rule.apiGroups);
      const resources = arr(rule.resources).map(String);
      const verbs = arr(rule.verbs).map(String);
      const allowed =
        sameSet(groups, ['']) &&
        ALLOWED_RULES.some((a) => sameSet(resources, a.resources) && verbs.every((v) => a.verbs.includes(v)));
      if (!allowed || arr(rule.resourceNames).length > 0 || arr(rule.nonResourceURLs).length > 0)
        out.push(`Role rule beyond pods get/list and pods/portforward get/create: ${JSON.stringify(rule)}`);
    }
  }
  for (const b of objects.filter((o) => o.kind === 'RoleBinding')) {
    if (rec(b.roleRef).kind !== 'Role') out.push('the RoleBinding must bind the namespaced Role, not a ClusterRole');
    if (
      arr(b.subjects)
        .map(rec)
        .some((s) => s.kind === 'ServiceAccount')
    )
      out.push('no ServiceAccount is bound: the agent itself calls no API');
  }
  return out;
}
