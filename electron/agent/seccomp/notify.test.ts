// Filter flags as names, and the notify listener scan on a planted /proc (a hostile link text
// that only looks like the listener's is not one; the cap stops the scan and says so).
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HostFs } from '../readers/hostFs.js';
import { filterFlags, findNotifyListeners, flagNames, NOTIFY_LINK } from './notify.js';

const root = mkdtempSync(join(tmpdir(), 'isoscope-notify-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('filter flags', () => {
  it('names the bits seccomp(2) defines and keeps unknown ones as hex', () => {
    expect(flagNames(0)).toEqual([]);
    expect(flagNames(2)).toEqual(['LOG']);
    expect(flagNames(0x2 | 0x8 | 0x100)).toEqual(['LOG', 'NEW_LISTENER', '0x100']);
    expect(filterFlags([0, 2, 'EACCES'])).toEqual([
      { index: 0, raw: 0, names: [] },
      { index: 1, raw: 2, names: ['LOG'] },
      { index: 2, raw: null, names: [], error: 'EACCES' },
    ]);
  });
});

describe('notify listener holders', () => {
  it('exact link text only; comm and fdinfo read; others ignored', () => {
    const proc = (pid: number, comm: string, fds: Record<string, string>) => {
      mkdirSync(join(root, `proc/${pid}/fd`), { recursive: true });
      mkdirSync(join(root, `proc/${pid}/fdinfo`), { recursive: true });
      writeFileSync(join(root, `proc/${pid}/comm`), comm + '\n');
      for (const [fd, link] of Object.entries(fds)) {
        symlinkSync(link, join(root, `proc/${pid}/fd/${fd}`));
        writeFileSync(join(root, `proc/${pid}/fdinfo/${fd}`), 'pos:\t0\nflags:\t02\n');
      }
    };
    proc(10, 'supervisor', { '3': NOTIFY_LINK, '4': 'socket:[1]' });
    proc(11, 'fake', { '5': `${NOTIFY_LINK} `, '6': '/tmp/anon_inode:seccomp notify' });
    mkdirSync(join(root, 'proc/self'), { recursive: true });
    const r = findNotifyListeners(new HostFs(root));
    expect(r.holders).toEqual([{ pid: 10, comm: 'supervisor', fd: 3, fdinfo: 'pos:\t0\nflags:\t02' }]);
    expect(r.scannedProcesses).toBe(2);
    expect(r.truncated).toBe(false);
    expect(findNotifyListeners(new HostFs(root), 1).truncated).toBe(true);
  });
});
