// Devices: the cgroup v1 whitelist and the decoded cgroup v2 device program of two containers,
// rule by rule (a rule one side allows that the other's rules do not cover makes that side less
// isolated), and the device nodes present in each /dev (neutral: a node is reachable only if the
// rules allow it). Snapshots without devices are not compared here. Pure.
import type { DeviceRule, Devices } from '../snapshot/devices.js';
import type { Container } from '../snapshot/schema.js';
import type { Difference } from './types.js';
import { diff, known, type Known, LETTER, list, unknownBecause, unknownDiff, type Which } from './values.js';

const star = (n: number | null) => (n === null ? '*' : String(n));
export const deviceRuleText = (r: DeviceRule): string => `${r.type} ${star(r.major)}:${star(r.minor)} ${r.access}`;

/** Whether allow-rule `r` is granted by `rules` (first match wins; v1 lists hold allow rules only). */
export function covers(rules: readonly DeviceRule[], r: DeviceRule): boolean {
  return rules.some(
    (x) =>
      x.allow &&
      (x.type === 'a' || x.type === r.type) &&
      (x.major === null || x.major === r.major) &&
      (x.minor === null || x.minor === r.minor) &&
      [...r.access].every((c) => x.access.includes(c)),
  );
}

/** Everything allowed (v1's "a *:* rwm", or a v2 program that allows all by default with no deny rule). */
export function allowsEverything(rules: readonly DeviceRule[], defaultAllow = false): boolean {
  if (defaultAllow) return !rules.some((r) => !r.allow);
  return rules.some((r) => r.allow && r.type === 'a' && r.major === null && r.minor === null && r.access === 'rwm');
}

function reason(d: Devices, field: string): string {
  const u = d.unavailable.find((x) => x.field === field);
  return u ? u.reason : 'unavailable';
}

function v1Of(c: Container): Known<DeviceRule[]> | null {
  const d = c.devices;
  if (!d) return null;
  if (d.v1) return known(d.v1.rules);
  const r = reason(d, 'v1');
  return r === 'not-present' ? null : unknownBecause(r);
}

function ruleDiffs(field: string, ra: DeviceRule[], rb: DeviceRule[], what: string): Difference[] {
  const out: Difference[] = [];
  const allA = allowsEverything(ra);
  const allB = allowsEverything(rb);
  if (allA !== allB) {
    const w: Which = allA ? 'a' : 'b';
    out.push(
      diff(
        'cgroups',
        `${field} all devices`,
        allA ? 'every device (a *:* rwm)' : 'a whitelist',
        allB ? 'every device (a *:* rwm)' : 'a whitelist',
        w,
        `${LETTER[w]}'s ${what} lets it read, write and create every device node of the host, as a privileged container.`,
      ),
    );
    return out;
  }
  if (allA && allB) return out;
  for (const [w, mine, theirs] of [
    ['a', ra, rb],
    ['b', rb, ra],
  ] as const) {
    const extra = mine.filter((r) => r.allow && !covers(theirs, r)).map(deviceRuleText);
    if (extra.length === 0) continue;
    out.push(
      diff(
        'cgroups',
        `${field} ${w === 'a' ? 'only A' : 'only B'}`,
        w === 'a' ? extra.join(', ') : '—',
        w === 'b' ? extra.join(', ') : '—',
        w,
        `${LETTER[w]}'s ${what} allows ${list(extra)}, which the other's does not.`,
      ),
    );
  }
  return out;
}

function decodedV2(c: Container): Known<{ rules: DeviceRule[]; defaultAllow: boolean; tags: string }> | null {
  const d = c.devices;
  if (!d) return null;
  if (!d.v2) {
    const r = reason(d, 'v2');
    return r === 'not-present' || r === 'fixture-root' ? null : unknownBecause(r);
  }
  const progs = d.v2.programs;
  if (progs.length === 0) return known({ rules: [], defaultAllow: true, tags: 'none' });
  const tags = progs.map((p) => p.tag).join('+');
  if (progs.length !== 1 || progs[0]!.rules === null) return unknownBecause(`program ${tags} not decoded`);
  return known({ rules: progs[0]!.rules, defaultAllow: progs[0]!.defaultAllow ?? false, tags });
}

export function diffDevices(a: Container, b: Container, same: boolean): Difference[] {
  if (same || !a.devices || !b.devices) return [];
  const out: Difference[] = [];

  const va = v1Of(a);
  const vb = v1Of(b);
  if (va && vb) {
    const u = unknownDiff('cgroups', 'devices.v1', 'The cgroup v1 device whitelist', va, vb, (r) => `${r.length} rules`, same);
    if (u) out.push(u);
    else if (va.known && vb.known) out.push(...ruleDiffs('devices.v1', va.value, vb.value, 'cgroup v1 device whitelist'));
  }

  const pa = decodedV2(a);
  const pb = decodedV2(b);
  if (pa && pb) {
    if (!pa.known || !pb.known) {
      const sameTags = !pa.known && !pb.known && pa.reason === pb.reason;
      if (!sameTags)
        out.push({
          area: 'cgroups',
          field: 'devices.v2',
          a: pa.known ? pa.value.tags : `unknown (${pa.reason})`,
          b: pb.known ? pb.value.tags : `unknown (${pb.reason})`,
          lessIsolated: null,
          unknown: true,
          meaning: 'The cgroup v2 device programs could not both be decoded: they cannot be compared rule by rule.',
        });
    } else {
      const none = (x: typeof pa) => x.known && x.value.tags === 'none';
      if (none(pa) !== none(pb)) {
        const w: Which = none(pa) ? 'a' : 'b';
        out.push(
          diff(
            'cgroups',
            'devices.v2 program',
            none(pa) ? 'none' : pa.value.tags,
            none(pb) ? 'none' : pb.value.tags,
            w,
            `${LETTER[w]} has no cgroup v2 device program: the unified hierarchy does not restrict its devices.`,
          ),
        );
      } else if (!none(pa)) {
        const allA = allowsEverything(pa.value.rules, pa.value.defaultAllow);
        const allB = allowsEverything(pb.value.rules, pb.value.defaultAllow);
        if (allA !== allB) {
          const w: Which = allA ? 'a' : 'b';
          out.push(
            diff(
              'cgroups',
              'devices.v2 all devices',
              allA ? 'every device' : 'restricted',
              allB ? 'every device' : 'restricted',
              w,
              `${LETTER[w]}'s device program allows every device.`,
            ),
          );
        } else if (!pa.value.defaultAllow && !pb.value.defaultAllow) {
          out.push(...ruleDiffs('devices.v2', pa.value.rules, pb.value.rules, 'cgroup v2 device program'));
        } else if (pa.value.tags !== pb.value.tags) {
          out.push(
            diff(
              'cgroups',
              'devices.v2 program',
              pa.value.tags,
              pb.value.tags,
              null,
              'The device programs differ (both allow by default, with different deny rules).',
            ),
          );
        }
      }
    }
  }

  const na = a.devices.nodes;
  const nb = b.devices.nodes;
  if (na && nb) {
    const key = (n: { kind: string; major: number | null; minor: number | null }) =>
      `${n.kind === 'block' ? 'b' : 'c'} ${n.major}:${n.minor}`;
    const devs = (x: typeof na) =>
      new Map(x.entries.filter((n) => n.kind === 'char' || n.kind === 'block').map((n) => [key(n), n.path]));
    const da = devs(na);
    const db = devs(nb);
    for (const [w, mine, theirs] of [
      ['a', da, db],
      ['b', db, da],
    ] as const) {
      const extra = [...mine].filter(([k]) => !theirs.has(k)).map(([k, p]) => `${p} (${k})`);
      if (extra.length === 0) continue;
      out.push(
        diff(
          'cgroups',
          `devices.nodes only ${LETTER[w]}`,
          w === 'a' ? list(extra) : '—',
          w === 'b' ? list(extra) : '—',
          null,
          `Only ${LETTER[w]}'s /dev holds ${list(extra)}; whether it can be opened is up to the device rules.`,
        ),
      );
    }
  }
  return out;
}
