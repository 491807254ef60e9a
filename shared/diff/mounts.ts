// Mounts compared: host-backed or flagged mounts only one side has, rw ↔ ro, propagation and
// flags of the mounts both have at a target, and the default masked/read-only paths in force.
// Reported under the "rootfs" area (the filesystem a container sees), fields named
// "mount /target" and "masked /proc/kcore". Pure.
import type { MountRecord, Mounts, PathProtection } from '../snapshot/mounts.js';
import type { Container } from '../snapshot/schema.js';
import type { Difference } from './types.js';
import { diff, known, type Known, LETTER, reasonFor, unknownBecause, unknownDiff, type Which } from './values.js';

/** Most mount differences listed; the rest are counted in one more line. */
export const MAX_MOUNT_DIFFS = 60;

function mountsOf(c: Container): Known<Mounts> | null {
  if (c.mounts === undefined) return null;
  if (c.mounts === null) return unknownBecause(reasonFor(c, 'mounts'));
  return known(c.mounts);
}

/** The visible mount per target (the last listed wins, as in the kernel's order). */
function byTarget(m: Mounts): Map<string, MountRecord> {
  const out = new Map<string, MountRecord>();
  for (const r of m.mounts) out.set(r.target, r);
  return out;
}

const fromHost = (r: MountRecord) => r.host.kind === 'host' || r.host.kind === 'ambiguous';
const worth = (r: MountRecord) =>
  r.flags.length > 0 || (fromHost(r) && r.target !== '/' && !['cgroup', 'cgroup2'].includes(r.fsType));
const show = (r: MountRecord | undefined) =>
  r
    ? `${r.host.path ?? (r.host.kind === 'own' ? r.fsType : r.host.candidates.join(' | ') || 'unresolved')} ${r.readOnly ? 'ro' : 'rw'}${r.propagation !== 'private' ? ` ${r.propagation}` : ''}${r.flags.length ? ` [${r.flags.map((f) => f.kind).join(', ')}]` : ''}`
    : 'none';
const protText = (p: PathProtection | undefined) => (p ? p.state : 'not compared');

export function diffMounts(x: Container, y: Container, same: boolean): Difference[] {
  const ma = mountsOf(x);
  const mb = mountsOf(y);
  if (ma === null && mb === null) return [];
  const ka = ma ?? unknownBecause<Mounts>('not collected in this snapshot');
  const kb = mb ?? unknownBecause<Mounts>('not collected in this snapshot');
  const u = unknownDiff('rootfs', 'mounts', 'The mount table', ka, kb, (m) => `${m.mounts.length} mounts`, same);
  if (u) return [u];
  if (!ka.known || !kb.known || same) return [];
  const out: Difference[] = [];
  const [ta, tb] = [byTarget(ka.value), byTarget(kb.value)];
  const targets = [...new Set([...ta.keys(), ...tb.keys()])].sort();
  for (const t of targets) {
    const a = ta.get(t);
    const b = tb.get(t);
    const field = `mount ${t}`;
    if (!a || !b) {
      const r = (a ?? b)!;
      if (!worth(r)) continue;
      const w: Which = a ? 'a' : 'b';
      const src = r.host.path ? `the host's ${r.host.path}` : `a ${r.fsType} mount`;
      out.push(
        diff(
          'rootfs',
          field,
          show(a),
          show(b),
          r.flags.length ? w : null,
          r.flags.length
            ? `Only ${LETTER[w]} has ${src} at ${t}: ${r.flags[0]!.reason}`
            : `Only ${LETTER[w]} has ${src} mounted at ${t}.`,
        ),
      );
      continue;
    }
    if (!worth(a) && !worth(b)) continue;
    const kindsA = new Set(a.flags.map((f) => f.kind));
    const kindsB = new Set(b.flags.map((f) => f.kind));
    const onlyA = [...kindsA].filter((k) => !kindsB.has(k));
    const onlyB = [...kindsB].filter((k) => !kindsA.has(k));
    if (onlyA.length || onlyB.length) {
      const w: Which | null = onlyA.length && !onlyB.length ? 'a' : onlyB.length && !onlyA.length ? 'b' : null;
      const reason = (w === 'a' ? a : b).flags.find((f) => (w === 'a' ? onlyA : onlyB).includes(f.kind))?.reason;
      out.push(
        diff(
          'rootfs',
          field,
          show(a),
          show(b),
          w,
          w && reason
            ? `At ${t}, ${LETTER[w]}: ${reason}`
            : `At ${t} the two are flagged differently (${onlyA.join(', ') || 'nothing'} for A, ${onlyB.join(', ') || 'nothing'} for B).`,
        ),
      );
    } else if (a.readOnly !== b.readOnly && (fromHost(a) || fromHost(b) || t === '/sys' || t === '/proc/sys')) {
      const w: Which = a.readOnly ? 'b' : 'a';
      out.push(
        diff(
          'rootfs',
          field,
          show(a),
          show(b),
          w,
          `${t} is writable in ${LETTER[w]} and read-only in ${LETTER[w === 'a' ? 'b' : 'a']}.`,
        ),
      );
    } else if ((a.sharedGroup !== null) !== (b.sharedGroup !== null)) {
      const w: Which = a.sharedGroup !== null ? 'a' : 'b';
      out.push(
        diff(
          'rootfs',
          field,
          show(a),
          show(b),
          null,
          `${t} is a shared mount in ${LETTER[w]} (${(w === 'a' ? a : b).propagation}) and not in the other.`,
        ),
      );
    } else if (a.idmapped !== b.idmapped) {
      out.push(
        diff(
          'rootfs',
          field,
          show(a),
          show(b),
          null,
          `${t} is idmapped in ${a.idmapped ? 'A' : 'B'} only: file owners are translated through a user namespace there.`,
        ),
      );
    }
  }
  const pa = new Map(ka.value.protections.paths.map((p) => [p.path, p]));
  const pb = new Map(kb.value.protections.paths.map((p) => [p.path, p]));
  for (const path of [...new Set([...pa.keys(), ...pb.keys()])].sort()) {
    const a = pa.get(path);
    const b = pb.get(path);
    if (!a || !b || a.state === b.state) continue;
    const w: Which | null =
      a.state === 'exposed' && b.state !== 'unknown' ? 'a' : b.state === 'exposed' && a.state !== 'unknown' ? 'b' : null;
    const verb = a.expected === 'masked' ? 'masked' : 'read-only';
    out.push(
      diff(
        'rootfs',
        `masked ${path}`,
        protText(a),
        protText(b),
        w,
        w
          ? `${path} is not ${verb} in ${LETTER[w]} (${(w === 'a' ? a : b).how}); the runtime's default ${a.expected === 'masked' ? 'masks it' : 'makes it read-only'}.`
          : `${path}: ${a.state} in A, ${b.state} in B.`,
      ),
    );
  }
  if (out.length > MAX_MOUNT_DIFFS) {
    const rest = out.length - MAX_MOUNT_DIFFS;
    return [
      ...out.slice(0, MAX_MOUNT_DIFFS),
      diff('rootfs', 'mounts (more)', '', '', null, `${rest} more mount difference${rest > 1 ? 's' : ''} not listed.`),
    ];
  }
  return out;
}
