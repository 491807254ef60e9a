// `isoscope --help`: every command of the registry with its synopsis and summary, then the
// collector's flags. Each command's own usage: commandLine/command.ts usageText().
import { COLLECT_FLAGS } from '../commandLine/collectFlags.js';
import { AGENT_VERSION } from '../version.js';
import { COMMANDS } from './commands.js';

export function overviewText(): string {
  const lines = [`isoscope ${AGENT_VERSION} — how isolated is each container, from the kernel's own view`, '', 'usage:'];
  for (const c of COMMANDS) lines.push(`  isoscope ${c.usage[0]}`, `      ${c.summary}`);
  const rows = Object.entries(COLLECT_FLAGS).map(
    ([name, f]) => [`--${name}${f.type === 'string' ? ` ${f.value ?? 'VALUE'}` : ''}`, f.help] as const,
  );
  const width = Math.max(...rows.map(([f]) => f.length)) + 2;
  lines.push(
    '',
    'where to look (each may repeat; added to the defaults):',
    ...rows.map(([f, help]) => `  ${f.padEnd(width)}${help}`),
  );
  lines.push(
    '',
    'isoscope help <command> (or isoscope <command> --help): its flags and what it does',
    'isoscope --version: the version',
  );
  return lines.join('\n') + '\n';
}
