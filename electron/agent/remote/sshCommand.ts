// How the app and the command line reach a remote host: the system `ssh` client (the user's
// keys, ssh-agent and ~/.ssh/config work as they do for ssh itself), running the self-contained
// agent bundle (agentBundle.build.ts) with the remote's own node, over the session's stdin/stdout.
//
// What the ssh command line guarantees:
//   -T, BatchMode=yes          no terminal, never a password or passphrase prompt (fails instead)
//   StrictHostKeyChecking=yes  an unknown or changed host key is refused, never accepted
//   UpdateHostKeys=no          known_hosts is never written
//   ServerAliveInterval/CountMax  a dead link is noticed (about 3 × 5 s) instead of hanging
//   no forwarding of the agent, X11 or ports; no LocalCommand
//   `--` before the destination; the host and user were checked by hostSpec.ts
// The remote command is built from fixed parts only: a fixed sh script, the agent path and the
// interval, each quoted by shellQuote. Nothing from the remote or a container goes into it.
// The agent file is checked against its sha256 by the same node process that then runs the bytes
// it checked (no window between check and use).
import { shellJoin, shellQuote } from './shellQuote.js';
import { sshDestination, type SshHost } from './hostSpec.js';

export interface RemoteAgentOptions {
  /** Run the agent through `sudo -n` on the remote (fails as 'sudo-needs-password' where sudo would ask). */
  sudo: boolean;
  /** The agent's poll interval. */
  intervalMs: number;
  /** The agent file on the remote (relative: to the remote home). Default: the installed bundle, agentInstallPath(agentDigest). */
  agentPath?: string;
  /** The sha256 (hex) the remote agent file must have; it is checked before every start. Needed unless agentPath is given. */
  agentDigest?: string;
  identityFile?: string;
  /** Default: ssh's own (~/.ssh/known_hosts, /etc/ssh/ssh_known_hosts). */
  knownHostsFile?: string;
  /** Default: ssh's own (~/.ssh/config). '/dev/null' for none. */
  sshConfigFile?: string;
  /** More ssh flags, as given (before `--`), e.g. ['-o', 'ProxyJump=bastion']. */
  extraFlags?: string[];
  /** More arguments for `isoscope agent` (the collector's location flags, as --name=value). */
  agentArgs?: string[];
  /** Seconds between keep-alive probes (default 5); the link is declared dead after 3 unanswered. */
  aliveIntervalSec?: number;
  /** Seconds to wait for the TCP connection (default 10). */
  connectTimeoutSec?: number;
}

export type SshFailureReason =
  | 'unknown-host-key'
  | 'changed-host-key'
  | 'auth-failed'
  | 'unreachable'
  | 'refused'
  | 'no-node'
  | 'no-agent'
  | 'agent-digest-mismatch'
  | 'sudo-needs-password'
  | 'agent-exited'
  | 'other';

export interface SshFailure {
  reason: SshFailureReason;
  /** One line for a person: what happened and what to do. */
  message: string;
}

const HEX64 = /^[0-9a-f]{64}$/;

/** Where `isoscope host install` puts the bundle on a remote, relative to the remote home. */
export const agentInstallPath = (digest: string): string => {
  if (!HEX64.test(digest)) throw new Error('agent digest must be 64 lowercase hex digits');
  return `.cache/isoscope/agent-${digest}.cjs`;
};

/** The ssh flags every connection uses, before `--` and the destination. */
export function sshBaseArgs(host: SshHost, opts: Omit<RemoteAgentOptions, 'sudo' | 'intervalMs'>): string[] {
  const alive = opts.aliveIntervalSec ?? 5;
  const args = [
    '-T',
    '-o',
    'BatchMode=yes',
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    'UpdateHostKeys=no',
    '-o',
    `ServerAliveInterval=${alive}`,
    '-o',
    'ServerAliveCountMax=3',
    '-o',
    `ConnectTimeout=${opts.connectTimeoutSec ?? 10}`,
    '-o',
    'ForwardAgent=no',
    '-o',
    'ForwardX11=no',
    '-o',
    'ClearAllForwardings=yes',
    '-o',
    'PermitLocalCommand=no',
    '-o',
    'EscapeChar=none',
  ];
  if (opts.sshConfigFile !== undefined) args.unshift('-F', opts.sshConfigFile);
  if (host.port !== undefined) args.push('-p', String(host.port));
  if (opts.identityFile !== undefined) args.push('-o', 'IdentitiesOnly=yes', '-i', opts.identityFile);
  if (opts.knownHostsFile !== undefined)
    args.push('-o', `UserKnownHostsFile=${opts.knownHostsFile}`, '-o', 'GlobalKnownHostsFile=/dev/null');
  args.push(...(opts.extraFlags ?? []));
  return args;
}

/** The full ssh argv running `remoteScript` (a command string for the remote shell) on host. */
export function sshArgs(host: SshHost, opts: Omit<RemoteAgentOptions, 'sudo' | 'intervalMs'>, remoteScript: string): string[] {
  return [...sshBaseArgs(host, opts), '--', sshDestination(host), remoteScript];
}

/** The marker the remote side writes on stderr before exiting for a reason of ours. */
export const REMOTE_MARK = 'isoscope-remote:';

// Runs in `node -e` on the remote: process.argv is [node, file, digest|'', ...agent args].
// Reads the file once, checks node's version and the digest, then runs exactly the bytes it checked.
const LOADER = [
  `const M='${REMOTE_MARK} ',fail=(r,m)=>{process.stderr.write(M+r+': '+m+'\\n');process.exit(126)};`,
  `if(+process.versions.node.split('.')[0]<18)fail('no-node','node '+process.version+' is too old on the remote (18 or newer needed)');`,
  `const fs=require('fs'),path=require('path'),[,f,d,...rest]=process.argv;let src;`,
  `try{src=fs.readFileSync(f)}catch(e){fail('no-agent','the agent is not at '+f+' on the remote ('+e.code+'): isoscope host install')}`,
  `if(d){const h=require('crypto').createHash('sha256').update(src).digest('hex');if(h!==d)fail('agent-digest-mismatch','the agent file '+f+' on the remote has sha256 '+h+', not '+d+': refusing to run it')}`,
  `const full=path.resolve(f),Module=require('module'),m=new Module(full);m.filename=full;m.paths=[];`,
  `process.argv=[process.argv[0],full,...rest];m._compile(src.toString('utf8'),full);`,
].join('');

// The remote shell runs `sh -c SCRIPT isoscope-remote FILE DIGEST ARGS…` (every word quoted).
// node runs as sh's child (not exec'd) so that a kill shows as a reason: ssh itself reports a
// remote signal only as exit code 255 with nothing said.
const SCRIPT = (sudo: boolean) =>
  [
    `command -v node >/dev/null 2>&1 || { echo '${REMOTE_MARK} no-node: no node on the remote PATH (node 18 or newer is needed)' >&2; exit 127; }`,
    sudo ? `sudo -n -- "$(command -v node)" -e "$ISOSCOPE_LOADER" "$@"` : `node -e "$ISOSCOPE_LOADER" "$@"`,
    'rc=$?',
    `if [ "$rc" -gt 128 ] && [ "$rc" -lt 160 ]; then echo "${REMOTE_MARK} agent-exited: the remote agent was killed by signal SIG$(kill -l $((rc - 128)))" >&2; fi`,
    'exit "$rc"',
  ].join('\n');

/** The sh command line (for the remote user's shell) that runs the agent file with these arguments. */
export function remoteNodeCommand(file: string, digest: string | undefined, args: readonly string[], sudo: boolean): string {
  if (digest !== undefined && !HEX64.test(digest)) throw new Error('agent digest must be 64 lowercase hex digits');
  // ~/x means the remote home: ssh starts the command there, so the relative path is the same file.
  const path = file.startsWith('~/') ? file.slice(2) : file;
  if (path === '' || path.startsWith('-')) throw new Error(`agent path ${JSON.stringify(file)} is not a file path`);
  const script = `ISOSCOPE_LOADER=${shellQuote(LOADER)}\n${SCRIPT(sudo)}`;
  return shellJoin(['sh', '-c', script, 'isoscope-remote', path, digest ?? '', ...args]);
}

/** The program and arguments that run `isoscope agent --stdio` on the remote host over the system ssh client. */
export function remoteAgentCommand(host: SshHost, opts: RemoteAgentOptions): { command: string; args: string[] } {
  if (!(opts.intervalMs >= 100 && opts.intervalMs <= 3_600_000))
    throw new Error(`interval ${opts.intervalMs} ms is outside 100 ms–1 h`);
  let file = opts.agentPath;
  if (file === undefined) {
    if (opts.agentDigest === undefined) throw new Error('remoteAgentCommand: agentPath or agentDigest is needed');
    file = agentInstallPath(opts.agentDigest);
  }
  for (const arg of opts.agentArgs ?? [])
    if (!/^--[a-z][a-z-]*(=|$)/.test(arg)) throw new Error(`agent argument ${JSON.stringify(arg)} is not --flag or --flag=value`);
  const agentArgs = ['agent', '--stdio', '--interval', String(opts.intervalMs / 1000), ...(opts.agentArgs ?? [])];
  return { command: 'ssh', args: sshArgs(host, opts, remoteNodeCommand(file, opts.agentDigest, agentArgs, opts.sudo)) };
}

const lastLines = (stderr: string, n = 3) =>
  stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(-n)
    .join(' / ');

const SIGNAL = /exit-signal|killed by signal|Killed by signal/;

/** Turns ssh's exit code + stderr into a clear, typed reason (and one line saying what to do). */
export function classifySshFailure(code: number | null, stderr: string): SshFailure {
  const mark = new RegExp(`${REMOTE_MARK} ([a-z-]+): (.*)`).exec(stderr);
  if (mark) {
    const reason = mark[1] as SshFailureReason;
    if (reason === 'no-node' || reason === 'no-agent' || reason === 'agent-digest-mismatch' || reason === 'agent-exited')
      return { reason, message: mark[2]!.slice(0, 500) };
  }
  if (/REMOTE HOST IDENTIFICATION HAS CHANGED/.test(stderr)) {
    return {
      reason: 'changed-host-key',
      message:
        'the host key has CHANGED since it was recorded in known_hosts: refused (someone may be intercepting the connection; if the host was reinstalled, remove the old key with ssh-keygen -R)',
    };
  }
  if (/No \S+ host key is known for|Host key verification failed/.test(stderr)) {
    return {
      reason: 'unknown-host-key',
      message:
        "the host's key is not in known_hosts: refused (connect once with ssh and check its fingerprint, or add it with ssh-keyscan after checking it)",
    };
  }
  if (/Permission denied \(|Too many authentication failures|no mutual signature|Received disconnect from .*Auth/.test(stderr)) {
    return {
      reason: 'auth-failed',
      message: `authentication failed: no key of yours is accepted by the host (${lastLines(stderr, 1)})`,
    };
  }
  if (
    /sudo: (a password is required|a terminal is required|\d+ incorrect password)|is not in the sudoers file|may not run sudo/.test(
      stderr,
    )
  ) {
    return {
      reason: 'sudo-needs-password',
      message:
        'sudo on the remote wants a password (or is not allowed): allow the agent command without one (NOPASSWD) or connect as root',
    };
  }
  if (/sudo: .*command not found|sudo: not found/.test(stderr)) {
    return { reason: 'sudo-needs-password', message: 'sudo is not installed on the remote: connect as root instead' };
  }
  if (/Connection refused/.test(stderr)) {
    return {
      reason: 'refused',
      message: `the host refused the connection: no SSH server listens on that port (${lastLines(stderr, 1)})`,
    };
  }
  if (
    /Timeout, server .* not responding|Connection timed out|No route to host|Network is unreachable|Could not resolve hostname|Name or service not known|Temporary failure in name resolution|Connection reset|Broken pipe|Connection closed by|Connection to .* closed by remote host|client_loop: send disconnect|kex_exchange_identification/.test(
      stderr,
    )
  ) {
    return { reason: 'unreachable', message: `the host cannot be reached or the connection dropped (${lastLines(stderr, 1)})` };
  }
  if (code !== null && code !== 255 && code !== 0) {
    return {
      reason: 'agent-exited',
      message: `the remote agent exited with code ${code}${stderr.trim() ? ` (${lastLines(stderr, 2)})` : ''}`,
    };
  }
  if (code === 255 && SIGNAL.test(stderr))
    return { reason: 'agent-exited', message: `the remote agent was killed (${lastLines(stderr, 1)})` };
  if (code === null) return { reason: 'agent-exited', message: 'the ssh client was killed by a signal' };
  if (code === 255 && stderr.trim() === '')
    return { reason: 'agent-exited', message: 'the remote agent ended without a word (ssh exit 255: killed by a signal?)' };
  return {
    reason: 'other',
    message: stderr.trim() ? `ssh failed: ${lastLines(stderr)}` : `ssh exited with code ${code} and said nothing`,
  };
}
