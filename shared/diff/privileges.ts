// Capabilities, seccomp, the root filesystem and the init process's user. Pure.
import { CAPABILITY_INFO } from '../rules/capabilityInfo.js';
import type { CapabilitySet, Container } from '../snapshot/schema.js';
import type { Difference } from './types.js';
import {
  diff,
  known,
  type Known,
  LETTER,
  list,
  lowerFirst,
  other,
  reasonFor,
  unknownBecause,
  unknownDiff,
  type Which,
} from './values.js';

const SETS = ['effective', 'permitted', 'bounding', 'inheritable', 'ambient'] as const;
type SetName = (typeof SETS)[number];

/** What holding extra capabilities in each set (other than effective) allows. */
const SET_MEANING: Record<Exclude<SetName, 'effective'>, string> = {
  permitted: 'it can raise them into its effective set at will',
  bounding: 'it could still gain them, through setuid-root or file-capability programs',
  inheritable: 'it passes them on to programs with matching file capabilities',
  ambient: 'it keeps them across execve, even into ordinary programs',
};
const STATUS_LINE: Record<SetName, string> = {
  effective: 'CapEff',
  permitted: 'CapPrm',
  bounding: 'CapBnd',
  inheritable: 'CapInh',
  ambient: 'CapAmb',
};

const capNames = (s: CapabilitySet) => [...s.names, ...s.unknownBits.map((b) => `bit ${b}`)];
/** Dangerous ones first, then by name. */
const byDanger = (x: string, y: string) =>
  Number(!!CAPABILITY_INFO[y]?.dangerous) - Number(!!CAPABILITY_INFO[x]?.dangerous) || x.localeCompare(y);

function capSet(c: Container, set: SetName): Known<string[]> {
  const s = c.capabilities[set];
  return s ? known(capNames(s)) : unknownBecause(reasonFor(c, `capabilities.${set}`, `status.${STATUS_LINE[set]}`, 'status'));
}

export function diffCapabilities(a: Container, b: Container, same: boolean): Difference[] {
  const out: Difference[] = [];
  for (const set of SETS) {
    const ka = capSet(a, set);
    const kb = capSet(b, set);
    const unknown = unknownDiff('capabilities', set, `The ${set} capability set`, ka, kb, (v) => v.join(', ') || 'none', same);
    if (unknown) out.push(unknown);
    if (!ka.known || !kb.known) continue;
    const onlyA = ka.value.filter((n) => !kb.value.includes(n)).sort(byDanger);
    const onlyB = kb.value.filter((n) => !ka.value.includes(n)).sort(byDanger);
    if (set === 'effective') {
      for (const [w, names] of [
        ['a', onlyA],
        ['b', onlyB],
      ] as const) {
        for (const cap of names) {
          const info = CAPABILITY_INFO[cap];
          const meaning = info
            ? `${LETTER[w]} can ${lowerFirst(info.meaning)}: ${cap}.`
            : `${LETTER[w]} holds ${cap}, which this Isoscope has no description for.`;
          out.push(diff('capabilities', `effective.${cap}`, w === 'a' ? 'yes' : 'no', w === 'b' ? 'yes' : 'no', w, meaning));
        }
      }
      continue;
    }
    if (onlyA.length === 0 && onlyB.length === 0) continue;
    const show = (n: string[]) => (n.length ? n.join(', ') : '—');
    let w: Which | null = null;
    let meaning: string;
    if (onlyA.length === 0 || onlyB.length === 0) {
      w = onlyA.length ? 'a' : 'b';
      const extra = w === 'a' ? onlyA : onlyB;
      const n = extra.length;
      meaning = `${LETTER[w]}'s ${set} set has ${n} capabilit${n > 1 ? 'ies' : 'y'} ${LETTER[other(w)]}'s lacks (${list(extra)}): ${SET_MEANING[set]}.`;
    } else meaning = `Only A's ${set} set has ${list(onlyA)}; only B's has ${list(onlyB)}.`;
    out.push(diff('capabilities', set, show(onlyA), show(onlyB), w, meaning));
  }
  return out;
}

const SECCOMP_RANK = { disabled: 0, filter: 1, strict: 2 } as const;

export function diffSeccomp(a: Container, b: Container, same: boolean): Difference[] {
  const out: Difference[] = [];
  const mode = (c: Container) =>
    c.seccomp.mode === null
      ? unknownBecause<'disabled' | 'filter' | 'strict'>(reasonFor(c, 'seccomp.mode', 'status.Seccomp', 'seccomp', 'status'))
      : known(c.seccomp.mode);
  const ma = mode(a);
  const mb = mode(b);
  const unknownMode = unknownDiff('seccomp', 'mode', 'The seccomp mode', ma, mb, String, same);
  if (unknownMode) out.push(unknownMode);
  if (ma.known && mb.known) {
    if (ma.value !== mb.value) {
      const w: Which = SECCOMP_RANK[ma.value] < SECCOMP_RANK[mb.value] ? 'a' : 'b';
      const meaning =
        (w === 'a' ? ma.value : mb.value) === 'disabled'
          ? `${LETTER[w]} has no seccomp filter: every system call reaches the kernel.`
          : `${LETTER[w]} filters system calls, ${LETTER[other(w)]} is in strict mode (read, write, exit and sigreturn only).`;
      out.push(diff('seccomp', 'mode', ma.value, mb.value, w, meaning));
    } else if (ma.value === 'filter') {
      const count = (c: Container) =>
        c.seccomp.filters === null
          ? unknownBecause<number>(reasonFor(c, 'seccomp.filters', 'status.Seccomp_filters'))
          : known(c.seccomp.filters);
      const fa = count(a);
      const fb = count(b);
      const unknownCount = unknownDiff('seccomp', 'filters', 'The number of seccomp filters', fa, fb, String, same);
      if (unknownCount) out.push(unknownCount);
      else if (fa.known && fb.known && fa.value !== fb.value) {
        out.push(
          diff(
            'seccomp',
            'filters',
            String(fa.value),
            String(fb.value),
            null,
            `A stacks ${fa.value} seccomp filter(s), B ${fb.value}: the count alone does not say which allows more.`,
          ),
        );
      }
    }
  }
  const nnp = (c: Container) =>
    c.seccomp.noNewPrivs === null
      ? unknownBecause<boolean>(reasonFor(c, 'seccomp.noNewPrivs', 'status.NoNewPrivs'))
      : known(c.seccomp.noNewPrivs);
  const na = nnp(a);
  const nb = nnp(b);
  const unknownNnp = unknownDiff('seccomp', 'noNewPrivs', 'NoNewPrivs', na, nb, String, same);
  if (unknownNnp) out.push(unknownNnp);
  else if (na.known && nb.known && na.value !== nb.value) {
    const w: Which = na.value ? 'b' : 'a';
    out.push(
      diff(
        'seccomp',
        'noNewPrivs',
        String(na.value),
        String(nb.value),
        w,
        `${LETTER[w]} can gain privileges on execve (setuid programs, file capabilities): no_new_privs is not set.`,
      ),
    );
  }
  return out;
}

export function diffRootfs(a: Container, b: Container, same: boolean): Difference[] {
  const ro = (c: Container) =>
    c.rootfsReadOnly === null ? unknownBecause<boolean>(reasonFor(c, 'rootfsReadOnly')) : known(c.rootfsReadOnly);
  const ra = ro(a);
  const rb = ro(b);
  const show = (v: boolean) => (v ? 'read-only' : 'writable');
  const unknown = unknownDiff('rootfs', 'readOnly', 'Whether the root filesystem is read-only', ra, rb, show, same);
  if (unknown) return [unknown];
  if (!ra.known || !rb.known || ra.value === rb.value) return [];
  const w: Which = ra.value ? 'b' : 'a';
  return [
    diff(
      'rootfs',
      'readOnly',
      show(ra.value),
      show(rb.value),
      w,
      `${LETTER[w]}'s root filesystem is writable: a compromised process can change the container's own programs.`,
    ),
  ];
}

interface InitUser {
  outside: number;
  /** uid inside its user namespace; null when the map could not be read. */
  inside: number | null;
}

function initUser(c: Container): Known<InitUser> {
  const init = c.processes.find((p) => p.pid === c.initPid);
  if (!init?.uid) return unknownBecause(reasonFor(c, 'processes', 'status'));
  const outside = init.uid.effective;
  if (c.namespaces.user.sharedWithHost === true) return known({ outside, inside: outside });
  const entry = c.userNamespace.uidMap?.find((e) => outside >= e.outside && outside < e.outside + e.count);
  return known({ outside, inside: entry ? entry.inside + outside - entry.outside : null });
}

export function diffUser(a: Container, b: Container, same: boolean): Difference[] {
  const ua = initUser(a);
  const ub = initUser(b);
  const show = (u: InitUser) =>
    u.inside === u.outside ? `uid ${u.outside}` : `uid ${u.inside ?? '?'} inside = ${u.outside} on the host`;
  const unknown = unknownDiff('user', 'uid', "The init process's uid", ua, ub, show, same);
  if (unknown) return [unknown];
  if (!ua.known || !ub.known) return [];
  const [x, y] = [ua.value, ub.value];
  if (x.outside === y.outside && x.inside === y.inside) return [];
  let w: Which | null = null;
  let meaning = `A's init process runs as ${show(x)}, B's as ${show(y)}.`;
  if ((x.outside === 0) !== (y.outside === 0)) {
    w = x.outside === 0 ? 'a' : 'b';
    meaning = `${LETTER[w]}'s init process runs as root on the host (uid 0).`;
  } else if ((x.inside === 0) !== (y.inside === 0) && x.inside !== null && y.inside !== null) {
    w = x.inside === 0 ? 'a' : 'b';
    meaning = `${LETTER[w]}'s init process is root inside its user namespace (uid ${(w === 'a' ? x : y).outside} on the host).`;
  }
  return [diff('user', 'uid', show(x), show(y), w, meaning)];
}
