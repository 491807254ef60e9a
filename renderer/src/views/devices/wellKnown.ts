// What a device number is, from the kernel's own list of assigned numbers
// (Documentation/admin-guide/devices.txt): the nodes a container usually has, and the majors of
// whole device classes. Only names the kernel assigns; anything else is "major N".
export interface DeviceName {
  name: string;
  /** One line on what the container can do through it. */
  meaning: string;
}

const CHAR: Record<string, DeviceName> = {
  '1:1': { name: 'mem', meaning: 'physical memory: full access to the host' },
  '1:2': { name: 'kmem', meaning: 'kernel virtual memory' },
  '1:3': { name: 'null', meaning: 'discards writes, reads nothing' },
  '1:4': { name: 'port', meaning: 'I/O ports of the host' },
  '1:5': { name: 'zero', meaning: 'reads zeroes' },
  '1:7': { name: 'full', meaning: 'writes fail with ENOSPC' },
  '1:8': { name: 'random', meaning: 'random bytes' },
  '1:9': { name: 'urandom', meaning: 'random bytes' },
  '1:11': { name: 'kmsg', meaning: 'the kernel log' },
  '5:0': { name: 'tty', meaning: 'the controlling terminal' },
  '5:1': { name: 'console', meaning: 'the system console' },
  '5:2': { name: 'ptmx', meaning: 'pseudo-terminal multiplexer: opens new ptys' },
  '10:200': { name: 'net/tun', meaning: 'TUN/TAP network interfaces' },
  '10:229': { name: 'fuse', meaning: 'FUSE filesystems' },
  '10:232': { name: 'kvm', meaning: 'hardware virtualisation' },
  '10:237': { name: 'loop-control', meaning: 'creates loop devices' },
};

/** Char majors whose every minor is one kind of device. */
const CHAR_MAJOR: Record<number, DeviceName> = {
  4: { name: 'tty*/ttyS*', meaning: 'virtual consoles and serial ports of the host' },
  7: { name: 'vcs*', meaning: 'virtual console memory of the host' },
  10: { name: 'misc', meaning: 'miscellaneous character devices' },
  13: { name: 'input', meaning: 'keyboards, mice, input events' },
  29: { name: 'fb*', meaning: 'frame buffers' },
  116: { name: 'snd', meaning: 'sound (ALSA)' },
  136: { name: 'pts/*', meaning: 'pseudo-terminal ends (devpts)' },
  180: { name: 'usb', meaning: 'raw USB devices' },
  189: { name: 'usb bus', meaning: 'USB bus nodes' },
  226: { name: 'dri', meaning: 'GPUs (DRM)' },
};

const BLOCK_MAJOR: Record<number, DeviceName> = {
  1: { name: 'ram*', meaning: 'RAM disks' },
  7: { name: 'loop*', meaning: 'loop block devices' },
  8: { name: 'sd*', meaning: 'SCSI/SATA disks of the host' },
  9: { name: 'md*', meaning: 'software RAID of the host' },
  11: { name: 'sr*', meaning: 'optical drives' },
  179: { name: 'mmcblk*', meaning: 'SD/MMC cards' },
  253: { name: 'dm-*/vd*', meaning: 'device-mapper or virtio disks of the host' },
  254: { name: 'dm-*/vd*', meaning: 'device-mapper or virtio disks of the host' },
  259: { name: 'nvme*', meaning: 'NVMe disks (extended block major)' },
};

/** The kernel's name for a device number, or null when it has no well-known name here. */
export function deviceName(kind: 'char' | 'block' | 'c' | 'b', major: number | null, minor: number | null): DeviceName | null {
  const block = kind === 'block' || kind === 'b';
  if (major === null) return null;
  if (!block && minor !== null) {
    const exact = CHAR[`${major}:${minor}`];
    if (exact) return exact;
  }
  return (block ? BLOCK_MAJOR : CHAR_MAJOR)[major] ?? null;
}
