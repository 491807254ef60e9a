// --interval: one default (DEFAULT_INTERVAL_MS) and the bounds the protocol and contract declare,
// in the usage text and in what is accepted, for the agent, serve and export alike.
import { describe, expect, it } from 'vitest';
import { AGENT_INTERVAL_MS, DEFAULT_INTERVAL_MS } from '../../../shared/agent/protocol.js';
import { GUI_INTERVAL_MS } from '../../../shared/ipc/contract.js';
import { AGENT_COMMAND } from '../cli/agentCommand.js';
import { EXPORT_COMMAND } from '../cli/exportCommand.js';
import { SERVE_COMMAND } from '../cli/serveCommand.js';
import { parseCommandLine, UsageError } from './args.js';
import { intervalMs } from './intervalFlag.js';

const parse = (...words: string[]) => parseCommandLine(['agent', ...words], { interval: { type: 'string', help: '' } });

describe('--interval', () => {
  it('is DEFAULT_INTERVAL_MS when not given, and within bounds as given', () => {
    expect(intervalMs(parse(), GUI_INTERVAL_MS)).toBe(DEFAULT_INTERVAL_MS);
    expect(intervalMs(parse('--interval', '2'), GUI_INTERVAL_MS)).toBe(2000);
    expect(intervalMs(parse('--interval=0.5'), GUI_INTERVAL_MS)).toBe(GUI_INTERVAL_MS.min);
    expect(intervalMs(parse('--interval', '0.1'), AGENT_INTERVAL_MS)).toBe(AGENT_INTERVAL_MS.min);
  });

  it('refuses a value outside the bounds, or not a number', () => {
    for (const v of ['0.4', '11', '', 'x', 'Infinity'])
      expect(() => intervalMs(parse('--interval', v), GUI_INTERVAL_MS), v).toThrow(UsageError);
    expect(() => intervalMs(parse('--interval', '0.05'), AGENT_INTERVAL_MS)).toThrow(/between 0.1 and 3600/);
  });

  it("each sampling command's usage names its bounds and the one default", () => {
    const help = (c: { flags: Readonly<Record<string, { help: string }>> }) => c.flags.interval!.help;
    expect(help(AGENT_COMMAND)).toContain(
      `(${AGENT_INTERVAL_MS.min / 1000}–${AGENT_INTERVAL_MS.max / 1000}, default ${DEFAULT_INTERVAL_MS / 1000})`,
    );
    expect(help(SERVE_COMMAND)).toContain(
      `(${GUI_INTERVAL_MS.min / 1000}–${GUI_INTERVAL_MS.max / 1000}, default ${DEFAULT_INTERVAL_MS / 1000})`,
    );
    expect(help(EXPORT_COMMAND)).toContain(`(${AGENT_INTERVAL_MS.min / 1000}–60, default ${DEFAULT_INTERVAL_MS / 1000})`);
  });
});
