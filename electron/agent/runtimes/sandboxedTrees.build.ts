// Builds the fixture host trees of sandboxed runtimes (../fixtures/roots/gvisor-k8s/ and
// ../fixtures/roots/kata-k8s/) from public captures of real gVisor and Kata hosts (process
// trees, command lines, cgroup paths: see ../fixtures/text/MANIFEST.md, section "Sandboxed
// runtimes") and from the k8s-v2 tree's host processes, which are themselves captured text.
//
//   npx tsx electron/agent/runtimes/sandboxedTrees.build.ts
//
// Deterministic. Only the runtime state files (runsc *.state, Kata persist.json) and the
// per-process status values named in MANIFEST are synthesised, from the documented formats.
// Not part of the collector: a development script kept next to the state readers it feeds.
import { chmodSync, cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOTS = join(HERE, '..', 'fixtures', 'roots');
const K8S = join(ROOTS, 'k8s-v2');
const k8s = (rel: string): string => readFileSync(join(K8S, rel), 'utf8');

// Host namespaces of the k8s-v2 tree (its pid 1).
const HOST_NS = {
  cgroup: 4026531835,
  ipc: 4026531839,
  mnt: 4026531841,
  net: 4026531840,
  pid: 4026531836,
  time: 4026531834,
  user: 4026531837,
  uts: 4026531838,
};
type NsSet = typeof HOST_NS;
const NS_TYPES = Object.keys(HOST_NS) as (keyof NsSet)[];

const CAP = {
  full: '000001ffffffffff',
  zero: '0000000000000000',
  // gVisor's gofer keeps CHOWN, DAC_OVERRIDE, DAC_READ_SEARCH, FOWNER, FSETID, SYS_CHROOT (runsc/cmd/gofer.go caps list).
  gofer: '000000000004001f',
  docker: '00000000a80425fb',
  // runsc's sandbox in its own user namespace: SYS_CHROOT, SYS_PTRACE.
  sandbox: '0000000000240000',
};

function adaptStatus(tpl: string, set: Record<string, string>): string {
  const seen = new Set<string>();
  const out = tpl.split('\n').map((line) => {
    const key = line.slice(0, Math.max(0, line.indexOf(':')));
    if (key in set) {
      seen.add(key);
      return `${key}:\t${set[key]}`;
    }
    return line;
  });
  const missing = Object.keys(set).filter((k) => !seen.has(k));
  if (missing.length) throw new Error(`status template lacks ${missing.join(', ')}`);
  return out.join('\n');
}

function adaptStat(tpl: string, p: { pid: number; comm: string; ppid: number; threads: number; start: number }): string {
  const rest = tpl
    .slice(tpl.lastIndexOf(')') + 2)
    .trimEnd()
    .split(' ');
  rest[0] = 'S';
  rest[1] = String(p.ppid);
  rest[2] = String(p.pid);
  rest[3] = String(p.pid);
  rest[17] = String(p.threads);
  rest[19] = String(p.start);
  return `${p.pid} (${p.comm.slice(0, 15)}) ${rest.join(' ')}\n`;
}

interface Proc {
  pid: number;
  ppid: number;
  comm: string;
  cmdline: string[];
  /** Which k8s-v2 process the status/stat/mountinfo/net/dev templates come from. */
  tpl: 'shim' | 'container' | 'host';
  uid: number;
  caps: { eff: string; bnd: string };
  nnp: 0 | 1;
  seccomp: 0 | 2;
  filters: number;
  threads: number;
  start: number;
  cgroup: string;
  ns: NsSet;
  exe: string;
  uidMap?: string;
  /** NSpid chain when the process is in a pid namespace of its own. */
  nspid?: number[];
}

const TEMPLATE_PID = { shim: 14130, container: 14230, host: 910 } as const;

class Tree {
  readonly root: string;
  constructor(name: string) {
    this.root = join(ROOTS, name);
    rmSync(this.root, { recursive: true, force: true });
    mkdirSync(this.root, { recursive: true });
    // The host as the k8s-v2 tree has it: systemd, containerd, kubelet, the agent, /proc/sys, LSM, cgroup root.
    for (const rel of ['proc/1', 'proc/850', 'proc/910', 'proc/4100', 'proc/sys', 'proc/uptime', 'sys/kernel', 'sys/module'])
      cpSync(join(K8S, rel), join(this.root, rel), { recursive: true, verbatimSymlinks: true });
    for (const f of ['cgroup.controllers', 'cpu.pressure', 'io.pressure', 'memory.pressure'])
      cpSync(join(K8S, 'sys/fs/cgroup', f), join(this.root, 'sys/fs/cgroup', f));
    symlinkSync('4100', join(this.root, 'proc/self'));
  }

  write(rel: string, data: string): void {
    const path = join(this.root, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, data);
  }

  /** A root-owned executable stand-in at a host path (the tree's /proc/PID/exe links reach it). */
  binary(path: string): void {
    this.write(path.slice(1), `fixture stand-in for ${path}: not a binary\n`);
    chmodSync(join(this.root, path.slice(1)), 0o755);
  }

  proc(p: Proc): void {
    const d = `proc/${p.pid}`;
    const t = `proc/${TEMPLATE_PID[p.tpl]}`;
    const ids = `${p.uid}\t${p.uid}\t${p.uid}\t${p.uid}`;
    this.write(
      `${d}/status`,
      adaptStatus(k8s(`${t}/status`), {
        Name: p.comm.slice(0, 15),
        Tgid: String(p.pid),
        Pid: String(p.pid),
        PPid: String(p.ppid),
        Uid: ids,
        Gid: ids,
        NStgid: (p.nspid ?? [p.pid]).join('\t'),
        NSpid: (p.nspid ?? [p.pid]).join('\t'),
        NSpgid: String(p.pid),
        NSsid: String(p.pid),
        Threads: String(p.threads),
        CapInh: CAP.zero,
        CapPrm: p.caps.eff,
        CapEff: p.caps.eff,
        CapBnd: p.caps.bnd,
        CapAmb: CAP.zero,
        NoNewPrivs: String(p.nnp),
        Seccomp: String(p.seccomp),
        Seccomp_filters: String(p.filters),
      }),
    );
    this.write(
      `${d}/stat`,
      adaptStat(k8s(`${t}/stat`), { pid: p.pid, comm: p.comm, ppid: p.ppid, threads: p.threads, start: p.start }),
    );
    this.write(`${d}/cmdline`, p.cmdline.map((a) => `${a}\0`).join(''));
    this.write(`${d}/cgroup`, `0::${p.cgroup}\n`);
    this.write(`${d}/mountinfo`, k8s(`${t}/mountinfo`));
    this.write(`${d}/uid_map`, p.uidMap ?? k8s(`${t}/uid_map`));
    this.write(`${d}/gid_map`, p.uidMap ?? k8s(`${t}/gid_map`));
    this.write(`${d}/net/dev`, k8s(`${t}/net/dev`));
    const label = p.tpl === 'container' ? 'cri-containerd.apparmor.d (enforce)\n' : 'unconfined\n';
    this.write(`${d}/attr/current`, label);
    this.write(`${d}/attr/apparmor/current`, label);
    for (const ty of NS_TYPES) this.link(`${d}/ns/${ty}`, `${ty}:[${p.ns[ty]}]`);
    this.link(`${d}/ns/pid_for_children`, `pid:[${p.ns.pid}]`);
    this.link(`${d}/ns/time_for_children`, `time:[${p.ns.time}]`);
    this.link(`${d}/exe`, p.exe);
  }

  link(rel: string, target: string): void {
    const path = join(this.root, rel);
    mkdirSync(dirname(path), { recursive: true });
    symlinkSync(target, path);
  }

  /** The container's cgroup directory: the k8s-v2 web-server container's files with these processes. */
  cgroup(path: string, procs: number[]): void {
    const from = join(
      K8S,
      'sys/fs/cgroup/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-podf07700a5_b996_4b1a_a3af_5f99ecb29549.slice/cri-containerd-294a29bad43c528ffc363f7bf6aa4137d0f1a871ade0944348840b5583a4e651.scope',
    );
    cpSync(from, join(this.root, 'sys/fs/cgroup', path), { recursive: true });
    this.write(`sys/fs/cgroup${path}/cgroup.procs`, procs.map((p) => `${p}\n`).join(''));
    this.write(`sys/fs/cgroup${path}/pids.current`, `${procs.length}\n`);
  }

  /** A containerd bundle config.json: the k8s-v2 pause sandbox's, re-pointed at this pod. */
  bundle(id: string, pod: { name: string; namespace: string; uid: string }, cgroupsPath: string): void {
    const src = k8s(
      'run/containerd/io.containerd.runtime.v2.task/k8s.io/bb3b311a34072532d5d8ca35d9c847bde1e67dcec899ebb61db8b0ad3d70d576/config.json',
    );
    const cfg = JSON.parse(src) as { hostname: string; annotations: Record<string, string>; linux: { cgroupsPath: string } };
    cfg.hostname = pod.name;
    cfg.annotations['io.kubernetes.cri.sandbox-id'] = id;
    cfg.annotations['io.kubernetes.cri.sandbox-name'] = pod.name;
    cfg.annotations['io.kubernetes.cri.sandbox-namespace'] = pod.namespace;
    cfg.annotations['io.kubernetes.cri.sandbox-uid'] = pod.uid;
    cfg.annotations['io.kubernetes.cri.sandbox-log-directory'] = `/var/log/pods/${pod.namespace}_${pod.name}_${pod.uid}`;
    cfg.linux.cgroupsPath = cgroupsPath;
    this.write(`run/containerd/io.containerd.runtime.v2.task/k8s.io/${id}/config.json`, JSON.stringify(cfg));
  }

  expected(e: unknown): void {
    this.write('EXPECTED.json', JSON.stringify(e, null, 2) + '\n');
  }
}

const K8S_HOST = JSON.parse(k8s('EXPECTED.json')).host as Record<string, unknown>;
const NON_CONTAINERS = [1, 850, 910, 4100];
let inode = 4026532900;
const fresh = () => inode++;
const nsWith = (keep: (keyof NsSet)[]): NsSet => {
  const out = { ...HOST_NS };
  for (const t of NS_TYPES) if (!keep.includes(t)) out[t] = fresh();
  return out;
};
const shared = (ns: NsSet) => NS_TYPES.filter((t) => ns[t] === HOST_NS[t]);

// -------------------------------------------------------------------------------------------
// gVisor on a Kubernetes node: containerd-shim-runsc-v1, runsc-gofer, runsc-sandbox
// (google/gvisor#9011 and #9309), cgroupfs paths as in google/gvisor#8578.

function buildGvisor(): void {
  const t = new Tree('gvisor-k8s');
  const sid = '5d1a46292af1c6a94d0523fd6989b3b2e89c4cb71fdc8f6f1f03dbe7a86ceed9';
  const podUid = '29aefbfb-0eea-47a1-8629-bafc92474f77';
  const appId = '8b0cf1f2a3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e';
  const cg = `/kubepods/besteffort/pod${podUid}/${sid}`;
  const bundleDir = `/run/containerd/io.containerd.runtime.v2.task/k8s.io/${sid}`;
  const runscRoot = '/run/containerd/runsc/k8s.io';
  const log = `--log=${bundleDir}/log.json`;
  for (const b of ['/usr/local/bin/containerd-shim-runsc-v1', '/usr/local/bin/runsc', '/usr/local/bin/containerd-shim-runc-v2'])
    t.binary(b);

  // google/gvisor#9011: the shim's command line verbatim.
  t.proc({
    pid: 14328,
    ppid: 1,
    comm: 'containerd-shim',
    tpl: 'shim',
    uid: 0,
    caps: { eff: CAP.full, bnd: CAP.full },
    nnp: 0,
    seccomp: 0,
    filters: 0,
    threads: 11,
    start: 60400000,
    cgroup: '/system.slice/containerd.service',
    ns: HOST_NS,
    exe: '/usr/local/bin/containerd-shim-runsc-v1',
    cmdline: [
      '/usr/local/bin/containerd-shim-runsc-v1',
      '-namespace',
      'k8s.io',
      '-address',
      '/run/containerd/containerd.sock',
      '-publish-binary',
      '/usr/local/bin/containerd',
      '-debug',
    ],
  });
  // Gofer: root in the host's user namespace with its own mnt/pid/net/ipc/uts namespaces, seccomp
  // on (as runsc 20221219 on the Debian 12 test machine shows it: see MANIFEST).
  const goferNs = nsWith(['user', 'cgroup', 'time']);
  t.proc({
    nspid: [14387, 1],
    pid: 14387,
    ppid: 14328,
    comm: 'exe',
    tpl: 'container',
    uid: 0,
    caps: { eff: CAP.gofer, bnd: CAP.gofer },
    nnp: 1,
    seccomp: 2,
    filters: 1,
    threads: 9,
    start: 60400150,
    cgroup: cg,
    ns: goferNs,
    exe: '/usr/local/bin/runsc',
    cmdline: [
      'runsc-gofer',
      `--root=${runscRoot}`,
      '--debug=true',
      log,
      '--log-format=json',
      `--panic-log=/var/log/pods/default_dmdbms_${podUid}/gvisor_panic.log`,
      '--log-fd=3',
      'gofer',
      `--bundle=${bundleDir}`,
      '--io-fds=6',
      '--mounts-fd=5',
      '--spec-fd=4',
      '--setup-root=false',
      '--apply-caps=false',
    ],
  });
  // Sandbox: nobody (65534) in a new user namespace, new mnt/ipc/uts/net, the host's pid namespace
  // ("Sandbox will be started in the current PID namespace", google/gvisor#8957); CapEff SYS_CHROOT
  // and SYS_PTRACE in its own user namespace, seccomp on (the Debian 12 test machine's runsc).
  const sandboxNs = { ...nsWith(['cgroup', 'pid', 'time']) };
  t.proc({
    pid: 14391,
    ppid: 14328,
    comm: 'exe',
    tpl: 'container',
    uid: 65534,
    caps: { eff: CAP.sandbox, bnd: CAP.full },
    nnp: 1,
    seccomp: 2,
    filters: 1,
    threads: 23,
    start: 60400160,
    cgroup: cg,
    ns: sandboxNs,
    exe: '/usr/local/bin/runsc',
    uidMap: '     65534      65534          1\n',
    cmdline: [
      'runsc-sandbox',
      `--root=${runscRoot}`,
      '--debug=true',
      log,
      '--log-format=json',
      `--panic-log=/var/log/pods/default_dmdbms_${podUid}/gvisor_panic.log`,
      '--log-fd=3',
      'boot',
      '--apply-caps=false',
      `--bundle=${bundleDir}`,
      '--controller-fd=10',
      '--mounts-fd=5',
      '--spec-fd=4',
      '--start-sync-fd=7',
      '--stdio-fds=11',
      '--stdio-fds=12',
      '--stdio-fds=13',
      sid,
    ],
  });
  t.cgroup(cg, [14387, 14391]);
  t.bundle(sid, { name: 'dmdbms', namespace: 'default', uid: podUid }, cg);
  // The pod's app container: in the same Sentry, its own gofer in its own cgroup (runsc starts a
  // gofer per container).
  const appCg = `/kubepods/besteffort/pod${podUid}/${appId}`;
  const appGoferNs = nsWith(['user', 'cgroup', 'time']);
  t.proc({
    nspid: [14452, 1],
    pid: 14452,
    ppid: 14328,
    comm: 'exe',
    tpl: 'container',
    uid: 0,
    caps: { eff: CAP.gofer, bnd: CAP.gofer },
    nnp: 1,
    seccomp: 2,
    filters: 1,
    threads: 7,
    start: 60401200,
    cgroup: appCg,
    ns: appGoferNs,
    exe: '/usr/local/bin/runsc',
    cmdline: [
      'runsc-gofer',
      `--root=${runscRoot}`,
      '--debug=true',
      `--log=${bundleDir.replace(sid, appId)}/log.json`,
      '--log-format=json',
      '--log-fd=3',
      'gofer',
      `--bundle=${bundleDir.replace(sid, appId)}`,
      '--io-fds=6',
      '--mounts-fd=5',
      '--spec-fd=4',
      '--setup-root=false',
      '--apply-caps=false',
    ],
  });
  t.cgroup(appCg, [14452]);
  // runsc state (container.go JSON tags): the pod sandbox and one app container in it.
  t.write(
    `run/containerd/runsc/k8s.io/${sid}_sandbox:${sid}.state`,
    JSON.stringify({ id: sid, owner: '', status: 'running', goferPid: 14387, bundleDir, sandbox: { id: sid, pid: 14391 } }),
  );
  t.write(
    `run/containerd/runsc/k8s.io/${appId}_sandbox:${sid}.state`,
    JSON.stringify({
      id: appId,
      owner: '',
      status: 'running',
      goferPid: 14452,
      bundleDir: bundleDir.replace(sid, appId),
      sandbox: { id: sid, pid: 14391 },
    }),
  );

  // The fake: an ordinary runc pod whose process calls itself runsc-sandbox and runs a runsc of its
  // own image (/usr/bin/runsc, which the host does not have); a stale runsc state of a sandbox that
  // exited names its pid (pid reuse).
  const fakeId = '3f9e2c1b0a99887766554433221100ffeeddccbbaa99887766554433221100ff';
  const fakeUid = '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9';
  const staleId = 'deadbeefcafe0000111122223333444455556666777788889999aaaabbbbcccc';
  const fakeCg = `/kubepods/besteffort/pod${fakeUid}/${fakeId}`;
  t.proc({
    pid: 15102,
    ppid: 1,
    comm: 'containerd-shim',
    tpl: 'shim',
    uid: 0,
    caps: { eff: CAP.full, bnd: CAP.full },
    nnp: 0,
    seccomp: 0,
    filters: 0,
    threads: 10,
    start: 61000000,
    cgroup: '/system.slice/containerd.service',
    ns: HOST_NS,
    exe: '/usr/local/bin/containerd-shim-runc-v2',
    cmdline: [
      '/usr/local/bin/containerd-shim-runc-v2',
      '-namespace',
      'k8s.io',
      '-id',
      fakeId,
      '-address',
      '/run/containerd/containerd.sock',
    ],
  });
  const fakeNs = nsWith(['time', 'user']);
  t.proc({
    pid: 15120,
    ppid: 15102,
    comm: 'exe',
    tpl: 'container',
    uid: 0,
    caps: { eff: CAP.docker, bnd: CAP.docker },
    nnp: 0,
    seccomp: 2,
    filters: 1,
    threads: 1,
    start: 61000100,
    cgroup: fakeCg,
    ns: fakeNs,
    exe: '/usr/bin/runsc',
    cmdline: [
      'runsc-sandbox',
      `--root=${runscRoot}`,
      '--log-format=json',
      'boot',
      `--bundle=/run/containerd/io.containerd.runtime.v2.task/k8s.io/${fakeId}`,
      fakeId,
    ],
  });
  t.cgroup(fakeCg, [15120]);
  t.bundle(fakeId, { name: 'lookalike', namespace: 'default', uid: fakeUid }, fakeCg);
  t.write(
    `run/containerd/runsc/k8s.io/${staleId}_sandbox:${staleId}.state`,
    JSON.stringify({ id: staleId, owner: '', status: 'stopped', goferPid: 0, sandbox: { id: staleId, pid: 15120 } }),
  );

  const limits = { memoryMax: 134217728, pidsMax: null, cpuQuota: 50000, cpuPeriod: 100000 };
  t.expected({
    tree: 'gvisor-k8s',
    host: K8S_HOST,
    containers: [
      {
        id: sid,
        runtime: 'containerd',
        name: 'dmdbms',
        image: null,
        initPid: 14391,
        pids: [14387, 14391],
        hostNamespaces: shared(sandboxNs),
        capEffHex: CAP.sandbox,
        seccompMode: 2,
        noNewPrivs: true,
        lsm: { apparmor: 'cri-containerd.apparmor.d (enforce)' },
        limits,
        rootfsReadOnly: false,
        cgroupPath: cg,
        helperPids: [14328],
        pod: { name: 'dmdbms', namespace: 'default', uid: podUid, sandboxId: sid, role: 'sandbox' },
      },
      {
        id: appId,
        runtime: 'containerd',
        name: null,
        image: null,
        initPid: 14452,
        pids: [14452],
        hostNamespaces: shared(appGoferNs),
        capEffHex: CAP.gofer,
        seccompMode: 2,
        noNewPrivs: true,
        lsm: { apparmor: 'cri-containerd.apparmor.d (enforce)' },
        limits,
        rootfsReadOnly: false,
        cgroupPath: appCg,
        helperPids: [14328],
      },
      {
        id: fakeId,
        runtime: 'containerd',
        name: 'lookalike',
        image: null,
        initPid: 15120,
        pids: [15120],
        hostNamespaces: shared(fakeNs),
        capEffHex: CAP.docker,
        seccompMode: 2,
        noNewPrivs: false,
        lsm: { apparmor: 'cri-containerd.apparmor.d (enforce)' },
        limits,
        rootfsReadOnly: false,
        cgroupPath: fakeCg,
        helperPids: [15102],
        pod: { name: 'lookalike', namespace: 'default', uid: fakeUid, sandboxId: fakeId, role: 'sandbox' },
      },
    ],
    sandboxed: [
      {
        containerId: sid,
        kind: 'user-space-kernel',
        runtime: 'gvisor',
        hypervisor: null,
        sandboxId: sid,
        platform: null,
        workloads: [sid, appId].sort(),
        factsOf: { pid: 14391, role: 'sandbox' },
        hostProcesses: [
          { pid: 14391, role: 'sandbox', member: true, exe: '/usr/local/bin/runsc' },
          { pid: 14387, role: 'gofer', member: true, exe: '/usr/local/bin/runsc' },
          { pid: 14328, role: 'shim', member: false, exe: '/usr/local/bin/containerd-shim-runsc-v1' },
        ],
      },
      {
        containerId: appId,
        kind: 'user-space-kernel',
        runtime: 'gvisor',
        hypervisor: null,
        sandboxId: sid,
        platform: null,
        workloads: [sid, appId].sort(),
        factsOf: { pid: 14452, role: 'gofer' },
        hostProcesses: [
          { pid: 14452, role: 'gofer', member: true, exe: '/usr/local/bin/runsc' },
          { pid: 14391, role: 'sandbox', member: false, exe: '/usr/local/bin/runsc' },
        ],
      },
    ],
    notSandboxed: [
      { containerId: fakeId, pid: 15120, claims: 'runsc-sandbox', why: '/usr/bin/runsc does not exist on the host' },
    ],
    nonContainerPids: [...NON_CONTAINERS, 14328, 15102],
  });
}

// -------------------------------------------------------------------------------------------
// Kata Containers (QEMU, virtio-fs) on a Kubernetes node, cgroup v2 with cgroupfs paths:
// process set and cgroups of kata-containers/kata-containers#4886, command lines of #1448.

function buildKata(): void {
  const t = new Tree('kata-k8s');
  const sid = '84f329f0d35ce26872da8296b441f0474721f083e73e9c82decd971a6ce5f3da';
  const podUid = 'f5199815-6dd7-4250-8f04-69b89527bad7';
  const cg = `/kubepods/besteffort/pod${podUid}/kata_${sid}`;
  const overhead = `/kata_overhead/${sid}`;
  for (const b of [
    '/opt/kata/bin/containerd-shim-kata-v2',
    '/opt/kata/bin/qemu-system-x86_64',
    '/opt/kata/libexec/virtiofsd',
    '/usr/bin/qemu-system-x86_64',
  ])
    t.binary(b);
  const root = { eff: CAP.full, bnd: CAP.full };
  t.proc({
    pid: 34962,
    ppid: 1,
    comm: 'containerd-shim',
    tpl: 'shim',
    uid: 0,
    caps: root,
    nnp: 0,
    seccomp: 0,
    filters: 0,
    threads: 12,
    start: 70200000,
    cgroup: overhead,
    ns: HOST_NS,
    exe: '/opt/kata/bin/containerd-shim-kata-v2',
    cmdline: [
      '/opt/kata/bin/containerd-shim-kata-v2',
      '-namespace',
      'k8s.io',
      '-address',
      '/run/containerd/containerd.sock',
      '-publish-binary',
      '/usr/bin/containerd',
      '-id',
      sid,
    ],
  });
  const virtiofsd = [
    '/opt/kata/libexec/virtiofsd',
    '--fd=3',
    '-o',
    `source=/run/kata-containers/shared/sandboxes/${sid}/shared`,
    '-o',
    'cache=auto',
    '--syslog',
    '-o',
    'no_posix_lock',
    '-f',
    '--thread-pool-size=1',
  ];
  const vfsNs = { ...HOST_NS, mnt: fresh(), pid: fresh(), net: fresh() };
  t.proc({
    pid: 34971,
    ppid: 34962,
    comm: 'virtiofsd',
    tpl: 'host',
    uid: 0,
    caps: root,
    nnp: 0,
    seccomp: 2,
    filters: 1,
    threads: 2,
    start: 70200050,
    cgroup: overhead,
    ns: HOST_NS,
    exe: '/opt/kata/libexec/virtiofsd',
    cmdline: virtiofsd,
  });
  t.proc({
    pid: 34979,
    ppid: 34971,
    comm: 'virtiofsd',
    tpl: 'host',
    uid: 0,
    caps: root,
    nnp: 0,
    seccomp: 2,
    filters: 1,
    threads: 3,
    start: 70200060,
    cgroup: overhead,
    ns: vfsNs,
    exe: '/opt/kata/libexec/virtiofsd',
    cmdline: virtiofsd,
  });
  // QEMU: daemonised (ppid 1, kata-containers#1448), root with every capability, in the pod's network namespace.
  const qemuNs = { ...HOST_NS, net: fresh() };
  t.proc({
    pid: 34977,
    ppid: 1,
    comm: 'qemu-system-x86_64',
    tpl: 'host',
    uid: 0,
    caps: root,
    nnp: 0,
    seccomp: 0,
    filters: 0,
    threads: 5,
    start: 70200070,
    cgroup: cg,
    ns: qemuNs,
    exe: '/opt/kata/bin/qemu-system-x86_64',
    cmdline: [
      '/opt/kata/bin/qemu-system-x86_64',
      '-name',
      `sandbox-${sid}`,
      '-uuid',
      'e16fe487-1d37-460d-a321-9c51a1cc31be',
      '-machine',
      'q35,accel=kvm,kernel_irqchip',
      '-cpu',
      'host,pmu=off',
      '-qmp',
      `unix:/run/vc/vm/${sid}/qmp.sock,server,nowait`,
      '-m',
      '2048M,slots=10,maxmem=33194M',
      '-device',
      'vhost-vsock-pci,disable-modern=true,vhostfd=3,id=vsock-4098393649,guest-cid=4098393649,romfile=',
      '-chardev',
      `socket,id=char-c245e9742be51cea,path=/run/vc/vm/${sid}/vhost-fs.sock`,
      '-device',
      'vhost-user-fs-pci,chardev=char-c245e9742be51cea,tag=kataShared',
      '-daemonize',
    ],
  });
  t.cgroup(cg, [34977]);
  t.bundle(sid, { name: 'kata-nginx', namespace: 'default', uid: podUid }, cg);
  // persist.json (virtcontainers/persist/api SandboxState, HypervisorState): the fields read.
  t.write(
    `run/vc/sbs/${sid}/persist.json`,
    JSON.stringify({
      PersistVersion: 2,
      State: 'running',
      SandboxContainer: sid,
      CgroupPath: cg,
      HypervisorState: { Pid: 34977, Type: 'qemu', UUID: 'e16fe487-1d37-460d-a321-9c51a1cc31be', VirtiofsDaemonPid: 34971 },
    }),
  );

  // The fakes: a user's process called containerd-shim-kata-v2 naming the sandbox, and the QEMU
  // it started (the host's QEMU binary is world-executable: running it proves nothing).
  const userNs = HOST_NS;
  t.binary('/home/alice/bin/containerd-shim-kata-v2');
  t.proc({
    pid: 36001,
    ppid: 1,
    comm: 'containerd-shim',
    tpl: 'host',
    uid: 1000,
    caps: { eff: CAP.zero, bnd: CAP.full },
    nnp: 0,
    seccomp: 0,
    filters: 0,
    threads: 1,
    start: 71000000,
    cgroup: '/user.slice/user-1000.slice/session-7.scope',
    ns: userNs,
    exe: '/home/alice/bin/containerd-shim-kata-v2',
    cmdline: ['containerd-shim-kata-v2', '-namespace', 'k8s.io', '-id', sid],
  });
  t.proc({
    pid: 36010,
    ppid: 36001,
    comm: 'virtiofsd',
    tpl: 'host',
    uid: 1000,
    caps: { eff: CAP.zero, bnd: CAP.full },
    nnp: 0,
    seccomp: 0,
    filters: 0,
    threads: 1,
    start: 71000050,
    cgroup: '/user.slice/user-1000.slice/session-7.scope',
    ns: userNs,
    exe: '/opt/kata/libexec/virtiofsd',
    cmdline: virtiofsd,
  });

  t.expected({
    tree: 'kata-k8s',
    host: K8S_HOST,
    containers: [
      {
        id: sid,
        runtime: 'containerd',
        name: 'kata-nginx',
        image: null,
        initPid: 34977,
        pids: [34977],
        hostNamespaces: shared(qemuNs),
        capEffHex: CAP.full,
        seccompMode: 0,
        noNewPrivs: false,
        lsm: { apparmor: 'unconfined' },
        limits: { memoryMax: 134217728, pidsMax: null, cpuQuota: 50000, cpuPeriod: 100000 },
        rootfsReadOnly: false,
        cgroupPath: cg,
        helperPids: [34962, 34971, 34979],
        pod: { name: 'kata-nginx', namespace: 'default', uid: podUid, sandboxId: sid, role: 'sandbox' },
      },
    ],
    sandboxed: [
      {
        containerId: sid,
        kind: 'virtual-machine',
        runtime: 'kata',
        hypervisor: 'qemu',
        sandboxId: sid,
        platform: null,
        workloads: [],
        factsOf: { pid: 34977, role: 'vmm' },
        hostProcesses: [
          { pid: 34977, role: 'vmm', member: true, exe: '/opt/kata/bin/qemu-system-x86_64' },
          { pid: 34962, role: 'shim', member: false, exe: '/opt/kata/bin/containerd-shim-kata-v2' },
          { pid: 34971, role: 'virtiofsd', member: false, exe: '/opt/kata/libexec/virtiofsd' },
          { pid: 34979, role: 'virtiofsd', member: false, exe: '/opt/kata/libexec/virtiofsd' },
        ],
      },
    ],
    notSandboxed: [],
    nonContainerPids: [...NON_CONTAINERS, 34962, 34971, 34979, 36001, 36010],
  });
}

buildGvisor();
buildKata();
