// The reader of the agent protocol is the trust boundary for snapshots: the stdio agent no longer
// validates its own (electron/agent/stream/validateOnce.test.ts), so a snapshot that breaks the
// schema — from a broken or hostile agent, this machine's or a remote one's — must be refused
// here, and nothing of it reach the caller.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../shared/snapshot/schema.js';
import { AgentConnection } from './agentConnection.js';

let conn: AgentConnection | null = null;
afterEach(() => {
  conn?.stop();
  conn = null;
});

describe('the reader still refuses a snapshot that breaks the schema', () => {
  const snap = JSON.parse(
    readFileSync(new URL('../../agent/fixtures/snapshots/k8s-v2.json', import.meta.url), 'utf8'),
  ) as Snapshot;

  it.each([
    [
      'a namespace inode that is text',
      (s: Snapshot) => ((s.containers[0]!.namespaces.net as { inode: unknown }).inode = '1; rm -rf /'),
    ],
    ['an owner of 1e20 on a container', (s: Snapshot) => (s.containers[0]!.initPid = 1e20 + 0.5)],
    ['a container without its id', (s: Snapshot) => delete (s.containers[0] as Partial<Snapshot['containers'][0]>).id],
  ])('%s: bad-result, nothing reaches the caller', async (_, spoil) => {
    const bad = structuredClone(snap);
    spoil(bad);
    // An agent that speaks the protocol's framing and answers `snapshot` with this (a broken or hostile collector).
    const script = `const a = ${JSON.stringify(JSON.stringify(bad))}; require('readline').createInterface({ input: process.stdin }).on('line', (l) => { const { id } = JSON.parse(l); process.stdout.write('{"id":' + id + ',"result":' + a + '}\\n'); });`;
    conn = new AgentConnection({ command: process.execPath, args: ['-e', script] });
    const err = await conn.request('snapshot', {}).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'bad-result', message: expect.stringMatching(/answer to snapshot does not match/) });
  });
});
