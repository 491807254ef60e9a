// Which comparison sides the syscall diff can decode: live containers only (a filter is read from a
// running process). A host side is not one — neither this machine's (`__host__`) nor a remote
// host's (`__host__@h…`, whose reference is that host's, not this machine's): asking the service
// for the seccomp filter of either would read nothing that is a container's.
import { HostId } from '../../../../shared/ipc/contract.js';
import { HOST_ID } from '../../store/store.js';
import type { SideRef } from '../../store/workspace.js';

/** The side names a host (this machine's or a remote one's), not a container. */
export function isHostSide(ref: SideRef): boolean {
  if (ref.id === HOST_ID) return true;
  const at = ref.id.lastIndexOf('@');
  return at >= 0 && ref.id.slice(0, at) === HOST_ID && HostId.safeParse(ref.id.slice(at + 1)).success;
}

/** Both sides are live containers: their decoded filters can be compared syscall by syscall. */
export function syscallComparable(a: SideRef, b: SideRef): boolean {
  return a.source === 'live' && b.source === 'live' && !isHostSide(a) && !isHostSide(b);
}
