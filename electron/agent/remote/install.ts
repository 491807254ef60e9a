// `isoscope host install` and `isoscope host check`: copying the agent bundle to a remote that
// lacks it (through the ssh session's stdin: no scp or sftp needed) and asking a remote what it
// has. The copy lands in ~/.cache/isoscope/agent-<sha256>.cjs (mode 0600, directory 0700) only
// after the remote's node has hashed what arrived and found the expected digest: a mismatch
// removes it and fails. The runner checks the digest again before every start (sshCommand.ts).
import { spawn } from 'node:child_process';
import { formatHostSpec, type SshHost } from './hostSpec.js';
import type { AgentBundle } from './localBundle.js';
import { shellJoin } from './shellQuote.js';
import {
  agentInstallPath,
  classifySshFailure,
  REMOTE_MARK,
  sshArgs,
  type RemoteAgentOptions,
  type SshFailure,
} from './sshCommand.js';

export type SshOptions = Omit<RemoteAgentOptions, 'sudo' | 'intervalMs'>;

export class RemoteCommandError extends Error {
  constructor(
    readonly host: string,
    readonly failure: SshFailure,
  ) {
    super(`${host}: ${failure.reason}: ${failure.message}`);
  }
}

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a remote command string over ssh, feeding it `input`; stdout and stderr capped at 1 MiB each. */
export function runRemote(host: SshHost, opts: SshOptions, remoteCommand: string, input?: Buffer): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn('ssh', sshArgs(host, opts, remoteCommand), { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const cap = 1024 * 1024;
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      if (stdout.length < cap) stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr = (stderr + d).slice(-cap);
    });
    child.stdin.on('error', () => {
      /* the session ended early: its exit says why */
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? Buffer.alloc(0));
  });
}

// node -e HASH FILE [EXPECTED]: prints the file's sha256; with EXPECTED, exits 3 (and says so) when they differ.
const HASH = `const h=require('crypto').createHash('sha256').update(require('fs').readFileSync(process.argv[1])).digest('hex');process.stdout.write(h+'\\n');if(process.argv[2]&&h!==process.argv[2]){process.stderr.write('${REMOTE_MARK} agent-digest-mismatch: the copy on the remote has sha256 '+h+', not '+process.argv[2]+': removed\\n');process.exit(3)}`;

const NO_NODE = `command -v node >/dev/null 2>&1 || { echo '${REMOTE_MARK} no-node: no node on the remote PATH (node 18 or newer is needed)' >&2; exit 127; }`;

// sh -c INSTALL isoscope-remote FILE DIGEST HASH, the bundle on stdin.
const INSTALL = [
  NO_NODE,
  'umask 077',
  'f=$1; t="$f.tmp.$$"',
  'mkdir -p "${f%/*}" || exit 1',
  'cat > "$t" || { rm -f "$t"; exit 1; }',
  'node -e "$3" "$t" "$2" || { rm -f "$t"; exit 3; }',
  'mv -f "$t" "$f"',
].join('\n');

export interface Installed {
  /** Relative to the remote home. */
  path: string;
  sha256: string;
}

/** Copies the bundle to the remote's ~/.cache/isoscope/agent-<sha256>.cjs; the remote checks the digest before keeping it. */
export async function installAgent(
  host: SshHost,
  opts: SshOptions,
  bundle: Pick<AgentBundle, 'bytes' | 'sha256'>,
): Promise<Installed> {
  const path = agentInstallPath(bundle.sha256);
  const r = await runRemote(
    host,
    opts,
    shellJoin(['sh', '-c', INSTALL, 'isoscope-remote', path, bundle.sha256, HASH]),
    bundle.bytes,
  );
  if (r.code !== 0) throw new RemoteCommandError(formatHostSpec(host), classifySshFailure(r.code, r.stderr));
  const remote = r.stdout.trim().split('\n').pop() ?? '';
  if (remote !== bundle.sha256) {
    throw new RemoteCommandError(formatHostSpec(host), {
      reason: 'agent-digest-mismatch',
      message: `the remote reported sha256 ${JSON.stringify(remote.slice(0, 80))} for the copy, not ${bundle.sha256}`,
    });
  }
  return { path, sha256: remote };
}

export interface HostCheck {
  host: string;
  /** ssh connected, the host key matched known_hosts and a key of ours was accepted. */
  reachable: true;
  /** `v20.1.0`, or null when the remote has no node. */
  node: string | null;
  /** Whether that node is new enough (≥ 18). */
  nodeOk: boolean;
  agentPath: string;
  /** 'ok' (present, digest matches), 'absent', 'mismatch' (present with another digest), 'unreadable'. */
  agent: 'ok' | 'absent' | 'mismatch' | 'unreadable';
  /** 'root' (logged in as root: not needed), 'yes' (sudo -n works), 'no'. */
  sudo: 'root' | 'yes' | 'no';
}

// sh -c CHECK isoscope-remote FILE HASH: key=value lines, each prefixed so that nothing else is read.
const CHECK = [
  'echo "isoscope-check node=$(node -v 2>/dev/null || echo none)"',
  'if [ ! -e "$1" ]; then echo "isoscope-check agent=absent"; else echo "isoscope-check agent=$(node -e "$2" "$1" 2>/dev/null || echo unreadable)"; fi',
  'if [ "$(id -u)" = 0 ]; then echo "isoscope-check sudo=root"; elif command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then echo "isoscope-check sudo=yes"; else echo "isoscope-check sudo=no"; fi',
].join('\n');

/** What a remote has: node and its version, the agent bundle (digest checked), sudo. Throws RemoteCommandError when ssh fails. */
export async function checkHost(host: SshHost, opts: SshOptions, digest: string): Promise<HostCheck> {
  const agentPath = agentInstallPath(digest);
  const r = await runRemote(host, opts, shellJoin(['sh', '-c', CHECK, 'isoscope-remote', agentPath, HASH]));
  if (r.code !== 0) throw new RemoteCommandError(formatHostSpec(host), classifySshFailure(r.code, r.stderr));
  const values = new Map<string, string>();
  for (const line of r.stdout.split('\n')) {
    const m = /^isoscope-check ([a-z]+)=(.*)$/.exec(line);
    if (m) values.set(m[1]!, m[2]!.trim());
  }
  const nodeText = values.get('node') ?? 'none';
  const node = /^v[0-9]+\.[0-9]+\.[0-9]+$/.test(nodeText) ? nodeText : null;
  const agentText = values.get('agent') ?? 'unreadable';
  const agent =
    agentText === 'absent'
      ? 'absent'
      : agentText === digest
        ? 'ok'
        : /^[0-9a-f]{64}$/.test(agentText)
          ? 'mismatch'
          : 'unreadable';
  const sudoText = values.get('sudo');
  return {
    host: formatHostSpec(host),
    reachable: true,
    node,
    nodeOk: node !== null && Number(node.slice(1).split('.')[0]) >= 18,
    agentPath,
    agent,
    sudo: sudoText === 'root' || sudoText === 'yes' ? sudoText : 'no',
  };
}
