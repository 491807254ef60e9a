// The Cgroups tab's newer sections rendered to markup: a snapshot saved before the fields existed
// says "not collected in this snapshot" (and shows no zero), a fixture-tree snapshot taken now
// shows the OOM-group kill, the frozen cgroup and "kernel-lacks" where a 5.15 kernel has no file.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
// eslint-disable-next-line no-restricted-imports -- a test: a snapshot file saved before the newer fields
import selinuxOld from '../../../../electron/agent/fixtures/snapshots/v2-selinux.json' with { type: 'json' };
// eslint-disable-next-line no-restricted-imports -- a test: snapshots taken now from the fixture trees
import { Collector } from '../../../../electron/agent/collect/collector.js';
import { Snapshot, type Container } from '../../../../shared/snapshot/schema.js';
import { IoPerDevice, MemoryEventsTable, MemoryLadder, NewerFacts, NewerNotCollected } from './cgroupNewer.js';

const ROOTS = new URL('../../../../electron/agent/fixtures/roots/', import.meta.url).pathname;
const html = (c: Container) =>
  [NewerNotCollected, MemoryLadder, MemoryEventsTable, NewerFacts, IoPerDevice]
    .map((f) => renderToStaticMarkup(createElement(f, { c })))
    .join('\n');
const text = (h: string) => h.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('Cgroups tab, newer fields', () => {
  it('a snapshot from before: one "not collected" line, no sections, no zeros', () => {
    const old = Snapshot.parse(selinuxOld).containers.find((c) => c.name === 'web')!;
    const t = text(html(old));
    expect(t.trim()).toBe(
      'Memory protections and events, OOM group, swap and zswap, CPU burst and idle, pids peak, the freezer and io per device: not collected in this snapshot.',
    );
  });

  it('v2-selinux now: OOM-group kill explained, toolbox frozen', async () => {
    const snap = await new Collector({ root: `${ROOTS}v2-selinux`, useEngineApis: false }).snapshot();
    const web = text(html(snap.containers.find((c) => c.name === 'web')!));
    expect(web).toContain('The OOM killer ran 1 time here and killed 2 processes; 1 whole-group kill.');
    expect(web).toContain('yes (memory.oom.group = 1)');
    expect(web).toContain('vda 254:0');
    expect(web).not.toContain('not collected');
    const toolbox = text(html(snap.containers.find((c) => c.name === 'toolbox')!));
    expect(toolbox).toContain('frozen: every process in it is stopped until it is thawed');
  });

  it('k8s-v2 (5.15): the files that kernel lacks read "unavailable: kernel-lacks", never 0', async () => {
    const snap = await new Collector({ root: `${ROOTS}k8s-v2`, useEngineApis: false }).snapshot();
    const h = html(snap.containers.find((c) => c.name === 'web-server')!);
    expect(h).toMatch(/data-field="cgroup\.usage\.swapPeak"[^>]*>unavailable: kernel-lacks/);
    expect(h).toMatch(/data-field="cgroup\.usage\.pidsPeak"[^>]*>unavailable: kernel-lacks/);
    expect(h).toMatch(/data-field="cgroup\.usage\.memoryEvents\.oomGroupKill"[^>]*>unavailable: kernel-lacks/);
  });
});
