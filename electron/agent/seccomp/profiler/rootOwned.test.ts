// rootOwned on real files: owner, group/other write, sticky directories, symlinks resolved to the
// real path, whole trees. Changing owners needs root: those cases are skipped otherwise.
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeUid, rootOwned, rootOwnedTree } from './rootOwned.js';

const root = process.geteuid?.() === 0;
const dir = mkdtempSync(join(tmpdir(), 'isoscope-rootowned-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!root)('rootOwned (as root)', () => {
  chmodSync(dir, 0o755);
  it('a root-owned file in root-owned directories (through sticky /tmp): ok, real path', () => {
    const f = join(dir, 'ok');
    writeFileSync(f, 'x', { mode: 0o644 });
    expect(rootOwned(f)).toEqual({ ok: true, real: f });
  });

  it('a file of another user, a file anyone may write, a group-writable file of another group: each named', () => {
    const theirs = join(dir, 'theirs');
    writeFileSync(theirs, 'x', { mode: 0o644 });
    chownSync(theirs, 65534, 65534);
    expect(rootOwned(theirs)).toEqual({
      ok: false,
      path: theirs,
      why: `is owned by ${describeUid(65534)}, not root (mode 0644)`,
    });
    const open = join(dir, 'open');
    writeFileSync(open, 'x');
    chmodSync(open, 0o646);
    expect(rootOwned(open)).toMatchObject({ ok: false, path: open, why: 'is writable by every user (mode 0646)' });
    const group = join(dir, 'group');
    writeFileSync(group, 'x');
    chmodSync(group, 0o664);
    chownSync(group, 0, 65534);
    expect(rootOwned(group)).toMatchObject({ ok: false, path: group, why: 'is writable by group 65534 (mode 0664)' });
  });

  it('a sticky world-writable directory is fine above, not as the thing itself', () => {
    const sticky = join(dir, 'sticky');
    mkdirSync(sticky);
    chmodSync(sticky, 0o1777);
    writeFileSync(join(sticky, 'f'), 'x', { mode: 0o644 });
    expect(rootOwned(join(sticky, 'f')).ok).toBe(true);
    expect(rootOwned(sticky)).toMatchObject({ ok: false, why: 'is writable by every user (mode 1777)' });
  });

  it('a symlink is checked where it leads (the real path is returned); in a tree it is refused', () => {
    const t = join(dir, 'tree');
    mkdirSync(join(t, 'sub'), { recursive: true });
    writeFileSync(join(t, 'sub', 'a'), 'x', { mode: 0o644 });
    symlinkSync(join(dir, 'ok'), join(dir, 'link'));
    expect(rootOwned(join(dir, 'link'))).toEqual({ ok: true, real: join(dir, 'ok') });
    expect(rootOwnedTree(t)).toEqual({ ok: true, real: t });
    symlinkSync('/etc/passwd', join(t, 'sub', 'l'));
    expect(rootOwnedTree(t)).toEqual({ ok: false, path: join(t, 'sub', 'l'), why: 'is a symlink' });
    rmSync(join(t, 'sub', 'l'));
    chownSync(join(t, 'sub', 'a'), 65534, 65534);
    expect(rootOwnedTree(t)).toMatchObject({ ok: false, path: join(t, 'sub', 'a') });
    expect(rootOwnedTree(t, 1)).toMatchObject({ ok: false, why: 'holds more than 1 entries' });
  });

  it('a missing path cannot be resolved', () => {
    expect(rootOwned(join(dir, 'nope'))).toMatchObject({ ok: false, why: 'cannot be resolved (ENOENT)' });
  });
});
