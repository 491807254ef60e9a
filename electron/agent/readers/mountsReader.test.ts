// readMountinfo: read to the end (mountinfo is a seq_file: reads come a page at a time), and
// opened like every collector read — a FIFO, a symlink or a huge file planted where a
// mountinfo is expected are refused without blocking.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HostFs } from './hostFs.js';
import { MAX_MOUNTINFO_BYTES, readMountinfo } from './mountsReader.js';

const root = mkdtempSync(join(tmpdir(), 'isoscope-mountinfo-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('readMountinfo', () => {
  it('reads /proc/self/mountinfo to its end, as readFileSync does', () => {
    const r = readMountinfo(new HostFs('/'), '/proc/self/mountinfo');
    expect(r.ok && r.value).toBe(readFileSync('/proc/self/mountinfo', 'utf8'));
  });

  it('refuses a FIFO, a symlink and an oversized file planted under a --root tree', () => {
    mkdirSync(join(root, 'proc/1'), { recursive: true });
    mkdirSync(join(root, 'proc/2'), { recursive: true });
    mkdirSync(join(root, 'proc/3'), { recursive: true });
    execFileSync('mkfifo', [join(root, 'proc/1/mountinfo')]);
    symlinkSync('/etc/passwd', join(root, 'proc/2/mountinfo'));
    writeFileSync(join(root, 'proc/3/mountinfo'), Buffer.alloc(MAX_MOUNTINFO_BYTES + 10, 0x61));
    const fs = new HostFs(root);
    expect(readMountinfo(fs, '/proc/1/mountinfo')).toMatchObject({ ok: false, reason: 'not-regular' });
    // The link is resolved inside the root (to ROOT/etc/passwd, absent), never to the host's file.
    expect(readMountinfo(fs, '/proc/2/mountinfo')).toMatchObject({ ok: false });
    expect(readMountinfo(fs, '/proc/3/mountinfo')).toMatchObject({ ok: false, reason: 'E2BIG' });
  });
});
