// `kubectl isoscope` as a user runs it — the one-file bundle, built here with the build script's
// own options, run as a child process — against a stand-in API server (fakeApiServer.ts: pod
// list, pod, pods/portforward over WebSocket v4.channel.k8s.io) whose agent pod forwards to a
// REAL `isoscope agent --listen` process on this machine reading the k8s-v2 fixture node. What
// this proves is our side: the label and node selectors, the token, the port-forward framing,
// the NDJSON over it, the CRI mapping of containers to pods and the declared/effective table.
// Nothing here has talked to a real cluster (docs/cluster.md says so).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';
import { buildPlugin } from './bundle.build.js';
import { AGENT_LABEL, AGENT_PORT } from './constants.js';
import { startFakeApiServer, type FakeApiServer, type FakePod } from './fakeApiServer.js';

const REPO = new URL('../../../', import.meta.url).pathname;
const ROOT = new URL('../fixtures/roots/k8s-v2', import.meta.url).pathname;
const POD_UID = 'f07700a5-b996-4b1a-a3af-5f99ecb29549';

let dir: string;
let bundle: string;
let agent: ChildProcess;
let agentPort: number;
let api: FakeApiServer;
let kubeconfig: string;

/** A real `isoscope agent --listen 127.0.0.1:0` on the fixture node; resolves with its port. */
function startAgent(): Promise<number> {
  const code = `import { main } from ${JSON.stringify(join(REPO, 'electron/agent/cli/main.ts'))}; process.exitCode = await main(process.argv.slice(1));`;
  agent = spawn(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', code, 'agent', '--listen', '127.0.0.1:0', '--root', ROOT],
    { cwd: REPO, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let err = '';
    agent.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(err);
      if (m) resolve(Number(m[1]));
    });
    agent.on('exit', (c) => reject(new Error(`agent exited ${c}: ${err}`)));
  });
}

function runPlugin(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bundle, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: dir, KUBECONFIG: kubeconfig },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const agentPod = (name: string, node: string, forwardTo: number | null, phase = 'Running'): FakePod => ({
  metadata: { name, namespace: 'isoscope', labels: { [AGENT_LABEL.key]: AGENT_LABEL.value } },
  spec: { nodeName: node, hostPID: true, containers: [{ name: 'agent', image: 'isoscope/agent:test' }] },
  status: { phase },
  forwardTo,
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'isoscope-kubectl-'));
  bundle = join(dir, 'kubectl-isoscope');
  const [port] = await Promise.all([startAgent(), buildPlugin(bundle)]);
  agentPort = port;
  const workload: FakePod = {
    metadata: { name: 'web-with-logger', namespace: 'develop', uid: POD_UID, annotations: { note: 'declared, not enforced' } },
    spec: {
      nodeName: 'kube03a',
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        // Declares a read-only root and drops NET_RAW: the fixture's kernel facts say otherwise for the root.
        {
          name: 'web-server',
          image: 'nginx:alpine',
          securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['NET_RAW'] } },
        },
        // A hostile value from the API: an escape sequence in a label it declares.
        { name: 'log-reader', image: 'busybox', securityContext: { seLinuxOptions: { type: '\x1b]0;owned\x07spc_t' } } },
      ],
    },
    status: { phase: 'Running' },
  };
  // TLS as a real API server has it: a certificate for 127.0.0.1 from a CA the kubeconfig names.
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  const cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
  api = await startFakeApiServer(
    { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert },
    [
      agentPod('isoscope-agent-x7k2p', 'kube03a', agentPort),
      agentPod('isoscope-agent-old', 'kube03a', null, 'Failed'),
      agentPod('isoscope-agent-q9w8e', 'kube-deaf', null),
      workload,
      { ...workload, metadata: { ...workload.metadata, name: 'secret' } },
    ],
    ['secret'],
  );
  kubeconfig = join(dir, 'config');
  writeFileSync(
    kubeconfig,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        { name: 'fake', cluster: { server: api.url, 'certificate-authority-data': Buffer.from(cert).toString('base64') } },
      ],
      users: [{ name: 'tester', user: { token: api.token } }],
      contexts: [
        { name: 'other', context: { cluster: 'fake', user: 'tester', namespace: 'elsewhere' } },
        { name: 'fake', context: { cluster: 'fake', user: 'tester' } },
      ],
      'current-context': 'other',
    }),
  );
}, 180_000);

afterAll(async () => {
  agent?.kill('SIGTERM');
  await api?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// Each case starts the bundle (a 2.4 MB script) one or more times: seconds each on a busy machine.
describe('kubectl isoscope (bundle) through a stand-in API server to a real agent', { timeout: 120_000 }, () => {
  it('list --node: the same table as isoscope list on that node', async () => {
    let local = '';
    expect(
      await main(['list', '--root', ROOT], { stdout: { write: (t: string) => (local += t) }, stderr: { write: () => true } }),
    ).toBe(0);
    const r = await runPlugin(['list', '--node', 'kube03a', '--context', 'fake']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(local);
    expect(r.stdout).toContain('web-server');

    // Our side of the conversation: the agent pod found by label and node, with the user's
    // token; the port-forward to the agent's port, on the v4 channel protocol.
    const listCall = api.requests.find((q) => q.path.startsWith('/api/v1/namespaces/isoscope/pods?'))!;
    const query = new URLSearchParams(listCall.path.split('?')[1]);
    expect(query.get('labelSelector')).toBe('app.kubernetes.io/name=isoscope-agent');
    expect(query.get('fieldSelector')).toBe('spec.nodeName=kube03a');
    expect(listCall.authorization).toBe(`Bearer ${api.token}`);
    const forward = api.requests.find((q) => q.path.includes('/portforward'))!;
    expect(forward.path).toBe(`/api/v1/namespaces/isoscope/pods/isoscope-agent-x7k2p/portforward?ports=${AGENT_PORT}`);
    expect(forward.protocol).toBe('v4.channel.k8s.io');
    expect(forward.authorization).toBe(`Bearer ${api.token}`);
  });

  it('snapshot POD/CONTAINER: the declared securityContext beside the kernel, matched by pod uid', async () => {
    const r = await runPlugin(['snapshot', 'web-with-logger/web-server', '-n', 'develop', '--context', 'fake', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [cmp] = JSON.parse(r.stdout) as {
      pod: string;
      container: string;
      containerId: string;
      node: string;
      rows: { aspect: string; declared: string; effective: string }[];
    }[];
    expect(cmp).toMatchObject({
      pod: 'develop/web-with-logger',
      container: 'web-server',
      containerId: '294a29bad43c528ffc363f7bf6aa4137d0f1a871ade0944348840b5583a4e651',
      node: 'kube03a',
    });
    const row = (aspect: string) => cmp!.rows.find((x) => x.aspect === aspect)!;
    // Declared read-only, effective read-write (the fixture's root is rw): shown side by side.
    expect(row('readOnlyRootFilesystem')).toEqual({
      aspect: 'readOnlyRootFilesystem',
      declared: 'true',
      effective: 'root mounted read-write',
    });
    expect(row('capabilities').declared).toBe('drop [NET_RAW] add []');
    expect(row('capabilities').effective.split(', ')).toHaveLength(14); // CapEff 00000000a80425fb
    // Declared non-root at pod level; the kernel has uid 0 in the host's user namespace.
    expect(row('runAsNonRoot')).toMatchObject({ declared: 'true (pod)', effective: 'runs as uid 0' });
    expect(row('seccompProfile')).toMatchObject({ declared: 'RuntimeDefault (pod)', effective: 'filter (1 filter)' });
    expect(row('allowPrivilegeEscalation')).toMatchObject({ declared: 'false', effective: 'NoNewPrivs 0 (escalation possible)' });
    expect(row('hostNetwork')).toMatchObject({ declared: 'not set (false)' });
    expect(row('hostNetwork').effective).toMatch(/^net namespace: its own/);
  });

  it('snapshot POD: every container of the pod as a table; hostile declared text comes out escaped', async () => {
    const r = await runPlugin(['snapshot', 'web-with-logger', '--context', 'fake', '-n', 'develop']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('develop/web-with-logger · container web-server');
    expect(r.stdout).toContain('develop/web-with-logger · container log-reader');
    expect(r.stdout).not.toContain('container web-with-logger'); // the sandbox (pause) is not a container of the pod spec
    expect(r.stdout).toMatch(/ASPECT\s+DECLARED \(pod spec\)\s+EFFECTIVE \(kernel\)/);
    expect(r.stdout.includes('\x1b') || r.stdout.includes('\x07')).toBe(false);
    expect(r.stdout).toContain('type=\\x1b]0;owned\\x07spc_t');
  });

  it('the context namespace is the default for snapshot, as in kubectl', async () => {
    // Context "other" (current) says namespace "elsewhere": the pod is not there.
    const r = await runPlugin(['snapshot', 'web-with-logger']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'kubectl-isoscope: reading pod elsewhere/web-with-logger: the API server answered 404: pods "web-with-logger" not found\n',
    );
  });

  it('failures are one line each: no agent on the node, a refused port-forward, RBAC, a missing container, usage', async () => {
    expect(await runPlugin(['list', '--node', 'kube-nowhere', '--context', 'fake'])).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'kubectl-isoscope: no running isoscope agent on node kube-nowhere in namespace isoscope (apply it: isoscope k8s manifests | kubectl apply -f -)\n',
    });
    const refused = await runPlugin(['list', '--node', 'kube-deaf', '--context', 'fake']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^kubectl-isoscope: port-forward to isoscope\/isoscope-agent-q9w8e port 7070: error forwarding port 7070 to pod isoscope-agent-q9w8e: .*connection refused\n$/,
    );
    const rbac = await runPlugin(['snapshot', 'secret', '-n', 'develop', '--context', 'fake']);
    expect(rbac.code).toBe(1);
    expect(rbac.stderr).toMatch(
      /^kubectl-isoscope: reading pod develop\/secret: the API server answered 403: pods "secret" is forbidden/,
    );
    const missing = await runPlugin(['snapshot', 'web-with-logger/nginx', '-n', 'develop', '--context', 'fake']);
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toBe(
      'kubectl-isoscope: the agent on kube03a sees no container "nginx" of pod develop/web-with-logger (it sees: log-reader, web-server)\n',
    );
    expect(await runPlugin(['list', '--context', 'fake'])).toMatchObject({
      code: 2,
      stderr: 'kubectl-isoscope: list: --node NODE is required (kubectl get nodes lists them)\n',
    });
    expect(await runPlugin(['list', '--node', 'kube03a', '--context', 'nope'])).toMatchObject({
      code: 1,
      stderr: 'kubectl-isoscope: no context "nope" in the kubeconfig (other, fake)\n',
    });
  });
});
