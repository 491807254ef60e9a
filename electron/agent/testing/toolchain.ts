// What a test needs from the machine's toolchain, probed once.
import { execFileSync } from 'node:child_process';

/** A C compiler (`cc`) runs here: the native helpers can be built. */
export const hasCc = (() => {
  try {
    execFileSync('cc', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
