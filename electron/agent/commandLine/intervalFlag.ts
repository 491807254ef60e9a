// --interval SEC, the same for every command that samples (agent, serve, export): bounds from
// the module that declares them (shared/agent/protocol.ts, shared/ipc/contract.ts), the
// default DEFAULT_INTERVAL_MS.
import { DEFAULT_INTERVAL_MS } from '../../../shared/agent/protocol.js';
import { secondsFlag, type ParsedArgs } from './args.js';
import { FLAGS, withHelp } from './flags.js';
import type { FlagSpec } from './args.js';

export interface IntervalBounds {
  readonly min: number;
  readonly max: number;
}

/** The --interval flag with its range and default in the usage text. */
export function intervalFlag(bounds: IntervalBounds, what = 'seconds between two samples'): FlagSpec {
  return withHelp(FLAGS.interval, `${what} (${bounds.min / 1000}–${bounds.max / 1000}, default ${DEFAULT_INTERVAL_MS / 1000})`);
}

/** --interval in milliseconds, DEFAULT_INTERVAL_MS when not given; a UsageError outside the bounds. */
export function intervalMs(a: ParsedArgs, bounds: IntervalBounds): number {
  return secondsFlag(a, 'interval', DEFAULT_INTERVAL_MS / 1000, bounds.min / 1000, bounds.max / 1000) * 1000;
}
