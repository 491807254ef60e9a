// Which containers are gVisor sandboxes or Kata virtual machines, judged from the host.
//
// Identity comes only from root-owned runtime state (runsc state files, Kata's persist.json)
// naming a pid, checked against the process itself: its executable must be the host's own
// file (the inode /proc/PID/exe reaches is the inode of that path on the host, root's and
// writable by nobody else). A process's name and command line are its own to choose: a process
// called runsc-sandbox in an ordinary container, or a user's process called
// containerd-shim-kata-v2, is never a sandbox — the container just gets a note saying so.
import { statSync } from 'node:fs';
import type { NamespaceIds } from '../../../shared/snapshot/schema.js';
import type { Hypervisor, Sandbox, SandboxHostProcess, SandboxRole } from '../../../shared/snapshot/sandbox.js';
import type { HostFs } from '../readers/hostFs.js';
import type { RawProcess } from '../readers/processReader.js';
import type { RuntimeIssue } from '../runtimes/record.js';
import {
  KATA_STATE_DIRS,
  readKataStates,
  readRunscStates,
  RUNSC_ROOTS,
  type KataState,
  type RunscState,
} from '../runtimes/sandboxedState.js';
import type { CmdlineOf, ContainerGroup } from './group.js';
import { checkLauncher } from './launcher.js';

export type BinaryCheck = { ok: true; path: string } | { ok: false; why: string };

/**
 * Whether a process runs a file of the host's: the path the kernel names for /proc/PID/exe,
 * looked up on the host, must be the very inode the process runs (a container's own binary
 * shows a path that on the host is another file or none), regular, root's, not group- or
 * world-writable.
 */
export function checkHostBinary(fs: HostFs, pid: number): BinaryCheck {
  const link = fs.readLink(`/proc/${pid}/exe`);
  if (!link.ok) return { ok: false, why: `its executable could not be read (${link.reason})` };
  const path = link.value;
  if (!path.startsWith('/') || path.endsWith(' (deleted)')) return { ok: false, why: `its executable is ${path}` };
  // The host's file at that path first: under --root DIR the exe link is resolved like any link.
  const host = fs.resolveIn(path, true);
  if (!host.ok)
    return { ok: false, why: `${path} does not exist on the host (${host.reason}): it runs a file of another mount namespace` };
  let a, b;
  try {
    b = statSync(host.value);
  } catch (err) {
    return {
      ok: false,
      why: `${path} does not exist on the host (${(err as NodeJS.ErrnoException).code ?? 'error'}): it runs a file of another mount namespace`,
    };
  }
  const self = fs.resolveIn(`/proc/${pid}/exe`, true);
  if (!self.ok) return { ok: false, why: `its executable could not be read (${self.reason})` };
  try {
    a = statSync(self.value);
  } catch (err) {
    return { ok: false, why: `its executable could not be read (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  if (a.dev !== b.dev || a.ino !== b.ino)
    return {
      ok: false,
      why: `${path} on the host is not the file it runs (a file of another mount namespace, such as a container's own)`,
    };
  if (!a.isFile() || a.uid !== 0 || (a.mode & 0o022) !== 0)
    return { ok: false, why: `${path} is not root's alone (uid ${a.uid}, mode ${(a.mode & 0o7777).toString(8)})` };
  return { ok: true, path };
}

const base = (s: string | undefined) => (s ?? '').split('/').pop() ?? '';

/** What a process calls itself that would make a naive inspector call it part of a sandboxed runtime. */
export function claimedRole(p: RawProcess, cmdline: string[]): { runtime: 'gVisor' | 'Kata'; what: string } | null {
  const argv0 = base(cmdline[0]);
  if (argv0 === 'runsc-sandbox' || argv0 === 'runsc-gofer' || /^runsc(?:$|-)/.test(p.comm))
    return { runtime: 'gVisor', what: argv0 || p.comm };
  if (argv0.startsWith('containerd-shim-runsc')) return { runtime: 'gVisor', what: argv0 };
  if (
    argv0.startsWith('containerd-shim-kata') ||
    /^qemu-system-|^cloud-hyperviso|^firecracker$|^virtiofsd/.test(p.comm) ||
    /^(qemu-system-|cloud-hypervisor$|firecracker$|virtiofsd)/.test(argv0)
  ) {
    return { runtime: 'Kata', what: argv0 || p.comm };
  }
  return null;
}

function hypervisorOf(type: string | null, exe: string): Hypervisor | null {
  const t = (type ?? '').toLowerCase();
  if (t === 'qemu') return 'qemu';
  if (t === 'clh' || t === 'cloud-hypervisor') return 'cloud-hypervisor';
  if (t === 'firecracker' || t === 'fc') return 'firecracker';
  if (t === 'dragonball') return 'dragonball';
  const b = base(exe);
  if (b.startsWith('qemu')) return 'qemu';
  if (b === 'cloud-hypervisor') return 'cloud-hypervisor';
  if (b === 'firecracker') return 'firecracker';
  return null;
}

function option(args: string[], name: string): string | null {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === name) return args[i + 1] ?? null;
    if (a.startsWith(name + '=')) return a.slice(name.length + 1);
  }
  return null;
}

export interface SandboxInputs {
  fs: HostFs;
  groups: ContainerGroup[];
  processes: RawProcess[];
  hostNs: NamespaceIds;
  cmdlineOf: CmdlineOf;
  runsc: RunscState[];
  kata: KataState[];
}

/**
 * The sandbox of each group that is one. A recognised group's init becomes the sandbox's own
 * process (gVisor's sandbox, Kata's VMM): its facts are what the container's facts will be, and
 * `factsOf` says so. Groups whose processes only call themselves sandbox parts get a note.
 */
export function recogniseSandboxes(inp: SandboxInputs): Map<ContainerGroup, Sandbox> {
  const { fs, groups, processes, hostNs, cmdlineOf } = inp;
  const byPid = new Map(processes.map((p) => [p.pid, p]));
  const groupOf = new Map<number, ContainerGroup>();
  for (const g of groups) for (const pid of g.pids) groupOf.set(pid, g);
  const found = new Map<ContainerGroup, Sandbox>();
  /** Pids already accounted for: recognised, or refused with a reason of their own. */
  const recognised = new Set<number>();
  const binaries = new Map<number, BinaryCheck>();
  const binary = (pid: number): BinaryCheck => {
    let c = binaries.get(pid);
    if (!c) binaries.set(pid, (c = checkHostBinary(fs, pid)));
    return c;
  };
  const hostProcess = (
    p: RawProcess,
    role: SandboxRole,
    source: string,
    exe: string | null,
    g: ContainerGroup,
  ): SandboxHostProcess => {
    recognised.add(p.pid);
    return { pid: p.pid, role, comm: p.comm, exe, member: g.pids.includes(p.pid), source };
  };
  /** The checked containerd shim that started a process, if its parent is one. */
  const shimOf = (p: RawProcess): { proc: RawProcess; exe: string } | null => {
    const parent = byPid.get(p.ppid);
    if (!parent) return null;
    const c = checkLauncher(parent, hostNs);
    return c.ok && c.kind === 'containerd-shim' && c.owner === 0 && parent.exe ? { proc: parent, exe: parent.exe.path } : null;
  };

  // gVisor: one sandbox per sandbox id; the state file of its root container names the pids.
  const bySandbox = new Map<string, RunscState[]>();
  for (const s of inp.runsc) if (s.owner === 0) bySandbox.set(s.sandboxId, [...(bySandbox.get(s.sandboxId) ?? []), s]);
  for (const [sandboxId, states] of bySandbox) {
    const root = states.find((s) => s.containerId === sandboxId) ?? states[0]!;
    const pid = root.sandboxPid ?? states.find((s) => s.sandboxPid)?.sandboxPid ?? null;
    const proc = pid === null ? undefined : byPid.get(pid);
    const g = pid === null ? undefined : groupOf.get(pid);
    if (!proc || !g) continue;
    const check = binary(proc.pid);
    if (!check.ok) {
      recognised.add(proc.pid);
      g.sources.push(`${root.file} names pid ${proc.pid} as gVisor's sandbox, but ${check.why}: not taken as gVisor`);
      continue;
    }
    const sources = [
      `runsc state ${root.file} (root's) names sandbox pid ${proc.pid}`,
      `pid ${proc.pid} runs the host's ${check.path}`,
    ];
    const hostProcesses: SandboxHostProcess[] = [hostProcess(proc, 'sandbox', root.file, check.path, g)];
    const goferPid = root.goferPid;
    const gofer = goferPid === null ? undefined : byPid.get(goferPid);
    if (gofer) {
      const gc = binary(gofer.pid);
      if (gc.ok && gc.path === check.path) hostProcesses.push(hostProcess(gofer, 'gofer', root.file, gc.path, g));
      else
        g.sources.push(
          `${root.file} names pid ${gofer.pid} as gVisor's gofer, but ${gc.ok ? `it runs ${gc.path}, not ${check.path}` : gc.why}`,
        );
    }
    const shim = shimOf(proc) ?? (gofer ? shimOf(gofer) : null);
    if (shim)
      hostProcesses.push(
        hostProcess(
          shim.proc,
          'shim',
          `parent of pid ${proc.pid}, a containerd shim whose executable is root's (${shim.exe})`,
          shim.exe,
          g,
        ),
      );
    const platform = option(cmdlineOf(proc), '--platform');
    g.initPid = proc.pid;
    found.set(g, {
      kind: 'user-space-kernel',
      runtime: 'gvisor',
      hypervisor: null,
      sandboxId,
      platform,
      workloads: [...new Set(states.map((s) => s.containerId))].sort(),
      hostProcesses,
      factsOf: { pid: proc.pid, role: 'sandbox' },
      sources,
    });
    // The other containers of the sandbox (a pod's app containers): each has only its own gofer
    // on the host, in its own cgroup; the workload runs in the same Sentry.
    const workloads = found.get(g)!.workloads;
    for (const st of states) {
      if (st === root || st.goferPid === null || st.goferPid === goferPid) continue;
      const gp = byPid.get(st.goferPid);
      const g2 = groupOf.get(st.goferPid);
      if (!gp || !g2 || g2 === g || found.has(g2)) continue;
      const gc = binary(gp.pid);
      if (!gc.ok || gc.path !== check.path) {
        recognised.add(gp.pid);
        g2.sources.push(
          `${st.file} names pid ${gp.pid} as gVisor's gofer, but ${gc.ok ? `it runs ${gc.path}, not ${check.path}` : gc.why}: not taken as gVisor`,
        );
        continue;
      }
      g2.initPid = gp.pid;
      found.set(g2, {
        kind: 'user-space-kernel',
        runtime: 'gvisor',
        hypervisor: null,
        sandboxId,
        platform,
        workloads,
        hostProcesses: [hostProcess(gp, 'gofer', st.file, gc.path, g2), hostProcess(proc, 'sandbox', root.file, check.path, g2)],
        factsOf: { pid: gp.pid, role: 'gofer' },
        sources: [
          `runsc state ${st.file} (root's) names gofer pid ${gp.pid} of container ${st.containerId} in sandbox ${sandboxId}`,
          `pid ${gp.pid} runs the host's ${gc.path}`,
        ],
      });
    }
  }

  // Kata: persist.json names the VMM; the shim (a checked launcher, -id <sandbox>) and the
  // virtiofsd processes below it are the sandbox's host-side helpers.
  for (const k of inp.kata) {
    if (k.owner !== 0 || k.vmmPid === null) continue;
    const proc = byPid.get(k.vmmPid);
    const g = groupOf.get(k.vmmPid);
    if (!proc || !g) continue;
    const check = binary(proc.pid);
    if (!check.ok) {
      recognised.add(proc.pid);
      g.sources.push(`${k.file} names pid ${proc.pid} as Kata's VMM, but ${check.why}: not taken as Kata`);
      continue;
    }
    if (proc.uid?.real !== 0) {
      recognised.add(proc.pid);
      g.sources.push(
        `${k.file} names pid ${proc.pid} as Kata's VMM, but it runs as uid ${proc.uid?.real ?? 'unknown'}, not root: not taken as Kata`,
      );
      continue;
    }
    const hypervisor = hypervisorOf(k.hypervisorType, check.path);
    const sources = [
      `Kata state ${k.file} (root's) names VMM pid ${proc.pid}${k.hypervisorType ? ` (${k.hypervisorType})` : ''}`,
      `pid ${proc.pid} runs the host's ${check.path}`,
    ];
    const hostProcesses: SandboxHostProcess[] = [hostProcess(proc, 'vmm', k.file, check.path, g)];
    const shims = processes.filter((p) => {
      if (!p.exe || !base(p.exe.path).startsWith('containerd-shim-kata')) return false;
      const c = checkLauncher(p, hostNs);
      return c.ok && c.owner === 0 && option(cmdlineOf(p), '-id') === k.sandboxId;
    });
    const helpers = new Set<number>(shims.map((s) => s.pid));
    for (const s of shims)
      hostProcesses.push(
        hostProcess(
          s,
          'shim',
          `containerd-shim-kata-v2 -id ${k.sandboxId}, its executable root's (${s.exe!.path})`,
          s.exe!.path,
          g,
        ),
      );
    // virtiofsd: named by persist.json, or started (directly or not) by the checked shim.
    const below = (p: RawProcess): boolean => {
      for (let q: RawProcess | undefined = p, n = 0; q && n < 8; q = byPid.get(q.ppid), n++) if (helpers.has(q.ppid)) return true;
      return false;
    };
    for (const p of processes) {
      if (p.pid === proc.pid || helpers.has(p.pid)) continue;
      const named = k.virtiofsdPid === p.pid;
      if (!named && !(below(p) && /^virtiofsd/.test(p.comm))) continue;
      const vc = binary(p.pid);
      if (!vc.ok) {
        g.sources.push(
          `pid ${p.pid} (${p.comm}) ${named ? `is named by ${k.file}` : 'was started by the Kata shim'}, but ${vc.why}: not listed`,
        );
        continue;
      }
      hostProcesses.push(
        hostProcess(p, 'virtiofsd', named ? k.file : `a descendant of the checked Kata shim (parent pid ${p.ppid})`, vc.path, g),
      );
    }
    g.initPid = proc.pid;
    found.set(g, {
      kind: 'virtual-machine',
      runtime: 'kata',
      hypervisor,
      sandboxId: k.sandboxId,
      platform: null,
      workloads: [],
      hostProcesses,
      factsOf: { pid: proc.pid, role: 'vmm' },
      sources,
    });
  }

  // Everyone else who calls themselves part of a sandboxed runtime: said, not believed.
  for (const g of groups) {
    if (found.has(g)) continue;
    for (const pid of g.pids) {
      const p = byPid.get(pid);
      if (!p || recognised.has(pid)) continue;
      const claim = claimedRole(p, cmdlineOf(p));
      if (!claim) continue;
      const check = binary(pid);
      const exe = check.ok ? `its executable is the host's ${check.path}` : check.why;
      const state = claim.runtime === 'gVisor' ? 'no root-owned runsc state names it' : 'no root-owned Kata state names it';
      g.sources.push(`pid ${pid} calls itself ${claim.what}, but is not ${claim.runtime}'s: ${state}; ${exe}`);
    }
  }
  return found;
}

/** Reads the runtimes' root-owned state and recognises the sandboxes among the groups (the collector's one call). */
export function sandboxesOf(
  fs: HostFs,
  groups: ContainerGroup[],
  processes: RawProcess[],
  hostNs: NamespaceIds,
  cmdlineOf: CmdlineOf,
): Map<ContainerGroup, Sandbox> {
  const issues: RuntimeIssue[] = [];
  const runsc = readRunscStates(fs, RUNSC_ROOTS, issues);
  const kata = readKataStates(fs, KATA_STATE_DIRS, issues);
  return recogniseSandboxes({ fs, groups, processes, hostNs, cmdlineOf, runsc, kata });
}
