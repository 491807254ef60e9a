// A pod spec's securityContext (declared: what the API server stores, read with the user's own
// rights) beside the kernel's facts for the same container (effective: the agent's snapshot),
// aspect by aspect. A field the spec leaves out reads "not set" with what the runtime does then;
// a kernel fact the agent could not read reads "unavailable: reason" — never a default.
import type { Container, Snapshot } from '../../../shared/snapshot/schema.js';

/** The parts of a Pod this reads (structural: the client's V1Pod or plain JSON). */
export interface PodLike {
  metadata?: { name?: string; namespace?: string; uid?: string; annotations?: Record<string, string> };
  spec?: {
    nodeName?: string;
    hostPID?: boolean;
    hostNetwork?: boolean;
    hostIPC?: boolean;
    hostUsers?: boolean;
    securityContext?: object;
    containers?: { name: string; securityContext?: object }[];
  };
}

export interface Row {
  aspect: string;
  declared: string;
  effective: string;
}

export interface Comparison {
  pod: string;
  container: string;
  containerId: string;
  node: string | null;
  rows: Row[];
}

const rec = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const list = (v: unknown): string => (Array.isArray(v) ? `[${v.map(String).join(', ')}]` : '[]');

function unavailable(c: Container, field: string): string {
  const u = c.unavailable.find((x) => x.field === field || x.field.startsWith(field + '.'));
  return u ? `unavailable: ${u.reason}${u.detail ? ` (${u.detail})` : ''}` : 'unavailable';
}

/** A container-level field, else the pod-level one, else `unset`. */
function field(
  sc: Record<string, unknown>,
  podSc: Record<string, unknown>,
  key: string,
  unset: string,
  show: (v: unknown) => string = String,
): string {
  if (sc[key] !== undefined) return show(sc[key]);
  if (podSc[key] !== undefined) return `${show(podSc[key])} (pod)`;
  return unset;
}

const profile = (v: unknown): string => {
  const p = rec(v);
  return p.type === 'Localhost' ? `Localhost ${String(p.localhostProfile ?? '?')}` : String(p.type ?? '?');
};

function hostNs(c: Container, type: 'pid' | 'net' | 'ipc' | 'user'): string {
  const ns = c.namespaces[type];
  if (!ns || ns.sharedWithHost === null) return unavailable(c, `namespaces.${type}`);
  return ns.sharedWithHost ? `the host's (${type}:[${ns.inode ?? '?'}])` : `its own (${type}:[${ns.inode ?? '?'}])`;
}

/** The rows for one container of the pod. */
export function compareContainer(pod: PodLike, c: Container): Comparison {
  const spec = pod.spec ?? {};
  const podSc = rec(spec.securityContext);
  const decl = spec.containers?.find((x) => x.name === c.name);
  const sc = rec(decl?.securityContext);
  const caps = rec(sc.capabilities);
  const init = c.processes.find((p) => p.pid === c.initPid) ?? null;
  const rows: Row[] = [];
  const add = (aspect: string, declared: string, effective: string) => rows.push({ aspect, declared, effective });

  add(
    'privileged',
    sc.privileged === undefined ? 'not set (false)' : String(sc.privileged),
    c.capabilities.effective
      ? `${c.capabilities.effective.names.length + c.capabilities.effective.unknownBits.length} effective capabilities`
      : unavailable(c, 'capabilities.effective'),
  );
  add(
    'capabilities',
    sc.capabilities === undefined ? "not set (the runtime's default set)" : `drop ${list(caps.drop)} add ${list(caps.add)}`,
    c.capabilities.effective
      ? c.capabilities.effective.names.map((n) => n.replace(/^CAP_/, '')).join(', ') || 'none'
      : unavailable(c, 'capabilities.effective'),
  );
  add(
    'runAsUser',
    field(sc, podSc, 'runAsUser', "not set (the image's user)"),
    init?.uid ? `uid ${init.uid.effective}` : unavailable(c, 'processes'),
  );
  add(
    'runAsGroup',
    field(sc, podSc, 'runAsGroup', "not set (the image's group)"),
    init?.gid ? `gid ${init.gid.effective}` : unavailable(c, 'processes'),
  );
  add(
    'runAsNonRoot',
    field(sc, podSc, 'runAsNonRoot', 'not set'),
    init?.uid
      ? init.uid.effective === 0
        ? `runs as uid 0${c.namespaces.user?.sharedWithHost === false ? ' (in its own user namespace)' : ''}`
        : `uid ${init.uid.effective}`
      : unavailable(c, 'processes'),
  );
  add(
    'allowPrivilegeEscalation',
    sc.allowPrivilegeEscalation === undefined ? 'not set (true)' : String(sc.allowPrivilegeEscalation),
    c.seccomp.noNewPrivs === null
      ? unavailable(c, 'seccomp.noNewPrivs')
      : `NoNewPrivs ${c.seccomp.noNewPrivs ? 1 : 0} (escalation ${c.seccomp.noNewPrivs ? 'blocked' : 'possible'})`,
  );
  add(
    'seccompProfile',
    field(sc, podSc, 'seccompProfile', 'not set (Unconfined unless the kubelet runs with seccompDefault)', profile),
    c.seccomp.mode === null
      ? unavailable(c, 'seccomp.mode')
      : c.seccomp.mode === 'filter'
        ? `filter (${c.seccomp.filters ?? '?'} filter${c.seccomp.filters === 1 ? '' : 's'})`
        : c.seccomp.mode,
  );
  const aaAnnotation = pod.metadata?.annotations?.[`container.apparmor.security.beta.kubernetes.io/${c.name ?? ''}`];
  add(
    'appArmorProfile',
    field(
      sc,
      podSc,
      'appArmorProfile',
      aaAnnotation !== undefined ? `${aaAnnotation} (annotation)` : "not set (the runtime's default)",
      profile,
    ),
    c.lsm.apparmor
      ? `${c.lsm.apparmor.profile}${c.lsm.apparmor.mode ? ` (${c.lsm.apparmor.mode})` : ''}`
      : c.unavailable.some((u) => u.field.startsWith('lsm'))
        ? unavailable(c, 'lsm')
        : 'none',
  );
  add(
    'seLinuxOptions',
    field(sc, podSc, 'seLinuxOptions', 'not set', (v) =>
      Object.entries(rec(v))
        .filter(([, x]) => x !== undefined)
        .map(([k, x]) => `${k}=${String(x)}`)
        .join(' '),
    ),
    c.lsm.selinux
      ? `${c.lsm.selinux.user}:${c.lsm.selinux.role}:${c.lsm.selinux.type}${c.lsm.selinux.level ? ':' + c.lsm.selinux.level : ''}`
      : 'none',
  );
  add(
    'readOnlyRootFilesystem',
    sc.readOnlyRootFilesystem === undefined ? 'not set (false)' : String(sc.readOnlyRootFilesystem),
    c.rootfsReadOnly === null
      ? unavailable(c, 'rootfsReadOnly')
      : c.rootfsReadOnly
        ? 'root mounted read-only'
        : 'root mounted read-write',
  );
  add('hostPID', spec.hostPID === undefined ? 'not set (false)' : String(spec.hostPID), `pid namespace: ${hostNs(c, 'pid')}`);
  add(
    'hostNetwork',
    spec.hostNetwork === undefined ? 'not set (false)' : String(spec.hostNetwork),
    `net namespace: ${hostNs(c, 'net')}`,
  );
  add('hostIPC', spec.hostIPC === undefined ? 'not set (false)' : String(spec.hostIPC), `ipc namespace: ${hostNs(c, 'ipc')}`);
  add(
    'hostUsers',
    spec.hostUsers === undefined ? 'not set (true)' : String(spec.hostUsers),
    `user namespace: ${hostNs(c, 'user')}`,
  );
  if (!decl) rows.unshift({ aspect: 'container', declared: `no container "${c.name ?? '?'}" in the pod spec`, effective: c.id });
  return {
    pod: `${pod.metadata?.namespace ?? '?'}/${pod.metadata?.name ?? '?'}`,
    container: c.name ?? '?',
    containerId: c.id,
    node: spec.nodeName ?? null,
    rows,
  };
}

/**
 * The snapshot's containers of this pod (never its sandbox), matched by the CRI annotations the
 * collector read from root-owned runtime state: pod uid when both sides have it, else namespace
 * and name. `container` narrows to one name.
 */
export function podContainers(snap: Snapshot, pod: PodLike, container: string | null): Container[] {
  const uid = pod.metadata?.uid;
  return snap.containers.filter((c) => {
    if (c.role !== 'container' || !c.pod) return false;
    const samePod =
      uid && c.pod.uid ? c.pod.uid === uid : c.pod.namespace === pod.metadata?.namespace && c.pod.name === pod.metadata?.name;
    return samePod && (container === null || c.name === container);
  });
}
