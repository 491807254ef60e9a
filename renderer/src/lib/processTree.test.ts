// The Processes tab's logic on the lab's saved snapshot: the tree by parent pid, the pid inside,
// the command line, and what a process has that its container's init has not.
import { describe, expect, it } from 'vitest';
// eslint-disable-next-line no-restricted-imports -- a test: the lab's saved snapshot (real processes)
import labRoot from '../../../electron/agent/fixtures/snapshots/lab-hybrid-root.json' with { type: 'json' };
import { Snapshot, type Container, type Process } from '../../../shared/snapshot/schema.js';
import { commandLine, differencesFromInit, pidInside, processTree } from './processTree.js';

const snap = Snapshot.parse(labRoot);
const named = (suffix: string): Container => snap.containers.find((c) => c.name?.endsWith(suffix))!;
const nspawn = named('-nspawn');
const hardened = named('-hardened');
const loose = named('-loose');
const hostNs = snap.host.namespaces;

describe('processTree', () => {
  it('nests the nspawn container by parent pid: stub init → lab-init → sleep', () => {
    const rows = processTree(nspawn.processes);
    expect(rows.map((r) => [r.process.comm, r.depth, r.last])).toEqual([
      ['(sd-stubinit)', 0, true],
      ['lab-init', 1, true],
      ['sleep', 2, true],
    ]);
  });

  it('gives the same tree whatever order the processes come in', () => {
    const shuffled = [...nspawn.processes].reverse();
    expect(processTree(shuffled).map((r) => r.process.pid)).toEqual(processTree(nspawn.processes).map((r) => r.process.pid));
  });

  it('siblings by pid, the last one marked; a parent outside the container makes a root', () => {
    const [init, child] = hardened.processes.slice().sort((a, b) => a.pid - b.pid) as [Process, Process];
    // A second child of init (an exec into the container) and an orphan whose parent left the container.
    const sibling: Process = { ...child, pid: child.pid + 100, comm: 'exec-sh' };
    const orphan: Process = { ...child, pid: child.pid + 200, ppid: 1, comm: 'orphan' };
    const rows = processTree([orphan, sibling, child, init]);
    expect(rows.map((r) => [r.process.comm, r.depth, r.last])).toEqual([
      [init.comm, 0, false],
      [child.comm, 1, false],
      ['exec-sh', 1, true],
      ['orphan', 0, true],
    ]);
  });

  it('lists each process once even when parents form a loop (pid 1 → 2 → 1)', () => {
    const [a, b] = nspawn.processes as [Process, Process];
    const loopA: Process = { ...a, pid: 1, ppid: 2 };
    const loopB: Process = { ...b, pid: 2, ppid: 1 };
    // Neither is a root, so nothing is listed; never an endless walk.
    expect(processTree([loopA, loopB])).toEqual([]);
    // A process that is its own parent is a root.
    expect(processTree([{ ...a, ppid: a.pid }]).map((r) => r.process.pid)).toEqual([a.pid]);
  });
});

describe('pidInside and commandLine', () => {
  it('the last NSpid entry is the pid inside the container', () => {
    expect(nspawn.processes.map(pidInside)).toEqual([1, 2, 3]);
    expect(pidInside({ ...nspawn.processes[0]!, nspid: [] })).toBeNull();
  });

  it('argv joined with spaces; a kernel thread (no argv) shows as [comm]', () => {
    const init = nspawn.processes.find((p) => p.comm === 'lab-init')!;
    expect(commandLine(init)).toBe('/bin/sh /bin/lab-init');
    expect(commandLine({ ...init, cmdline: [] })).toBe('[lab-init]');
  });
});

describe('differencesFromInit', () => {
  const child = hardened.processes.find((p) => p.pid !== hardened.initPid)!;

  it("as saved: bwrap's children have capabilities bwrap has not, unshare itself stays in the host's pid namespace; nothing else differs", () => {
    const differing = snap.containers.flatMap((c) =>
      c.processes.filter((p) => differencesFromInit(c, p, hostNs).length > 0).map((p) => `${c.name}:${p.comm}`),
    );
    expect(differing).toEqual(['bwrap:lab-init', 'bwrap:sleep', 'unshare:unshare']);
    const bwrap = snap.containers.find((c) => c.name === 'bwrap')!;
    expect(bwrap.capabilities.effective!.names).toEqual([]);
    const [note] = differencesFromInit(
      bwrap,
      bwrap.processes.find((p) => p.comm === 'lab-init')!,
      hostNs,
    );
    expect(note).toMatch(/^effective caps \+CAP_CHOWN \+CAP_DAC_OVERRIDE .* \+CAP_CHECKPOINT_RESTORE$/);
    expect(note!.split(' ').filter((w) => w.startsWith('+'))).toHaveLength(40);
    const unshare = snap.containers.find((c) => c.name === 'unshare')!;
    expect(
      differencesFromInit(
        unshare,
        unshare.processes.find((p) => p.comm === 'unshare')!,
        hostNs,
      ),
    ).toEqual(["other pid namespace (pid = host's)"]);
  });

  it("names other namespaces and which of them are the host's (an nsenter with the loose container's namespaces)", () => {
    const entered: Process = {
      ...child,
      namespaces: Object.fromEntries(Object.entries(loose.namespaces).map(([t, n]) => [t, n.inode])) as Process['namespaces'],
    };
    const notes = differencesFromInit(hardened, entered, hostNs);
    // time and time_for_children are the host's in both, so they are not "other".
    expect(notes).toEqual([
      "other cgroup, ipc, mnt, net, pid, pid_for_children, user, uts namespaces (cgroup, net, pid, pid_for_children, user = host's)",
    ]);
    // Without the host's namespaces known, no "= host's" claim is made.
    expect(differencesFromInit(hardened, entered, null)).toEqual([
      'other cgroup, ipc, mnt, net, pid, pid_for_children, user, uts namespaces',
    ]);
  });

  it('effective capabilities gained and lost, by name', () => {
    const withLooseCaps: Process = { ...child, capabilities: loose.capabilities };
    const [note] = differencesFromInit(hardened, withLooseCaps, hostNs);
    const gained = loose.capabilities.effective!.names.filter((n) => !hardened.capabilities.effective!.names.includes(n));
    const lost = hardened.capabilities.effective!.names.filter((n) => !loose.capabilities.effective!.names.includes(n));
    expect(gained.length).toBeGreaterThan(0);
    expect(note).toBe(`effective caps ${[...gained.map((n) => `+${n}`), ...lost.map((n) => `−${n}`)].join(' ')}`);
    expect(differencesFromInit(hardened, { ...child, capabilities: hardened.capabilities }, hostNs)).toEqual([
      'other capability sets (effective same)',
    ]);
    expect(differencesFromInit(hardened, { ...child, capabilities: { ...loose.capabilities, effective: null } }, hostNs)).toEqual(
      ['other capabilities'],
    );
  });

  it('seccomp mode, filter count and NoNewPrivs, each only where it differs', () => {
    expect(differencesFromInit(hardened, { ...child, seccomp: loose.seccomp }, hostNs)).toEqual([
      'seccomp disabled, 0 filters, NoNewPrivs off',
    ]);
    expect(differencesFromInit(hardened, { ...child, seccomp: { ...hardened.seccomp, noNewPrivs: null } }, hostNs)).toEqual([
      'NoNewPrivs ?',
    ]);
    expect(differencesFromInit(hardened, { ...child, seccomp: hardened.seccomp }, hostNs)).toEqual(['other seccomp state']);
  });

  it('an LSM context as read, or that it was unreadable', () => {
    expect(differencesFromInit(hardened, { ...child, lsm: { raw: 'unconfined' } }, hostNs)).toEqual(['LSM unconfined']);
    expect(differencesFromInit(hardened, { ...child, lsm: { raw: null } }, hostNs)).toEqual(['LSM context unreadable']);
  });
});
