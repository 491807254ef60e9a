// The runsc and Kata state readers: hostile values parse to nothing, planted links and FIFOs
// are refused (not followed, not blocked on), and the owner of each file is carried along.
import { chownSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HostFs } from '../readers/hostFs.js';
import type { RuntimeIssue } from './record.js';
import { parseKataPersist, parseRunscState, readKataStates, readRunscStates } from './sandboxedState.js';

describe('parsers', () => {
  it('runsc: pids must be positive safe integers; the sandbox id defaults to the container id', () => {
    expect(parseRunscState('f', 0, { id: 'a', status: 'running', goferPid: 12, sandbox: { id: 'b', pid: 34 } })).toEqual({
      file: 'f',
      owner: 0,
      containerId: 'a',
      sandboxId: 'b',
      sandboxPid: 34,
      goferPid: 12,
      status: 'running',
      cgroupPath: null,
    });
    expect(parseRunscState('f', 0, { id: 'a', sandbox: { pid: 3, cgroup: { cgroupv1: { name: '/a' } } } })!.cgroupPath).toBe(
      '/a',
    );
    expect(
      parseRunscState('f', 0, { id: 'a', sandbox: { pid: 3, cgroup: { cgroupv2: { path: '/x/../../etc' } } } })!.cgroupPath,
    ).toBeNull();
    expect(parseRunscState('f', 0, { id: 'a', sandbox: { pid: '34' }, goferPid: -1 })).toMatchObject({
      sandboxId: 'a',
      sandboxPid: null,
      goferPid: null,
    });
    expect(parseRunscState('f', 0, { id: 'a', sandbox: { pid: 1.5 } })!.sandboxPid).toBeNull();
    expect(parseRunscState('f', 0, { id: 'a', sandbox: { pid: 2 ** 60 } })!.sandboxPid).toBeNull();
    for (const bad of [null, [], 'x', { id: 'a' }, { sandbox: { pid: 3 } }, { id: 7, sandbox: {} }])
      expect(parseRunscState('f', 0, bad)).toBeNull();
  });

  it('Kata: HypervisorState is required; pids as above', () => {
    expect(
      parseKataPersist('f', 0, 's', { HypervisorState: { Type: 'qemu', Pid: 9, VirtiofsDaemonPid: 8 }, CgroupPath: '/x' }),
    ).toEqual({ file: 'f', owner: 0, sandboxId: 's', hypervisorType: 'qemu', vmmPid: 9, virtiofsdPid: 8, cgroupPath: '/x' });
    expect(parseKataPersist('f', 0, 's', { HypervisorState: { Pid: 0 } })!.vmmPid).toBeNull();
    for (const bad of [null, {}, { HypervisorState: [] }, { HypervisorState: 'qemu' }])
      expect(parseKataPersist('f', 0, 's', bad)).toBeNull();
  });
});

// Read as the live collector reads (HostFs('/'), O_NOFOLLOW): the roots are this test's directories.
describe('readers against planted files', () => {
  const root = mkdtempSync(join(tmpdir(), 'isoscope-sbxstate-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const runsc = join(root, 'run/containerd/runsc/k8s.io');
  const kata = join(root, 'run/vc/sbs');
  mkdirSync(runsc, { recursive: true });
  mkdirSync(join(kata, 'good'), { recursive: true });
  mkdirSync(join(kata, 'linked'), { recursive: true });
  mkdirSync(join(kata, 'fifo'), { recursive: true });
  writeFileSync(join(runsc, 'a_sandbox:a.state'), JSON.stringify({ id: 'a', sandbox: { id: 'a', pid: 100 } }));
  writeFileSync(join(root, 'elsewhere.json'), JSON.stringify({ id: 'x', sandbox: { id: 'x', pid: 1 } }));
  symlinkSync(join(root, 'elsewhere.json'), join(runsc, 'x_sandbox:x.state'));
  execFileSync('mkfifo', [join(runsc, 'y_sandbox:y.state')]);
  writeFileSync(join(kata, 'good/persist.json'), JSON.stringify({ HypervisorState: { Type: 'clh', Pid: 200 } }));
  symlinkSync(join(root, 'elsewhere.json'), join(kata, 'linked/persist.json'));
  execFileSync('mkfifo', [join(kata, 'fifo/persist.json')]);
  writeFileSync(join(runsc, 'u_sandbox:u.state'), JSON.stringify({ id: 'u', sandbox: { id: 'u', pid: 300 } }));
  if (process.geteuid?.() === 0) chownSync(join(runsc, 'u_sandbox:u.state'), 1000, 1000);

  it('runsc: the real file read with its owner; a link and a FIFO refused as issues', () => {
    const issues: RuntimeIssue[] = [];
    const states = readRunscStates(
      new HostFs('/'),
      [join(root, 'run/containerd/runsc'), join(root, 'run/containerd/runsc')],
      issues,
    );
    expect(states.map((s) => [s.containerId, s.sandboxPid])).toEqual([
      ['a', 100],
      ['u', 300],
    ]);
    expect(states.find((s) => s.containerId === 'a')!.owner).toBe(process.geteuid?.() ?? 0);
    if (process.geteuid?.() === 0) expect(states.find((s) => s.containerId === 'u')!.owner).toBe(1000);
    const refused = issues.map((i) => `${i.path.split('/').pop()} ${i.reason}`);
    expect(refused).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^x_sandbox:x\.state (ELOOP|not-regular)/),
        expect.stringMatching(/^y_sandbox:y\.state not-regular/),
      ]),
    );
  });

  it('Kata: the same', () => {
    const issues: RuntimeIssue[] = [];
    const states = readKataStates(new HostFs('/'), [kata], issues);
    expect(states.map((s) => [s.sandboxId, s.vmmPid, s.hypervisorType])).toEqual([['good', 200, 'clh']]);
    expect(issues.map((i) => i.path.split('/').slice(-2).join('/'))).toEqual(
      expect.arrayContaining(['linked/persist.json', 'fifo/persist.json']),
    );
  });
});
