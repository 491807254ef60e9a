// The collector for the benches, from the sources (`node --import tsx e2e/bench/agentEntry.ts agent
// --stdio …`): the same code as bin/isoscope.js runs from dist/, without depending on a dist/ that
// `npm run build` may be rewriting while the bench runs.
import { main } from '../../electron/agent/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
