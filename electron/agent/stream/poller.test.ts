// The poller over a copy of a fixture host tree: a cgroup limit written after start, with no
// process appearing or leaving, reaches the stream within REBUILD_EVERY_MS (it once waited for
// some process to change, which on a quiet host is never).
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Collector } from '../collect/collector.js';
import { Poller, REBUILD_EVERY_MS } from './poller.js';

const TREE = new URL('../fixtures/roots/v2-apparmor', import.meta.url).pathname;
const WEB = '58df1f5bc6b77a904867305880e66769469167dcea57a03388815e0ca4c25061';
const dir = mkdtempSync(join(tmpdir(), 'isoscope-poller-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Poller', () => {
  it('a memory limit raised after start is streamed within REBUILD_EVERY_MS, with no process change', async () => {
    const root = join(dir, 'tree');
    cpSync(TREE, root, { recursive: true, verbatimSymlinks: true });
    const poller = new Poller(new Collector({ root, useEngineApis: false }));
    const t0 = 1_000_000;
    const first = await poller.tick(t0);
    const web = first.changes?.added.find((c) => c.id === WEB);
    expect(web?.cgroup.limits.memoryMax).toBe(268435456);

    writeFileSync(join(root, `sys/fs/cgroup/system.slice/docker-${WEB}.scope/memory.max`), '536870912\n');
    // Before the deadline nothing announces it (no process changed) …
    const early = await poller.tick(t0 + REBUILD_EVERY_MS / 2);
    expect(early.changes?.changed.some((c) => c.id === WEB) ?? false).toBe(false);
    // … at the deadline the containers are rebuilt and the new limit is a change.
    const due = await poller.tick(t0 + REBUILD_EVERY_MS);
    const changed = due.changes?.changed.find((c) => c.id === WEB);
    expect(changed?.cgroup.limits.memoryMax).toBe(536870912);
    expect(poller.containers.find((c) => c.id === WEB)?.cgroup.limits.memoryMax).toBe(536870912);
  });
});
