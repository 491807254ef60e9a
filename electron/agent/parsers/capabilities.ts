// Capability bitmasks (CapEff: 00000000a80425fb) → names. The bit numbers are the kernel's ABI
// (include/uapi/linux/capability.h); tests check this table against `capsh --decode`.
import type { CapabilitySet } from '../../../shared/snapshot/schema.js';

export const CAPABILITY_NAMES: readonly string[] = [
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_DAC_READ_SEARCH',
  'CAP_FOWNER',
  'CAP_FSETID',
  'CAP_KILL',
  'CAP_SETGID',
  'CAP_SETUID',
  'CAP_SETPCAP',
  'CAP_LINUX_IMMUTABLE',
  'CAP_NET_BIND_SERVICE',
  'CAP_NET_BROADCAST',
  'CAP_NET_ADMIN',
  'CAP_NET_RAW',
  'CAP_IPC_LOCK',
  'CAP_IPC_OWNER',
  'CAP_SYS_MODULE',
  'CAP_SYS_RAWIO',
  'CAP_SYS_CHROOT',
  'CAP_SYS_PTRACE',
  'CAP_SYS_PACCT',
  'CAP_SYS_ADMIN',
  'CAP_SYS_BOOT',
  'CAP_SYS_NICE',
  'CAP_SYS_RESOURCE',
  'CAP_SYS_TIME',
  'CAP_SYS_TTY_CONFIG',
  'CAP_MKNOD',
  'CAP_LEASE',
  'CAP_AUDIT_WRITE',
  'CAP_AUDIT_CONTROL',
  'CAP_SETFCAP',
  'CAP_MAC_OVERRIDE',
  'CAP_MAC_ADMIN',
  'CAP_SYSLOG',
  'CAP_WAKE_ALARM',
  'CAP_BLOCK_SUSPEND',
  'CAP_AUDIT_READ',
  'CAP_PERFMON',
  'CAP_BPF',
  'CAP_CHECKPOINT_RESTORE',
];

/** Parses a 64-bit capability mask as printed in /proc/PID/status; null when not hex. */
export function parseCapabilityMask(hex: string): CapabilitySet | null {
  const text = hex.trim();
  if (!/^[0-9a-fA-F]{1,16}$/.test(text)) return null;
  let mask = BigInt('0x' + text);
  const names: string[] = [];
  const unknownBits: number[] = [];
  for (let bit = 0; mask > 0n; bit++, mask >>= 1n) {
    if ((mask & 1n) === 0n) continue;
    const name = CAPABILITY_NAMES[bit];
    if (name) names.push(name);
    else unknownBits.push(bit);
  }
  return { names, unknownBits, hex: text };
}

/** Bit number of a capability name (with or without the CAP_ prefix), or -1. */
export function capabilityBit(name: string): number {
  const full = name.toUpperCase().startsWith('CAP_') ? name.toUpperCase() : 'CAP_' + name.toUpperCase();
  return CAPABILITY_NAMES.indexOf(full);
}
