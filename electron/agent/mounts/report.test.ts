// The mounts section of the HTML and Markdown reports, on a captured runc mount table, and a
// hostile target that tries to become markup.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import labRootJson from '../fixtures/snapshots/lab-hybrid-root.json' with { type: 'json' };
import { snapshotMarkdown } from '../../../shared/report/markdown.js';
import { snapshotHtml } from '../../../shared/report/snapshotReport.js';
import { Snapshot, type Container } from '../../../shared/snapshot/schema.js';
import { parseMountinfo } from '../parsers/mountinfo.js';
import { analyzeMounts } from './analyze.js';
import { RUNC_DEFAULT } from './defaults.js';

const text = (f: string) => readFileSync(new URL(`../fixtures/text/mountinfo/${f}`, import.meta.url), 'utf8');
const hostile = '\n999 1 254:0 /x /<img\\040src=x\\040onerror=alert(1)> rw - ext4 /dev/vda rw\n';
const mounts = analyzeMounts({
  entries: parseMountinfo(text('local-runc-binds-socket-device-shared.mountinfo') + hostile),
  truncated: false,
  source: '/proc/42/mountinfo',
  host: parseMountinfo(text('local-host-with-runc-binds.mountinfo')),
  hostReference: '/proc/1/mountinfo',
  defaults: RUNC_DEFAULT,
  inPod: false,
  lookups: {
    node: (p) => (p.endsWith('docker.sock') ? { node: 'socket' } : { node: 'directory' }),
    kernelHas: () => true,
    socketsIn: () => [],
  },
});
const snap = Snapshot.parse(labRootJson);
const c: Container = { ...snap.containers.find((x) => x.name?.endsWith('-hardened'))!, mounts };
const s: Snapshot = { ...snap, containers: [c] };

describe('mounts in reports', () => {
  it('HTML: the flagged socket with its reason, missing masks, the table, hostile text escaped', () => {
    const page = snapshotHtml(s);
    expect(page).toContain(
      '<code>/var/run/docker.sock</code>: The host&#39;s /tmp/isoscope-lab-0ea8d6de/run/m/sock/docker.sock is bound in: the Docker API',
    );
    expect(page).toContain('<code>/proc/kcore</code> is not masked'); // kernelHas says it exists here
    expect(page).toContain('<th>Host source</th>');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).not.toContain('<img src=x');
  });
  it('Markdown: flagged mounts and missing masks as code spans', () => {
    const md = snapshotMarkdown(s);
    expect(md).toContain('### Mounts that give a way out or in');
    expect(md).toMatch(/`\/var\/run\/docker\.sock` \(\*\*high\*\*\): The host's/);
    expect(md).toContain('`/proc/kcore`: missing from the runc spec default, not masked');
  });
  it('says "not collected" for snapshots taken before mounts were read', () => {
    const { mounts: _m, ...old } = c;
    expect(snapshotHtml({ ...snap, containers: [old] })).toContain('Not collected in this snapshot.');
  });
});
