// "Why it matters here" in the HTML and Markdown reports, on a real snapshot: one sentence per
// kernel feature for every container; a profile name a container chose is text, never markup.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hereSummary } from '../explain/index.js';
import type { Snapshot } from '../snapshot/schema.js';
import { explainHtml, explainMarkdown } from './explainReport.js';
import { snapshotMarkdown } from './markdown.js';
import { snapshotHtml } from './snapshotReport.js';

const load = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../electron/agent/fixtures/snapshots/${name}.json`, import.meta.url), 'utf8')) as Snapshot;

describe('why it matters here, in the reports', () => {
  const s = load('lab-hybrid-root');
  it('the HTML report has the sentence of each feature for each container', () => {
    const page = snapshotHtml(s);
    expect(page.match(/<h3>Why it matters here<\/h3>/g)).toHaveLength(s.containers.length);
    const loose = s.containers.find((c) => c.name?.endsWith('-loose'))!;
    expect(page).toContain(
      '<span class="area">Seccomp</span>: No seccomp filter: every system call its capabilities allow reaches the kernel',
    );
    for (const l of hereSummary({ container: loose, host: s.host }))
      expect(String(explainHtml(loose, s.host))).toContain(l.title);
  });
  it('the Markdown report lists them under each container, weak and bad ones marked', () => {
    const text = snapshotMarkdown(s);
    expect(text).toContain('### Why it matters here');
    expect(text).toMatch(/ {2}- \*\*bad\*\* Seccomp: No seccomp filter/);
  });
  it('an AppArmor profile named like markup stays text', () => {
    const aa = load('v2-apparmor');
    const c = structuredClone(aa.containers.find((x) => x.lsm.apparmor)!);
    c.lsm.apparmor = { profile: '<img src=x onerror=alert(1)>`|', mode: 'enforce' };
    const h = String(explainHtml(c, aa.host));
    expect(h).not.toContain('<img');
    expect(h).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const md = explainMarkdown('web', c, aa.host).join('\n');
    expect(md).not.toMatch(/(^|[^\\])<img/);
    expect(md).toContain('\\<img src=x onerror=alert(1)\\>\\`\\|');
  });
});
