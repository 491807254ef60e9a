import { describe, expect, it } from 'vitest';
import { formatBytes } from './bytes.js';
import { shortId } from './ids.js';

describe('shortId', () => {
  it('shortens long hex ids to 12, leaves names and short ids whole', () => {
    expect(shortId('58df1f5bc6b77a904867305880e66769469167dcea57a03388815e0ca4c25061')).toBe('58df1f5bc6b7');
    expect(shortId('abcdef0123456')).toBe('abcdef012345');
    expect(shortId('abcdef012345')).toBe('abcdef012345');
    expect(shortId('isoscope-demo-0a1b2c3d-hardened')).toBe('isoscope-demo-0a1b2c3d-hardened');
    expect(shortId('58DF1F5BC6B77A904867')).toBe('58DF1F5BC6B77A904867');
  });
});

describe('formatBytes', () => {
  it('binary units, whole numbers without decimals', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(64 * 1024 * 1024)).toBe('64 MiB');
    expect(formatBytes(1.25 * 1024 ** 3, 2)).toBe('1.25 GiB');
    expect(formatBytes(2 ** 63)).toBe('8 EiB');
    expect(formatBytes(-2048)).toBe('-2 KiB');
  });
});
