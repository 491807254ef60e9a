// The profiles a decoded policy is named after (copies and their sources: profiles/README.md).
import dockerCurrent from './profiles/docker-default-moby-profiles-cd3bed8.json' with { type: 'json' };
import docker2010 from './profiles/docker-default-moby-20.10.24.json' with { type: 'json' };
import podman from './profiles/podman-default-containers-common-0.50.1.json' with { type: 'json' };
import type { SeccompProfile } from './profile.js';

export interface KnownProfile {
  id: string;
  /** The name shown: several versions of one engine's profile share it. */
  name: string;
  variant: string;
  profile: SeccompProfile;
  /** Named "<name> −a +b" only up to this many differing syscalls (a share of the ABI's table). */
  maxDifferenceShare: number;
}

const UNCONFINED: SeccompProfile = {
  defaultAction: 'SCMP_ACT_ALLOW',
  architectures: ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32', 'SCMP_ARCH_AARCH64'],
  syscalls: [],
};

export const KNOWN_PROFILES: readonly KnownProfile[] = [
  {
    id: 'unconfined',
    name: 'unconfined',
    variant: 'no filter, or filters that allow every syscall',
    profile: UNCONFINED,
    maxDifferenceShare: 0,
  },
  {
    id: 'docker-moby-20.10.24',
    name: 'Docker default',
    variant: 'moby 20.10.24 (Debian 12 docker.io)',
    profile: docker2010 as SeccompProfile,
    maxDifferenceShare: 0.05,
  },
  {
    id: 'docker-moby-profiles-cd3bed8',
    name: 'Docker default',
    variant: 'moby/profiles cd3bed8 (2026)',
    profile: dockerCurrent as SeccompProfile,
    maxDifferenceShare: 0.05,
  },
  {
    id: 'podman-containers-common-0.50.1',
    name: 'Podman default',
    variant: 'containers-common 0.50.1 (Debian 12)',
    profile: podman as SeccompProfile,
    maxDifferenceShare: 0.05,
  },
];
