// `isoscope host install` and `isoscope host check`: copying the agent bundle to a remote that
// lacks it (through the ssh session's stdin: no scp or sftp needed) and asking a remote what it
// has. The copy lands in ~/.cache/isoscope/agent-<sha256>.cjs (mode 0600, directory 0700) and,
// where the remote's `uname -m` is the architecture they were built for, the native helpers
// beside it as <name>-<arch>-<sha256> (mode 0700: root's alone when logged in as root) — only
// after the remote's node has hashed what arrived and found every expected digest: a mismatch
// keeps nothing and fails. The runner checks the agent's digest again before every start
// (sshCommand.ts), and the agent a helper's before every run of it (nativeHelper.ts).
import { spawn } from 'node:child_process';
import { formatHostSpec, type SshHost } from './hostSpec.js';
import { ARCH, installedHelperName } from './helperManifest.js';
import type { AgentBundle } from './localBundle.js';
import type { LocalHelper } from './localHelpers.js';
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

// sh -c INSTALL isoscope-remote SCRIPT DIR PLAN, the files' bytes one after another on stdin.
const INSTALL = [NO_NODE, 'umask 077', 'exec node -e "$1" "$2" "$3"'].join('\n');

// Run by the remote's node (install plan: [{name, sha256, size, mode}], the bytes in that order on
// stdin): every file is checked against its digest before any is kept; each is then written under
// a fresh name (O_EXCL, never through a symlink), read back and hashed again, and renamed into place.
const INSTALLER = [
  `const fs=require('fs'),path=require('path'),crypto=require('crypto'),C=fs.constants;`,
  `const fail=(m)=>{process.stderr.write('${REMOTE_MARK} agent-digest-mismatch: '+m+'\\n');process.exit(3)};`,
  `const sha=(b)=>crypto.createHash('sha256').update(b).digest('hex');`,
  `const [dir,planText]=process.argv.slice(1),plan=JSON.parse(planText),parts=[];`,
  `process.stdin.on('data',(c)=>parts.push(c)).on('end',()=>{`,
  `const all=Buffer.concat(parts);let off=0;`,
  `for(const f of plan){if(!/^[A-Za-z0-9._-]{1,160}$/.test(f.name))fail('bad file name');const b=all.subarray(off,off+f.size);off+=f.size;const h=sha(b);`,
  `if(b.length!==f.size||h!==f.sha256)fail('the copy of '+f.name+' on the remote has sha256 '+h+', not '+f.sha256+': nothing kept');f.bytes=b}`,
  `if(off!==all.length)fail('more bytes arrived than the plan names: nothing kept');`,
  `fs.mkdirSync(dir,{recursive:true,mode:0o700});`,
  `for(const f of plan){const p=path.join(dir,f.name),t=p+'.tmp.'+process.pid;try{fs.unlinkSync(t)}catch(e){}`,
  `const fd=fs.openSync(t,C.O_WRONLY|C.O_CREAT|C.O_EXCL|C.O_NOFOLLOW,f.mode);let w=0;while(w<f.bytes.length)w+=fs.writeSync(fd,f.bytes,w);fs.fchmodSync(fd,f.mode);fs.fsyncSync(fd);fs.closeSync(fd);`,
  `const h=sha(fs.readFileSync(t));if(h!==f.sha256){fs.unlinkSync(t);fail('the file written for '+f.name+' has sha256 '+h+', not '+f.sha256+': removed')}`,
  `fs.renameSync(t,p);process.stdout.write('isoscope-installed '+h+' '+f.name+'\\n')}});`,
].join('');

export interface InstalledHelper {
  name: string;
  /** Relative to the remote home, beside the agent. */
  path: string;
  sha256: string;
}

export interface Installed {
  /** Relative to the remote home. */
  path: string;
  sha256: string;
  /** The remote's architecture (`uname -m`). */
  arch: string;
  /** The helpers copied beside the agent (those built for the remote's architecture). */
  helpers: InstalledHelper[];
  /** Why helpers were not copied ("no helper for aarch64: …"), or null when every one was. */
  helpersMissing: string | null;
}

/** The remote's `uname -m`; throws RemoteCommandError when ssh fails or the answer is not an architecture name. */
export async function remoteArch(host: SshHost, opts: SshOptions): Promise<string> {
  const r = await runRemote(host, opts, shellJoin(['uname', '-m']));
  if (r.code !== 0) throw new RemoteCommandError(formatHostSpec(host), classifySshFailure(r.code, r.stderr));
  const arch = r.stdout.trim();
  if (!ARCH.test(arch))
    throw new RemoteCommandError(formatHostSpec(host), {
      reason: 'other',
      message: `uname -m on the remote printed ${JSON.stringify(arch.slice(0, 40))}, not an architecture name`,
    });
  return arch;
}

/**
 * Copies the bundle to the remote's ~/.cache/isoscope/agent-<sha256>.cjs and, when the remote's
 * `uname -m` is the one they were built for, the native helpers beside it
 * (<name>-<arch>-<sha256>, mode 0700: the login's own, root's when logged in as root). The remote
 * checks every digest before keeping anything.
 */
export async function installAgent(
  host: SshHost,
  opts: SshOptions,
  bundle: Pick<AgentBundle, 'bytes' | 'sha256'>,
  helpers: readonly LocalHelper[] = [],
): Promise<Installed> {
  const path = agentInstallPath(bundle.sha256);
  const dir = path.slice(0, path.lastIndexOf('/'));
  const arch = helpers.length > 0 ? await remoteArch(host, opts) : null;
  const matching = helpers.filter((h) => h.arch === arch);
  const built = [...new Set(helpers.map((h) => h.arch))].join(', ');
  const helpersMissing =
    helpers.length === 0
      ? 'this build carries no native helpers'
      : matching.length === 0
        ? `no helper for ${arch}: this build has them for ${built} only`
        : null;
  const files = [
    { name: path.slice(dir.length + 1), sha256: bundle.sha256, bytes: bundle.bytes, mode: 0o600 },
    ...matching.map((h) => ({
      name: installedHelperName(h.name, h.arch, h.sha256),
      sha256: h.sha256,
      bytes: h.bytes,
      mode: 0o700,
    })),
  ];
  const plan = files.map((f) => ({ name: f.name, sha256: f.sha256, size: f.bytes.length, mode: f.mode }));
  const r = await runRemote(
    host,
    opts,
    shellJoin(['sh', '-c', INSTALL, 'isoscope-remote', INSTALLER, dir, JSON.stringify(plan)]),
    Buffer.concat(files.map((f) => f.bytes)),
  );
  if (r.code !== 0) throw new RemoteCommandError(formatHostSpec(host), classifySshFailure(r.code, r.stderr));
  const reported = new Map<string, string>();
  for (const line of r.stdout.split('\n')) {
    const m = /^isoscope-installed ([0-9a-f]{64}) ([A-Za-z0-9._-]+)$/.exec(line);
    if (m) reported.set(m[2]!, m[1]!);
  }
  for (const f of files) {
    if (reported.get(f.name) !== f.sha256) {
      throw new RemoteCommandError(formatHostSpec(host), {
        reason: 'agent-digest-mismatch',
        message: `the remote reported sha256 ${JSON.stringify((reported.get(f.name) ?? 'nothing').slice(0, 80))} for ${f.name}, not ${f.sha256}`,
      });
    }
  }
  return {
    path,
    sha256: bundle.sha256,
    arch: arch ?? '',
    helpers: files.slice(1).map((f) => ({ name: f.name, path: `${dir}/${f.name}`, sha256: f.sha256 })),
    helpersMissing,
  };
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
  /** The remote's `uname -m`, or null when it printed no architecture name. */
  arch: string | null;
  /**
   * The native helpers beside the agent, for the remote's architecture: 'ok' (every one present
   * with its digest), 'absent', 'mismatch' (one has another digest: it will not be run),
   * 'unreadable', 'other-arch' (this build has none for the remote's architecture).
   */
  helpers: 'ok' | 'absent' | 'mismatch' | 'unreadable' | 'other-arch';
}

// sh -c CHECK isoscope-remote FILE HASH HELPER…: key=value lines, each prefixed so that nothing else is read.
const CHECK = [
  'echo "isoscope-check arch=$(uname -m)"',
  'echo "isoscope-check node=$(node -v 2>/dev/null || echo none)"',
  'if [ ! -e "$1" ]; then echo "isoscope-check agent=absent"; else echo "isoscope-check agent=$(node -e "$2" "$1" 2>/dev/null || echo unreadable)"; fi',
  'if [ "$(id -u)" = 0 ]; then echo "isoscope-check sudo=root"; elif command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then echo "isoscope-check sudo=yes"; else echo "isoscope-check sudo=no"; fi',
  'h=$2; shift 2',
  'for f in "$@"; do if [ ! -e "$f" ]; then echo "isoscope-check helper=${f##*/} absent"; else echo "isoscope-check helper=${f##*/} $(node -e "$h" "$f" 2>/dev/null || echo unreadable)"; fi; done',
].join('\n');

/**
 * What a remote has: node and its version, the agent bundle (digest checked), sudo, its
 * architecture and the native helpers beside the agent (digests checked). Throws RemoteCommandError when ssh fails.
 */
export async function checkHost(
  host: SshHost,
  opts: SshOptions,
  digest: string,
  helpers: readonly Pick<LocalHelper, 'name' | 'arch' | 'sha256'>[] = [],
): Promise<HostCheck> {
  const agentPath = agentInstallPath(digest);
  const dir = agentPath.slice(0, agentPath.lastIndexOf('/'));
  const helperFiles = helpers.map((h) => `${dir}/${installedHelperName(h.name, h.arch, h.sha256)}`);
  const r = await runRemote(host, opts, shellJoin(['sh', '-c', CHECK, 'isoscope-remote', agentPath, HASH, ...helperFiles]));
  if (r.code !== 0) throw new RemoteCommandError(formatHostSpec(host), classifySshFailure(r.code, r.stderr));
  const values = new Map<string, string>();
  const helperAnswers = new Map<string, string>();
  for (const line of r.stdout.split('\n')) {
    const h = /^isoscope-check helper=([A-Za-z0-9._-]+) (.*)$/.exec(line);
    if (h) {
      helperAnswers.set(h[1]!, h[2]!.trim());
      continue;
    }
    const m = /^isoscope-check ([a-z]+)=(.*)$/.exec(line);
    if (m) values.set(m[1]!, m[2]!.trim());
  }
  const archText = values.get('arch') ?? '';
  const arch = ARCH.test(archText) ? archText : null;
  const mine = helpers.filter((h) => h.arch === arch);
  const states = mine.map((h) => {
    const answer = helperAnswers.get(installedHelperName(h.name, h.arch, h.sha256));
    return answer === h.sha256
      ? 'ok'
      : answer === 'absent'
        ? 'absent'
        : answer && /^[0-9a-f]{64}$/.test(answer)
          ? 'mismatch'
          : 'unreadable';
  });
  const helperState: HostCheck['helpers'] =
    mine.length === 0
      ? 'other-arch'
      : states.includes('mismatch')
        ? 'mismatch'
        : states.includes('unreadable')
          ? 'unreadable'
          : states.includes('absent')
            ? 'absent'
            : 'ok';
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
    arch,
    helpers: helperState,
  };
}
