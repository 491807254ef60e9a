// Container ids as people read them. Pure.

/**
 * A runtime's long hex id (Docker, Podman, containerd, CRI-O: 64 hex digits) shortened to its
 * first 12, as `docker ps` shows it; any other id (an LXC or nspawn name, a pid) whole.
 */
export function shortId(id: string): string {
  return id.length > 12 && /^[0-9a-f]+$/.test(id) ? id.slice(0, 12) : id;
}
