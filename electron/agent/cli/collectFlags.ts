// The collector's flags live in commandLine/collectFlags.ts; electron/main/serve/cli.ts still
// imports them from here.
export { collectOptions, COLLECT_FLAGS } from '../commandLine/collectFlags.js';
