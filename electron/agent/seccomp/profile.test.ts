// Profile resolution reproduces what dockerd and podman handed to runc for the lab containers, and
// the matcher names real dumped policies after the profiles they came from.
import { describe, expect, it } from 'vitest';
import { parseCapabilityMask } from '../parsers/capabilities.js';
import { decodeArch } from './decode.js';
import { loadDump, loadOci, type DumpName } from './fixtures/load.js';
import { KNOWN_PROFILES } from './knownProfiles.js';
import { label, matchProfile } from './match.js';
import { kernelAtLeast, resolveProfile, type OciSeccomp } from './profile.js';

const profile = (id: string) => KNOWN_PROFILES.find((p) => p.id === id)!;
const normalize = (s: OciSeccomp) => ({ ...s, syscalls: s.syscalls.map((r) => ({ ...r, names: [...r.names].sort() })) });

describe('resolving Docker-format profiles (archMap, includes/excludes)', () => {
  it('gives exactly the linux.seccomp dockerd 20.10.24 gave runc (caps from the OCI bounding set)', () => {
    const oci = loadOci('docker-20.10');
    const resolved = resolveProfile(profile('docker-moby-20.10.24').profile, {
      arch: 'x86_64',
      caps: oci.bounding,
      kernel: '6.18.44',
    });
    expect(normalize(resolved)).toEqual(normalize(oci.seccomp));
  });

  it('gives exactly the linux.seccomp podman 4.3.1 gave runc', () => {
    const oci = loadOci('podman-4.3');
    const resolved = resolveProfile(profile('podman-containers-common-0.50.1').profile, {
      arch: 'x86_64',
      caps: oci.bounding,
      kernel: '6.18.44',
    });
    expect(normalize(resolved)).toEqual(normalize(oci.seccomp));
  });

  it('applies caps, arches and minKernel', () => {
    const p = profile('docker-moby-profiles-cd3bed8').profile;
    const names = (caps: string[], arch: 'x86_64' | 'aarch64', kernel = '6.1') =>
      resolveProfile(p, { arch, caps, kernel }).syscalls.flatMap((r) => r.names);
    expect(names([], 'x86_64')).not.toContain('bpf');
    expect(names(['CAP_SYS_ADMIN'], 'x86_64')).toContain('bpf');
    expect(names([], 'x86_64')).toContain('arch_prctl');
    expect(names([], 'aarch64')).not.toContain('arch_prctl');
    expect(names([], 'x86_64', '4.4')).not.toContain('ptrace');
    expect(resolveProfile(p, { arch: 'x86_64', caps: [], kernel: '6.1' }).architectures).toEqual([
      'SCMP_ARCH_X86_64',
      'SCMP_ARCH_X86',
      'SCMP_ARCH_X32',
    ]);
    expect([kernelAtLeast('6.18.44-fc', '4.8'), kernelAtLeast('4.8.0', '4.8'), kernelAtLeast('4.7.9', '4.8')]).toEqual([
      true,
      true,
      false,
    ]);
  });
});

describe('naming dumped policies', () => {
  const name = (dump: DumpName) => {
    const d = loadDump(dump);
    const caps = parseCapabilityMask(d.capBnd!)!.names;
    return matchProfile(d.filters, decodeArch(d.filters, 'x86_64'), { arch: 'x86_64', caps, kernel: '6.18.44' });
  };

  it('dockerd 20.10 container: "Docker default", moby 20.10.24 variant, no difference', () => {
    const m = name('docker-20.10');
    expect([m.name, m.profileId, m.differences]).toEqual(['Docker default', 'docker-moby-20.10.24', []]);
  });

  it('podman container: "Podman default"', () => {
    expect(name('podman-4.3').name).toBe('Podman default');
  });

  it('deny-lists, LXC and nspawn are custom', () => {
    for (const d of ['runc-hardened', 'lxc-5.0', 'nspawn-252'] as const) expect(name(d).name, d).toBe('custom');
  });

  it('the same dump against the current moby profile: what changed since 20.10', () => {
    const d = loadDump('docker-20.10');
    const caps = parseCapabilityMask(d.capBnd!)!.names;
    const m = matchProfile(d.filters, decodeArch(d.filters, 'x86_64'), { arch: 'x86_64', caps, kernel: '6.18.44' }, {}, [
      profile('docker-moby-profiles-cd3bed8'),
    ]);
    expect(m.name).toBe('Docker default −12 +4 ~1');
    const by = (kind: string) =>
      m.differences
        .filter((x) => x.kind === kind)
        .map((x) => x.name)
        .sort();
    expect(by('allowed')).toEqual(['io_uring_enter', 'io_uring_register', 'io_uring_setup', 'socket']);
    expect(by('denied')).toContain('cachestat');
    expect(by('changed')).toEqual(['set_mempolicy_home_node']);
    expect(label('X', [])).toBe('X');
  });

  it('no filter at all: "unconfined"', () => {
    expect(matchProfile([], decodeArch([], 'x86_64'), { arch: 'x86_64', caps: [], kernel: '6.1' }).name).toBe('unconfined');
  });
});
