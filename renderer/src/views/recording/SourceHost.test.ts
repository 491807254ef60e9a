// Where an opened recording or snapshot came from, as the sidebar says it: a remote host by its
// URL (with its hostname), this machine's by its hostname, and a file from before hosts by its
// hostname alone. A URL from a file is text, never markup.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
// eslint-disable-next-line no-restricted-imports -- a test: a saved snapshot's host facts
import selinux from '../../../../electron/agent/fixtures/snapshots/v2-selinux.json' with { type: 'json' };
import { Snapshot } from '../../../../shared/snapshot/schema.js';
import { SourceHost } from './SourceHost.js';

const host = Snapshot.parse(selinux).host;
const text = (h: string) => h.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');
const render = (source: { host: string } | undefined, h = host) =>
  renderToStaticMarkup(createElement(SourceHost, { source, host: h, what: 'recorded' }));

describe('the source host of an opened file', () => {
  it('a remote host: its URL and hostname', () => {
    const h = render({ host: 'ssh://root@10.200.0.2:2222' });
    expect(h).toContain('data-host="ssh://root@10.200.0.2:2222"');
    expect(text(h)).toBe('recorded on ssh://root@10.200.0.2:2222 (dev-rawhide-1.lan, over SSH)');
  });

  it('this machine, or a file from before hosts: the hostname', () => {
    expect(text(render({ host: 'local' }))).toBe('recorded on dev-rawhide-1.lan');
    expect(text(render(undefined))).toBe('recorded on dev-rawhide-1.lan');
    expect(text(render(undefined, { ...host, hostname: null }))).toBe('recorded on a host whose name could not be read');
  });

  it('a hostile source is text', () => {
    const h = render({ host: 'ssh://<img src=x onerror=alert(1)>' });
    expect(h).not.toContain('<img');
    expect(h).toContain('&lt;img');
  });
});
