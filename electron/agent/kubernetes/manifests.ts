// The Kubernetes objects that run the collector on every node, built once here and printed by
// `isoscope k8s manifests` (assets/kubernetes/isoscope.yaml is this output; a test keeps the two
// equal). Every object is a kubernetes-models class and is validated against the Kubernetes
// OpenAPI schema before it is printed. docs/cluster.md explains each choice at length; the
// comments below say why in one line each. Target: Kubernetes 1.30+ (appArmorProfile field).
import { DaemonSet } from 'kubernetes-models/apps/v1';
import { Role, RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { Namespace, ServiceAccount } from 'kubernetes-models/v1';
import { stringify } from 'yaml';
import { AGENT_VERSION } from '../version.js';
import {
  AGENT_LABEL,
  AGENT_NAME,
  AGENT_PORT,
  CLIENT_GROUP,
  CLIENT_ROLE,
  DEFAULT_IMAGE,
  DEFAULT_NAMESPACE,
  IMAGE_APP_DIR,
} from './constants.js';

export { DEFAULT_IMAGE, DEFAULT_NAMESPACE } from './constants.js';

/**
 * The capabilities the agent keeps (everything else dropped), each for a kernel check it must pass:
 * - SYS_PTRACE: /proc/PID/ns/*, mountinfo, root, fd and fdinfo of other processes are guarded by a
 *   ptrace access check (PTRACE_MODE_READ_FSCREDS); a root process whose permitted set is not a
 *   superset of the target's (pid 1, a privileged container) or a target that is not dumpable
 *   passes it only with CAP_SYS_PTRACE. The seccomp dump attaches (PTRACE_SEIZE) to the process.
 * - SYS_ADMIN: PTRACE_SECCOMP_GET_FILTER requires CAP_SYS_ADMIN in the initial user namespace
 *   (kernel/seccomp.c seccomp_get_filter, else EACCES); so do bpf(BPF_PROG_QUERY/GET_FD_BY_ID) for
 *   cgroup device programs and setns() into pid 1's cgroup and UTS namespaces at start.
 * - DAC_READ_SEARCH: without CAP_DAC_OVERRIDE, uid 0 reads only what the mode bits allow it; other
 *   users' directories and files (/proc/PID/fd of a process of another uid is 0500, a user-
 *   namespaced container's files, rootless runtime state) need read/search permission bypassed.
 *   It bypasses read and search checks only, never write.
 * /proc/PID/status itself is world-readable: it needs hostPID, no capability.
 */
export const AGENT_CAPABILITIES = ['SYS_PTRACE', 'SYS_ADMIN', 'DAC_READ_SEARCH'] as const;

/** Host paths the collector reads, each mounted read-only at the same path. */
export interface HostMount {
  name: string;
  path: string;
  /** 'Directory': the pod does not start without it; '': a runtime's state that a node may lack. */
  type: 'Directory' | '';
  why: string;
}

export const HOST_MOUNTS: readonly HostMount[] = [
  {
    name: 'cgroup',
    path: '/sys/fs/cgroup',
    type: 'Directory',
    why: "the host's cgroup hierarchies (limits, usage, PSI, devices), not the pod's own cgroup view",
  },
  {
    name: 'securityfs',
    path: '/sys/kernel/security',
    type: 'Directory',
    why: 'the LSM list and AppArmor/SELinux/Landlock state (a container sysfs does not mount securityfs)',
  },
  {
    name: 'kubelet-seccomp',
    path: '/var/lib/kubelet/seccomp',
    type: '',
    why: 'Localhost seccomp profiles pods name (localhostProfile)',
  },
  {
    name: 'containerd-tasks',
    path: '/run/containerd/io.containerd.runtime.v2.task',
    type: '',
    why: "containerd's task bundles: config.json with the CRI annotations (pod name, namespace, uid)",
  },
  {
    name: 'containerd-runc',
    path: '/run/containerd/runc',
    type: '',
    why: "runc's state for containerd (--root /run/containerd/runc/<namespace>)",
  },
  {
    name: 'containerd-runsc',
    path: '/run/containerd/runsc',
    type: '',
    why: "gVisor's state under containerd (runsc state files)",
  },
  { name: 'kata-sandboxes', path: '/run/vc/sbs', type: '', why: "Kata Containers' persisted sandboxes (persist.json)" },
  {
    name: 'crio-runroot',
    path: '/run/containers/storage',
    type: '',
    why: "CRI-O's containers/storage run root: each container's userdata/config.json (CRI-O annotations)",
  },
  {
    name: 'crio-containers',
    path: '/var/lib/containers/storage/overlay-containers',
    type: '',
    why: "CRI-O's containers.json (names, images): only this directory of the graph root, not the image layers",
  },
  { name: 'runc-state', path: '/run/runc', type: '', why: "runc's default state root (CRI-O's runc)" },
  { name: 'crun-state', path: '/run/crun', type: '', why: "crun's state root (CRI-O's crun)" },
];

export interface ManifestOptions {
  image?: string;
  namespace?: string;
}

const partOf = { 'app.kubernetes.io/part-of': 'isoscope' };

/** Every object, in apply order. Each is validated (kubernetes-models throws on a schema error). */
export function buildManifests(opts: ManifestOptions = {}): Record<string, unknown>[] {
  const namespace = opts.namespace ?? DEFAULT_NAMESPACE;
  const image = opts.image ?? DEFAULT_IMAGE;
  const labels = { [AGENT_LABEL.key]: AGENT_LABEL.value, ...partOf };

  const ns = new Namespace({
    metadata: { name: namespace, labels: { ...partOf, 'pod-security.kubernetes.io/enforce': 'privileged' } },
  });

  // The agent calls no Kubernetes API at all: its ServiceAccount holds no role and mounts no token.
  const sa = new ServiceAccount({ metadata: { name: AGENT_NAME, namespace, labels }, automountServiceAccountToken: false });

  // What a plugin user needs in this namespace, nothing more: find the agent pod on a node
  // (pods get/list) and open a port-forward to it. WebSocket port-forward (what
  // @kubernetes/client-node speaks) is an HTTP GET the API server authorizes as `get` on
  // pods/portforward; from Kubernetes 1.35 it also checks `create` (kubernetes/kubernetes#134577),
  // the verb SPDY always needed. Reading the workload pods' declared securityContext uses the
  // user's own rights in their namespaces (a `view` role); nothing here grants those.
  const role = new Role({
    metadata: { name: CLIENT_ROLE, namespace, labels: partOf },
    rules: [
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] },
      { apiGroups: [''], resources: ['pods/portforward'], verbs: ['get', 'create'] },
    ],
  });
  const binding = new RoleBinding({
    metadata: { name: CLIENT_ROLE, namespace, labels: partOf },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: CLIENT_ROLE },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: CLIENT_GROUP }],
  });

  const ds = new DaemonSet({
    metadata: { name: AGENT_NAME, namespace, labels },
    spec: {
      selector: { matchLabels: { [AGENT_LABEL.key]: AGENT_LABEL.value } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: AGENT_NAME,
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          // Every process of the node in /proc: the collector's whole subject. Not the host's
          // network (the agent listens on the pod's own loopback) nor its IPC namespace.
          hostPID: true,
          hostNetwork: false,
          hostIPC: false,
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          // On every node, tainted ones (control plane, NoExecute, not-ready) included.
          tolerations: [{ operator: 'Exists' }],
          terminationGracePeriodSeconds: 10,
          containers: [
            {
              name: 'agent',
              image,
              imagePullPolicy: 'IfNotPresent',
              // nsenter joins pid 1's cgroup and UTS namespaces (not its mount namespace): with a
              // private cgroup namespace /proc/PID/cgroup paths would be relative to the pod's own
              // cgroup, and the hostname would be the pod's. --no-api: no runtime socket is mounted.
              command: ['nsenter', '--target', '1', '--cgroup', '--uts', '--', 'node', `${IMAGE_APP_DIR}/bin/isoscope.js`],
              args: ['agent', '--listen', `127.0.0.1:${AGENT_PORT}`, '--no-api'],
              // No ports: nothing listens on the pod IP; clients come through pods/portforward.
              env: [
                { name: 'ISOSCOPE_NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
                { name: 'NODE_ENV', value: 'production' },
              ],
              resources: {
                requests: { cpu: '50m', memory: '96Mi' },
                limits: { cpu: '500m', memory: '512Mi' },
              },
              securityContext: {
                privileged: false,
                // uid 0: added capabilities are effective only for uid 0 (Kubernetes has no ambient
                // capabilities), and the runtime state it trusts is root's own, mode 0700/0600.
                runAsUser: 0,
                runAsGroup: 0,
                runAsNonRoot: false,
                readOnlyRootFilesystem: true,
                // Not false: the API server refuses allowPrivilegeEscalation: false with SYS_ADMIN added.
                capabilities: { drop: ['ALL'], add: [...AGENT_CAPABILITIES] },
                // A process under any seccomp filter gets EACCES from PTRACE_SECCOMP_GET_FILTER
                // (kernel/seccomp.c: the caller's own seccomp mode must be disabled).
                seccompProfile: { type: 'Unconfined' },
                // The runtime's default AppArmor profile denies reading /sys/kernel/security and
                // ptrace (read) of processes outside that profile: every host process.
                appArmorProfile: { type: 'Unconfined' },
                // On SELinux nodes container_t may not read other domains' /proc nor ptrace them.
                seLinuxOptions: { type: 'spc_t' },
              },
              // Read-only all the way down: a task bundle holds its container's rootfs mount, which a
              // plain readOnly bind would leave writable (recursiveReadOnly: Kubernetes 1.31+, beta).
              volumeMounts: HOST_MOUNTS.map((m) => ({
                name: m.name,
                mountPath: m.path,
                readOnly: true,
                recursiveReadOnly: 'IfPossible',
              })),
            },
          ],
          volumes: HOST_MOUNTS.map((m) => ({
            name: m.name,
            hostPath: m.type ? { path: m.path, type: m.type } : { path: m.path },
          })),
        },
      },
    },
  });

  const objects = [ns, sa, role, binding, ds];
  for (const o of objects) o.validate();
  return objects.map((o) => o.toJSON() as Record<string, unknown>);
}

const HEADER = (opts: ManifestOptions) =>
  [
    `# Isoscope node agent for Kubernetes — generated by \`isoscope k8s manifests${opts.image ? ` --image ${opts.image}` : ''}${opts.namespace ? ` --namespace ${opts.namespace}` : ''}\` (isoscope ${AGENT_VERSION}).`,
    '# Do not edit: change electron/agent/kubernetes/manifests.ts and regenerate. Why each setting: docs/cluster.md.',
    `# Host paths mounted read-only: ${HOST_MOUNTS.map((m) => m.path).join(', ')}.`,
    '',
  ].join('\n');

/** The objects as one multi-document YAML stream. */
export function manifestsYaml(opts: ManifestOptions = {}): string {
  return (
    HEADER(opts) +
    buildManifests(opts)
      .map((o) => '---\n' + stringify(o, { lineWidth: 0 }))
      .join('')
  );
}
