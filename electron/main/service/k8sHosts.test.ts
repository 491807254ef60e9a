// A `k8s://CONTEXT/NODE` host in the app's service, end to end on this machine: the kubectl
// plugin's bundle (built here with the build script's options) runs as the host's bridge, talks
// TLS to a stand-in API server (agent/kubernetes/fakeApiServer.ts: pod list, pods/portforward over
// WebSocket v4.channel.k8s.io), whose agent pod forwards to a REAL `isoscope agent --listen` on the
// k8s-v2 fixture node. What this proves is our side: the host added, listed, remembered and
// removed; the node's containers arriving; each failure with its own reason; a dropped
// port-forward reconnecting. Nothing here has talked to a real cluster (docs/cluster.md).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HostStatus } from '../../../shared/ipc/contract.js';
import { buildPlugin } from '../../agent/kubernetes/bundle.build.js';
import { k8sSnapshot, K8sHostError } from '../../agent/kubernetes/k8sBridge.js';
import { AGENT_LABEL } from '../../agent/kubernetes/constants.js';
import { startFakeApiServer, type FakeApiServer, type FakePod } from '../../agent/kubernetes/fakeApiServer.js';
import { startTcpAgent, type TcpAgent } from '../../agent/stream/tcpAgent.js';
import { makeAgentCommand } from './agentCommand.js';
import { readHostsFile } from './hostsFile.js';
import { IsoscopeService } from './service.js';

const TREE = new URL('../../agent/fixtures/roots/k8s-v2', import.meta.url).pathname;

let dir: string;
let bundle: string;
let kubeconfig: string;
let api: FakeApiServer;
let agent: TcpAgent;
let service: IsoscopeService | null = null;

const agentPod = (name: string, node: string, forwardTo: number | null, status: FakePod['status']): FakePod => ({
  metadata: { name, namespace: 'isoscope', labels: { [AGENT_LABEL.key]: AGENT_LABEL.value } },
  spec: { nodeName: node, hostPID: true, containers: [{ name: 'agent', image: 'isoscope/agent:test' }] },
  status,
  forwardTo,
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'isoscope-k8s-hosts-'));
  bundle = join(dir, 'kubectl-isoscope.cjs');
  const [tcp] = await Promise.all([startTcpAgent({ root: TREE }, 1000, { host: '127.0.0.1', port: 0 }), buildPlugin(bundle)]);
  agent = tcp;
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
  api = await startFakeApiServer({ key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert }, [
    agentPod('isoscope-agent-x7k2p', 'kube03a', agent.address.port, { phase: 'Running' }),
    agentPod('isoscope-agent-p3nd1', 'kube-pending', null, { phase: 'Pending' }),
    agentPod('isoscope-agent-cr4sh', 'kube-crashing', null, {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: 'False' }],
    }),
    agentPod('isoscope-agent-d34f0', 'kube-deaf', null, { phase: 'Running' }),
  ]);
  kubeconfig = join(dir, 'kubeconfig');
  const cluster = { server: api.url, 'certificate-authority-data': Buffer.from(cert).toString('base64') };
  writeFileSync(
    kubeconfig,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        { name: 'fake', cluster },
        { name: 'gone', cluster: { server: 'https://127.0.0.1:1' } },
      ],
      users: [
        { name: 'tester', user: { token: api.token } },
        { name: 'viewer', user: { token: api.forbiddenToken } },
        { name: 'stranger', user: { token: 'not-a-token' } },
      ],
      contexts: [
        { name: 'fake', context: { cluster: 'fake', user: 'tester' } },
        { name: 'rbac', context: { cluster: 'fake', user: 'viewer' } },
        { name: 'stale-login', context: { cluster: 'fake', user: 'stranger' } },
        { name: 'gone', context: { cluster: 'gone', user: 'tester' } },
      ],
      'current-context': 'fake',
    }),
  );
}, 180_000);

afterAll(async () => {
  await api?.close();
  await agent?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

afterEach(() => {
  service?.stop();
  service = null;
});

const until = async (what: string, check: () => boolean, ms = 60_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

function startService(hostsFile?: string, k8sBundle: string | null = bundle): IsoscopeService {
  const s = new IsoscopeService({
    agentCommand: makeAgentCommand(['--root', TREE], 'node'),
    intervalMs: 700,
    backoffMs: [300],
    ...(hostsFile ? { hostsFile } : {}),
    k8s: { bundle: k8sBundle, kubeconfig },
  });
  service = s;
  s.start();
  return s;
}

async function add(s: IsoscopeService, url: string): Promise<HostStatus> {
  const r = await s.dispatch('addHost', { url, sudo: false });
  if (!r.ok) throw new Error(r.error.message);
  return r.result;
}

const hostOf = (s: IsoscopeService, id: string) => s.listHosts().find((h) => h.id === id)!;

// Each host starts the bundle (a 2.4 MB script) once or more: seconds each on a busy machine.
describe('a k8s://CONTEXT/NODE host in the service', { timeout: 120_000 }, () => {
  it("lists the node's containers through the port-forward, is remembered, and is removed", async () => {
    const hostsFile = join(dir, 'config', 'hosts.json');
    const s = startService(hostsFile);
    const h = await add(s, 'k8s://fake/kube03a');
    expect(h.url).toBe('k8s://fake/kube03a');
    await until('the k8s host to connect', () => hostOf(s, h.id).state === 'connected');
    const state = await s.dispatch('getHostState', { id: h.id });
    if (!state.ok) throw new Error(state.error.message);
    expect(state.result.containers.map((c) => c.name).sort()).toEqual(['coredns', 'log-reader', 'web-server', 'web-with-logger']);
    expect(state.result.host?.hostname).toBe('kube03a');
    // The app's interval, set after hello (the pod's agent listens with its own).
    const samples: number[] = [];
    s.on('push', (e) => e.channel === 'hostSample' && e.payload.hostId === h.id && samples.push(e.payload.sample.t));
    await until('two samples from the node', () => samples.length >= 2);

    // Our side of the conversation: the pod by label and node, the port-forward to 7070.
    const listCall = api.requests.find((q) => q.path.startsWith('/api/v1/namespaces/isoscope/pods?'))!;
    const query = new URLSearchParams(listCall.path.split('?')[1]);
    expect(query.get('labelSelector')).toBe('app.kubernetes.io/name=isoscope-agent');
    expect(query.get('fieldSelector')).toBe('spec.nodeName=kube03a');
    expect(
      api.requests.some((q) => q.path === '/api/v1/namespaces/isoscope/pods/isoscope-agent-x7k2p/portforward?ports=7070'),
    ).toBe(true);

    expect(readHostsFile(hostsFile)).toEqual([{ id: h.id, url: 'k8s://fake/kube03a', sudo: false, identityFile: null }]);
    expect(await s.dispatch('removeHost', { id: h.id })).toEqual({ ok: true, result: null });
    expect(readHostsFile(hostsFile)).toEqual([]);
    expect(s.listHosts().map((x) => x.url)).toEqual(['local']);
  });

  it('ssh settings and hostile specs are refused before anything runs', async () => {
    const s = startService();
    const sudo = await s.dispatch('addHost', { url: 'k8s://fake/kube03a', sudo: true });
    expect(sudo).toMatchObject({ ok: false, error: { code: 'bad-params', message: expect.stringMatching(/ssh settings/) } });
    for (const url of ['k8s://fake/--context=rbac', 'k8s://-v=9/kube03a', 'k8s://fake/Kube03a'])
      expect(await s.dispatch('addHost', { url, sudo: false })).toMatchObject({ ok: false, error: { code: 'bad-params' } });
    expect(s.listHosts()).toHaveLength(1);
  });

  it.each([
    ['k8s://nope/kube03a', 'no-context', 'refused', /no context "nope" in the kubeconfig .*kubectl config get-contexts/],
    ['k8s://rbac/kube03a', 'forbidden', 'refused', /refused by RBAC .*403.*isoscope-client Role/],
    ['k8s://stale-login/kube03a', 'unauthorized', 'refused', /did not accept your credentials .*401/],
    ['k8s://fake/kube-nowhere', 'no-agent-pod', 'reconnecting', /no running isoscope agent on node kube-nowhere/],
    ['k8s://fake/kube-pending', 'pod-not-ready', 'reconnecting', /not ready: .*isoscope-agent-p3nd1 \(Pending\)/],
    ['k8s://fake/kube-crashing', 'pod-not-ready', 'reconnecting', /isoscope-agent-cr4sh \(Running, not ready\)/],
    ['k8s://fake/kube-deaf', 'port-forward-failed', 'reconnecting', /connection refused/],
    ['k8s://gone/kube03a', 'api-unreachable', 'reconnecting', /k8s:\/\/gone\/kube03a: listing the agent pods/],
  ])('%s: %s (%s)', async (url, kind, state, words) => {
    const s = startService();
    const h = await add(s, url);
    await until(`${url} to fail`, () => hostOf(s, h.id).reasonKind === kind);
    const now = hostOf(s, h.id);
    await until(`${url} to be ${state}`, () => hostOf(s, h.id).state === state);
    expect(now.reason).toMatch(words);
    expect(now.reason).toMatch(new RegExp(`^${url.replace(/[/.]/g, '\\$&')}: `));
  });

  it('no bridge built: refused with what to run', async () => {
    const s = startService(undefined, null);
    const h = await add(s, 'k8s://fake/kube03a');
    await until('the refusal', () => hostOf(s, h.id).state === 'refused');
    expect(hostOf(s, h.id)).toMatchObject({ reasonKind: 'no-bridge', reason: expect.stringMatching(/npm run build:kubectl/) });
  });

  it('a dropped port-forward: stale, reconnecting with its reason, then back with fresh data', async () => {
    const s = startService();
    const h = await add(s, 'k8s://fake/kube03a');
    await until('connected', () => hostOf(s, h.id).state === 'connected');
    const kinds: (string | null)[] = [];
    s.on('push', (e) => {
      if (e.channel === 'hosts') kinds.push(e.payload.find((x) => x.id === h.id)?.reasonKind ?? null);
    });
    api.dropForwards();
    await until('the drop to be seen', () => kinds.includes('connection-dropped'));
    const forwards = () => api.requests.filter((q) => q.path.includes('/portforward')).length;
    const before = forwards();
    await until('connected again', () => hostOf(s, h.id).state === 'connected' && forwards() > before);
    expect(hostOf(s, h.id)).toMatchObject({ reason: null, staleSince: null });
  });
});

describe('isoscope --host k8s://CONTEXT/NODE (the CLI side: one snapshot through the bridge)', { timeout: 120_000 }, () => {
  it("the node's snapshot, marked with its host; a refusal as a typed error", async () => {
    const env = { PATH: process.env.PATH ?? '', HOME: dir, KUBECONFIG: kubeconfig };
    const snap = await k8sSnapshot({ kind: 'k8s', context: 'fake', node: 'kube03a' }, { bundle, env });
    expect(snap.source).toEqual({ host: 'k8s://fake/kube03a' });
    expect(snap.containers.map((c) => c.name).sort()).toEqual(['coredns', 'log-reader', 'web-server', 'web-with-logger']);
    const refused = await k8sSnapshot({ kind: 'k8s', context: 'rbac', node: 'kube03a' }, { bundle, env }).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(K8sHostError);
    expect((refused as K8sHostError).failure.reason).toBe('forbidden');
    const none = await k8sSnapshot({ kind: 'k8s', context: 'fake', node: 'kube03a' }, { bundle: null, env }).catch(
      (e: unknown) => e,
    );
    expect((none as K8sHostError).failure).toMatchObject({ reason: 'no-bridge' });
  });
});
