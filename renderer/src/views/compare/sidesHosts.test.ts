// Compare sides across hosts: the same container id on this machine and on an SSH host are two
// sides, each judged against its own host's facts and labelled with its host; the remote host
// itself is a side too; pickers offer every host's containers, grouped by host.
import { describe, expect, it } from 'vitest';
// eslint-disable-next-line no-restricted-imports -- a test: the lab's saved snapshot as the live state
import labRoot from '../../../../electron/agent/fixtures/snapshots/lab-hybrid-root.json' with { type: 'json' };
import { diffIsolation } from '../../../../shared/diff/diff.js';
import { remoteKey, type HostStatus } from '../../../../shared/ipc/contract.js';
import { keyed } from '../../../../shared/ipc/keyed.js';
import { Snapshot } from '../../../../shared/snapshot/schema.js';
import { HOST_ID } from '../../store/store.js';
import { resolveSide, sideOptions, type Live } from './sides.js';

const lab = Snapshot.parse(labRoot);
const c = lab.containers.find((x) => x.runtime === 'docker')!;
const H = 'h0123abcd';
const status = (id: string, url: string): HostStatus => ({
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
  hostname: null,
});
const key = remoteKey(H, c.id);
const remoteHost = { ...lab.host, hostname: 'far-away' };
const live: Live = {
  host: lab.host,
  containers: keyed([...lab.containers.map((x) => [x.id, x] as const), [key, { ...c, id: key }] as const]),
  history: keyed(),
  hostOf: keyed([[key, H]]),
  facts: keyed([[H, remoteHost]]),
  hosts: [status('local', 'local'), status(H, 'ssh://root@10.0.0.2')],
};

describe('sides across hosts', () => {
  it('the same container through two hosts: two sides, labelled with their hosts, equally isolated', () => {
    const here = resolveSide({ source: 'live', id: c.id }, live, null)!;
    const there = resolveSide({ source: 'live', id: key }, live, null)!;
    expect(here.label).toBe(`${c.name} on this machine`);
    expect(there.label).toBe(`${c.name} on ssh://root@10.0.0.2`);
    expect(diffIsolation(here, there).differences).toEqual([]);
  });

  it('one machine seen as two hosts (same boot): the same container is itself, another container still shares what it shares', () => {
    const same = { ...live, facts: keyed([[H, lab.host]]) };
    const here = resolveSide({ source: 'live', id: c.id }, same, null)!;
    const there = resolveSide({ source: 'live', id: key }, same, null)!;
    expect(diffIsolation(here, there).differences).toEqual([]);
    expect(there.container!.id).toBe(c.id);
  });

  it('a remote container is judged against its own host: without its facts there is no side', () => {
    expect(resolveSide({ source: 'live', id: key }, { ...live, facts: keyed() }, null)).toBeNull();
    const host = resolveSide({ source: 'live', id: remoteKey(H, HOST_ID) }, live, null)!;
    expect(host.label).toBe('host (live on ssh://root@10.0.0.2)');
  });

  it('pickers group by host; with this machine alone they are as before', () => {
    const groups = sideOptions(live, null);
    expect(groups.map((g) => g.group)).toEqual(['Live — this machine', 'Live — ssh://root@10.0.0.2']);
    expect(groups[1]!.options.map((o) => o.ref.id)).toEqual([remoteKey(H, HOST_ID), key]);
    expect(groups[0]!.options.some((o) => o.ref.id === key)).toBe(false);
    const alone = sideOptions(
      { host: lab.host, containers: keyed(lab.containers.map((x) => [x.id, x])), history: keyed() },
      null,
    );
    expect(alone.map((g) => g.group)).toEqual(['Live']);
    expect(
      resolveSide(
        { source: 'live', id: c.id },
        { host: lab.host, containers: keyed(lab.containers.map((x) => [x.id, x])), history: keyed() },
        null,
      )!.label,
    ).toBe(c.name);
  });
});
