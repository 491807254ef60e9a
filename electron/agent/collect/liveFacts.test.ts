// The text key the steady path compares: the live-fact lines of /proc/PID/status, and nothing
// that moves on its own (memory, context switches).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { statusKey } from './liveFacts.js';

const status = (name: string) => readFileSync(new URL(`../fixtures/text/status/${name}.status`, import.meta.url), 'utf8');

describe('statusKey', () => {
  it('changes with credentials, capabilities, NoNewPrivs and seccomp', () => {
    expect(statusKey(status('local-docker-cgroupfs-v1-default'))).not.toBe(
      statusKey(status('local-docker-cgroupfs-v1-capdrop-all-nnp-uid1000')),
    );
    const text = status('local-docker-cgroupfs-v1-default');
    for (const [line, changed] of [
      [/^CapEff:.*$/m, 'CapEff:\t0000000000000000'],
      [/^NoNewPrivs:.*$/m, 'NoNewPrivs:\t1'],
      [/^Seccomp_filters:.*$/m, 'Seccomp_filters:\t9'],
      [/^Uid:.*$/m, 'Uid:\t1\t1\t1\t1'],
    ] as const) {
      expect(line.test(text)).toBe(true);
      expect(statusKey(text.replace(line, changed))).not.toBe(statusKey(text));
    }
  });

  it('does not change with memory or scheduling counters', () => {
    const text = status('local-docker-cgroupfs-v1-default');
    const moved = text
      .replace(/^VmRSS:.*$/m, 'VmRSS:\t 999999 kB')
      .replace(/^voluntary_ctxt_switches:.*$/m, 'voluntary_ctxt_switches:\t123456');
    expect(moved).not.toBe(text);
    expect(statusKey(moved)).toBe(statusKey(text));
  });
});
