// Mandatory access control: AppArmor profile and mode, SELinux type and level, and whether
// SELinux MCS categories keep two containers apart. Pure.
import type { Container, SelinuxContext } from '../snapshot/schema.js';
import type { Difference } from './types.js';
import { diff, known, type Known, LETTER, unavailableFor, unknownBecause, unknownDiff, type Which } from './values.js';

/** SELinux types that are not confined (super-privileged or unconfined domains). */
export const UNCONFINED_SELINUX_TYPES = ['spc_t', 'unconfined_t', 'kernel_t', 'init_t', 'unconfined_service_t'];

type MacView =
  | { kind: 'apparmor'; profile: string; mode: string | null }
  | { kind: 'selinux'; ctx: SelinuxContext }
  | { kind: 'none'; why: string };

function view(c: Container): Known<MacView> {
  if (c.lsm.apparmor) return known({ kind: 'apparmor', profile: c.lsm.apparmor.profile, mode: c.lsm.apparmor.mode });
  if (c.lsm.selinux) return known({ kind: 'selinux', ctx: c.lsm.selinux });
  const u = unavailableFor(c.unavailable, 'lsm');
  // EINVAL is the kernel saying no active LSM provides process contexts: a known "none".
  if (u && u.reason !== 'EINVAL') return unknownBecause(u.reason);
  return known({ kind: 'none', why: u?.detail ?? 'no AppArmor or SELinux context' });
}

function confined(v: MacView): boolean {
  if (v.kind === 'apparmor') return v.profile !== 'unconfined' && v.mode !== 'complain' && v.mode !== 'unconfined';
  if (v.kind === 'selinux') return !UNCONFINED_SELINUX_TYPES.includes(v.ctx.type);
  return false;
}

function text(v: MacView): string {
  if (v.kind === 'apparmor') return `apparmor ${v.profile}${v.mode ? ` (${v.mode})` : ''}`;
  if (v.kind === 'selinux') return `selinux ${v.ctx.user}:${v.ctx.role}:${v.ctx.type}${v.ctx.level ? ':' + v.ctx.level : ''}`;
  return 'none';
}

const cats = (c: number[]) => (c.length ? c.map((n) => `c${n}`).join(',') : 'none');

/**
 * MCS between two containers on one host: access needs the subject's categories to include
 * all of the object's, so equal or nested category sets do not keep them apart.
 */
export function mcsRelation(a: SelinuxContext, b: SelinuxContext): Difference | null {
  if (UNCONFINED_SELINUX_TYPES.includes(a.type) || UNCONFINED_SELINUX_TYPES.includes(b.type)) return null;
  if (a.sensitivity !== b.sensitivity) return null;
  const [ca, cb] = [a.categories, b.categories];
  const common = ca.filter((n) => cb.includes(n));
  const aHasAllB = cb.every((n) => ca.includes(n));
  const bHasAllA = ca.every((n) => cb.includes(n));
  const field = 'selinux.mcs';
  if (aHasAllB && bHasAllA) {
    return diff(
      'mac',
      field,
      cats(ca),
      cats(cb),
      null,
      `A and B have the same MCS categories (${cats(ca)}): MCS does not separate them, only their type rules and file ownership do.`,
    );
  }
  if (aHasAllB || bHasAllA) {
    const [w, v] = aHasAllB ? ['A', 'B'] : ['B', 'A'];
    return diff(
      'mac',
      field,
      cats(ca),
      cats(cb),
      null,
      `${w}'s MCS categories include all of ${v}'s: MCS does not stop ${w} from reaching ${v}'s files.`,
    );
  }
  if (common.length > 0) {
    return diff(
      'mac',
      field,
      cats(ca),
      cats(cb),
      null,
      `A and B overlap in MCS categories (${cats(common)}); neither holds all of the other's, so MCS still keeps them apart.`,
    );
  }
  return null;
}

export function diffMac(a: Container, b: Container, same: boolean, related: boolean): Difference[] {
  const ka = view(a);
  const kb = view(b);
  const unknown = unknownDiff('mac', 'lsm', 'The LSM context', ka, kb, text, same);
  if (unknown) return [unknown];
  if (!ka.known || !kb.known || same) return [];
  const [x, y] = [ka.value, kb.value];
  const out: Difference[] = [];
  const lessConfined = (): Which | null => (confined(x) === confined(y) ? null : confined(x) ? 'b' : 'a');
  const w = lessConfined();
  const notConfined = (s: Which) => {
    const v = s === 'a' ? x : y;
    return v.kind === 'none'
      ? `${LETTER[s]} is not confined by any LSM.`
      : `${LETTER[s]} is not confined by its LSM (${text(v)}).`;
  };

  if (x.kind !== y.kind) {
    out.push(
      diff(
        'mac',
        'lsm',
        text(x),
        text(y),
        w,
        w ? notConfined(w) : `A and B are confined by different LSMs: ${text(x)} and ${text(y)}.`,
      ),
    );
    return out;
  }
  if (x.kind === 'apparmor' && y.kind === 'apparmor') {
    if (x.profile !== y.profile) {
      out.push(
        diff(
          'mac',
          'apparmor.profile',
          text(x),
          text(y),
          w,
          w
            ? notConfined(w)
            : `A and B run under different AppArmor profiles (${x.profile}, ${y.profile}): their rules decide which is stricter.`,
        ),
      );
    } else if (x.mode !== y.mode) {
      const mw: Which | null = w ?? (x.mode === 'complain' ? 'a' : y.mode === 'complain' ? 'b' : null);
      const meaning = mw
        ? `${LETTER[mw]}'s AppArmor profile is in ${(mw === 'a' ? x.mode : y.mode) ?? 'no'} mode: violations are logged, not blocked.`
        : `The AppArmor modes differ: ${x.mode ?? 'none'} and ${y.mode ?? 'none'}.`;
      out.push(diff('mac', 'apparmor.mode', x.mode ?? 'none', y.mode ?? 'none', mw, meaning));
    }
  }
  if (x.kind === 'selinux' && y.kind === 'selinux') {
    if (x.ctx.type !== y.ctx.type) {
      out.push(
        diff(
          'mac',
          'selinux.type',
          x.ctx.type,
          y.ctx.type,
          w,
          w
            ? `${LETTER[w]} runs in the unconfined SELinux type ${(w === 'a' ? x : y).ctx.type}.`
            : `A and B run in different SELinux types (${x.ctx.type}, ${y.ctx.type}).`,
        ),
      );
    }
    if (x.ctx.level !== y.ctx.level) {
      out.push(
        diff(
          'mac',
          'selinux.level',
          x.ctx.level ?? 'none',
          y.ctx.level ?? 'none',
          null,
          `A and B run at different SELinux levels (${x.ctx.level ?? 'none'}, ${y.ctx.level ?? 'none'}).`,
        ),
      );
    }
    if (related) {
      const mcs = mcsRelation(x.ctx, y.ctx);
      if (mcs) out.push(mcs);
    }
  }
  return out;
}

/** Both LSM contexts could be read and come from the same kind of LSM: the per-module contexts are worth comparing (kernelFeatures.ts). */
export function sameMacKind(a: Container, b: Container): boolean {
  const ka = view(a);
  const kb = view(b);
  return ka.known && kb.known && ka.value.kind === kb.value.kind;
}
