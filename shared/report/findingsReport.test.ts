// Findings in the reports and in `isoscope diff`, on the real fixture snapshots.
import { describe, expect, it } from 'vitest';
import apparmorJson from '../../electron/agent/fixtures/snapshots/v2-apparmor.json' with { type: 'json' };
import selinuxJson from '../../electron/agent/fixtures/snapshots/v2-selinux.json' with { type: 'json' };
import { containerSide, diffIsolation } from '../diff/diff.js';
import { diffText } from '../diff/text.js';
import { Snapshot } from '../snapshot/schema.js';
import { diffHtml, diffMarkdown, snapshotHtml, snapshotMarkdown } from './index.js';

const selinux = Snapshot.parse(selinuxJson);
const apparmor = Snapshot.parse(apparmorJson);
const named = (s: Snapshot, n: string) => s.containers.find((c) => c.name === n)!;

describe('findings in the snapshot reports', () => {
  it('HTML: a Findings section per container with severity, CIS and PSS numbers, evidence and fixes', () => {
    const page = snapshotHtml(selinux);
    expect(page.match(/<h3>Findings<\/h3>/g)).toHaveLength(selinux.containers.length);
    const toolbox = page.slice(page.indexOf('<h2>toolbox'));
    expect(toolbox).toContain('Pod Security: privileged · 4 high');
    expect(toolbox).toContain(
      '<th class="bad">high</th><th>Privileged container<br><code>privileged</code></th><td>CIS 5.5 · PSS baseline: Privileged Containers</td>',
    );
    expect(toolbox).toContain('Kubernetes: Set securityContext.privileged: false');
    expect(page).toMatch(/<td>Pod Security: baseline · 0 high · \d+ medium · \d+ low/);
  });
  it('Markdown: posture line and findings per container', () => {
    const md = snapshotMarkdown(apparmor);
    expect(md).toContain('### Findings (CIS Docker Benchmark v1.6.0, Pod Security Standards)');
    expect(md).toMatch(/- `debug`: Pod Security: privileged · 1 high/);
    expect(md).toContain(
      "  - **high** `namespace.host-net` (CIS 5.10 · PSS baseline: Host Namespaces): It shares the host's net namespace",
    );
  });
});

describe('findings in the diff', () => {
  const d = diffIsolation(containerSide(apparmor, named(apparmor, 'web')), containerSide(apparmor, named(apparmor, 'debug')));
  it('lists what B fails where A passes, by severity, and nothing for what both fail', () => {
    expect(d.findings!.onlyA).toEqual([]);
    expect(d.findings!.onlyB.map((x) => x.rule)).toEqual([
      'namespace.host-net',
      'apparmor.unconfined',
      'limits.memory',
      'limits.pids',
      'limits.cpu',
      'rootfs.writable',
    ]);
    expect(d.findings!.onlyB.map((x) => x.rule)).not.toContain('user.root'); // both run as root
    expect(diffText(d)).toContain(
      "\nfindings (CIS Docker Benchmark v1.6.0, Pod Security Standards)\n  B fails CIS 5.10, PSS baseline (namespace.host-net) where A passes [high]: It shares the host's net namespace",
    );
    expect(diffMarkdown(d)).toContain('### Findings only one side has');
    expect(diffHtml(d)).toContain('<li class="bad">B fails CIS 5.10, PSS baseline (namespace.host-net) where A passes [high]');
  });
  it('against the host: no findings comparison (the host has no container settings)', () => {
    expect(
      diffIsolation(containerSide(apparmor, named(apparmor, 'web')), {
        label: 'host',
        container: null,
        host: apparmor.host,
        snapshotId: 'x',
      }).findings,
    ).toBeUndefined();
  });
  it('a container with itself: no findings on either side', () => {
    const same = diffIsolation(containerSide(apparmor, named(apparmor, 'web')), containerSide(apparmor, named(apparmor, 'web')));
    expect(same.findings).toMatchObject({ onlyA: [], onlyB: [] });
    // Declared vs effective is listed for each side whatever the other says: the same here.
    expect(same.findings!.declared!.a).toEqual(same.findings!.declared!.b);
  });
});
