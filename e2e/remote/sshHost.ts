// A throwaway SSH host for tests: `sshd -D -e -f <own config>` with its own host key, an
// AuthorizedKeysFile holding a key made for the run, root login by key only, on 127.0.0.1 (a free
// port) or inside a network namespace made for the run (a veth pair, addresses of its own: a
// "second host" that shares this machine's processes, so the same containers are seen from both).
// Nothing here reads or writes ~/.ssh: clients use the returned identity and known_hosts files
// and `-F /dev/null`.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SshHostHandle {
  /** ssh://root@ADDRESS:PORT */
  url: string;
  identityFile: string;
  /** A known_hosts file holding this host's key (and nothing else). */
  knownHostsFile: string;
  /** Kills sshd (every session it started too), removes the netns and veth and the run's keys. Idempotent. */
  stop(): Promise<void>;
  address: string;
  port: number;
  /** The run's directory (keys, config); removed by stop(). */
  dir: string;
  /** The host key's public line (`ssh-ed25519 AAAA…`). */
  hostKeyPublic: string;
  /** With netns: the namespace's name and the veth ends (host side, namespace side). */
  netns?: { name: string; hostVeth: string; nsVeth: string };
  /** Stops only the sshd listener (the namespace and keys stay): new connections are refused. */
  stopSshd(): Promise<void>;
  /** What sshd logged (-e: to stderr). */
  log(): string;
  /** Every process the listener started (session sshd processes and the commands they run). */
  sessionPids(): number[];
}

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

function keygen(file: string, comment: string): string {
  run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file]);
  return readFileSync(file + '.pub', 'utf8').trim();
}

/** A fresh key pair in dir (for "wrong key" and "changed host key" tests): the private key's path and the public line. */
export function makeKey(dir: string, name: string): { file: string; publicLine: string } {
  const file = join(dir, name);
  return { file, publicLine: keygen(file, name) };
}

/** known_hosts syntax for a host and port. */
export const knownHostsName = (address: string, port: number) => (port === 22 ? address : `[${address}]:${port}`);

/** Every process below pid (children first found by walking /proc's ppid fields). */
export function descendants(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parentOf.set(Number(name), ppid);
    } catch {
      /* exited */
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [child, parent] of parentOf)
      if (parent === p) {
        out.push(child);
        walk(child);
      }
  };
  walk(pid);
  return out;
}

async function waitListening(child: ChildProcess, logs: string[], timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    if (logs.join('').includes('Server listening on')) return;
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`sshd exited at start: ${logs.join('')}`);
    if (Date.now() - started > timeoutMs) throw new Error(`sshd did not start listening: ${logs.join('')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startSshHost(opts: { netns?: boolean } = {}): Promise<SshHostHandle> {
  const tag = randomBytes(3).toString('hex');
  const dir = mkdtempSync(join(tmpdir(), `isoscope-ssh-${tag}-`));
  // sshd's privilege separation directory (Debian's unit makes it; a test machine may not have it).
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  let netns: SshHostHandle['netns'];
  let sshd: ChildProcess | null = null;
  const logs: string[] = [];
  let stopped = false;

  const stopSshd = async () => {
    const child = sshd;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    // Sessions outlive the listener: end every process it started (found by parent pid) first.
    for (const pid of descendants(child.pid!)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([gone, new Promise((r) => setTimeout(r, 3000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await stopSshd();
    if (netns) {
      try {
        run('ip', ['netns', 'pids', netns.name])
          .split('\n')
          .filter(Boolean)
          .forEach((pid) => {
            try {
              process.kill(Number(pid), 'SIGKILL');
            } catch {
              /* gone */
            }
          });
      } catch {
        /* no namespace */
      }
      try {
        run('ip', ['link', 'del', netns.hostVeth]);
      } catch {
        /* gone with the namespace */
      }
      try {
        run('ip', ['netns', 'del', netns.name]);
      } catch {
        /* never made */
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const hostKeyPublic = keygen(join(dir, 'host_ed25519'), `isoscope-test-host-${tag}`);
    const client = makeKey(dir, 'id_ed25519');
    writeFileSync(join(dir, 'authorized_keys'), client.publicLine + '\n', { mode: 0o600 });

    let address = '127.0.0.1';
    let port: number;
    if (opts.netns) {
      const name = `isoscope-ssh-${tag}`;
      netns = { name, hostVeth: `isv${tag}h`, nsVeth: `isv${tag}n` };
      // A /30 of its own per run: 10.(201..250).x.y
      const b = randomBytes(3);
      const net = `10.${201 + (b[0]! % 50)}.${b[1]!}.${b[2]! & 0xfc}`;
      const [p1, p2, p3, p4] = net.split('.').map(Number) as [number, number, number, number];
      const hostAddr = `${p1}.${p2}.${p3}.${p4 + 1}`;
      address = `${p1}.${p2}.${p3}.${p4 + 2}`;
      run('ip', ['netns', 'add', name]);
      run('ip', ['link', 'add', netns.hostVeth, 'type', 'veth', 'peer', 'name', netns.nsVeth]);
      run('ip', ['link', 'set', netns.nsVeth, 'netns', name]);
      run('ip', ['addr', 'add', `${hostAddr}/30`, 'dev', netns.hostVeth]);
      run('ip', ['link', 'set', netns.hostVeth, 'up']);
      run('ip', ['-n', name, 'addr', 'add', `${address}/30`, 'dev', netns.nsVeth]);
      run('ip', ['-n', name, 'link', 'set', netns.nsVeth, 'up']);
      run('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
      port = 22;
    } else {
      port = await freePort();
    }
    const config =
      [
        `Port ${port}`,
        `ListenAddress ${address}`,
        `HostKey ${join(dir, 'host_ed25519')}`,
        `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
        'PermitRootLogin prohibit-password',
        'PubkeyAuthentication yes',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'UsePAM no',
        'StrictModes no',
        `PidFile ${join(dir, 'sshd.pid')}`,
        'LogLevel VERBOSE',
        'PrintMotd no',
        'AcceptEnv none',
        'X11Forwarding no',
        'AllowTcpForwarding no',
      ].join('\n') + '\n';
    writeFileSync(join(dir, 'sshd_config'), config, { mode: 0o600 });
    const knownHostsFile = join(dir, 'known_hosts');
    writeFileSync(knownHostsFile, `${knownHostsName(address, port)} ${hostKeyPublic}\n`, { mode: 0o600 });

    const start = () => {
      logs.length = 0;
      const argv = ['/usr/sbin/sshd', '-D', '-e', '-f', join(dir, 'sshd_config')];
      // nsenter --net only: `ip netns exec` would also give sshd a mount namespace with /sys remounted for
      // the new netns, without the cgroup hierarchies, so the second host could not read any container's cgroup.
      const child = netns
        ? spawn('nsenter', [`--net=/run/netns/${netns.name}`, '--', ...argv], { stdio: ['ignore', 'ignore', 'pipe'] })
        : spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
      child.stderr!.on('data', (d: Buffer) => logs.push(d.toString()));
      sshd = child;
      return waitListening(child, logs);
    };
    await start();
    return {
      url: `ssh://root@${address}:${port}`,
      identityFile: client.file,
      knownHostsFile,
      stop,
      address,
      port,
      dir,
      hostKeyPublic,
      ...(netns ? { netns } : {}),
      stopSshd,
      log: () => logs.join(''),
      sessionPids: () => (sshd?.pid !== undefined ? descendants(sshd.pid) : []),
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
