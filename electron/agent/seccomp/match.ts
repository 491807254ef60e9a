// Names a decoded policy after the known profile it is closest to: "Docker default" when it is
// exactly that, "Docker default −3 +12 ~1" when 3 syscalls the profile allows are denied, 12 it
// denies are allowed and 1 answers otherwise (another errno, other argument conditions), "custom"
// when nothing known is close.
import { archInfo } from './arch.js';
import type { BpfProgram } from './bpf.js';
import { comparePolicy, type Difference } from './compare.js';
import type { ArchPolicy } from './decode.js';
import { expectedPolicy, type RuntimeModel } from './expected.js';
import { KNOWN_PROFILES, type KnownProfile } from './knownProfiles.js';
import { resolveProfile, type ResolveContext } from './profile.js';

export interface ProfileMatch {
  /** "Docker default", "Docker default −3 +12", "unconfined" or "custom". */
  name: string;
  /** The known profile compared with (the closest one when custom). */
  profileId: string;
  profileName: string;
  variant: string;
  differences: Difference[];
  allowed: number;
  denied: number;
  changed: number;
}

export interface Candidate {
  profile: KnownProfile;
  differences: Difference[];
}

/** Each known profile resolved for this container and compared with the decoded native ABI. */
export function rankProfiles(
  filters: readonly BpfProgram[],
  policy: ArchPolicy,
  ctx: ResolveContext,
  model: RuntimeModel = {},
  profiles: readonly KnownProfile[] = KNOWN_PROFILES,
): Candidate[] {
  const info = archInfo(policy.arch);
  const out = profiles.map((profile) => {
    const expected = expectedPolicy(resolveProfile(profile.profile, ctx), policy.arch, model);
    return { profile, differences: comparePolicy(filters, expected, policy.syscalls, info.auditArch) };
  });
  return out.sort((a, b) => a.differences.length - b.differences.length);
}

export function label(name: string, diffs: readonly Difference[]): string {
  const count = (k: Difference['kind']) => diffs.filter((d) => d.kind === k).length;
  const parts = [
    count('denied') ? `−${count('denied')}` : '',
    count('allowed') ? `+${count('allowed')}` : '',
    count('changed') ? `~${count('changed')}` : '',
  ];
  return [name, ...parts.filter(Boolean)].join(' ');
}

export function matchProfile(
  filters: readonly BpfProgram[],
  policy: ArchPolicy,
  ctx: ResolveContext,
  model: RuntimeModel = {},
  profiles: readonly KnownProfile[] = KNOWN_PROFILES,
): ProfileMatch {
  const ranked = rankProfiles(filters, policy, ctx, model, profiles);
  const best = ranked[0];
  if (!best) throw new Error('no known profiles to match against');
  const close = ranked.find((c) => c.differences.length <= Math.floor(c.profile.maxDifferenceShare * policy.syscalls.length));
  const chosen = close ?? best;
  const d = chosen.differences;
  return {
    name: close ? label(chosen.profile.name, d) : 'custom',
    profileId: chosen.profile.id,
    profileName: chosen.profile.name,
    variant: chosen.profile.variant,
    differences: d,
    allowed: d.filter((x) => x.kind === 'allowed').length,
    denied: d.filter((x) => x.kind === 'denied').length,
    changed: d.filter((x) => x.kind === 'changed').length,
  };
}
