// The syscall diff decodes filters of live containers only: a remote host's side (`__host__@h…`)
// is a host, as this machine's `__host__` is — never sent to getSeccomp as if it were a container.
import { describe, expect, it } from 'vitest';
import { remoteKey } from '../../../../shared/ipc/contract.js';
import { HOST_ID } from '../../store/store.js';
import { isHostSide, syscallComparable } from './SyscallDiffSides.js';

const H = 'h0123abcd';
const live = (id: string) => ({ source: 'live' as const, id });

describe('syscall diff sides', () => {
  it('a remote host’s side is a host, like this machine’s', () => {
    expect(isHostSide(live(HOST_ID))).toBe(true);
    expect(isHostSide(live(remoteKey(H, HOST_ID)))).toBe(true);
    expect(syscallComparable(live('4a635b78294d'), live(remoteKey(H, HOST_ID)))).toBe(false);
    expect(syscallComparable(live(remoteKey(H, HOST_ID)), live(remoteKey(H, '4a635b78294d')))).toBe(false);
  });

  it('live containers of any host are compared; snapshot sides and look-alike ids are not hosts', () => {
    expect(syscallComparable(live('4a635b78294d'), live(remoteKey(H, '4a635b78294d')))).toBe(true);
    expect(syscallComparable(live('4a635b78294d'), { source: 'snapshot', id: '4a635b78294d' })).toBe(false);
    // Not a host id after the @: a container's own name, not a host reference.
    expect(isHostSide(live(`${HOST_ID}@web`))).toBe(false);
    expect(isHostSide(live(`x${HOST_ID}@${H}`))).toBe(false);
  });
});
