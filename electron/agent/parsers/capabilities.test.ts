import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CAPABILITY_NAMES, capabilityBit, parseCapabilityMask } from './capabilities.js';

// Masks seen on real processes here: Docker's default set, Podman's default set, an LXC
// container, a full root set, and this machine's root without CAP_SYS_RESOURCE.
const REAL_MASKS = [
  '00000000a80425fb',
  '00000000800405fb',
  '000001fcfcfeffff',
  '000001ffffffffff',
  '000001fffeffffff',
  '0000000000000000',
];

function capshDecode(hex: string): string[] {
  // capsh prints "0x00000000a80425fb=cap_chown,cap_dac_override,..."
  const out = execFileSync('capsh', [`--decode=${hex}`], { encoding: 'utf8' }).trim();
  const names = out.slice(out.indexOf('=') + 1);
  return names ? names.split(',').map((n) => n.toUpperCase()) : [];
}

describe('capability masks', () => {
  it.each(REAL_MASKS)('decodes %s exactly as capsh --decode does', (hex) => {
    const parsed = parseCapabilityMask(hex)!;
    expect(parsed.names).toEqual(capshDecode(hex));
    expect(parsed.unknownBits).toEqual([]);
    expect(parsed.hex).toBe(hex);
  });

  it('names every bit the kernel defines in the order of capability.h', () => {
    expect(CAPABILITY_NAMES).toHaveLength(41);
    expect(capabilityBit('CAP_SYS_ADMIN')).toBe(21);
    expect(capabilityBit('net_raw')).toBe(13);
    expect(capabilityBit('CAP_CHECKPOINT_RESTORE')).toBe(40);
    expect(capabilityBit('CAP_NOPE')).toBe(-1);
  });

  it('keeps bits it has no name for as bit numbers', () => {
    const parsed = parseCapabilityMask('000003ffffffffff')!;
    expect(parsed.names).toHaveLength(41);
    expect(parsed.unknownBits).toEqual([41]);
    expect(parseCapabilityMask('8000000000000001')!.unknownBits).toEqual([63]);
  });

  it('refuses text that is not a mask', () => {
    expect(parseCapabilityMask('')).toBeNull();
    expect(parseCapabilityMask('xyz')).toBeNull();
    expect(parseCapabilityMask('00000000000000000')).toBeNull();
  });
});
