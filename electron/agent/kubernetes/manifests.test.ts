// The node agent's manifests: the committed YAML is the generator's output, every object in it
// passes the Kubernetes schema (kubernetes-models), and the policy holds — and each hostile
// change to it (privileged, host network, one capability more, a writable host path, a Service,
// wider RBAC) is caught, by the schema or by the policy.
import { readFileSync } from 'node:fs';
import { DaemonSet } from 'kubernetes-models/apps/v1';
import { ClusterRole, Role, RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { Namespace, Service, ServiceAccount } from 'kubernetes-models/v1';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { main } from '../cli/main.js';
import { buildManifests, HOST_MOUNTS, manifestsYaml } from './manifests.js';
import { policyViolations } from './policy.js';

const COMMITTED = new URL('../../../assets/kubernetes/isoscope.yaml', import.meta.url);

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  Namespace,
  ServiceAccount,
  Role,
  RoleBinding,
  ClusterRole,
  DaemonSet,
  Service,
};

/** Validates a plain object with the model of its kind; throws the schema's message. */
function validate(o: Obj): void {
  const Model = MODELS[o.kind as string];
  if (!Model) throw new Error(`no model for kind ${String(o.kind)}`);
  new Model(structuredClone(o) as never).validate();
}

const committed = (): Obj[] => parseAllDocuments(readFileSync(COMMITTED, 'utf8')).map((d) => d.toJS() as Obj);

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
  });
  return { code, stdout, stderr };
}

/** The agent's DaemonSet container, to change in a hostile copy. */
const agentOf = (objs: Obj[]): Obj => objs.find((o) => o.kind === 'DaemonSet')!.spec.template.spec.containers[0];
const podOf = (objs: Obj[]): Obj => objs.find((o) => o.kind === 'DaemonSet')!.spec.template.spec;

describe('isoscope k8s manifests', () => {
  it('assets/kubernetes/isoscope.yaml is exactly what the generator prints (regenerate: isoscope k8s manifests > assets/kubernetes/isoscope.yaml)', async () => {
    const r = await cli(['k8s', 'manifests']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(manifestsYaml());
    expect(readFileSync(COMMITTED, 'utf8')).toBe(r.stdout);
  });

  it('every object of the committed file passes the Kubernetes schema, in apply order', () => {
    const objs = committed();
    expect(objs.map((o) => o.kind)).toEqual(['Namespace', 'ServiceAccount', 'Role', 'RoleBinding', 'DaemonSet']);
    for (const o of objs) expect(() => validate(o), o.kind).not.toThrow();
    expect(objs).toEqual(buildManifests());
  });

  it('the committed file meets the policy: no privileged, no host network, exactly three capabilities, read-only host paths', () => {
    const objs = committed();
    expect(policyViolations(objs)).toEqual([]);
    const c = agentOf(objs);
    expect(c.securityContext.capabilities).toEqual({ drop: ['ALL'], add: ['SYS_PTRACE', 'SYS_ADMIN', 'DAC_READ_SEARCH'] });
    expect(podOf(objs).hostPID).toBe(true);
    expect(c.volumeMounts.map((m: Obj) => m.mountPath)).toEqual(HOST_MOUNTS.map((h) => h.path));
    expect(c.volumeMounts.every((m: Obj) => m.readOnly === true)).toBe(true);
    for (const m of [
      '/sys/fs/cgroup',
      '/sys/kernel/security',
      '/var/lib/kubelet/seccomp',
      '/run/containerd/io.containerd.runtime.v2.task',
      '/run/containers/storage',
    ]) {
      expect(c.volumeMounts.map((v: Obj) => v.mountPath)).toContain(m);
    }
  });

  // Each hostile change: what it does, and whether the schema or the policy must refuse it.
  const HOSTILE: [string, (objs: Obj[]) => void, 'schema' | RegExp][] = [
    ['privileged: true', (o) => void (agentOf(o).securityContext.privileged = true), /privileged must be false/],
    ['privileged: "true" (a string)', (o) => void (agentOf(o).securityContext.privileged = 'true'), 'schema'],
    ['hostNetwork: true', (o) => void (podOf(o).hostNetwork = true), /hostNetwork must not be true/],
    ['hostIPC: true', (o) => void (podOf(o).hostIPC = true), /hostIPC/],
    [
      'a fourth capability (NET_ADMIN)',
      (o) => void agentOf(o).securityContext.capabilities.add.push('NET_ADMIN'),
      /capabilities.add must be exactly/,
    ],
    [
      'a capability fewer (no DAC_READ_SEARCH)',
      (o) => void agentOf(o).securityContext.capabilities.add.pop(),
      /capabilities.add must be exactly/,
    ],
    ['drop ALL removed', (o) => void (agentOf(o).securityContext.capabilities.drop = []), /drop must be exactly \[ALL\]/],
    ['a writable host path', (o) => void (agentOf(o).volumeMounts[0].readOnly = false), /must be readOnly/],
    [
      'the host root mounted',
      (o) => {
        podOf(o).volumes.push({ name: 'root', hostPath: { path: '/' } });
        agentOf(o).volumeMounts.push({ name: 'root', mountPath: '/host', readOnly: true, recursiveReadOnly: 'IfPossible' });
      },
      /hostPath \/ is not one the collector reads/,
    ],
    [
      'the writable root filesystem',
      (o) => void (agentOf(o).securityContext.readOnlyRootFilesystem = false),
      /readOnlyRootFilesystem/,
    ],
    [
      'RuntimeDefault seccomp',
      (o) => void (agentOf(o).securityContext.seccompProfile = { type: 'RuntimeDefault' }),
      /seccompProfile must be Unconfined/,
    ],
    [
      'allowPrivilegeEscalation: false beside SYS_ADMIN',
      (o) => void (agentOf(o).securityContext.allowPrivilegeEscalation = false),
      /refused by the API server/,
    ],
    ['a container port', (o) => void (agentOf(o).ports = [{ containerPort: 7070 }]), /no ports/],
    ['listening on every address', (o) => void (agentOf(o).args[2] = '0.0.0.0:7070'), /listen on 127.0.0.1 only/],
    [
      'a Service',
      (o) =>
        void o.push({
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 'isoscope', namespace: 'isoscope' },
          spec: { selector: { a: 'b' }, ports: [{ port: 7070 }] },
        }),
      /unexpected object kind Service/,
    ],
    [
      'pods/exec in the Role',
      (o) => void o.find((x) => x.kind === 'Role')!.rules.push({ apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] }),
      /Role rule beyond/,
    ],
    ['delete on pods', (o) => void o.find((x) => x.kind === 'Role')!.rules[0].verbs.push('delete'), /Role rule beyond/],
    [
      'a ClusterRole',
      (o) =>
        void o.push({
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRole',
          metadata: { name: 'x' },
          rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
        }),
      /unexpected object kind ClusterRole/,
    ],
    ['the agent token mounted', (o) => void (podOf(o).automountServiceAccountToken = true), /automountServiceAccountToken/],
    ['no limits', (o) => void delete agentOf(o).resources.limits, /requests and limits/],
    ['a capability that is not a string', (o) => void agentOf(o).securityContext.capabilities.add.push(7), 'schema'],
  ];

  it.each(HOSTILE)('a hostile variant is caught: %s', (_what, change, by) => {
    const objs = committed();
    change(objs);
    if (by === 'schema') {
      expect(() => objs.forEach(validate)).toThrow();
    } else {
      for (const o of objs) expect(() => validate(o), o.kind).not.toThrow();
      expect(policyViolations(objs).join('\n')).toMatch(by);
    }
  });

  it('--image and --namespace reach every object; a bad namespace is a usage error', async () => {
    const r = await cli(['k8s', 'manifests', '--image', 'registry.example/isoscope-agent:1.2', '--namespace', 'node-audit']);
    expect(r.code).toBe(0);
    const objs = parseAllDocuments(r.stdout).map((d) => d.toJS() as Obj);
    for (const o of objs) expect(() => validate(o)).not.toThrow();
    expect(objs[0]!.metadata.name).toBe('node-audit');
    expect(objs.slice(1).every((o) => o.metadata.namespace === 'node-audit')).toBe(true);
    expect(agentOf(objs).image).toBe('registry.example/isoscope-agent:1.2');
    expect(policyViolations(objs)).toEqual([]);
    expect(await cli(['k8s', 'manifests', '--namespace', 'Bad_NS'])).toMatchObject({ code: 2, stdout: '' });
    expect(await cli(['k8s', 'manifests', '--image', 'x\n- evil'])).toMatchObject({ code: 2, stdout: '' });
    expect(await cli(['k8s'])).toMatchObject({ code: 2, stdout: '' });
    expect(await cli(['k8s', 'service'])).toMatchObject({ code: 2, stdout: '' });
  });
});
