// `isoscope lab up|down|status [--preset p[,p…]]`: demo containers with contrasting isolation
// (hardened, the runtime's default, loose, privileged-like), started with runc and a busybox
// rootfs, recorded in a root-only state (/run/isoscope-demo). `down` stops only what that state
// names; `status` shows each one with its posture from the audit. Root only: anything else is
// told so plainly (exit 2).
import { DEMO_PRESETS, DemoPreset, NEEDS_ROOT, PRESET_INFO, type DemoLabStatus } from '../../../shared/lab/demoLab.js';
import { UsageError } from '../commandLine/args.js';
import { EXIT, PROCESS_IO, runCommand, type Command, type CommandIo } from '../commandLine/command.js';
import { terminalSafe } from '../commandLine/terminalSafe.js';
import { checkLabDir, labDown, labStatus, labUp } from '../lab/demoLab.js';
import { demoAudits, postureLine } from '../lab/labPosture.js';

/** Words into lines of at most `width` columns. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const w of text.split(' ')) {
    if (line && line.length + 1 + w.length > width) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  return line ? [...lines, line] : lines;
}

const DESCRIPTION = `Starts demo containers with contrasting isolation, to see in Isoscope what each setting does
(needs root; runc and busybox-static). Each is named isoscope-demo-<8 hex>-<preset> and carries
the OCI annotation dev.isoscope.demo=<preset>; the lab's state is in /run/isoscope-demo
(root-only). \`down\` stops only what that state names; \`status\` shows each one with its init
pid, whether it is alive, and its posture (Pod Security level met, findings per severity).

presets (default: all):
${DEMO_PRESETS.map((p) => `  ${p.padEnd(17)}${wrap(PRESET_INFO[p].what, 78).join(`\n${' '.repeat(19)}`)}`).join('\n')}`;

function presetsOf(values: string[] | undefined): DemoPreset[] | null {
  if (!values) return null;
  const names = values.flatMap((v) => v.split(',')).filter(Boolean);
  const bad = names.filter((n) => !DemoPreset.safeParse(n).success);
  if (bad.length > 0)
    throw new UsageError(`unknown preset ${bad.join(', ').slice(0, 200)} (presets: ${DEMO_PRESETS.join(', ')})`);
  if (names.length === 0) throw new UsageError('--preset needs a value');
  return [...new Set(names as DemoPreset[])];
}

async function statusText(status: DemoLabStatus, presets: DemoPreset[] | null): Promise<string> {
  const shown = status.containers.filter((c) => !presets || presets.includes(c.preset));
  if (shown.length === 0) return `no demo containers (state: ${status.stateDir})\n`;
  const audits = await demoAudits(shown.filter((c) => c.alive).map((c) => c.id));
  const lines = shown.map((c) => {
    const life = c.alive ? 'alive' : `gone (${c.runtimeStatus})`;
    const posture = c.alive ? postureLine(audits.get(c.id)) : '—';
    const who = c.orphaned ? ' · left by an app that is no longer running' : '';
    return `${c.preset.padEnd(16)}${c.runtime}  ${c.id}  pid ${c.initPid ?? '—'}  ${life}  ${posture}${who}`;
  });
  return lines.join('\n') + '\n';
}

export const LAB_COMMAND: Command = {
  name: 'lab',
  summary: 'start, stop or list demo containers with contrasting isolation (root)',
  usage: ['lab up|down|status [--preset p[,p…]]'],
  description: DESCRIPTION,
  flags: { preset: { type: 'string', value: 'P[,P…]', repeats: true, help: `only these presets (${DEMO_PRESETS.join(', ')})` } },
  failureExit: 2,
  async run(a, io) {
    const [verb, ...extra] = a.positional;
    if (verb !== 'up' && verb !== 'down' && verb !== 'status')
      throw new UsageError(
        verb === undefined ? 'say up, down or status' : `unknown lab command ${verb.slice(0, 64)} (up, down or status)`,
      );
    if (extra.length > 0) throw new UsageError(`unexpected ${extra[0]!.slice(0, 64)}`);
    const presets = presetsOf(a.flags.get('preset'));
    if (process.geteuid?.() !== 0) {
      io.stderr.write(`isoscope lab: ${NEEDS_ROOT}\n`);
      return EXIT.usage;
    }
    const out = (t: string) => io.stdout.write(terminalSafe(t));
    if (verb === 'status') {
      const status = await labStatus();
      if (status.problem) throw new Error(status.problem);
      out(await statusText(status, presets));
      return EXIT.ok;
    }
    checkLabDir(); // an untrusted state directory stops here, before anything starts
    const result = verb === 'up' ? await labUp(presets ?? DEMO_PRESETS, { startedBy: 'cli' }) : await labDown(presets);
    for (const p of result.problems) io.stderr.write(terminalSafe(`isoscope lab: ${p}`) + '\n');
    out(await statusText(result.status, null));
    return result.problems.length > 0 ? EXIT.failure : EXIT.ok;
  },
};

/** `isoscope lab …` as a function of its words and the output (the command's name first, or left out). */
export const labCommand = (argv: readonly string[], io: CommandIo = PROCESS_IO): Promise<number> =>
  runCommand(LAB_COMMAND, argv, io);
