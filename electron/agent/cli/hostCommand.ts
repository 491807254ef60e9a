// `isoscope host check|install ssh://…`: what a remote has (reachable with a known host key,
// node, the agent bundle with the right digest, sudo), and copying the bundle to it — after
// asking on a terminal, or with --yes.
import { createInterface } from 'node:readline';
import { UsageError } from '../commandLine/args.js';
import { EXIT, type Command, type CommandIo } from '../commandLine/command.js';
import { FLAGS, withHelp } from '../commandLine/flags.js';
import { terminalSafe } from '../commandLine/terminalSafe.js';
import { HOST_FLAGS, hostArg, sshOptionsOf } from '../commandLine/hostFlag.js';
import { formatHostSpec, type SshHost } from '../remote/hostSpec.js';
import { checkHost, installAgent, RemoteCommandError } from '../remote/install.js';
import { localAgentBundle } from '../remote/localBundle.js';
import { localHelpers } from '../remote/localHelpers.js';
import { agentInstallPath } from '../remote/sshCommand.js';

/** Asks on the terminal; resolves true for y/yes. */
function ask(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      resolve(/^y(es)?$/i.test(answer.trim()));
    });
    rl.on('close', () => resolve(false));
  });
}

function sshHostArg(text: string | undefined): SshHost {
  if (text === undefined) throw new UsageError('host: name the host, ssh://USER@HOST[:PORT]');
  const h = hostArg(text);
  if (h.kind !== 'ssh') throw new UsageError('host: this machine needs no check or install; name an ssh://… host');
  return h;
}

const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;

export const HOST_COMMAND: Command = {
  name: 'host',
  summary: 'check a remote host over ssh, or install the agent bundle on it',
  usage: ['host check ssh://USER@HOST[:PORT]', 'host install ssh://USER@HOST[:PORT] [--yes]'],
  description: `check: connects (host key checked against known_hosts: an unknown or changed key is refused),
and says the remote's node version (18 or newer is needed), whether the agent bundle is there with
the digest of this build, and whether sudo -n works. Exit 0 when the remote can run the agent.
install: copies the agent bundle (dist/remote/isoscope-agent.cjs) to ~/.cache/isoscope/agent-<sha256>.cjs
on the remote through the ssh session, and the native helpers beside it when the remote's uname -m is
the one they were built for; the remote checks every sha256 before keeping anything. Asks first on
a terminal; --yes for scripts.`,
  flags: {
    yes: withHelp(FLAGS.yes, 'install without asking'),
    identity: HOST_FLAGS.identity,
    'known-hosts': HOST_FLAGS['known-hosts'],
    'ssh-config': HOST_FLAGS['ssh-config'],
  },
  explain: (err) => (err instanceof RemoteCommandError ? err.message : undefined),
  async run(a, io: CommandIo) {
    const [verb, target, ...extra] = a.positional;
    if (verb !== 'check' && verb !== 'install')
      throw new UsageError('host: check or install (isoscope host check ssh://USER@HOST)');
    if (extra.length > 0) throw new UsageError(`host ${verb}: one host at a time`);
    const host = sshHostArg(target);
    const name = formatHostSpec(host);
    const ssh = sshOptionsOf(a);
    const bundle = localAgentBundle();
    if (verb === 'install') {
      if (!a.flags.has('yes')) {
        if (!process.stdin.isTTY)
          throw new UsageError('host install: not a terminal to ask on: add --yes to install without asking');
        const ok = await ask(
          `Copy the isoscope agent (${mib(bundle.bytes.length)}, sha256 ${bundle.sha256}) to ${name} as ~/${agentInstallPath(bundle.sha256)}? [y/N] `,
        );
        if (!ok) {
          io.stderr.write('isoscope: host install: not installed\n');
          return EXIT.failure;
        }
      }
      const r = await installAgent(host, ssh, bundle, localHelpers());
      io.stdout.write(terminalSafe(`${name}: installed ~/${r.path} (sha256 ${r.sha256}, checked on the remote)\n`));
      for (const h of r.helpers) io.stdout.write(terminalSafe(`${name}: installed ~/${h.path} (checked on the remote)\n`));
      if (r.helpersMissing)
        io.stdout.write(
          terminalSafe(`${name}: native helpers not installed (${r.helpersMissing}): what they read stays unavailable\n`),
        );
      return EXIT.ok;
    }
    const helpers = localHelpers();
    const c = await checkHost(host, ssh, bundle.sha256, helpers);
    const built = [...new Set(helpers.map((h) => h.arch))].join(', ') || 'none';
    const lines = [
      `${name}: reachable, host key matches known_hosts, key accepted`,
      `node: ${c.node === null ? 'none on the PATH (18 or newer is needed)' : `${c.node}${c.nodeOk ? '' : ' (too old: 18 or newer is needed)'}`}`,
      `agent: ${c.agent === 'ok' ? `~/${c.agentPath}, sha256 matches this build` : c.agent === 'absent' ? `not installed (isoscope host install ${name})` : c.agent === 'mismatch' ? `~/${c.agentPath} has ANOTHER sha256: it will not be run (reinstall: isoscope host install ${name})` : `~/${c.agentPath} could not be read`}`,
      `sudo: ${c.sudo === 'root' ? 'not needed (logged in as root)' : c.sudo === 'yes' ? 'sudo -n works' : 'sudo -n does not work (needs a password, or is absent): connect as root or allow it'}`,
      `native helpers: ${c.helpers === 'ok' ? `beside the agent for ${c.arch}, sha256 matches this build` : c.helpers === 'other-arch' ? `no helper for ${c.arch ?? 'this architecture'} (this build has them for ${built}): what they read stays unavailable` : c.helpers === 'absent' ? `not installed (isoscope host install ${name})` : c.helpers === 'mismatch' ? `one has ANOTHER sha256: it will not be run (reinstall: isoscope host install ${name})` : 'could not be read'}`,
    ];
    io.stdout.write(terminalSafe(lines.join('\n') + '\n'));
    return c.nodeOk && c.agent === 'ok' ? EXIT.ok : EXIT.failure;
  },
};
