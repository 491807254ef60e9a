// A snapshot asked for over the agent protocol is validated once, where the trust boundary is:
// the stdio agent sends it unchecked (runStdioAgent) and every reader checks it on receipt — the
// GUI's AgentConnection here, remoteAgent.ts over SSH, the Kubernetes client. Skipping the agent's
// own check must change nothing it sends (the schema strips nothing, transforms nothing); that the
// reader still refuses a snapshot that breaks the schema is electron/main/service/snapshotAnswer.test.ts.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { agentSpecs } from '../../../shared/agent/protocol.js';
import { Snapshot } from '../../../shared/snapshot/schema.js';
import { Collector } from '../collect/collector.js';
import { AgentSession, serveNdjson } from './stdioAgent.js';

const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;
const TREES = readdirSync(join(FIXTURES, 'roots'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

/** JSON with every object's keys sorted. */
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : x,
  );

afterEach(() => {
  vi.restoreAllMocks();
});

/** One request through a real NDJSON session (the stdio agent's framing), its answer as a reader gets it. */
async function ask(session: AgentSession, input: PassThrough, lines: string[], method: string): Promise<unknown> {
  const before = lines.length;
  input.write(JSON.stringify({ id: before + 1, method, params: {} }) + '\n');
  for (let i = 0; i < 400 && lines.length === before; i++) await new Promise((r) => setTimeout(r, 25));
  return JSON.parse(lines[before]!) as unknown;
}

function session(root: string, validate: boolean) {
  const lines: string[] = [];
  const input = new PassThrough();
  const s = new AgentSession({ root, useEngineApis: false }, 1000, (m) => lines.push(JSON.stringify(m)), new Set(), validate);
  void serveNdjson(s, input);
  return { s, input, lines };
}

describe('the agent’s snapshot, unvalidated', () => {
  it.each(TREES)('%s: is exactly what validating it gives (nothing stripped, nothing changed)', async (tree) => {
    const raw = await new Collector({ root: join(FIXTURES, 'roots', tree), useEngineApis: false }).snapshot({ validate: false });
    const wire = JSON.parse(JSON.stringify(raw)) as unknown;
    // Compared as JSON with sorted keys: the schema's keyed records are null-prototype objects, the wire's are not.
    expect(canonical(Snapshot.parse(wire))).toBe(canonical(wire));
    expect((wire as Snapshot).containers.length).toBeGreaterThan(0);
  });

  it('the stdio session validates a snapshot 0 times where told to, once by default; the reader’s schema accepts it', async () => {
    const root = join(FIXTURES, 'roots', 'k8s-v2');
    const parse = vi.spyOn(Snapshot, 'parse');
    const off = session(root, false);
    const answer = (await ask(off.s, off.input, off.lines, 'snapshot')) as { id: number; result: unknown };
    expect(parse).toHaveBeenCalledTimes(0);
    const checked = agentSpecs.snapshot.result.safeParse(answer.result);
    expect(checked.success).toBe(true);
    expect(checked.data?.containers.map((c) => c.name).sort()).toEqual([
      'coredns',
      'log-reader',
      'web-server',
      'web-with-logger',
    ]);
    off.s.close();
    off.input.end();

    const on = session(root, true);
    await ask(on.s, on.input, on.lines, 'snapshot');
    expect(parse).toHaveBeenCalledTimes(1);
    on.s.close();
    on.input.end();
  });
});
