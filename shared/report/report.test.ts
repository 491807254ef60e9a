// Reports of real snapshots: no script anywhere, a strict CSP whose style hash matches, every
// value escaped (a snapshot edited to carry markup in every string it has), charts from
// history, and Markdown that renders hostile names as text.
import { describe, expect, it } from 'vitest';

import labJson from '../../electron/agent/fixtures/snapshots/lab-hybrid-root.json' with { type: 'json' };
import selinuxJson from '../../electron/agent/fixtures/snapshots/v2-selinux.json' with { type: 'json' };
import apparmorJson from '../../electron/agent/fixtures/snapshots/v2-apparmor.json' with { type: 'json' };
import k8sJson from '../../electron/agent/fixtures/snapshots/k8s-v2.json' with { type: 'json' };

import { containerSide, diffIsolation } from '../diff/diff.js';
import type { HistoryPoint } from '../ipc/contract.js';
import { Snapshot } from '../snapshot/schema.js';
import { codeMd, escapeMd } from './escape.js';
import { diffHtml, diffMarkdown, snapshotHtml, snapshotMarkdown } from './index.js';
import { base64, cspHash, sha256, utf8 } from './sha256.js';

const snapshots = [labJson, selinuxJson, apparmorJson, k8sJson].map((j) => Snapshot.parse(j));
const EVIL = '<img src=x onerror=alert(1)>';

/** Every string in a copy of the snapshot (names, labels, command lines, paths, keys of records) carries markup. */
function poisoned(s: Snapshot): Snapshot {
  const copy = structuredClone(s);
  const c = copy.containers[0]!;
  c.name = EVIL;
  c.image = `"><script>alert(2)</script>`;
  c.labels = { [`<b onmouseover=alert(3)>`]: `</td></tr></table><iframe src=javascript:alert(4)>` };
  c.processes[0]!.comm = '<svg onload=alert(5)>';
  c.processes[0]!.cmdline = ['sh', '-c', "'><style>body{display:none}</style>"];
  c.cgroup.paths = { [`<u>`]: `/x/<a href=//evil.example>` };
  c.unavailable.push({ field: '<marquee>', reason: '<blink>', detail: '</details><script>alert(6)</script>' });
  if (c.lsm.selinux) c.lsm.raw = `system_u:system_r:<em>x</em>`;
  if (c.lsm.apparmor) c.lsm.apparmor.profile = `<object data=x>`;
  copy.host.hostname = '<title>pwned</title>';
  copy.host.kernel = '`<x>`';
  return copy;
}

const ALLOWED_TAGS = new Set([
  'html',
  'head',
  'meta',
  'title',
  'style',
  'body',
  'header',
  'footer',
  'section',
  'h1',
  'h2',
  'h3',
  'p',
  'small',
  'code',
  'span',
  'a',
  'br',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'details',
  'summary',
  'ul',
  'li',
  'div',
  'svg',
  'path',
  'circle',
  'line',
  'text',
  'tspan',
]);

function checkMarkup(page: string): void {
  expect(page).not.toMatch(/<script/i);
  const tags = [...page.matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map((m) => m[1]!.toLowerCase());
  expect(tags.filter((t) => !ALLOWED_TAGS.has(t))).toEqual([]);
  // No event-handler attribute in any tag, no javascript: URL, the only link targets are in-page anchors.
  for (const tag of page.match(/<[a-zA-Z][^>]*>/g) ?? []) expect(tag).not.toMatch(/\son\w+\s*=|javascript:/i);
  for (const m of page.matchAll(/href="([^"]*)"/g)) expect(m[1]).toMatch(/^#c\d+$/);
}

function styleAndCsp(page: string): { css: string; csp: string } {
  const css = page.match(/<style>([\s\S]*?)<\/style>/)![1]!;
  const csp = page.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/)![1]!.replace(/&#39;/g, "'");
  return { css, csp };
}

const history = (id: string, n = 30): Record<string, HistoryPoint[]> => ({
  [id]: Array.from({ length: n }, (_, i) => ({
    t: 1_800_000_000_000 + i * 1000,
    cpuPercent: i % 5 === 0 ? null : 10 + i,
    memoryBytes: 1e6 * (i + 1),
    pids: 3,
    ioReadBps: 100 * i,
    ioWriteBps: 50,
    netRxBps: null,
    netTxBps: null,
    throttledPerSec: 0,
    psiCpu: null,
    psiMemory: null,
    psiIo: null,
  })),
});

describe('sha256 (for the CSP style hash)', () => {
  it('matches known digests', () => {
    expect(base64(sha256(utf8('')))).toBe('47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=');
    expect(base64(sha256(utf8('abc')))).toBe('ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=');
    expect(base64(sha256(utf8('x'.repeat(56))))).toBe('BMJiYTcO51QVSdFt7jIMcj4/0UZx5moJmv4KN3wWiI4=');
    expect(base64(sha256(utf8('héllo ✓ 𝄞')))).toBe('q6BWBnkGYdu9jdg5+3epquMdPxOPzCinWqFONcU25fA=');
  });
});

describe('HTML snapshot report', () => {
  it.each(snapshots.map((s) => [s.host.hostname, s] as const))(
    '%s: no script, strict CSP allowing exactly its stylesheet',
    (_h, s) => {
      const page = snapshotHtml(s, history(s.containers[0]!.id));
      const { css, csp } = styleAndCsp(page);
      expect(csp).toBe(
        `default-src 'none'; style-src ${cspHash(css)}; img-src data:; script-src 'none'; base-uri 'none'; form-action 'none'`,
      );
      expect(page).not.toMatch(/<script/i);
      expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
      for (const c of s.containers) expect(page).toContain(`<code>${c.id}</code>`);
    },
  );

  it('escapes every value of a snapshot whose strings all carry markup', () => {
    for (const s of snapshots) {
      const bad = poisoned(s);
      const page = snapshotHtml(bad, history(bad.containers[0]!.id));
      checkMarkup(page);
      expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(page).toContain('&lt;title&gt;pwned&lt;/title&gt;');
      expect(page).toContain('&lt;svg onload=alert(5)&gt;');
    }
  });

  it('draws charts from history as inline SVG, and none without it', () => {
    const s = snapshots[1]!;
    const id = s.containers[0]!.id;
    const page = snapshotHtml(s, history(id));
    expect(page.match(/<svg /g)).toHaveLength(4); // CPU, memory, processes, disk I/O (no network data)
    expect(page).toMatch(/<path d="M[\d.]+ [\d.]+ L/);
    expect(page).toContain('aria-label="CPU"');
    expect(snapshotHtml(s, {})).not.toContain('<svg');
    expect(snapshotHtml(s)).not.toContain('<svg');
  });
});

describe('HTML diff report', () => {
  it('lists each difference with its side, escaped, without scripts', () => {
    const s = poisoned(snapshots[1]!);
    const d = diffIsolation(containerSide(s, s.containers[0]!), containerSide(s, s.containers[2]!));
    const page = diffHtml(d, history(s.containers[0]!.id));
    expect(page).not.toMatch(/<script/i);
    expect(page).toContain('<h1>Isoscope diff — &lt;img src=x onerror=alert(1)&gt; vs web</h1>');
    expect(page).toContain(`<p class="summary">${d.summary}</p>`);
    for (const tag of page.match(/<[a-zA-Z][^>]*>/g) ?? []) expect(tag).not.toMatch(/\son\w+\s*=/i);
    expect(page.match(/<tr><td><code>/g)).toHaveLength(d.differences.length);
  });
});

describe('Markdown', () => {
  it('renders hostile names as code spans and escapes prose', () => {
    const s = poisoned(snapshots[2]!);
    const md = snapshotMarkdown(s);
    expect(md).toContain('| `<img src=x onerror=alert(1)>` `');
    expect(
      md
        .split('\n')
        .filter((l) => l.includes('<img'))
        .every((l) => /`<img src=x onerror=alert\(1\)>`/.test(l)),
    ).toBe(true);
    const d = diffIsolation(containerSide(s, s.containers[0]!), containerSide(s, s.containers[1]!));
    const dm = diffMarkdown(d);
    expect(dm.startsWith('## Isoscope diff: A `<img src=x onerror=alert(1)>`')).toBe(true);
    expect(dm.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Area') && !l.startsWith('|---'))).toHaveLength(
      d.differences.length,
    );
  });

  it('escapeMd and codeMd', () => {
    expect(escapeMd('a|b <i>x</i> *y* [l](http://e.x) www.e.x a@b\nz')).toBe(
      'a\\|b \\<i\\>x\\</i\\> \\*y\\* \\[l\\](http\\://e.x) www\\.e.x a\\@b z',
    );
    expect(codeMd('a`b|c')).toBe('``a`b\\|c``');
    expect(codeMd('`x`')).toBe('`` `x` ``');
  });
});
