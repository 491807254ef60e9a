// Every flag of the `isoscope` command line, declared once: a flag means the same in every
// command that takes it. A command lists the ones it takes (its FlagTable, with its own help
// line where it says more); a flag given to a command that does not take it is refused with
// "does not apply here", one that no command knows with "unknown option".
import type { FlagSpec, FlagTable } from './args.js';
import { COLLECT_FLAGS } from './collectFlags.js';
import { HOST_FLAGS } from './hostFlag.js';

export const FLAGS = {
  ...COLLECT_FLAGS,
  ...HOST_FLAGS,
  yes: { type: 'boolean', help: 'do it without asking' },
  json: { type: 'boolean', help: 'JSON instead of text' },
  html: { type: 'boolean', help: 'a self-contained HTML report' },
  md: { type: 'boolean', help: 'a Markdown summary' },
  sarif: { type: 'boolean', help: 'SARIF 2.1.0 (code scanning)' },
  junit: { type: 'boolean', help: 'JUnit XML (one test suite per container, one test case per check)' },
  out: { type: 'string', value: 'FILE', help: 'write to FILE (owner-only) instead of stdout' },
  from: { type: 'string', value: 'FILE', help: 'a saved snapshot file instead of the live host' },
  duration: { type: 'string', value: 'SEC', help: 'how long to record' },
  interval: { type: 'string', value: 'SEC', help: 'seconds between two samples' },
  pretty: { type: 'boolean', help: 'indented JSON' },
  stdio: { type: 'boolean', help: 'NDJSON requests on stdin, answers and samples on stdout' },
  port: { type: 'string', value: 'N', help: 'the port on 127.0.0.1 (default: any free one)' },
  'fail-on': { type: 'string', value: 'LEVEL', help: 'exit 1 when a finding of LEVEL or above exists (default: never)' },
  'lxc-path': { type: 'string', value: 'DIR', repeats: true, help: "LXC's lxcpath (default /var/lib/lxc)" },
} as const satisfies FlagTable;

/** A flag of the vocabulary with a help line of the command's own. */
export const withHelp = (spec: FlagSpec, help: string): FlagSpec => ({ ...spec, help });

/** Whether some command takes this flag. */
export const isKnownFlag = (name: string): boolean => Object.hasOwn(FLAGS, name);
