// The host's name is honest when the collector runs in a UTS namespace of its own (a pod without
// hostNetwork/hostUTS). Real namespaces: `unshare --pid --fork --mount-proc` makes a pid namespace
// whose pid 1 (a shell) stays in this machine's UTS namespace — the node's pid 1 as a hostPID pod
// sees it — and the agent runs under `unshare --uts` with a hostname of its own, "pod-web-0".
// Then hello and the snapshot say the host's name is unavailable (own-uts-namespace), never
// "pod-web-0"; without the inner unshare they say the real name.
import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Hello } from '../../shared/agent/protocol.js';
import type { Snapshot } from '../../shared/snapshot/schema.js';

const REPO = new URL('../../', import.meta.url).pathname;
const CODE = `import { main } from ${JSON.stringify(join(REPO, 'electron/agent/cli/main.ts'))}; process.exitCode = await main(process.argv.slice(1));`;

/** hello and snapshot from `isoscope agent --stdio` started under `inner` (a command prefix run inside the new pid namespace). */
async function askAgent(ownUts: boolean): Promise<{ hello: Hello; snapshot: Snapshot; stderr: string }> {
  const inner = ownUts ? `unshare --uts -- sh -c 'hostname pod-web-0 && exec "$@"' sh` : `sh -c 'exec "$@"' sh`;
  // Not exec'd: the shell stays pid 1 of the new pid namespace, in this machine's UTS namespace.
  const script = `${inner} "$@"; exit $?`;
  const child = spawn(
    'unshare',
    [
      '--pid',
      '--fork',
      '--mount-proc',
      '--',
      'sh',
      '-c',
      script,
      'sh',
      process.execPath,
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      CODE,
      'agent',
      '--stdio',
      '--no-api',
    ],
    { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const answers = new Map<number, unknown>();
  const done = new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const msg = JSON.parse(line) as { id?: number; result?: unknown; error?: unknown };
      if (typeof msg.id === 'number') answers.set(msg.id, msg.result ?? msg.error);
      if (answers.has(1) && answers.has(2)) resolve();
    });
    child.on('exit', (code) => reject(new Error(`agent exited ${code}: ${stderr}`)));
  });
  child.stdin.write(JSON.stringify({ id: 1, method: 'hello', params: {} }) + '\n');
  child.stdin.write(JSON.stringify({ id: 2, method: 'snapshot', params: {} }) + '\n');
  try {
    await done;
  } finally {
    child.stdin.end();
    child.kill('SIGTERM');
  }
  return { hello: Hello.parse(answers.get(1)), snapshot: answers.get(2) as Snapshot, stderr };
}

describe('the host name under a UTS namespace of its own', { timeout: 120_000 }, () => {
  it('is unavailable with the reason, never the namespace’s own name', async () => {
    const { hello, snapshot } = await askAgent(true);
    expect(hello.hostname).toBeNull();
    expect(hello.hostnameUnavailable).toMatch(/^own-uts-namespace: the collector runs in a UTS namespace of its own/);
    expect(snapshot.host.namespaceReference.pid).toBe(1);
    expect(snapshot.host.hostname).toBeNull();
    const why = snapshot.host.unavailable.find((u) => u.field === 'hostname');
    expect(why).toMatchObject({ reason: 'own-uts-namespace' });
    expect(why?.detail).toContain('"pod-web-0"');
    expect(JSON.stringify(hello)).not.toContain('"hostname":"pod-web-0"');
  });

  it("is the machine's own name when the collector shares pid 1's UTS namespace", async () => {
    const { hello, snapshot } = await askAgent(false);
    expect(hello.hostname).toBe(hostname());
    expect(hello.hostnameUnavailable).toBeUndefined();
    expect(snapshot.host.namespaceReference.pid).toBe(1);
    expect(snapshot.host.hostname).toBe(hostname());
    expect(snapshot.host.unavailable.some((u) => u.field === 'hostname')).toBe(false);
  });
});
