// readlink(/proc/PID/ns/TYPE) gives "net:[4026531840]"; the inode identifies the namespace.
export function parseNsLink(target: string): { type: string; inode: number } | null {
  const m = /^([a-z_]+):\[(\d{1,15})\]$/.exec(target.trim());
  if (!m || Number(m[2]) === 0) return null;
  return { type: m[1]!, inode: Number(m[2]) };
}
