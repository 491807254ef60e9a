// Which collector may be run as root. pkexec/sudo run the program they are given with full
// privileges; if another user can change any byte root will then execute (the node/electron
// binary, bin/isoscope.js, the dist/ tree the agent loads, the zod it imports, the seccomp helper,
// or any directory above them: a checkout in a home directory, an AppImage mounted by the user
// under /tmp), that user gets root. So the whole chain must be root's alone (owned by root,
// writable by nobody else: rootOwned.ts), checked on the real paths, and the real paths are what
// gets elevated. Otherwise the "elevated" command is a refusal that exits 126 with the reason
// (which file, its owner, its mode), and the service falls back to an unprivileged collector
// showing that reason.
//
// In the packaged app (.deb) the collector is started through its launcher
// `resources/isoscope-collector`, the program the polkit action dev.isoscope.app.collector
// (assets/dev.isoscope.app.policy) names in org.freedesktop.policykit.exec.path.
import { existsSync, lstatSync, readdirSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { entryProblem, problemText, rootOwned, rootOwnedTree, type RootOwned } from '../../agent/seccomp/profiler/rootOwned.js';
import type { AgentCommand } from './agentConnection.js';

export const COLLECTOR_LAUNCHER = 'isoscope-collector';

export type ElevationCheck =
  | {
      ok: true;
      /** The command to elevate, on real paths (the launcher's when packaged). */ command: string;
      args: string[];
      launcher: boolean;
    }
  | { ok: false; problem: string };

const refused = (r: Extract<RootOwned, { ok: false }>): ElevationCheck => ({ ok: false, problem: problemText(r) });

/** Checks everything root would execute or load for `cmd` (node + bin/isoscope.js + what it loads). */
export function checkElevation(cmd: AgentCommand): ElevationCheck {
  if (!isAbsolute(cmd.command)) return { ok: false, problem: `${cmd.command} is not an absolute path` };
  const node = rootOwned(cmd.command);
  if (!node.ok) return refused(node);
  const script = cmd.args[0];
  if (!script || !isAbsolute(script) || basename(script) !== 'isoscope.js')
    return { ok: false, problem: `${script ?? '(nothing)'} is not the collector's bin/isoscope.js` };
  const bin = rootOwned(script);
  if (!bin.ok) return refused(bin);
  const pkg = dirname(dirname(bin.real));
  const electron = cmd.keepEnv?.['ELECTRON_RUN_AS_NODE'] !== undefined;
  if (electron) {
    // Electron acting as Node loads libraries from beside its binary.
    const dir = dirname(node.real);
    for (const name of readdirSync(dir)) {
      const entry = join(dir, name);
      const st = lstatSync(entry);
      if (st.isSymbolicLink()) {
        // A link in a root-only directory can only be replaced by root: what counts is where it
        // leads, which must be root's alone too (the stand-in found /usr/bin's links refused).
        if (st.uid !== 0)
          return { ok: false, problem: `${entry} is a symlink owned by uid ${st.uid}, not root (beside ${node.real})` };
        const target = rootOwned(entry);
        if (!target.ok) return { ok: false, problem: `${entry} (beside ${node.real}) leads to ${problemText(target)}` };
        continue;
      }
      const why = entryProblem(st, false);
      if (why) return { ok: false, problem: `${entry} ${why} (beside ${node.real}, which Electron loads from)` };
    }
  }
  for (const file of ['package.json'].map((f) => join(pkg, f)).filter((f) => existsSync(f))) {
    const r = rootOwned(file);
    if (!r.ok) return refused(r);
  }
  const zod = join(pkg, 'node_modules', 'zod');
  if (!existsSync(zod))
    return { ok: false, problem: `${zod} is missing (the collector loads it; Node would look for it in directories above)` };
  for (const tree of [join(pkg, 'dist', 'electron', 'agent'), join(pkg, 'dist', 'shared'), join(pkg, 'dist', 'native'), zod]) {
    if (!existsSync(tree) && tree.endsWith('native')) continue;
    const r = rootOwnedTree(tree);
    if (!r.ok) return refused(r);
  }
  // Packaged: resources/app.asar.unpacked/bin/isoscope.js → resources/isoscope-collector.
  const launcher = join(dirname(pkg), COLLECTOR_LAUNCHER);
  if (basename(pkg) === 'app.asar.unpacked' && existsSync(launcher)) {
    const l = rootOwned(launcher);
    if (!l.ok) return refused(l);
    if (cmd.args[1] !== 'agent')
      return { ok: false, problem: `the launcher runs only the collector agent, not "${cmd.args[1] ?? ''}"` };
    return { ok: true, command: l.real, args: cmd.args.slice(2), launcher: true };
  }
  return { ok: true, command: node.real, args: [bin.real, ...cmd.args.slice(1)], launcher: false };
}

/** The message a refused elevation ends with (exit 126), shown by the GUI as the reason. */
export const refusalMessage = (problem: string): string =>
  `refusing to run the collector as root: ${problem}. Only code that only root can change is run as root: ` +
  'install Isoscope system-wide (the .deb) or keep this copy owned by root and not writable by others, or start the collector as root yourself (sudo isoscope agent --stdio)';

/**
 * A command that prints the refusal and exits 126 (what pkexec returns when not authorised), run
 * unprivileged. It first takes the caller's first request line (at most 2 s): a collector child
 * that vanished before the service's `hello` was written would make that write fail (EPIPE).
 */
export function refusalCommand(cmd: AgentCommand, problem: string): AgentCommand {
  const { keepEnv: _drop, ...rest } = cmd;
  const script = 'printf "%s\\n" "$1" >&2; timeout 2 head -n 1 > /dev/null; exit 126';
  return { ...rest, command: '/bin/sh', args: ['-c', script, 'isoscope-elevation', refusalMessage(problem)] };
}
