// Host-wide kernel features beside the devices: Landlock (is it there, which ABI) and the BPF LSM
// programs loaded, asked of the running kernel through kernel-probe. Landlock's per-process state
// is not exposed by the kernel at all: the snapshot says so instead of guessing. Not under
// --root (a fixture tree has no kernel to ask).
import { readFileSync } from 'node:fs';
import type { BpfLsm, Landlock } from '../../../shared/snapshot/devices.js';
import type { HostFs } from '../readers/hostFs.js';
import { indexBtf, type BtfIndex } from './btf.js';
import { parseBpfLsm, parseLandlock, runProbe } from './probe.js';

const LANDLOCK_SOURCE = 'landlock_create_ruleset(NULL, 0, LANDLOCK_CREATE_RULESET_VERSION)';
const LSM_SOURCE = 'bpf(BPF_PROG_GET_NEXT_ID) → BPF_OBJ_GET_INFO_BY_FD, type BPF_PROG_TYPE_LSM';
const VMLINUX_BTF = '/sys/kernel/btf/vmlinux';

const LANDLOCK_WHY: Record<string, string> = {
  ENOSYS: 'the kernel lacks Landlock (not built in)',
  EOPNOTSUPP: 'Landlock is built in but not enabled at boot (not in the lsm= list)',
};

type Run = (args: string[]) => ReturnType<typeof runProbe>;

export function readLandlock(run: Run): Landlock {
  const out = run(['landlock']);
  const r = out.ok ? parseLandlock(out.value) : out;
  if (!r.ok) return { abi: null, reason: r.reason, detail: r.detail, source: LANDLOCK_SOURCE };
  if ('abi' in r.value) return { abi: r.value.abi, reason: null, detail: null, source: LANDLOCK_SOURCE };
  return { abi: null, reason: r.value.error, detail: LANDLOCK_WHY[r.value.error] ?? null, source: LANDLOCK_SOURCE };
}

let btf: BtfIndex | null | undefined;
function vmlinuxBtf(): BtfIndex | null {
  if (btf === undefined) {
    try {
      btf = indexBtf(readFileSync(VMLINUX_BTF));
    } catch {
      btf = null;
    }
  }
  return btf;
}

/** "bpf_lsm_file_open" → "file_open": the hook a BPF LSM program runs on. */
export const hookName = (fn: string | null): string | null => (fn === null ? null : fn.startsWith('bpf_lsm_') ? fn.slice(8) : fn);

export function readBpfLsm(run: Run, names: (id: number) => string | null = (id) => vmlinuxBtf()?.nameOf(id) ?? null): BpfLsm {
  const out = run(['bpf-lsm']);
  const r = out.ok ? parseBpfLsm(out.value) : out;
  if (!r.ok) return { programs: null, reason: r.reason, detail: r.detail, source: LSM_SOURCE };
  const programs = r.value.programs.map((p) => ({
    id: p.id,
    name: p.name,
    tag: p.tag,
    attach: p.btf ? hookName(names(p.btf)) : null,
  }));
  const partial = r.value.error
    ? `the walk stopped early (${r.value.error})`
    : r.value.truncated
      ? 'the walk stopped at its limit'
      : null;
  return { programs, reason: partial ? 'partial' : null, detail: partial, source: LSM_SOURCE };
}

const BPF_LSM_TTL_MS = 30_000;
let landlockOnce: Landlock | undefined;
let lsmCache: { at: number; value: BpfLsm } | undefined;

/**
 * The host's Landlock and BPF LSM facts for the snapshot. Landlock's ABI cannot change while the
 * kernel runs (asked once); BPF LSM programs come and go (asked again after 30 s).
 */
export function readHostKernel(
  fs: HostFs,
  run: Run = (a) => runProbe(a),
  now = Date.now(),
): { landlock: Landlock; bpfLsm: BpfLsm } {
  if (fs.root !== '/') {
    const detail = `reading ${fs.root} as the host's /: these are asked of the running kernel, not the tree`;
    return {
      landlock: { abi: null, reason: 'fixture-root', detail, source: LANDLOCK_SOURCE },
      bpfLsm: { programs: null, reason: 'fixture-root', detail, source: LSM_SOURCE },
    };
  }
  landlockOnce ??= readLandlock(run);
  if (!lsmCache || now - lsmCache.at > BPF_LSM_TTL_MS) lsmCache = { at: now, value: readBpfLsm(run) };
  return { landlock: landlockOnce, bpfLsm: lsmCache.value };
}
