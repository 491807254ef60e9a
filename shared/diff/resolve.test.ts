import { describe, expect, it } from 'vitest';

import k8sJson from '../../electron/agent/fixtures/snapshots/k8s-v2.json' with { type: 'json' };
import labJson from '../../electron/agent/fixtures/snapshots/lab-hybrid-root.json' with { type: 'json' };

import { Snapshot } from '../snapshot/schema.js';
import { resolveContainer } from './resolve.js';
import { printable } from './text.js';

const k8s = Snapshot.parse(k8sJson);
const idOf = (q: string) => {
  const r = resolveContainer(k8s, q);
  return r.ok ? r.container.id : r.error;
};

describe('resolveContainer', () => {
  it('takes an exact id, an exact name or a unique id prefix', () => {
    const web = k8s.containers.find((c) => c.name === 'web-server')!;
    expect(idOf(web.id)).toBe(web.id);
    expect(idOf('web-server')).toBe(web.id);
    expect(idOf(web.id.slice(0, 5))).toBe(web.id);
  });

  it('refuses ambiguous prefixes and unknown names, naming the candidates', () => {
    // runc, LXC and nspawn containers of the lab are named (and id'd) isoscope-lab-<hex>-<key>.
    const r = resolveContainer(Snapshot.parse(labJson), 'isoscope-lab-');
    expect(r).toEqual({
      ok: false,
      error: expect.stringMatching(/^"isoscope-lab-" matches 4 containers: isoscope-lab-f8e94b47-\w+/),
    });
    expect(idOf('nope')).toBe('no container "nope" among 4');
    expect(idOf('')).toBe('an empty container name');
  });
});

describe('printable', () => {
  it('shows control characters (terminal escapes) as \\xNN', () => {
    expect(printable('a\u001b[31mred\u0007\u009b')).toBe('a\\x1b[31mred\\x07\\x9b');
  });
});
