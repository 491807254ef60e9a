// The Security tab and the tab intro judge a remote host's container against that host's facts:
// this machine runs no securityfs (LSMs unavailable), the remote runs SELinux — a remote container
// must show the remote's LSMs and say which host they are, and this machine's container this
// machine's. Rendered to markup from the live stores as the app fills them.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
// eslint-disable-next-line no-restricted-imports -- a test: the lab's saved snapshot as this machine's
import labRoot from '../../../../electron/agent/fixtures/snapshots/lab-hybrid-root.json' with { type: 'json' };
// eslint-disable-next-line no-restricted-imports -- a test: an SELinux machine's saved snapshot as the remote host's
import selinux from '../../../../electron/agent/fixtures/snapshots/v2-selinux.json' with { type: 'json' };
import { remoteKey, type HostStatus } from '../../../../shared/ipc/contract.js';
import { keyed } from '../../../../shared/ipc/keyed.js';
import { Snapshot } from '../../../../shared/snapshot/schema.js';
import { useHosts } from '../../store/hosts.js';
import { useStore } from '../../store/store.js';
import { AreaIntro } from '../explain/AreaIntro.js';
import { SecurityTab } from './SecurityTab.js';

const H = 'h0123abcd';
const URL = 'ssh://root@10.200.0.2:2222';
const local = Snapshot.parse(labRoot);
const remote = Snapshot.parse(selinux);
const text = (h: string) => h.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const status = (id: string, url: string, hostname: string | null): HostStatus => ({
  id,
  url,
  sudo: false,
  identityFile: null,
  state: 'connected',
  reason: null,
  reasonKind: null,
  retryAt: null,
  staleSince: null,
  lastSampleAt: null,
  hostname,
});

function live() {
  const r = remote.containers.find((c) => c.name === 'web')!;
  const key = remoteKey(H, r.id);
  const here = local.containers[0]!;
  useStore.setState({
    host: local.host,
    containers: keyed([
      [here.id, here],
      [key, { ...r, id: key }],
    ]),
    hostOf: keyed([[key, H]]),
  });
  useHosts.setState({
    hosts: [status('local', 'local', 'vm'), status(H, URL, remote.host.hostname)],
    facts: keyed([[H, remote.host]]),
  });
  serve();
  return { remoteC: { ...r, id: key }, here };
}

// Server rendering reads a zustand store's initial state (its server snapshot): the state the test
// set is copied into it, so the markup is what the app shows with these stores (put back after).
const saved = { store: { ...useStore.getInitialState() }, hosts: { ...useHosts.getInitialState() } };
function serve(): void {
  Object.assign(useStore.getInitialState(), useStore.getState());
  Object.assign(useHosts.getInitialState(), useHosts.getState());
}
afterAll(() => {
  Object.assign(useStore.getInitialState(), saved.store);
  Object.assign(useHosts.getInitialState(), saved.hosts);
});

afterEach(() => {
  useStore.setState({ host: null, containers: keyed(), hostOf: keyed() });
  useHosts.setState({ hosts: [], facts: keyed() });
});

describe('host facts of a remote container', () => {
  it('the Security tab shows the remote host’s LSMs and names that host', () => {
    const { remoteC, here } = live();
    const there = renderToStaticMarkup(createElement(SecurityTab, { container: remoteC }));
    expect(there).toContain(`data-host="${URL}"`);
    expect(text(there)).toContain(`On ${URL} (dev-rawhide-1.lan):`);
    for (const l of remote.host.lsms!) expect(there).toContain(`>${l}</span>`);
    expect(text(there)).toContain('selinux can give containers a context');
    expect(text(there)).not.toContain('securityfs');
    // This machine's container: this machine's facts (no securityfs here), no host named.
    const mine = renderToStaticMarkup(createElement(SecurityTab, { container: here }));
    expect(mine).toContain('data-host="local"');
    expect(mine).not.toContain('>selinux</span>');
    expect(mine).toContain('data-field="lsms"');
  });

  it('the tab intro explains a remote container against its own host', () => {
    const { remoteC, here } = live();
    const there = text(renderToStaticMarkup(createElement(AreaIntro, { tab: 'security', container: remoteC })));
    expect(there).not.toContain('active security modules are unavailable');
    expect(there).not.toContain('Neither AppArmor nor SELinux is active');
    expect(there).toContain('Mandatory access control');
    const mine = text(renderToStaticMarkup(createElement(AreaIntro, { tab: 'security', container: here })));
    expect(mine).toContain('active security modules are unavailable');
  });

  it('a remote host whose facts have not arrived: waiting, never this machine’s in their place', () => {
    const { remoteC } = live();
    useHosts.setState({ facts: keyed() });
    serve();
    const there = renderToStaticMarkup(createElement(SecurityTab, { container: remoteC }));
    expect(text(there)).toContain('Waiting for the host’s facts…');
    expect(there).not.toContain('data-field="lsms"');
  });
});
