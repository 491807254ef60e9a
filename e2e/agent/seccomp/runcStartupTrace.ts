// What runc's init calls between installing the container's seccomp filter and exec'ing the
// workload: the syscalls every generated profile must allow for the container to start at all.
// Runs `strace -f runc run` of a busybox bundle (allow-all profile with one rule, so a filter is
// installed) and keeps what the thread that installed the filter called until the workload's
// execve (callsAfterFilterInstall in electron/agent/seccomp/profiler/startupSets.ts).
// `npx tsx e2e/agent/seccomp/runcStartupTrace.ts [runs]` prints the union per variant.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callsAfterFilterInstall } from '../../../electron/agent/seccomp/profiler/startupSets.js';
import { run, runToLog, tryRun } from '../../lab/proc.js';
import { copyRootfs, ensureRootfs } from '../../lab/rootfs.js';
import { LAB_INIT } from '../../lab/types.js';

export interface StartupVariant {
  name: string;
  noNewPrivileges: boolean;
  user?: { uid: number; gid: number; additionalGids?: number[] };
  cwd?: string;
  /** Own user namespace, container root = host uid 100000 (rootfs chowned). */
  userns?: boolean;
  /** Trace `runc exec /bin/true` into a running container instead of `runc run`. */
  exec?: boolean;
}

export const STARTUP_VARIANTS: StartupVariant[] = [
  { name: 'nnp, root', noNewPrivileges: true },
  { name: "no nnp, root (Docker's default)", noNewPrivileges: false },
  {
    name: 'no nnp, uid 1000 + groups, cwd /tmp',
    noNewPrivileges: false,
    user: { uid: 1000, gid: 1000, additionalGids: [10, 20] },
    cwd: '/tmp',
  },
  { name: 'no nnp, userns', noNewPrivileges: false, userns: true },
  { name: 'nnp, userns, uid 1000', noNewPrivileges: true, userns: true, user: { uid: 1000, gid: 1000 } },
  { name: 'runc exec, nnp', noNewPrivileges: true, exec: true },
  { name: 'runc exec, no nnp', noNewPrivileges: false, exec: true },
];

export interface StartupTrace {
  variant: string;
  calls: string[];
  cloned: boolean;
  /** The raw trace, for fixtures. */
  lines: string[];
}

interface Spec {
  process: {
    terminal: boolean;
    args: string[];
    noNewPrivileges?: boolean;
    user: { uid: number; gid: number; additionalGids?: number[] };
    cwd: string;
  };
  root: { path: string; readonly?: boolean };
  linux: Record<string, unknown> & { namespaces: { type: string }[] };
}

/** Traces `runs` container starts per variant. */
export async function traceRuncStartup(variants: StartupVariant[] = STARTUP_VARIANTS, runs = 5): Promise<StartupTrace[]> {
  const prefix = `isoscope-startup-${randomBytes(4).toString('hex')}`;
  const work = join(tmpdir(), prefix);
  const runcRoot = join(work, 'runc-root');
  mkdirSync(runcRoot, { recursive: true });
  const out: StartupTrace[] = [];
  try {
    const rootfs = await ensureRootfs(work);
    for (const [vi, v] of variants.entries()) {
      const bundle = join(work, `v${vi}`);
      mkdirSync(bundle, { recursive: true });
      await copyRootfs(rootfs.dir, join(bundle, 'rootfs'), v.userns ? 100000 : undefined);
      await run('runc', ['spec', '--bundle', bundle]);
      const spec = JSON.parse(readFileSync(join(bundle, 'config.json'), 'utf8')) as Spec;
      spec.process.terminal = false;
      spec.process.args = [v.exec ? LAB_INIT : '/bin/true'];
      spec.process.noNewPrivileges = v.noNewPrivileges;
      if (v.user) spec.process.user = v.user;
      if (v.cwd) spec.process.cwd = v.cwd;
      spec.root = { path: 'rootfs', readonly: true };
      spec.linux.namespaces = ['pid', 'ipc', 'uts', 'mount', 'network', ...(v.userns ? ['user'] : [])].map((type) => ({ type }));
      if (v.userns) spec.linux['uidMappings'] = spec.linux['gidMappings'] = [{ containerID: 0, hostID: 100000, size: 65536 }];
      spec.linux['seccomp'] = {
        defaultAction: 'SCMP_ACT_ALLOW',
        architectures: ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32'],
        syscalls: [{ names: ['acct'], action: 'SCMP_ACT_ERRNO', errnoRet: 1 }],
      };
      writeFileSync(join(bundle, 'config.json'), JSON.stringify(spec, null, 2));
      const execId = `${prefix}-${vi}`;
      if (v.exec) await runToLog('runc', ['--root', runcRoot, 'run', '-d', '--bundle', bundle, execId], join(bundle, 'runc.log'));
      for (let i = 0; i < runs; i++) {
        const id = `${prefix}-${vi}-${i}`;
        const trace = join(work, `${id}.strace`);
        const runc = v.exec ? ['exec', execId, '/bin/true'] : ['run', '--bundle', bundle, id];
        try {
          await run('strace', ['-f', '-qq', '-o', trace, 'runc', '--root', runcRoot, ...runc], { timeoutMs: 60_000 });
        } finally {
          if (!v.exec) await tryRun('runc', ['--root', runcRoot, 'delete', '--force', id]);
        }
        const lines = readFileSync(trace, 'utf8').split('\n');
        const after = callsAfterFilterInstall(lines);
        if (!after) throw new Error(`${v.name}: no seccomp filter install in the trace of ${id}`);
        out.push({ variant: v.name, calls: after.calls, cloned: after.cloned, lines });
      }
      if (v.exec) await tryRun('runc', ['--root', runcRoot, 'delete', '--force', execId]);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return out;
}

/** Syscall → in how many traces it appeared. */
export function unionOf(traces: readonly StartupTrace[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of traces) for (const n of new Set(t.calls)) m.set(n, (m.get(n) ?? 0) + 1);
  return m;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const runs = Number(process.argv[2] ?? '5');
  const traces = await traceRuncStartup(STARTUP_VARIANTS, runs);
  for (const v of STARTUP_VARIANTS) {
    const mine = traces.filter((t) => t.variant === v.name);
    const u = [...unionOf(mine).entries()].sort(([a], [b]) => a.localeCompare(b));
    console.log(`${v.name} (${mine.length} runs${mine.some((t) => t.cloned) ? ', threads cloned after the install' : ''}):`);
    console.log('  ' + u.map(([n, c]) => `${n}${c < mine.length ? `(${c}/${mine.length})` : ''}`).join(' '));
  }
  const all = [...unionOf(traces).keys()].sort();
  console.log(`union (${all.length}): ${all.join(' ')}`);
}
