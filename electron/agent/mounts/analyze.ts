// A container's mount table turned into the snapshot's Mounts: each mount with its host source
// (resolved through the host's mountinfo by major:minor and root, the standard way), what in
// it gives a way out or in, and the default masked/read-only paths in force. Pure: the host's
// answers (what a host path is, whether a kernel file exists) come in as functions.
//
// Every string here comes from a container's mountinfo (targets and roots are paths it chose):
// they are capped in length, kept as data, and only ever looked up in Maps/Sets.
import type {
  MountFlag,
  MountHostSource,
  MountRecord,
  Mounts,
  PathProtection,
  HostNodeType,
} from '../../../shared/snapshot/mounts.js';
import { isIdmapped, propagationOf, propagationText, type MountEntry } from '../parsers/mountinfo.js';
import { EVERYWHERE, type PathDefault } from './defaults.js';

/** Longest path or option kept from a container's mountinfo. */
export const MAX_TEXT = 4096;
/** Most superblock options kept per mount (overlay's lowerdir lists can be long). */
const MAX_OPTIONS = 64;
/** Most host paths listed for one ambiguous source. */
const MAX_CANDIDATES = 8;

export const clip = (s: string, max = MAX_TEXT): string =>
  s.length > max ? `${s.slice(0, max)}… (cut at ${max} characters)` : s;

export interface HostNode {
  node: HostNodeType;
  rdev?: string | null;
}

export interface HostLookups {
  /** What the host path is (lstat, not following a final link). */
  node(hostPath: string): HostNode;
  /** Whether the kernel has this /proc or /sys path (on the host's own procfs/sysfs); null: could not check. */
  kernelHas(path: string): boolean | null;
  /** Socket files directly in a host directory (for a bound /run), at most a few. */
  socketsIn(hostDir: string): string[];
}

export interface AnalyzeInput {
  entries: MountEntry[];
  truncated: boolean;
  source: string;
  /** The host reference's mount table, or null when unreadable (with the reason in `hostReference`). */
  host: MountEntry[] | null;
  hostReference: string;
  defaults: PathDefault;
  /** The container belongs to a Kubernetes pod (hostPath volumes are told apart). */
  inPod: boolean;
  lookups: HostLookups;
}

const RUNTIME_SOCKETS = new Map<string, string>([
  [
    'docker.sock',
    "the Docker API: whoever can write to it can start a privileged container with the host's / mounted, i.e. is root on the host",
  ],
  ['podman.sock', "the Podman API: whoever can write to it can start a privileged container on the host as that Podman's user"],
  ['containerd.sock', "containerd's API: whoever can write to it can run any container on the host, privileged ones included"],
  ['crio.sock', "CRI-O's API: whoever can write to it can run any container on the host, privileged ones included"],
  [
    'cri-dockerd.sock',
    "cri-dockerd's API (the Docker engine behind Kubernetes): whoever can write to it can run any container on the host",
  ],
  ['dockershim.sock', 'the dockershim CRI API: whoever can write to it can run any container on the host'],
]);

/** Host directories that hand over the host when bound in (CIS Docker 5.6 list and more). */
const SENSITIVE_DIRS = new Map<string, string>([
  ['/', "the host's whole filesystem"],
  ['/etc', "the host's configuration (passwd, shadow, sudoers, cron, systemd units)"],
  ['/run', "the host's runtime state and sockets (the container runtimes' APIs among them)"],
  ['/var/run', "the host's runtime state and sockets (the container runtimes' APIs among them)"],
  ['/proc', 'every host process, its environment and memory maps, and the kernel settings under /proc/sys'],
  [
    '/sys',
    "the kernel's and the host devices' settings (and, for sysfs in the host's network namespace, the host's network devices)",
  ],
  ['/dev', 'every host device node (disks included)'],
  ['/boot', "the host's kernels and boot loader"],
  ['/lib', "the host's libraries"],
  ['/usr', "the host's programs and libraries"],
  ['/home', "the host users' home directories (ssh keys, shell startup files)"],
  ['/root', "root's home on the host (ssh keys, shell startup files)"],
  ['/var/lib/docker', "Docker's state: every container's filesystem and config"],
  ['/var/lib/containers', "Podman/CRI-O storage: every container's filesystem"],
  ['/var/lib/kubelet', "the kubelet's state: every pod's volumes and service-account tokens"],
]);

/** Device nodes every runtime gives a container (runc's default set): not flagged when bound from the host. */
const DEFAULT_DEVICES = new Set(['/dev/null', '/dev/zero', '/dev/full', '/dev/random', '/dev/urandom', '/dev/tty']);
const PSEUDO_FS = new Set([
  'proc',
  'sysfs',
  'cgroup',
  'cgroup2',
  'devpts',
  'mqueue',
  'securityfs',
  'debugfs',
  'tracefs',
  'bpf',
  'fusectl',
  'configfs',
  'pstore',
  'hugetlbfs',
  'binfmt_misc',
  'nsfs',
]);
/** Host paths under which a pod's bind mounts are the kubelet's or the runtime's own, not hostPath volumes. */
const KUBELET_MANAGED =
  /(^|\/)kubelet\/(pods|plugins)\/|^\/(var\/)?run\/(containerd|containers|crio|k3s)\/|^\/var\/lib\/(containerd|containers|rancher\/k3s\/agent\/containerd)\/|^\/run\/k3s\//;

const within = (path: string, dir: string): boolean => dir === '/' || path === dir || path.startsWith(dir + '/');
const joinRel = (base: string, rel: string): string => (rel === '' ? base : base === '/' ? rel : base + rel);
const relOf = (path: string, dir: string): string => (dir === '/' ? (path === '/' ? '' : path) : path.slice(dir.length));
const basename = (p: string): string => p.slice(p.lastIndexOf('/') + 1);

/** The mount at each target that nothing else is mounted on top of. */
function topmost(entries: MountEntry[]): Map<string, MountEntry> {
  const byTarget = new Map<string, MountEntry[]>();
  for (const e of entries) byTarget.set(e.mountPoint, [...(byTarget.get(e.mountPoint) ?? []), e]);
  const out = new Map<string, MountEntry>();
  for (const [target, list] of byTarget) {
    const ids = new Set(list.map((e) => e.parentId));
    // The one that is no other's parent at this target; the last listed if that is unclear.
    out.set(target, list.filter((e) => !ids.has(e.id)).at(-1) ?? list.at(-1)!);
  }
  return out;
}

/** The visible mount a path lies on: the topmost mount at its deepest mounted ancestor. */
function covering(top: Map<string, MountEntry>, path: string): MountEntry | null {
  for (let p = path; ; p = p.slice(0, Math.max(p.lastIndexOf('/'), 1))) {
    const m = top.get(p);
    if (m) return m;
    if (p === '/') return null;
  }
}

export function resolveHost(
  m: MountEntry,
  host: MountEntry[] | null,
  hostReference: string,
  lookups: HostLookups,
): MountHostSource {
  if (!host)
    return {
      kind: 'unresolved',
      path: null,
      candidates: [],
      how: `the host's mount table could not be read (${hostReference})`,
      node: null,
    };
  const sameFs = host.filter((h) => h.majorMinor === m.majorMinor);
  if (sameFs.length === 0) {
    return {
      kind: 'own',
      path: null,
      candidates: [],
      how: `no host mount has filesystem ${m.majorMinor}: the container's own ${m.fsType} (made for it, not from the host's mount table)`,
      node: null,
    };
  }
  const reaching = sameFs.filter((h) => within(m.root, h.root));
  if (reaching.length === 0) {
    const roots = [...new Set(sameFs.map((h) => h.root))]
      .slice(0, 4)
      .map((x) => clip(x))
      .join(', ');
    return {
      kind: 'unresolved',
      path: null,
      candidates: [],
      how: `the host mounts filesystem ${m.majorMinor} only with roots ${roots}, none containing ${clip(m.root)}: no host path reaches it`,
      node: null,
    };
  }
  const paths = new Map<string, MountEntry>();
  for (const h of reaching) {
    const p = joinRel(h.mountPoint, relOf(m.root, h.root));
    if (!paths.has(p)) paths.set(p, h);
  }
  const describe = (p: string, h: MountEntry) =>
    `host mount ${h.id} (${h.majorMinor}, root ${clip(h.root)}) at ${clip(h.mountPoint)} → ${clip(p)}`;
  if (paths.size === 1) {
    const [p, h] = [...paths][0]!;
    const node = lookups.node(p);
    return {
      kind: 'host',
      path: clip(p),
      candidates: [clip(p)],
      how: describe(p, h),
      node: node.node,
      ...(node.rdev ? { rdev: node.rdev } : {}),
    };
  }
  const list = [...paths].slice(0, MAX_CANDIDATES);
  const more = paths.size > MAX_CANDIDATES ? ` and ${paths.size - MAX_CANDIDATES} more` : '';
  return {
    kind: 'ambiguous',
    path: null,
    candidates: list.map(([p]) => clip(p)),
    how: `${paths.size} host mounts of filesystem ${m.majorMinor} reach root ${clip(m.root)} (${list.map(([p, h]) => describe(p, h)).join('; ')}${more}): the same file under several host paths, none picked`,
    node: null,
  };
}

function flagsFor(
  m: MountEntry,
  host: MountHostSource,
  readOnly: boolean,
  input: AnalyzeInput,
  top: Map<string, MountEntry>,
  masks: Set<string>,
): MountFlag[] {
  const flags: MountFlag[] = [];
  const where = host.path ?? m.mountPoint;
  const access = readOnly ? 'read-only' : 'writable';
  // Runtime sockets: by what the host path is, or by name when the host side is unknown.
  const sockName = basename(host.path ?? m.mountPoint);
  const api = RUNTIME_SOCKETS.get(sockName);
  if (host.node === 'socket' || (api && host.kind !== 'own' && host.node === null)) {
    const byName = host.node === 'socket' ? '' : ' (recognised by its name; the host side could not be checked)';
    if (api)
      flags.push({ kind: 'runtime-socket', severity: 'high', reason: `The host's ${clip(where)} is bound in: ${api}${byName}.` });
    else
      flags.push({
        kind: 'host-socket',
        severity: 'medium',
        reason: `A host socket (${clip(where)}) is bound in: the container can talk to whatever listens on it on the host.`,
      });
  }
  if (host.kind === 'host' && host.path !== null && !PSEUDO_FS.has(m.fsType)) {
    const what = SENSITIVE_DIRS.get(host.path);
    if (what) {
      flags.push({
        kind: 'host-directory',
        severity: readOnly ? 'medium' : 'high',
        reason: `The host's ${host.path} is bound in ${access} at ${clip(m.mountPoint)}: ${what}.`,
      });
      if (host.path === '/run' || host.path === '/var/run') {
        const socks = input.lookups.socketsIn(host.path);
        if (socks.length)
          flags.push({
            kind: 'runtime-socket',
            severity: 'high',
            reason: `Sockets in the bound host ${host.path} are reachable from the container: ${socks.map((x) => clip(x)).join(', ')}.`,
          });
      }
    }
  } else if (
    host.kind === 'host' &&
    ((host.path === '/proc' && m.fsType === 'proc') || (host.path === '/sys' && m.fsType === 'sysfs' && !readOnly))
  ) {
    // The very procfs the host has mounted (procfs makes a new instance per mount since 5.8, so
    // this is a bind of the host's /proc), or the host's sysfs instance writable. (A read-only
    // sysfs mounted in the host's network namespace is that same instance too: the host
    // network namespace is its own finding, not a bound host directory.)
    flags.push({
      kind: 'host-directory',
      severity: readOnly ? 'medium' : 'high',
      reason: `The host's own ${m.fsType} instance (the one at its ${host.path}) is mounted ${access} at ${clip(m.mountPoint)}: ${SENSITIVE_DIRS.get(host.path)}.`,
    });
  }
  if (
    (host.node === 'char-device' || host.node === 'block-device') &&
    !masks.has(m.mountPoint) &&
    !(DEFAULT_DEVICES.has(m.mountPoint) && host.path === m.mountPoint)
  ) {
    const kind = host.node === 'block-device' ? 'block device' : 'character device';
    flags.push({
      kind: 'host-device',
      severity: host.node === 'block-device' ? 'high' : 'medium',
      reason: `The host's ${kind} ${clip(where)}${host.rdev ? ` (${host.rdev})` : ''} is bound in ${access}: the container reaches the device itself, past the device cgroup's list.`,
    });
  }
  const prop = propagationOf(m);
  if (prop.shared !== null) {
    // Peer group numbers are kernel-wide: a host mount in the same group is where events cross.
    // A group with no host peer is shared only inside the container's own namespace (LXC and
    // nspawn make their trees shared): recorded as propagation, not flagged.
    const peers = (input.host ?? []).filter((h) => propagationOf(h).shared === prop.shared).map((h) => clip(h.mountPoint));
    if (peers.length) {
      const whom = `${peers.slice(0, 4).join(', ')}${peers.length > 4 ? ` and ${peers.length - 4} more` : ''}`;
      flags.push({
        kind: 'shared-propagation',
        severity: 'medium',
        reason: `Shared propagation with the host (peer group ${prop.shared}: the host's ${whom}): mounts made on either side appear on the other.`,
      });
    }
  }
  if (m.mountPoint === '/sys' && m.fsType === 'sysfs' && !readOnly) {
    flags.push({
      kind: 'sys-writable',
      severity: 'high',
      reason:
        'sysfs is mounted writable at /sys: with CAP_SYS_ADMIN the container can change kernel and device settings for the whole host.',
    });
  }
  if (m.fsType === 'proc' && !readOnly && covering(top, '/proc/sys') === m) {
    flags.push({
      kind: 'proc-sys-writable',
      severity: 'high',
      reason: `/proc/sys is writable (no read-only mount over it; it lies on ${clip(m.mountPoint)}): with the capability, host-wide kernel settings can be changed.`,
    });
  }
  if (
    input.inPod &&
    host.kind === 'host' &&
    host.path !== null &&
    !PSEUDO_FS.has(m.fsType) &&
    m.mountPoint !== '/' &&
    !KUBELET_MANAGED.test(host.path)
  ) {
    flags.push({
      kind: 'hostpath',
      severity: readOnly ? 'medium' : 'high',
      reason: `A Kubernetes hostPath volume: the host's ${clip(host.path)} (${access}), not a kubelet-managed volume under kubelet/pods/<uid>/volumes.`,
    });
  }
  return flags;
}

function protections(top: Map<string, MountEntry>, defaults: PathDefault, lookups: HostLookups): PathProtection[] {
  const out: PathProtection[] = [];
  const isMask = (m: MountEntry) => m.root.endsWith('/null') && (m.fsType === 'devtmpfs' || m.fsType === 'tmpfs');
  const ro = (m: MountEntry) => m.options.includes('ro') || m.superOptions.includes('ro');
  const absentOr = (path: string, expected: PathProtection['expected'], why: string): PathProtection => {
    const has = lookups.kernelHas(path);
    if (has === false)
      return {
        path,
        expected,
        state: 'absent',
        how: `this kernel has no ${path}: nothing to ${expected === 'masked' ? 'mask' : 'protect'}`,
      };
    if (has === null)
      return { path, expected, state: 'unknown', how: `${why}; whether this kernel has ${path} could not be checked` };
    return { path, expected, state: 'exposed', how: why };
  };
  for (const path of defaults.masked) {
    const m = top.get(path);
    if (m && isMask(m))
      out.push({
        path,
        expected: 'masked',
        state: 'masked',
        how: `/dev/null bound over it (mount ${m.id}, ${m.fsType} ${clip(m.root)})`,
      });
    else if (m && m.fsType === 'tmpfs' && m.options.includes('ro'))
      out.push({ path, expected: 'masked', state: 'masked', how: `a read-only tmpfs over it (mount ${m.id})` });
    else if (m && ro(m))
      out.push({
        path,
        expected: 'masked',
        state: 'readonly',
        how: `only a read-only mount over it (mount ${m.id}, ${m.fsType}): readable, not masked`,
      });
    else
      out.push(
        absentOr(
          path,
          'masked',
          m
            ? `mount ${m.id} (${m.fsType}) is over it but hides nothing`
            : "nothing is mounted over it: the container reads the host kernel's file",
        ),
      );
  }
  for (const path of defaults.readonly) {
    const m = top.get(path);
    if (m && isMask(m)) out.push({ path, expected: 'readonly', state: 'masked', how: `/dev/null bound over it (mount ${m.id})` });
    else if (m && ro(m))
      out.push({
        path,
        expected: 'readonly',
        state: 'readonly',
        how: `a read-only bind over itself (mount ${m.id}, ${m.fsType} ${clip(m.root)})`,
      });
    else {
      const c = covering(top, path);
      if (c && ro(c))
        out.push({
          path,
          expected: 'readonly',
          state: 'readonly',
          how: `it lies on ${clip(c.mountPoint)}, which is read-only (mount ${c.id})`,
        });
      else
        out.push(
          absentOr(
            path,
            'readonly',
            c
              ? `it lies on ${clip(c.mountPoint)} (mount ${c.id}), which is writable, and nothing read-only covers it`
              : 'no mount covers it',
          ),
        );
    }
  }
  return out;
}

export function analyzeMounts(input: AnalyzeInput): Mounts {
  const top = topmost(input.entries);
  const masks = new Set(
    [...input.defaults.masked, ...input.defaults.readonly].filter((p) => {
      const m = top.get(p);
      return m !== undefined && m.root.endsWith('/null');
    }),
  );
  const mounts: MountRecord[] = input.entries.map((m) => {
    const prop = propagationOf(m);
    const mountReadOnly = m.options.includes('ro');
    const superReadOnly = m.superOptions.includes('ro');
    const readOnly = mountReadOnly || superReadOnly;
    const host = resolveHost(m, input.host, input.hostReference, input.lookups);
    return {
      id: m.id,
      parentId: m.parentId,
      majorMinor: clip(m.majorMinor, 32),
      root: clip(m.root),
      target: clip(m.mountPoint),
      fsType: clip(m.fsType, 256),
      source: clip(m.source),
      options: m.options.slice(0, MAX_OPTIONS).map((o) => clip(o, 1024)),
      superOptions: m.superOptions.slice(0, MAX_OPTIONS).map((o) => clip(o, 1024)),
      readOnly,
      mountReadOnly,
      superReadOnly,
      propagation: propagationText(prop),
      sharedGroup: prop.shared,
      masterGroup: prop.master,
      idmapped: isIdmapped(m),
      host,
      flags: flagsFor(m, host, readOnly, input, top, masks),
    };
  });
  return {
    source: input.source,
    hostReference: input.hostReference,
    mounts,
    truncated: input.truncated,
    protections: {
      defaultName: input.defaults.name,
      defaultSource: input.defaults.source,
      paths: protections(top, input.defaults, input.lookups).map((p) => ({ ...p, everywhere: EVERYWHERE.has(p.path) })),
    },
  };
}
