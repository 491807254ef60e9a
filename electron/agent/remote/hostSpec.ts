// Where a command or the app looks: `local` (this machine), `ssh://[user@]host[:port]`, or
// `k8s://CONTEXT/NODE` (a kubeconfig context and a node: the node's isoscope agent pod, reached
// through the API server's port-forward, electron/agent/kubernetes/).
// Strict on purpose: the host and user go on the system ssh client's command line, so a value
// that ssh could read as an option (a leading `-`), split (spaces), or misread (`@` twice,
// controls, `%` tokens, shell characters) is refused here with the reason, never passed on.
// Pure (no node:*): the GUI side may parse the same strings.

export interface SshHost {
  kind: 'ssh';
  /** The remote login; absent: ssh's own default (~/.ssh/config's User, else the local user). */
  user?: string;
  /** A DNS name, an ssh_config alias, an IPv4 address or an IPv6 address (without brackets). */
  host: string;
  /** Absent: ssh's own default (~/.ssh/config's Port, else 22). */
  port?: number;
}
export interface LocalHost {
  kind: 'local';
}
/** A Kubernetes node's agent, through the API server of a kubeconfig context. */
export interface K8sHost {
  kind: 'k8s';
  /** The kubeconfig context's name (its `/` written %2F in the URL, as EKS names have them). */
  context: string;
  /** The node's name (a Kubernetes DNS-1123 subdomain). */
  node: string;
}
export type HostSpec = SshHost | LocalHost | K8sHost;
export type RemoteHost = SshHost | K8sHost;

export class HostSpecError extends Error {}

const USER = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,63}$/;
// DNS labels (and ssh_config aliases of the same letters): letters, digits, `-` inside a label, `_`.
const NAME = /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62})(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62}))*\.?$/;
const IPV6 = /^[0-9A-Fa-f:.]{2,45}$/;

const printable = (s: string) => JSON.stringify(s.length > 80 ? s.slice(0, 80) + '…' : s);

function checkUser(user: string, spec: string): string {
  if (user === '') throw new HostSpecError(`host ${printable(spec)}: empty user before "@"`);
  if (user.startsWith('-'))
    throw new HostSpecError(`host ${printable(spec)}: a user may not start with "-" (ssh would read it as an option)`);
  if (!USER.test(user))
    throw new HostSpecError(
      `host ${printable(spec)}: user ${printable(user)} has characters a login name does not (letters, digits, . _ - only)`,
    );
  return user;
}

function checkHost(host: string, spec: string): string {
  if (host === '') throw new HostSpecError(`host ${printable(spec)}: no host name`);
  if (host.startsWith('-'))
    throw new HostSpecError(`host ${printable(spec)}: a host may not start with "-" (ssh would read it as an option)`);
  if (!NAME.test(host))
    throw new HostSpecError(
      `host ${printable(spec)}: ${printable(host)} is not a host name or address (letters, digits, . _ - only)`,
    );
  return host;
}

function checkPort(text: string, spec: string): number {
  if (!/^[0-9]{1,5}$/.test(text)) throw new HostSpecError(`host ${printable(spec)}: port ${printable(text)} is not a number`);
  const port = Number(text);
  if (port < 1 || port > 65535) throw new HostSpecError(`host ${printable(spec)}: port ${port} is outside 1–65535`);
  return port;
}

// A node's name is a DNS-1123 subdomain (Kubernetes' own rule for Node objects): lower-case
// letters, digits, `-` and `.`, labels starting and ending with a letter or digit, 253 at most.
const DNS1123_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?)*$/;
// A context name is the kubeconfig's own key, not a Kubernetes object: kind-kind, gke_p_zone_c,
// user@cluster, arn:aws:eks:…:cluster/name. It goes to our own bridge as one argument after
// `--context`, never through a shell; a leading `-` (read as an option), spaces, controls, shell
// and URL characters are refused. `/` is written %2F (the URL's separator), no other %-escape.
const CONTEXT = /^[A-Za-z0-9_][A-Za-z0-9._@:/+-]{0,252}$/;

function parseK8s(spec: string): K8sHost {
  let rest = spec.slice('k8s://'.length);
  if (/[?#]/.test(rest)) throw new HostSpecError(`host ${printable(spec)}: a query or fragment has no meaning here`);
  if (rest.endsWith('/')) rest = rest.slice(0, -1);
  const slash = rest.lastIndexOf('/');
  if (slash < 0) throw new HostSpecError(`host ${printable(spec)}: expected k8s://CONTEXT/NODE (a kubeconfig context, a node)`);
  const contextText = rest.slice(0, slash);
  const node = rest.slice(slash + 1);
  if (contextText.includes('/'))
    throw new HostSpecError(`host ${printable(spec)}: a "/" in the context name is written %2F (k8s://CONTEXT/NODE)`);
  if (/%(?![2][Ff])/.test(contextText))
    throw new HostSpecError(`host ${printable(spec)}: only %2F (a "/") may be escaped in a context name`);
  const context = contextText.replace(/%2F/gi, '/');
  if (context === '') throw new HostSpecError(`host ${printable(spec)}: no kubeconfig context before the node`);
  if (context.startsWith('-'))
    throw new HostSpecError(`host ${printable(spec)}: a context may not start with "-" (it would read as an option)`);
  if (!CONTEXT.test(context))
    throw new HostSpecError(
      `host ${printable(spec)}: context ${printable(context)} has characters a context name here may not (letters, digits, . _ - @ : + and %2F)`,
    );
  if (node === '') throw new HostSpecError(`host ${printable(spec)}: no node name after the context`);
  if (node.startsWith('-'))
    throw new HostSpecError(`host ${printable(spec)}: a node may not start with "-" (it would read as an option)`);
  if (!DNS1123_SUBDOMAIN.test(node))
    throw new HostSpecError(
      `host ${printable(spec)}: node ${printable(node)} is not a Kubernetes node name (a DNS-1123 subdomain: lower-case letters, digits, - and ., at most 253)`,
    );
  return { kind: 'k8s', context, node };
}

/**
 * `local`, `ssh://[user@]host[:port]` (IPv6 in brackets: `ssh://root@[::1]:2222`) or
 * `k8s://CONTEXT/NODE`. Throws HostSpecError.
 */
export function parseHostSpec(spec: string): HostSpec {
  if (spec === 'local') return { kind: 'local' };
  // eslint-disable-next-line no-control-regex -- refusing exactly these
  if (/[\x00-\x20\x7f-\x9f]/.test(spec))
    throw new HostSpecError(`host ${printable(spec)}: spaces and control characters are not allowed`);
  if (spec.startsWith('k8s://')) return parseK8s(spec);
  if (!spec.startsWith('ssh://'))
    throw new HostSpecError(`host ${printable(spec)}: expected "local", ssh://[user@]host[:port] or k8s://CONTEXT/NODE`);
  let rest = spec.slice('ssh://'.length);
  if (rest.endsWith('/')) rest = rest.slice(0, -1);
  if (/[/?#]/.test(rest)) throw new HostSpecError(`host ${printable(spec)}: a path, query or fragment has no meaning here`);
  const at = rest.indexOf('@');
  if (at !== rest.lastIndexOf('@')) throw new HostSpecError(`host ${printable(spec)}: more than one "@"`);
  let user: string | undefined;
  if (at >= 0) {
    user = checkUser(rest.slice(0, at), spec);
    rest = rest.slice(at + 1);
  }
  let host: string;
  let portText: string | undefined;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0) throw new HostSpecError(`host ${printable(spec)}: "[" without "]"`);
    host = rest.slice(1, close);
    if (!IPV6.test(host) || !host.includes(':'))
      throw new HostSpecError(`host ${printable(spec)}: ${printable(host)} is not an IPv6 address`);
    const after = rest.slice(close + 1);
    if (after !== '') {
      if (!after.startsWith(':')) throw new HostSpecError(`host ${printable(spec)}: unexpected ${printable(after)} after "]"`);
      portText = after.slice(1);
    }
  } else {
    const colon = rest.indexOf(':');
    if (colon !== rest.lastIndexOf(':'))
      throw new HostSpecError(`host ${printable(spec)}: an IPv6 address goes in brackets, ssh://[::1]:22`);
    host = checkHost(colon >= 0 ? rest.slice(0, colon) : rest, spec);
    if (colon >= 0) portText = rest.slice(colon + 1);
  }
  if (host === '') throw new HostSpecError(`host ${printable(spec)}: no host name`);
  const out: SshHost = { kind: 'ssh', host };
  if (user !== undefined) out.user = user;
  if (portText !== undefined) out.port = checkPort(portText, spec);
  return out;
}

/** The canonical text of a host: `local`, `ssh://user@host:port` or `k8s://context/node` (parseHostSpec(formatHostSpec(h)) equals h). */
export function formatHostSpec(h: HostSpec): string {
  if (h.kind === 'local') return 'local';
  if (h.kind === 'k8s') return `k8s://${h.context.replace(/\//g, '%2F')}/${h.node}`;
  const host = h.host.includes(':') ? `[${h.host}]` : h.host;
  return `ssh://${h.user !== undefined ? `${h.user}@` : ''}${host}${h.port !== undefined ? `:${h.port}` : ''}`;
}

/** `user@host` as ssh's destination argument (after `--`; the port goes in `-p`). */
export function sshDestination(h: SshHost): string {
  return `${h.user !== undefined ? `${h.user}@` : ''}${h.host}`;
}

// ---- k8s:// hosts: the bridge's command line and its failures, in words (pure, shared by the
// CLI's k8sBridge.ts and the app's remoteCommand.ts). The bridge is the kubectl plugin's bundle
// run as `stream` (electron/agent/kubernetes/bridge.ts); a failure is its last stderr line
// `kubectl-isoscope: stream: REASON: message`.

/**
 * Why reaching a node's agent failed:
 * - `no-context`: the kubeconfig has no such context, or names no cluster for it;
 * - `unauthorized`: the API server did not accept the credentials (401);
 * - `forbidden`: RBAC refused listing the agent pods or the port-forward (403);
 * - `api-unreachable`: the API server could not be reached (refused, DNS, timeout, TLS);
 * - `no-agent-pod`: no isoscope agent pod on that node (the DaemonSet is not there);
 * - `pod-not-ready`: agent pods on that node, none running and ready;
 * - `port-forward-failed`: the port-forward was refused (e.g. nothing listens in the pod);
 * - `connection-dropped`: the port-forward ended after it was open;
 * - `api-error`: anything else the API server answered.
 */
export const CLUSTER_REASONS = [
  'no-context',
  'unauthorized',
  'forbidden',
  'api-unreachable',
  'no-agent-pod',
  'pod-not-ready',
  'port-forward-failed',
  'connection-dropped',
  'api-error',
] as const;
export type ClusterReason = (typeof CLUSTER_REASONS)[number];

/** A cluster's reason, or ours: the bridge bundle is missing, or it ended without saying why. */
export type K8sFailureReason = ClusterReason | 'no-bridge' | 'bridge-exited';

export interface K8sFailure {
  reason: K8sFailureReason;
  message: string;
}

export const BRIDGE_PREFIX = 'kubectl-isoscope: stream: ';

export const NO_BRIDGE_MESSAGE =
  'the Kubernetes bridge is not built (dist/kubectl-isoscope.cjs): run `npm run build:kubectl` in the isoscope installation';

/** The bridge's arguments after the bundle's path. `--flag=value`: a value is never read as a flag. */
export function k8sBridgeArgs(h: K8sHost, agentNamespace: string): string[] {
  return ['stream', `--node=${h.node}`, `--context=${h.context}`, `--agent-namespace=${agentNamespace}`];
}

const KNOWN_REASONS: ReadonlySet<string> = new Set<string>([...CLUSTER_REASONS, 'no-bridge']);

/** The bridge's exit read as a reason: its last typed line, else how it ended. */
export function classifyBridgeExit(code: number | null, stderr: string): K8sFailure {
  const last = stderr
    .split('\n')
    .filter((l) => l.startsWith(BRIDGE_PREFIX))
    .at(-1);
  if (last !== undefined) {
    const rest = last.slice(BRIDGE_PREFIX.length);
    const colon = rest.indexOf(': ');
    const reason = colon > 0 ? rest.slice(0, colon) : '';
    if (KNOWN_REASONS.has(reason)) return { reason: reason as K8sFailureReason, message: rest.slice(colon + 2).trim() };
  }
  const tail = stderr.trim().split('\n').at(-1)?.slice(0, 300) ?? '';
  return {
    reason: 'bridge-exited',
    message: `the Kubernetes bridge exited (${code === null ? 'killed' : `code ${code}`})${tail ? `: ${tail}` : ''}`,
  };
}

/** Reasons only a person can fix (a context, credentials, RBAC, a missing bundle): no retry until asked. */
export const K8S_NO_RETRY: ReadonlySet<K8sFailureReason> = new Set<K8sFailureReason>([
  'no-context',
  'unauthorized',
  'forbidden',
  'no-bridge',
]);

/** The failure in words for a person: what happened and what to do. */
export function k8sFailureWords(url: string, f: K8sFailure): string {
  switch (f.reason) {
    case 'no-context':
      return `${url}: ${f.message} — check the name with \`kubectl config get-contexts\``;
    case 'unauthorized':
      return `${url}: the API server did not accept your credentials (${f.message}) — log in again (kubectl auth whoami)`;
    case 'forbidden':
      return `${url}: refused by RBAC (${f.message}) — you need the isoscope-client Role in the agent's namespace (docs/cluster.md, "RBAC")`;
    case 'pod-not-ready':
      return `${url}: the agent pod is not ready: ${f.message}`;
    case 'connection-dropped':
      return `${url}: the connection dropped: ${f.message}`;
    default:
      return `${url}: ${f.message}`;
  }
}
