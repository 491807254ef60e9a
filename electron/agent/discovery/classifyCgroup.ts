// A cgroup path → which runtime put the process there, the container id, and whether the
// process is the container's payload or a runtime helper (conmon, lxc monitor). Pure.
// Segments are scanned from the outermost inwards and the first container cgroup wins: below
// a container's own cgroup everything is the container's (LXC, nspawn and systemd inside a
// container get the subtree delegated and may name cgroups anything, docker-<id>.scope
// included), so a pattern counts only where the host's runtime puts it. A container nested in
// another (docker-in-docker, kind) is therefore shown as part of the outer one.
// The runtimes' own cgroup names are listed with each runtime (runtimes/sources.ts); the
// cgroupfs drivers' parent directories (/docker/<id>, /lxc/<name>, kubepods) are below.
import type { Runtime } from '../../../shared/snapshot/schema.js';
import { RUNTIME_SOURCES, type CgroupName } from '../runtimes/sources.js';

export interface CgroupIdentity {
  runtime: Runtime;
  id: string;
  /** Name known from the path itself (lxc, nspawn). */
  name: string | null;
  /** payload = the container's processes; helper = a runtime's monitor next to it. */
  role: 'payload' | 'helper';
  /** The container's own cgroup: the path up to and including the matched segment. */
  base: string;
  podUid: string | null;
  /** The path lies under a user's systemd instance (rootless). */
  rootless: boolean;
  /**
   * Who may create this cgroup: the uid whose systemd instance (user@UID.service) the path lies
   * under — that user's subtree is delegated to them, so the name proves nothing about anyone
   * else's container — or 0 for the host's own tree.
   */
  owner: number;
}

const HEX64 = '[0-9a-f]{64}';
/** The largest uid the kernel hands out ((uid_t)-1 means "none"). */
const MAX_UID = 0xfffffffe;

interface Rule extends CgroupName {
  runtime: Runtime;
}

/** Each runtime's cgroup names (runtimes/sources.ts). A segment matches at most one of them. */
const RULES: Rule[] = Object.entries(RUNTIME_SOURCES).flatMap(([runtime, s]) =>
  (s.cgroupNames ?? []).map((n) => ({ ...n, runtime: runtime as Runtime })),
);

/** systemd unit-name escaping: "\x2d" → "-". */
export function unescapeUnitName(text: string): string {
  return text.replace(/\\x([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function podUidOf(segments: string[]): string | null {
  for (const s of segments) {
    // v1/cgroupfs: pod0f3c...-...; systemd: kubepods-burstable-pod0f3c..._....slice
    const m = /(?:^|-)pod([0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12})(?:\.slice)?(?::|$)/.exec(s);
    if (m) return m[1]!.replace(/_/g, '-');
    const podman = /^machine-libpod_pod_([0-9a-f]{64})\.slice$/.exec(s) ?? /^libpod_pod_([0-9a-f]{64})$/.exec(s);
    if (podman) return podman[1]!;
  }
  return null;
}

export function classifyCgroupPath(path: string): CgroupIdentity | null {
  const segments = path.split('/').filter(Boolean);
  const underKubepods = segments.some((s) => s === 'kubepods' || s.startsWith('kubepods.') || s.startsWith('kubepods-'));
  const userService = segments.map((s) => /^user@(\d+)\.service$/.exec(s)).find(Boolean);
  const rootless = userService !== undefined;
  const owner = userService ? Number(userService[1]) : 0;
  // systemd starts user@UID.service only for a real uid (at most 2^32 - 2): any other number is
  // not a user's delegated tree, so the path identifies nobody.
  if (!(owner <= MAX_UID)) return null;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    const base = '/' + segments.slice(0, i + 1).join('/');
    const make = (runtime: Runtime, id: string, role: 'payload' | 'helper', name: string | null): CgroupIdentity => ({
      runtime,
      id,
      name,
      role,
      base,
      podUid: podUidOf(segments.slice(0, i + 1)),
      rootless,
      owner,
    });
    for (const rule of RULES) {
      const m = rule.re.exec(seg);
      if (!m) continue;
      const id = rule.byName ? unescapeUnitName(m[1]!) : m[1]!;
      // machined registers virtual machines too (libvirt: machine-qemu\x2d1\x2dvm.scope): not containers.
      if (rule.runtime === 'nspawn' && /^qemu-/.test(id)) return null;
      // nspawn splits its unit into payload/ and supervisor/ (nspawn itself: a helper).
      const role = rule.runtime === 'nspawn' && segments[i + 1] === 'supervisor' ? 'helper' : rule.role;
      return make(rule.runtime, id, role, rule.byName ? id : null);
    }
    const prev = segments[i - 1];
    // Kata's shim and virtiofsd sit in /kata_overhead/<sandbox id>: next to the sandbox, not in it.
    if (prev === 'kata_overhead' && i === 1 && new RegExp(`^${HEX64}$`).test(seg)) return make('containerd', seg, 'helper', null);
    // cgroupfs drivers: /docker/<id>, /kubepods/<qos>/pod<uid>/<id>, /lxc/<name>, /libpod_parent/…
    if (new RegExp(`^${HEX64}$`).test(seg)) {
      if (underKubepods) return make('containerd', seg, 'payload', null);
      if (prev === 'docker') return make('docker', seg, 'payload', null);
      if (prev === 'libpod_parent') return make('podman', seg, 'payload', null);
    }
    // Old Docker (1.x on EL7) used shorter ids: /docker/<32 hex>.
    if (prev === 'docker' && /^[0-9a-f]{12,63}$/.test(seg)) return make('docker', seg, 'payload', null);
    if (prev === 'lxc' && i === 1) return make('lxc', seg, 'payload', seg);
    if (prev === 'lxc.payload' && i === 1) return make('lxc', seg, 'payload', seg);
    if (seg === 'conmon' && prev === 'libpod_parent') return make('podman', 'conmon', 'helper', null);
    // systemd-nspawn splits its cgroup into payload/ and supervisor/ (--keep-unit leaves the
    // unit name out of the path: the machine name then comes from the nspawn process). The
    // payload's systemd makes its own cgroups below: they are still the container's.
    if ((seg === 'payload' || seg === 'supervisor') && i > 0) {
      const unit = prev
        ? RULES.filter((r) => r.runtime === 'nspawn')
            .map((r) => r.re.exec(prev))
            .find(Boolean)
        : null;
      const name = unit ? unescapeUnitName(unit[1]!) : null;
      // supervisor/ holds nspawn itself: a helper next to the container, not in it.
      return make('nspawn', name ?? '', seg === 'payload' ? 'payload' : 'helper', name);
    }
  }
  return null;
}

/** The machine name systemd-nspawn was started with: -M/--machine, else the -D/-i basename. */
export function nspawnMachineName(cmdline: string[]): string | null {
  let dir: string | null = null;
  for (let i = 1; i < cmdline.length; i++) {
    const a = cmdline[i]!;
    let consumed = false;
    const value = (short: string, long: string): string | null => {
      if (a === short || a === long) {
        consumed = true;
        return cmdline[i + 1] ?? null;
      }
      if (a.startsWith(long + '=')) return a.slice(long.length + 1);
      if (a.startsWith(short) && a.length > short.length && !a.startsWith('--')) return a.slice(short.length);
      return null;
    };
    const machine = value('-M', '--machine');
    if (machine) return machine;
    dir ??= value('-D', '--directory') ?? value('-i', '--image');
    // Options with separate values (--bind X, -u X) cannot be told from the payload command
    // without nspawn's whole option table, so the whole line is scanned; first match wins.
    if (consumed) i++;
  }
  if (!dir) return null;
  const base = dir.replace(/\/+$/, '').split('/').pop() ?? '';
  return base.replace(/\.raw$/, '') || null;
}
