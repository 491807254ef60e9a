// Snapshots no longer list peers for the host's namespaces (namespaces.*.sharedWith: that was O(N²)).
// The diff, the report section and the explanation of namespaces must read the same from a
// snapshot written either way, and still name a pod's peers where they share a namespace of
// their own. Real fixture snapshots (a Kubernetes node's pod, the lab's runtimes).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explainNamespaces } from '../explain/namespaces.js';
import { namespacesHtml } from '../report/namespacesReport.js';
import { Snapshot } from '../snapshot/schema.js';
import { diffNamespaces } from './namespaces.js';
import type { Side } from './types.js';

const load = (name: string) =>
  Snapshot.parse(
    JSON.parse(readFileSync(new URL(`../../electron/agent/fixtures/snapshots/${name}.json`, import.meta.url), 'utf8')),
  );

/** The snapshot as the collector writes it now: the host's namespaces list no peers. */
function asNow(name: string) {
  const s = load(name);
  let dropped = 0;
  for (const c of s.containers)
    for (const ns of Object.values(c.namespaces))
      if (ns.sharedWithHost === true) {
        dropped += ns.sharedWith.length;
        ns.sharedWith = [];
      }
  expect(dropped, name).toBeGreaterThan(0);
  return s;
}

const side = (s: Snapshot, i: number | null, label: string): Side => ({
  label,
  container: i === null ? null : s.containers[i]!,
  host: s.host,
  snapshotId: label,
});

describe.each(['k8s-v2', 'lab-hybrid-root', 'v2-apparmor', 'v2-selinux'])('%s', (name) => {
  const old = load(name);
  const now = asNow(name);

  it('every pair (and each against the host) differs in namespaces the same way', () => {
    const n = old.containers.length;
    for (let i = 0; i < n; i++)
      for (const j of [...Array(n).keys(), null]) {
        if (i === j) continue;
        expect(diffNamespaces(side(now, i, 'a'), side(now, j, 'b')), `${i} ${j}`).toEqual(
          diffNamespaces(side(old, i, 'a'), side(old, j, 'b')),
        );
      }
  });

  it('the report section and the explanation read the same', () => {
    for (const [i, c] of now.containers.entries()) {
      expect(namespacesHtml(c).html, c.name ?? c.id).toBe(namespacesHtml(old.containers[i]!).html);
      expect(explainNamespaces(c, now.host), c.name ?? c.id).toEqual(explainNamespaces(old.containers[i]!, old.host));
    }
  });
});

describe('a pod’s peers are still named', () => {
  const now = asNow('k8s-v2');
  const at = (name: string) => now.containers.findIndex((c) => c.name === name);
  const web = at('web-server');
  const sandboxId = now.containers.find((c) => c.role === 'pod-sandbox')!.id;
  const logId = now.containers[at('log-reader')]!.id;

  it('the diff: web-server shares net, ipc and uts with its pod, coredns does not', () => {
    const d = diffNamespaces(side(now, web, 'web'), side(now, at('coredns'), 'dns'));
    for (const t of ['net', 'ipc', 'uts']) {
      const row = d.find((x) => x.field === t);
      expect(row?.meaning, t).toBe(
        `A shares its ${t} namespace with 2 other containers of its pod (${[logId, sandboxId].map((id) => id.slice(0, 12)).join(', ')}).`,
      );
    }
    expect(d.find((x) => x.field === 'user')).toBeUndefined();
  });

  it('the report: the pod peers in “Also used by”, none for the host’s user namespace', () => {
    const html = namespacesHtml(now.containers[web]!).html;
    expect(html).toContain(`<tr><td>net</td><td><code>`);
    expect(/<tr><td>net<\/td>.*?<\/tr>/.exec(html)![0]).toContain(`${logId.slice(0, 12)}, ${sandboxId.slice(0, 12)}`);
    expect(/<tr><td>user<\/td>.*?<\/tr>/.exec(html)![0]).toMatch(/<td><\/td><\/tr>$/);
  });

  it('the explanation: its net namespace is used by 2 other containers', () => {
    const here = explainNamespaces(now.containers[web]!, now.host).here.map((l) => l.text);
    expect(here).toContain('Its net namespace is also used by 2 other containers (as the containers of one pod share theirs).');
  });
});
