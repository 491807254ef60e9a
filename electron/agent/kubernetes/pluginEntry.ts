// The entry point of the one-file `kubectl-isoscope` bundle (esbuild, docs/cluster.md): the
// plugin with its dependencies inlined, for a machine that has node but not this repository.
import { PROCESS_IO } from '../commandLine/command.js';
import { pluginMain } from './plugin.js';

void pluginMain(process.argv.slice(2), PROCESS_IO).then((code) => {
  process.exitCode = code;
});
