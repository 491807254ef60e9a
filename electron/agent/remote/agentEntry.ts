// The entry of the self-contained remote agent (agentBundle.build.ts bundles it with everything
// it imports into one file): the same command line as `isoscope`, run by the remote's own node.
import { main } from '../cli/main.js';

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
